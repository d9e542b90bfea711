"""How much of one block a word table learnt from sure pairs explains by the other (hunalign's
second pass): in a merge, its least explained member counts."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from songngu.scoring.lexicon import Lexicon, words
from songngu.scoring.signals.levels import typical_best

# What an ordinary translation pair scores: the signal is centred on it, so that a pair the table
# cannot explain costs more than it would with no table at all.
EXPECTED_COVERAGE = 0.25
# Sentences whose translated words are kept at once (a few thousand words each).
MEMO_SENTENCES = 2_000
MEMO_MEMBERS = 1_000_000


class Coverage:
    """``table`` gives t(explained word | giving word); ``explain_src`` says which side is explained
    (False: the English block by the Vietnamese one; True: the reverse table's direction)."""

    def __init__(
        self, src: Sequence[str], ref: Sequence[str], table: Lexicon, *, explain_src: bool = False
    ) -> None:
        self.table = table
        self.explain_src = explain_src
        self._src_words = [words(s) for s in src]
        self._ref_words = [words(s) for s in ref]
        self._src_sets = [set(w) for w in self._src_words]
        self._ref_sets = [set(w) for w in self._ref_words]
        # For each giving sentence, the best t(word | some word of it) of every word its words
        # translate: a block's best is its sentences' best, so each sentence's is made once however
        # many links it is priced in.
        self._best: dict[int, dict[str, float]] = {}
        self._members: dict[tuple[int, int, int], float | None] = {}

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The coverage of the least explained member of the explained block, less the expected;
        0 when the table knows none of the block's words (it has no say on "Tin cùng chuyên mục"
        and "Related news" when no sure pair had those words)."""
        if self.explain_src:
            members = [self._member(i, j0, j1) for i in range(i0, i1)]
        else:
            members = [self._member(j, i0, i1) for j in range(j0, j1)]
        known = [covered for covered in members if covered is not None]
        return min(known) - EXPECTED_COVERAGE if known else 0.0

    @property
    def sizes(self) -> tuple[int, int]:
        """How many source and English sentences the document has."""
        return len(self._src_words), len(self._ref_words)

    def pair(self, i: int, j: int) -> float | None:
        """How much of source sentence ``i`` English sentence ``j`` explains (``explain_src``), or of
        ``j`` ``i`` does, from 0 to 1 (None: the table knows none of the explained words)."""
        return self._member(i, j, j + 1) if self.explain_src else self._member(j, i, i + 1)

    def _member(self, index: int, g0: int, g1: int) -> float | None:
        """How well sentences ``g0:g1`` of the giving side explain sentence ``index`` of the other
        (each member of a link is priced in several links: a merge's and its neighbours')."""
        key = (index, g0, g1)
        if key not in self._members:
            if len(self._members) > MEMO_MEMBERS:
                self._members.clear()
            if self.explain_src:
                self._members[key] = self._block(self._src_words[index], range(g0, g1), self._ref_sets)
            else:
                self._members[key] = self._block(self._ref_words[index], range(g0, g1), self._src_sets)
        return self._members[key]

    def _block(self, explained: list[str], givers: range, words_of: list[set[str]]) -> float | None:
        """Share of ``explained`` (by rarity) that some word of the ``givers`` sentences translates, over
        the words the table knows (None if it knows none: it learnt them from no sure pair)."""
        bests = [self._translated_by(k, words_of) for k in givers]
        total = covered = 0.0
        for word in explained:
            weight = self.table.weight.get(word)
            if weight is None:
                continue
            total += weight
            best = max((found.get(word, 0.0) for found in bests), default=0.0)
            covered += weight * min(1.0, best * 2)
        return covered / total if total else None

    def _translated_by(self, k: int, words_of: list[set[str]]) -> dict[str, float]:
        if k not in self._best:
            if len(self._best) > MEMO_SENTENCES:  # long documents: keep the memory bounded
                self._best.clear()
            found: dict[str, float] = {}
            for giver in words_of[k]:
                for word, p in self.table.t.get(giver, {}).items():
                    if p > found.get(word, 0.0):
                        found[word] = p
            self._best[k] = found
        return self._best[k]


class PairCoverage:
    """How well the word table explains a sentence pair both ways (the lesser of the English
    sentence by the Vietnamese one and the reverse), judged against the document's typical
    translation pair: a table learnt from three articles and one document's sure pairs explains a
    document whose words it rarely saw poorly everywhere, true pairs too."""

    def __init__(self, forward: Coverage, reverse: Coverage | None = None) -> None:
        self._directions = [table for table in (forward, reverse) if table is not None]

    def __call__(self, i: int, j: int) -> float | None:
        known = [covered for table in self._directions if (covered := table.pair(i, j)) is not None]
        return min(known) if known else None

    @cached_property
    def translation_level(self) -> float | None:
        """What a translation pair of this document typically scores (``levels.typical_best``);
        found once asked, as the 2-2s are priced."""
        return typical_best(*self._directions[0].sizes, self)

    def both_pairs_reach(self, i: int, j: int, share: float) -> bool:
        """Whether the 2-2 at source ``i`` and English ``j`` holds two sentence pairs the table
        explains: its first sentences and its last sentences each score ``share`` of the typical
        pair (``ChrfToMachine.both_pairs_reach`` asks it of MT)."""
        level = self.translation_level
        if level is None:
            return False
        first, last = self(i, j), self(i + 1, j + 1)
        return first is not None and last is not None and min(first, last) >= share * level
