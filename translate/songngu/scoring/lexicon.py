"""A word translation table learnt from the input itself: IBM Model 1, as hunalign's second pass.

The first alignment pass (lengths, anchors) finds sentence pairs it is sure of; Model 1's EM
over those pairs gives t(English word | Vietnamese word); the second pass scores every
candidate link by how much of its English the table explains. Trained over a whole folder
of documents, each document helps align the others, and a bitext of earlier documents'
paragraphs helps align them all.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"\w+")
NULL = ""
# A word is glossed when its likeliest English word is at least this likely (on dev without MT,
# 0.05 aligns 0.949 and 0.2 aligns 0.953: what the table barely knows is noise).
GLOSS_FLOOR = 0.2


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text) if not w.isdigit()]


class Lexicon:
    """t(e | v) for English words e and Vietnamese syllables v, with a NULL word for the unexplained."""

    def __init__(self, pairs: Sequence[tuple[str, str]], iterations: int = 6) -> None:
        corpus = [([*words(vi), NULL], words(en)) for vi, en in pairs]
        corpus = [(v, e) for v, e in corpus if e]
        # Every (Vietnamese token, English token) meeting in a pair is one cell of the EM, each
        # pointing at its (v, e) parameter; a pair's English tokens are its normalising groups.
        # Vectorised, the EM is Model 1's own loops: a paragraph of a bitext has ten thousand cells.
        v_index = {w: k for k, w in enumerate(dict.fromkeys(w for v, _ in corpus for w in v))}
        e_index = {w: k for k, w in enumerate(dict.fromkeys(w for _, e in corpus for w in e))}
        v_cells, e_cells, groups = [], [], []
        group = 0
        for v_words, e_words in corpus:
            v_ids = np.array([v_index[w] for w in v_words])
            e_ids = np.array([e_index[w] for w in e_words])
            v_cells.append(np.repeat(v_ids, len(e_ids)))
            e_cells.append(np.tile(e_ids, len(v_ids)))
            groups.append(group + np.tile(np.arange(len(e_ids)), len(v_ids)))
            group += len(e_ids)
        v_of = np.concatenate(v_cells) if corpus else np.zeros(0, dtype=int)
        e_of = np.concatenate(e_cells) if corpus else np.zeros(0, dtype=int)
        group_of = np.concatenate(groups) if corpus else np.zeros(0, dtype=int)
        parameter_ids, param_of = np.unique(v_of * max(len(e_index), 1) + e_of, return_inverse=True)
        param_v, param_e = np.divmod(parameter_ids, max(len(e_index), 1))
        t = np.full(len(parameter_ids), 1.0 / max(len(e_index), 1))
        for _ in range(iterations):
            cell_t = t[param_of]
            norm = np.bincount(group_of, weights=cell_t, minlength=group)
            share = cell_t / np.where(norm > 0, norm, 1.0)[group_of]
            counts = np.bincount(param_of, weights=share, minlength=len(t))
            totals = np.bincount(param_v, weights=counts, minlength=len(v_index))
            t = counts / totals[param_v]
        v_words_of, e_words_of = list(v_index), list(e_index)
        self.t: dict[str, dict[str, float]] = defaultdict(dict)
        for v, e, p in zip(param_v.tolist(), param_e.tolist(), t.tolist()):
            self.t[v_words_of[v]][e_words_of[e]] = p
        # Words common across many pairs explain little; weight English words by rarity.
        frequency: dict[str, int] = defaultdict(int)
        for _, e_words in corpus:
            for e in set(e_words):
                frequency[e] += 1
        self.weight = {e: math.log(1 + len(corpus) / n) for e, n in frequency.items()}
        self._best: dict[str, tuple[str, float]] = {}

    def gloss(self, text: str, floor: float = GLOSS_FLOOR) -> str:
        """``text`` word by word, as hunalign translates by its dictionary: each word the table
        knows as its likeliest English word (left out when no English word is ``floor`` likely),
        each it does not (a name, a number) as written."""
        glossed = []
        for token in _WORD.findall(text):
            row = self.t.get(token.casefold())
            if not row:
                glossed.append(token)
                continue
            if token.casefold() not in self._best:
                self._best[token.casefold()] = max(row.items(), key=lambda item: item[1])
            english, likelihood = self._best[token.casefold()]
            if likelihood >= floor and english != NULL:
                glossed.append(english)
        return " ".join(glossed)
