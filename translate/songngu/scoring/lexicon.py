"""A word translation table learnt from the input itself: IBM Model 1, as hunalign's second pass.

The first alignment pass (lengths, anchors) finds sentence pairs it is sure of; Model 1's EM
over those pairs gives t(English word | Vietnamese word); the second pass scores every
candidate link by how much of its English the table explains. Trained over a whole folder
of documents, each document helps align the others.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence

_WORD = re.compile(r"\w+")
NULL = ""


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text) if not w.isdigit()]


class Lexicon:
    """t(e | v) for English words e and Vietnamese syllables v, with a NULL word for the unexplained."""

    def __init__(self, pairs: Sequence[tuple[str, str]], iterations: int = 6) -> None:
        corpus = [([*words(vi), NULL], words(en)) for vi, en in pairs]
        corpus = [(v, e) for v, e in corpus if e]
        english = {w for _, e in corpus for w in e}
        uniform = 1.0 / max(len(english), 1)
        self.t: dict[str, dict[str, float]] = defaultdict(dict)
        for v_words, e_words in corpus:
            for v in v_words:
                for e in e_words:
                    self.t[v][e] = uniform
        for _ in range(iterations):
            counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
            totals: dict[str, float] = defaultdict(float)
            for v_words, e_words in corpus:
                for e in e_words:
                    norm = sum(self.t[v].get(e, 0.0) for v in v_words) or 1.0
                    for v in v_words:
                        share = self.t[v].get(e, 0.0) / norm
                        counts[v][e] += share
                        totals[v] += share
            self.t = defaultdict(
                dict, {v: {e: c / totals[v] for e, c in row.items()} for v, row in counts.items()}
            )
        # Words common across many pairs explain little; weight English words by rarity.
        frequency: dict[str, int] = defaultdict(int)
        for _, e_words in corpus:
            for e in set(e_words):
                frequency[e] += 1
        self.weight = {e: math.log(1 + len(corpus) / n) for e, n in frequency.items()}
