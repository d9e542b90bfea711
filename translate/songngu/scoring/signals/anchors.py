"""Tokens that survive translation unchanged: numbers, URLs, acronyms, Latin-script names, and the
English targets of the glossary terms found in the source."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_ANCHOR = re.compile(r"https?://\S+|www\.\S+|\d+(?:[.,]\d+)*|\b[A-ZÀ-ỸĐ][\w-]+")


def anchors(text: str) -> set[str]:
    """Tokens that survive translation unchanged: numbers, URLs, acronyms and capitalised names."""
    found = set()
    for token in _ANCHOR.findall(text):
        if token[0].isdigit():
            token = re.sub(r"[.,]", "", token)
        found.add(token.rstrip(".,;:)").casefold())
    return found


class AnchorOverlap:
    """How far the two blocks share their anchors, from 0 to 1 (None: neither block has any)."""

    def __init__(
        self, src: Sequence[str], ref: Sequence[str], src_terms: Sequence[Sequence[str]] | None = None
    ) -> None:
        # Each sentence's anchors, read by the pins too (signals/pins.py).
        self.src_sets = [
            anchors(text) | {a for term in (src_terms[i] if src_terms else ()) for a in anchors(term)}
            for i, text in enumerate(src)
        ]
        self.ref_sets = [anchors(text) for text in ref]

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float | None:
        src_anchors = set().union(*self.src_sets[i0:i1])
        ref_anchors = set().union(*self.ref_sets[j0:j1])
        if not src_anchors and not ref_anchors:
            return None
        shared = len(src_anchors & ref_anchors)
        return shared / math.sqrt(max(len(src_anchors), 1) * max(len(ref_anchors), 1))
