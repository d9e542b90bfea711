"""chrF between the machine translation of the source block and the English block (Bleualign's idea),
counted above what two unrelated sentences of the same document score (vecalign's normalisation)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

from sacrebleu.metrics import CHRF
from sacrebleu.metrics.helpers import extract_all_char_ngrams

from songngu.scoring.signals.levels import sample, typical_best

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
# Sentence pairs the chance level is the mean of: every pair of a short document, a fixed sample of
# a long one's (chrF at chance spreads about 0.1 either way, so the sample's mean is within about
# 0.005 of every pair's).
CHANCE_PAIRS = 2_000


class ChrfToMachine:
    """What a link earns from sacrebleu's sentence chrF (beta = CHRF_BETA) of its MT against its
    English, from 0 to 1, above the document's chance level: the mean chrF of its sentence pairs,
    nearly all of them unrelated. MT that is noise (a model that knows nothing of the language)
    scores near its chance level everywhere, so it has no say; MT that translates scores well above
    it on a true pair.

    A link earns that once for each sentence pair it holds (the fewer of its two sides' sentences,
    when each adds to the link's chrF): a quotation split at other points in each language (a 2-2)
    is two pairs' worth of translation, which two 1-1 links, each half right, would otherwise
    out-earn. Above chance, a sentence taken into a link that the other side does not translate
    lowers what the link earns."""

    def __init__(self, mt: Sequence[str], ref: Sequence[str]) -> None:
        self.mt, self.ref = mt, ref
        self._levels = _chance_levels(tuple(mt), tuple(ref))
        self.chance = self._levels.chance

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        whole = self.chrf(i0, i1, j0, j1)
        return self._pairs_held(i0, i1, j0, j1, whole) * (whole - self.chance)

    def _pairs_held(self, i0: int, i1: int, j0: int, j1: int, whole: float) -> int:
        """The sentence pairs a link holds: the fewer of its two sides' sentences, when each end
        sentence adds to its chrF (the block scores above itself with that sentence left out); one
        otherwise. A sentence the other edition dropped, taken into a 1-2 split beside it, lowers
        the chrF of the 2-2 it makes, and must not double what the link earns."""
        pairs = min(i1 - i0, j1 - j0)
        if pairs < 2:
            return pairs
        # A tie counts as adding: a 2-2 of two pairs that translate alike must not lose one.
        return pairs if whole >= max(self._without_ends(i0, i1, j0, j1, source=True)) else 1

    def both_pairs_reach(self, i: int, j: int, floor: float) -> bool:
        """Whether the 2-2 at source ``i`` and English ``j`` holds two sentence pairs by their own
        chrF: its first sentences and its last sentences each score ``floor`` above their own
        chance. ``_pairs_held`` asks it of the block as a whole (each end sentence adds to it)."""
        return self.above_own_chance(i, j) >= floor and self.above_own_chance(i + 1, j + 1) >= floor

    def split_halves_raising(self, i0: int, i1: int, j0: int, j1: int) -> list[bool]:
        """For each English sentence of a split (a link of one source sentence), whether the link's
        chrF is higher with it than without it: the first and last are asked (one in the middle is
        not). The test ``_pairs_held`` asks of every end, but strictly: a half that adds nothing is
        not part of the split. Half of a split raises it nearly always (138 of dev's 154 halves,
        with the simulated MT); an English line that stands alone beside a 1-1 link (a byline, a
        related link) lowers it always (30 of 30). Not asked of the source side: a sentence the
        English dropped shares its paragraph's words and raises it too (81 of dev's 591 beside a
        1-1 link)."""
        raising = [False] * (j1 - j0)
        if i1 - i0 == 1 and j1 - j0 > 1:
            whole = self.chrf(i0, i1, j0, j1)
            first, last = self._without_ends(i0, i1, j0, j1, source=False)
            raising[0], raising[-1] = first < whole, last < whole
        return raising

    def _without_ends(self, i0: int, i1: int, j0: int, j1: int, *, source: bool) -> list[float]:
        """The block's chrF with each end sentence left out in turn: the first and the last source
        sentence (with ``source``), then the first and the last English one."""
        parts = [self.chrf(i0 + 1, i1, j0, j1), self.chrf(i0, i1 - 1, j0, j1)] if source else []
        return [*parts, self.chrf(i0, i1, j0 + 1, j1), self.chrf(i0, i1, j0, j1 - 1)]

    def above_own_chance(self, i: int, j: int) -> float:
        """chrF of source sentence ``i``'s MT to English sentence ``j`` above what each scores by
        chance: less the mean of ``i``'s MT against other English sentences and of other MT against
        ``j``, plus the document's (vecalign normalises by both sides' random partners). MT that
        scores alike whatever the input (noise) is near zero everywhere; a long English sentence is
        not above chance to every sentence for being long."""
        levels = self._levels
        return self.chrf(i, i + 1, j, j + 1) - levels.mt_mean(i) - levels.ref_mean(j) + self.chance

    def translation_level(self) -> float:
        """What a translation pair of this document earns above its own chance, typically: the
        median over source sentences of the best any English sentence near its place earns
        (``levels.typical_best``). Near zero for noise MT, whose best is chance."""
        return self._levels.translation_level(self.above_own_chance)

    def chrf(self, i0: int, i1: int, j0: int, j1: int) -> float:
        return _block_chrf(" ".join(self.mt[i0:i1]), " ".join(self.ref[j0:j1]))


class _ChanceLevels:
    """A document's chance levels: the mean chrF over its sentence pairs, and each sentence's own
    (over its partners, once asked); and, once asked, the level its translation pairs reach above
    them. Every pass of the aligner prices the same document, so they are found once for all of
    them, from one memo of sentence pairs: in a short document the document's mean and every
    sentence's cover every pair."""

    def __init__(self, mt: tuple[str, ...], ref: tuple[str, ...]) -> None:
        self.mt, self.ref = mt, ref
        self._pairs: dict[tuple[int, int], float] = {}
        self._mt_means: dict[int, float] = {}
        self._ref_means: dict[int, float] = {}
        self._translation_level: float | None = None
        pairs = [(i, j) for i in range(len(mt)) for j in range(len(ref))]
        if len(pairs) > CHANCE_PAIRS:
            pairs = random.Random(0).sample(pairs, CHANCE_PAIRS)  # the same sample on every run
        self.chance = sum(self._pair(i, j) for i, j in pairs) / max(len(pairs), 1)

    def mt_mean(self, i: int) -> float:
        if i not in self._mt_means:
            partners = sample(len(self.ref), i)
            self._mt_means[i] = sum(self._pair(i, j) for j in partners) / len(partners)
        return self._mt_means[i]

    def ref_mean(self, j: int) -> float:
        if j not in self._ref_means:
            partners = sample(len(self.mt), j)
            self._ref_means[j] = sum(self._pair(i, j) for i in partners) / len(partners)
        return self._ref_means[j]

    def translation_level(self, above_own_chance: Callable[[int, int], float]) -> float:
        if self._translation_level is None:
            level = typical_best(len(self.mt), len(self.ref), above_own_chance)
            self._translation_level = 0.0 if level is None else level
        return self._translation_level

    def _pair(self, i: int, j: int) -> float:
        # Not through the block cache: these pairs are priced once, and would push out the blocks
        # the aligner prices often.
        if (i, j) not in self._pairs:
            self._pairs[i, j] = _block_chrf.__wrapped__(self.mt[i], self.ref[j])
        return self._pairs[i, j]


@lru_cache(maxsize=8)  # each pass of the aligner prices the same document anew
def _chance_levels(mt: tuple[str, ...], ref: tuple[str, ...]) -> _ChanceLevels:
    return _ChanceLevels(mt, ref)


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
