"""chrF between the machine translation of the source block and the English block (Bleualign's idea)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sacrebleu.metrics import CHRF

_CHRF = CHRF()
# A document's alignment prices the same blocks in each pass (first, sure pairs, second, rescue).
# 20,000 pairs hold every block of a 40-sentence article; a long document's would only cost memory.
CACHED_BLOCK_PAIRS = 20_000


class ChrfToMachine:
    """sacrebleu's sentence chrF of the block's MT against the English block, from 0 to 1."""

    def __init__(self, mt: Sequence[str], ref: Sequence[str]) -> None:
        self.mt, self.ref = mt, ref

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        return _sentence_chrf(" ".join(self.mt[i0:i1]), " ".join(self.ref[j0:j1]))


@lru_cache(maxsize=CACHED_BLOCK_PAIRS)
def _sentence_chrf(hypothesis: str, reference: str) -> float:
    return _CHRF.sentence_score(hypothesis, [reference]).score / 100
