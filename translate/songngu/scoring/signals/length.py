"""Gale and Church's length model: the difference of the lengths in characters is normal."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

VARIANCE = 6.8  # Gale and Church's variance of the length difference per character
# An edition that merges two sentences into one (or splits one) condenses as it goes: the length of
# a merged link is less certain than a translation's.
MERGED_VARIANCE = 2.0 * VARIANCE


def gale_church_cost(src_chars: int, ref_chars: int, ratio: float, variance: float = VARIANCE) -> float:
    """-log P(length difference) under Gale and Church's normal model."""
    if src_chars == 0 and ref_chars == 0:
        return 0.0
    mean = (src_chars + ref_chars / ratio) / 2
    delta = (ref_chars - src_chars * ratio) / math.sqrt(max(mean, 1.0) * variance)
    tail = 2 * (1 - 0.5 * (1 + math.erf(abs(delta) / math.sqrt(2))))
    return -math.log(max(tail, 1e-12))


@dataclass
class LengthCost:
    """The length model's cost of a link; ``ratio`` is English characters per Vietnamese one."""

    src: Sequence[str]
    ref: Sequence[str]
    ratio: float = 1.0

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        src_chars = sum(len(s) for s in self.src[i0:i1])
        ref_chars = sum(len(s) for s in self.ref[j0:j1])
        merged = i1 - i0 > 1 or j1 - j0 > 1
        return gale_church_cost(src_chars, ref_chars, self.ratio, MERGED_VARIANCE if merged else VARIANCE)
