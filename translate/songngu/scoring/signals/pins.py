"""Anchors that pin one sentence to one: a name or number found in exactly one sentence of each side.

Such a pair of sentences belongs together (the hapax anchors of hunalign and of Simard's cognate
alignment): a link that holds one end of a pin and not the other has put a sentence in the wrong
place, however well its lengths fit. A reference sentence that says "Ms Catherine Deroche … will also
speak", split off a Vietnamese sentence that names her, is pinned to that sentence, not to the
unrelated one of similar length beside it.
"""

from __future__ import annotations

from collections.abc import Sequence


class PinnedAnchors:
    """The share of the pins a link touches that it breaks, from 0 to 1 (None: it touches none).

    Built from each sentence's anchors as ``AnchorOverlap`` found them (``src_sets``, ``ref_sets``).
    """

    def __init__(self, src_anchors: Sequence[set[str]], ref_anchors: Sequence[set[str]]) -> None:
        src_where = _only_sentence(src_anchors)
        ref_where = _only_sentence(ref_anchors)
        pins = [(src_where[a], ref_where[a]) for a in src_where.keys() & ref_where.keys()]
        self._by_src: dict[int, list[int]] = {}
        self._by_ref: dict[int, list[int]] = {}
        for i, j in pins:
            self._by_src.setdefault(i, []).append(j)
            self._by_ref.setdefault(j, []).append(i)

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float | None:
        touched = broken = 0
        for i in range(i0, i1):
            for j in self._by_src.get(i, ()):
                touched += 1
                broken += not j0 <= j < j1
        for j in range(j0, j1):
            for i in self._by_ref.get(j, ()):
                touched += 1
                broken += not i0 <= i < i1
        return broken / touched if touched else None


def _only_sentence(sentences: Sequence[set[str]]) -> dict[str, int]:
    """Each anchor found in exactly one sentence, and that sentence."""
    seen: dict[str, int] = {}
    repeated: set[str] = set()
    for index, found in enumerate(sentences):
        for anchor in found:
            if anchor in seen:
                repeated.add(anchor)
            seen[anchor] = index
    return {anchor: index for anchor, index in seen.items() if anchor not in repeated}
