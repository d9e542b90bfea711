"""Translation engines behind one protocol: ``translate(requests) -> list[str]``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from translate.constrain import TranslationRequest

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-vi-en"

ProgressCallback = Callable[[int], None]


class Backend(Protocol):
    """A loaded model. ``name`` identifies it in reports and the translation memory."""

    name: str

    def translate(
        self, requests: Sequence[TranslationRequest], progress: ProgressCallback | None = None
    ) -> list[str]: ...


def load_backend(
    kind: str, model: str, *, device: str = "auto", beams: int = 4, **options: object
) -> Backend:
    """The backend named ``kind`` with ``model`` (hub id or local directory) loaded."""
    if kind == "transformers":
        from translate.backends.marian import MarianBackend

        return MarianBackend(model, device=device, beams=beams, **options)  # type: ignore[arg-type]
    if kind == "ctranslate2":
        from translate.backends.ct2 import CTranslate2Backend

        return CTranslate2Backend(model, device=device, beams=beams, **options)  # type: ignore[arg-type]
    raise ValueError(f"unknown backend {kind!r}")
