"""How much of one block a word table learnt from sure pairs explains by the other (hunalign's
second pass): in a merge, its least explained member counts."""

from __future__ import annotations

from collections.abc import Sequence

from songngu.scoring.lexicon import Lexicon, words

# What an ordinary translation pair scores: the signal is centred on it, so that a pair the table
# cannot explain costs more than it would with no table at all.
EXPECTED_COVERAGE = 0.25


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
        # Best t(word | some word of a sentence), per (sentence, word): a block's best is its
        # sentences' best, so each is looked up once however many links the sentence is priced in.
        self._best: dict[tuple[int, str], float] = {}

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The coverage of the least explained member of the explained block, less the expected;
        0 when the table knows none of the block's words (it has no say on "Tin cùng chuyên mục"
        and "Related news" when no sure pair had those words)."""
        if self.explain_src:
            members = [self._block(self._src_words[i], range(j0, j1), self._ref_sets) for i in range(i0, i1)]
        else:
            members = [self._block(self._ref_words[j], range(i0, i1), self._src_sets) for j in range(j0, j1)]
        known = [covered for covered in members if covered is not None]
        return min(known) - EXPECTED_COVERAGE if known else 0.0

    def _block(self, explained: list[str], givers: range, words_of: list[set[str]]) -> float | None:
        return _block_coverage(self.table, self._best, explained, givers, words_of)


def _block_coverage(
    table: Lexicon,
    cache: dict[tuple[int, str], float],
    explained: list[str],
    givers: range,
    words_of: list[set[str]],
) -> float | None:
    """Share of ``explained`` (by rarity) that some word of the ``givers`` sentences translates, over
    the words the table knows (None if it knows none: it learnt them from no sure pair)."""
    if len(cache) > 1_000_000:  # long documents: keep the memory bounded
        cache.clear()
    total = covered = 0.0
    for word in explained:
        weight = table.weight.get(word)
        if weight is None:
            continue
        total += weight
        best = 0.0
        for k in givers:
            key = (k, word)
            if key not in cache:
                cache[key] = table.best(words_of[k], word)
            best = max(best, cache[key])
        covered += weight * min(1.0, best * 2)
    return covered / total if total else None
