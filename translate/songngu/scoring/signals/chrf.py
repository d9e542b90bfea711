"""chrF between the machine translation of the source block and the English block (Bleualign's idea)."""

from __future__ import annotations

from collections.abc import Sequence

from sacrebleu.metrics import CHRF


class ChrfToMachine:
    """sacrebleu's sentence chrF of the block's MT against the English block, from 0 to 1."""

    def __init__(self, mt: Sequence[str], ref: Sequence[str]) -> None:
        self.mt, self.ref = mt, ref
        self._chrf = CHRF()

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        hypothesis = " ".join(self.mt[i0:i1])
        reference = " ".join(self.ref[j0:j1])
        return self._chrf.sentence_score(hypothesis, [reference]).score / 100
