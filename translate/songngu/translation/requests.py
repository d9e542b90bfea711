"""What a backend is asked to translate: the model input with the glossary applied, and the required terms.

The source side of lexically constrained decoding: each matched Vietnamese name
is replaced by its English form before translation, which MarianMT tends to
copy, so the term lands where it belongs in the sentence. The target side (the
decoding constraint) lives with the backends (``songngu.backends.constraint``),
the only place that imports torch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from songngu.glossary.matching import TermHit


@dataclass(frozen=True)
class TranslationRequest:
    """What a backend translates: the model input and the target strings that must appear.

    ``model_input`` is the Vietnamese sentence with each glossary and rule span already
    replaced by its English form: what the model sees, not what the author wrote.
    """

    model_input: str
    required: tuple[str, ...] = ()


def prepare_source(text: str, hits: Sequence[TermHit]) -> str:
    """Replace each hit's Vietnamese span by its English target (right to left keeps offsets valid)."""
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        text = text[: hit.start] + hit.target + text[hit.end :]
    return text


def build_request(text: str, hits: Sequence[TermHit]) -> TranslationRequest:
    required = tuple(dict.fromkeys(hit.target for hit in hits))
    return TranslationRequest(model_input=prepare_source(text, hits), required=required)


_SPACE_AFTER_OPEN = re.compile(r"([(\[“])\s+")
_SPACE_BEFORE_CLOSE = re.compile(r"\s+([)\]”])")


def tidy_spacing(text: str) -> str:
    """Undo the spaces a forced term leaves inside brackets: "( FCM )" -> "(FCM)"."""
    return _SPACE_BEFORE_CLOSE.sub(r"\1", _SPACE_AFTER_OPEN.sub(r"\1", text)).strip()
