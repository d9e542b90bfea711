"""Sentence alignment of a Vietnamese document with an English one, by dynamic programming.

The core (``dp_align``) is one short dynamic program over 1-1, 1-2, 2-1, 2-2, 1-0
and 0-1 links with the cost passed in as a function, as in vecalign/Bertalign.
``AlignmentCost`` combines what is available:

* the length ratio (Gale and Church's model: characters, a normal deviation, move priors);
* chrF between the machine translation of the source block and the English block,
  when MT output is given (Bleualign's idea);
* cross-lingual anchors: numbers, URLs, acronyms, capitalised (Latin-script) names,
  and the English targets of glossary terms found in the source.

Where both documents have the same number of paragraphs, sentences are aligned
within each paragraph pair ("paragraph structure first").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sacrebleu.metrics import CHRF

Link = tuple[tuple[int, ...], tuple[int, ...]]
MOVES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
# Gale and Church's priors for each kind of link (1-1 .89, 1-0/0-1 .0099, 2-1/1-2 .089, 2-2 .011).
PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}
VARIANCE = 6.8  # Gale and Church's variance of the length difference per character

_ANCHOR = re.compile(r"https?://\S+|www\.\S+|\d+(?:[.,]\d+)*|\b[A-ZÀ-ỸĐ][\w-]+")


def dp_align(n_src: int, n_ref: int, cost: Callable[[int, int, int, int], float]) -> list[Link]:
    """The cheapest path of MOVES from (0, 0) to (n_src, n_ref); ``cost(i0, i1, j0, j1)`` prices one link."""
    inf = float("inf")
    best = [[inf] * (n_ref + 1) for _ in range(n_src + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (n_ref + 1) for _ in range(n_src + 1)]
    best[0][0] = 0.0
    for i in range(n_src + 1):
        for j in range(n_ref + 1):
            if best[i][j] == inf:
                continue
            for di, dj in MOVES:
                ni, nj = i + di, j + dj
                if ni > n_src or nj > n_ref:
                    continue
                total = best[i][j] + cost(i, ni, j, nj)
                if total < best[ni][nj]:
                    best[ni][nj], back[ni][nj] = total, (di, dj)
    links: list[Link] = []
    i, j = n_src, n_ref
    while i or j:
        move = back[i][j]
        assert move is not None
        di, dj = move
        links.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return links[::-1]


def anchors(text: str) -> set[str]:
    """Tokens that survive translation unchanged: numbers, URLs, acronyms and capitalised names."""
    found = set()
    for token in _ANCHOR.findall(text):
        if token[0].isdigit():
            token = re.sub(r"[.,]", "", token)
        found.add(token.rstrip(".,;:)").casefold())
    return found


def gale_church_cost(src_chars: int, ref_chars: int, ratio: float) -> float:
    """-log P(length difference) under Gale and Church's normal model."""
    if src_chars == 0 and ref_chars == 0:
        return 0.0
    mean = (src_chars + ref_chars / ratio) / 2
    delta = (ref_chars - src_chars * ratio) / math.sqrt(max(mean, 1.0) * VARIANCE)
    tail = 2 * (1 - 0.5 * (1 + math.erf(abs(delta) / math.sqrt(2))))
    return -math.log(max(tail, 1e-12))


@dataclass
class AlignmentCost:
    """The cost of linking ``src[i0:i1]`` with ``ref[j0:j1]`` from every signal available."""

    src: Sequence[str]
    ref: Sequence[str]
    mt: Sequence[str] | None = None
    src_terms: Sequence[Sequence[str]] | None = None  # English targets of the terms in each source sentence
    ratio: float = 1.0
    length_weight: float = 1.0
    chrf_weight: float = 12.0
    anchor_weight: float = 6.0

    def __post_init__(self) -> None:
        self._chrf = CHRF()
        self._src_anchors = [
            anchors(text)
            | {a for term in (self.src_terms[i] if self.src_terms else ()) for a in anchors(term)}
            for i, text in enumerate(self.src)
        ]
        self._ref_anchors = [anchors(text) for text in self.ref]
        self._cache: dict[tuple[int, int, int, int], float] = {}

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        key = (i0, i1, j0, j1)
        if key not in self._cache:
            self._cache[key] = self._cost(i0, i1, j0, j1)
        return self._cache[key]

    def _cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        prior = -math.log(PRIORS[(i1 - i0, j1 - j0)])
        if i0 == i1 or j0 == j1:
            return (
                prior  # an unmatched sentence costs its prior alone (tuned by deleting reference sentences)
            )
        src_chars = sum(len(s) for s in self.src[i0:i1])
        ref_chars = sum(len(s) for s in self.ref[j0:j1])
        cost = prior + self.length_weight * gale_church_cost(src_chars, ref_chars, self.ratio)
        if self.mt is not None:
            hypothesis = " ".join(self.mt[i0:i1])
            reference = " ".join(self.ref[j0:j1])
            cost -= self.chrf_weight * self._chrf.sentence_score(hypothesis, [reference]).score / 100
        src_anchors = set().union(*self._src_anchors[i0:i1])
        ref_anchors = set().union(*self._ref_anchors[j0:j1])
        if src_anchors or ref_anchors:
            overlap = len(src_anchors & ref_anchors) / math.sqrt(
                max(len(src_anchors), 1) * max(len(ref_anchors), 1)
            )
            cost -= self.anchor_weight * overlap
        return cost


def align_sentences(
    src: Sequence[str],
    ref: Sequence[str],
    *,
    mt: Sequence[str] | None = None,
    src_terms: Sequence[Sequence[str]] | None = None,
    src_paragraphs: Sequence[int] | None = None,
    ref_paragraphs: Sequence[int] | None = None,
) -> list[Link]:
    """Links between sentence indices (0-based over the whole document)."""
    src_chars, ref_chars = sum(map(len, src)), sum(map(len, ref))
    ratio = ref_chars / src_chars if src_chars and ref_chars else 1.0
    cost = AlignmentCost(src, ref, mt, src_terms, ratio)
    groups = _paragraph_groups(src_paragraphs, ref_paragraphs, len(src), len(ref))
    links: list[Link] = []
    for (s0, s1), (r0, r1) in groups:
        sub = dp_align(
            s1 - s0, r1 - r0, lambda i0, i1, j0, j1, s0=s0, r0=r0: cost(s0 + i0, s0 + i1, r0 + j0, r0 + j1)
        )
        links += [(tuple(s0 + i for i in a), tuple(r0 + j for j in b)) for a, b in sub]
    return links


def _paragraph_groups(
    src_paragraphs: Sequence[int] | None, ref_paragraphs: Sequence[int] | None, n_src: int, n_ref: int
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    whole = [((0, n_src), (0, n_ref))]
    if not src_paragraphs or not ref_paragraphs:
        return whole
    src_spans, ref_spans = _spans(src_paragraphs), _spans(ref_paragraphs)
    if len(src_spans) != len(ref_spans):
        return whole
    return list(zip(src_spans, ref_spans))


def _spans(paragraph_of: Sequence[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for index, paragraph in enumerate(paragraph_of):
        if index and paragraph == paragraph_of[index - 1]:
            spans[-1] = (spans[-1][0], index + 1)
        else:
            spans.append((index, index + 1))
    return spans
