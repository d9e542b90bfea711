"""Translation engines behind one protocol; the only place torch, transformers, ctranslate2 and ray are imported.

A backend module is imported when a command needs it, and imports its heavy
libraries inside its functions, so that declaring its command-line options costs
nothing: every command but ``translate`` and ``model download`` starts without torch.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from songngu.defaults import DEFAULT_MODEL
from songngu.translation.requests import TranslationRequest

ProgressCallback = Callable[[int], None]
# Called with (request index, English) pairs as requests are finished, before translate returns.
FinishedCallback = Callable[[list[tuple[int, str]]], None]

# Requests a backend is handed at a time, unless it asks for more (``chunk_size``): enough to fill its
# batches (32 cost a tenth of the speed in bench/speed.py); a killed run loses at most this many.
CHUNK = 256

__all__ = [
    "BACKENDS",
    "CHUNK",
    "DEFAULT_MODEL",
    "Backend",
    "BackendOption",
    "BackendStats",
    "FinishedCallback",
    "ProgressCallback",
    "backend_settings",
    "download_model",
    "load_backend",
]


@dataclass
class BackendStats:
    """What a backend did beyond translating, for the run summary (each count 0 where a backend
    never does it)."""

    split: int = 0  # sentences longer than the model's input, translated as clause groups
    # Sentences whose output lacked a required term, given it where the attention says it goes:
    # a backend that cannot constrain its decoding (CTranslate2) checks afterwards.
    placed: int = 0


class Backend(Protocol):
    """A loaded model. ``name`` identifies it in reports and the translation memory.

    ``translate`` returns one English text per request, in request order, with every
    required term in it; ``progress(n)`` is called as ``n`` more requests are finished,
    each request counted once however many pieces it was cut into, and ``finished`` with
    those requests and their English, so that the caller can keep them (the pipeline commits
    them to the translation memory) before the whole call returns. ``settings`` says how
    the model runs (engine, number type, beams), for the headers of the review files.
    ``chunk_size`` is how many requests it wants at a time (``CHUNK``; a cluster takes more),
    and ``close`` lets go of what it holds (a cluster's workers) once a run is done.
    """

    name: str
    settings: str
    stats: BackendStats
    chunk_size: int

    def close(self) -> None: ...

    def count_tokens(self, text: str) -> int: ...

    def translate(
        self,
        requests: Sequence[TranslationRequest],
        progress: ProgressCallback | None = None,
        finished: FinishedCallback | None = None,
    ) -> list[str]: ...


@dataclass(frozen=True)
class BackendOption:
    """A setting only one backend has, as data (a keyword of its constructor); the command line
    makes a flag of it (``--compute-type``), another front end what suits it, and the library
    never sees how it was given."""

    name: str  # the constructor's keyword: "compute_type"
    choices: tuple[str, ...]
    default: str
    help: str


def backend_settings(kind: str) -> tuple[BackendOption, ...]:
    """The options of backend ``kind`` (its class's ``OPTIONS``)."""
    return tuple(backend_class(kind).OPTIONS)


# name -> "module:class"; modules are imported only when their backend is named.
BACKENDS = {
    "transformers": "songngu.backends.marian:MarianBackend",
    "ctranslate2": "songngu.backends.ct2:CTranslate2Backend",
}


def backend_class(kind: str) -> Any:
    if kind not in BACKENDS:
        raise ValueError(f"unknown backend {kind!r}; known: {', '.join(BACKENDS)}")
    module, name = BACKENDS[kind].split(":")
    return getattr(importlib.import_module(module), name)


def load_backend(
    kind: str, model: str = DEFAULT_MODEL, *, device: str = "auto", beams: int = 4, **options: Any
) -> Backend:
    """The backend named ``kind`` with ``model`` (hub id or local directory) loaded."""
    return backend_class(kind)(model, device=device, beams=beams, **options)


def download_model(model: str, directory: Path, force: bool = False) -> Path:
    """Save ``model`` (hub id or folder) with its tokenizer under ``directory`` for offline use; the
    transformers backend reads and writes the Hugging Face layout every backend loads from."""
    return backend_class("transformers").download(model, directory, force=force)
