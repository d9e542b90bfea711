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


# Documents up to this many sentences a side are aligned over the whole matrix; longer ones in a
# band around the diagonal that widens while the best path runs along its edge (as hunalign and
# vecalign bound their search), so 10,000 x 10,000 sentences take megabytes, not gigabytes.
FULL_MATRIX_UP_TO = 250
FIRST_BAND = 64


def dp_align(n_src: int, n_ref: int, cost: Callable[[int, int, int, int], float]) -> list[Link]:
    """The cheapest path of MOVES from (0, 0) to (n_src, n_ref); ``cost(i0, i1, j0, j1)`` prices one link."""
    if max(n_src, n_ref) <= FULL_MATRIX_UP_TO:
        return _banded_path(n_src, n_ref, cost, None)[0]
    # The band must let the path cross from row to row however steep the diagonal is.
    steepness = -(-max(n_src, n_ref) // max(min(n_src, n_ref), 1))
    band: int | None = max(FIRST_BAND, 2 * steepness)
    while True:
        links, at_edge = _banded_path(n_src, n_ref, cost, band)
        if not at_edge or band is None:
            return links
        band = None if 2 * band >= max(n_src, n_ref) else 2 * band


def _banded_path(
    n_src: int, n_ref: int, cost: Callable[[int, int, int, int], float], band: int | None
) -> tuple[list[Link], bool]:
    """The cheapest path within ``band`` reference sentences of the diagonal (None: anywhere),
    and whether it runs along the band's edge (so a wider band might find a cheaper one)."""
    inf = float("inf")

    def window(i: int) -> tuple[int, int]:
        if band is None:
            return 0, n_ref
        center = round(i * n_ref / n_src) if n_src else 0
        return max(0, center - band), min(n_ref, center + band)

    windows = [window(i) for i in range(n_src + 1)]
    best = [[inf] * (hi - lo + 1) for lo, hi in windows]
    back = [bytearray(b"\xff" * (hi - lo + 1)) for lo, hi in windows]  # index into MOVES, 255: none
    best[0][0 - windows[0][0]] = 0.0
    for i in range(n_src + 1):
        lo, hi = windows[i]
        row = best[i]
        for j in range(lo, hi + 1):
            here = row[j - lo]
            if here == inf:
                continue
            for move, (di, dj) in enumerate(MOVES):
                ni, nj = i + di, j + dj
                if ni > n_src or nj > n_ref:
                    continue
                nlo, nhi = windows[ni]
                if not nlo <= nj <= nhi:
                    continue
                total = here + cost(i, ni, j, nj)
                if total < best[ni][nj - nlo]:
                    best[ni][nj - nlo] = total
                    back[ni][nj - nlo] = move
    if best[n_src][n_ref - windows[n_src][0]] == inf:  # the band was too narrow to get through
        return [], True
    links: list[Link] = []
    at_edge = False
    i, j = n_src, n_ref
    while i or j:
        lo, hi = windows[i]
        at_edge = at_edge or (j - lo <= 1 and lo > 0) or (hi - j <= 1 and hi < n_ref)
        di, dj = MOVES[back[i][j - lo]]
        links.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return links[::-1], at_edge


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

    # No cache: the dynamic program prices each link once, and a cache of every link it priced
    # was most of the memory a long document took.
    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
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
