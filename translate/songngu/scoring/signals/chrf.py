"""chrF between the machine translation of the source block and the English block (Bleualign's idea)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from sacrebleu.metrics import CHRF
from sacrebleu.metrics.helpers import extract_all_char_ngrams

# beta = 1: precision and recall weigh alike. sacrebleu's default (beta = 2) weighs recall twice, as
# evaluation wants; for alignment it made a source sentence taken into a link (which lowers
# precision only) cheap and an English one (recall) dear, so a sentence the English dropped beside a
# 1-1 link was merged into it.
CHRF_BETA = 1
_CHRF = CHRF(beta=CHRF_BETA)
# The aligner prices the same blocks in each pass (first, sure pairs, second, moves), and a folder's
# editions share sentences. 20,000 pairs hold every block of a 40-sentence article; a long
# document's would only cost memory.
CACHED_BLOCK_PAIRS = 20_000
CACHED_BLOCKS = 4_096


class ChrfToMachine:
    """sacrebleu's sentence chrF (beta = CHRF_BETA) of the block's MT against the English block, from 0 to 1."""

    def __init__(self, mt: Sequence[str], ref: Sequence[str]) -> None:
        self.mt, self.ref = mt, ref

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        return _block_chrf(" ".join(self.mt[i0:i1]), " ".join(self.ref[j0:j1]))


@lru_cache(maxsize=CACHED_BLOCK_PAIRS)
def _block_chrf(hypothesis: str, reference: str) -> float:
    """``CHRF().sentence_score(hypothesis, [reference])`` / 100, from n-grams extracted once per text
    (by sacrebleu), matched over the n-grams the two share only: most blocks priced share few."""
    statistics: list[int] = []
    for hyp, ref in zip(_ngrams(hypothesis), _ngrams(reference)):
        matched = sum(min(hyp[gram], ref[gram]) for gram in hyp.keys() & ref.keys())
        statistics += [hyp.total(), ref.total(), matched]
    return _CHRF._compute_f_score(statistics) / 100  # sacrebleu's own F-score of the counts


@lru_cache(maxsize=CACHED_BLOCKS)
def _ngrams(text: str) -> list[Counter[str]]:
    return extract_all_char_ngrams(text, _CHRF.char_order, _CHRF.whitespace)
