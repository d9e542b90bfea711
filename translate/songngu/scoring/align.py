"""Sentence alignment of a Vietnamese document with an English one, by dynamic programming.

The core (``dp_align``) is one short dynamic program over 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1
and 1-3 links (the kinds ``PRIORS`` prices) with the cost passed in as a function, as in
vecalign/Bertalign.
``AlignmentCost`` (scoring/cost.py) combines the signals of ``scoring/signals/``: the
length ratio (Gale and Church), anchors (numbers, URLs, names, glossary targets), pins (an
anchor found in one sentence of each side), the shapes of what one edition alone carries, a word table learnt from sure pairs, and chrF
against machine output when it is given (Bleualign's idea).

Where both documents have the same number of paragraphs, sentences are aligned
within each paragraph pair ("paragraph structure first").
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, replace

from songngu.scoring.cost import CHRF_WEIGHT, GLOSS_CHRF_WEIGHT, PRIORS, AlignmentCost
from songngu.scoring.lexicon import Lexicon
from songngu.scoring.signals.chrf import ChrfToMachine
from songngu.scoring.signals.shapes import repeated

Link = tuple[tuple[int, ...], tuple[int, ...]]
Move = tuple[int, int]
MOVES: tuple[Move, ...] = tuple(PRIORS)

# Documents up to this many sentences a side are aligned over the whole matrix; longer ones in a
# band around the diagonal that widens while the best path runs along its edge (as hunalign and
# vecalign bound their search), so 10,000 x 10,000 sentences take megabytes, not gigabytes.
FULL_MATRIX_UP_TO = 250
FIRST_BAND = 64


def dp_align(
    n_src: int, n_ref: int, cost: Callable[[int, int, int, int], float], moves: Sequence[Move] = MOVES
) -> list[Link]:
    """The cheapest path of ``moves`` from (0, 0) to (n_src, n_ref); ``cost(i0, i1, j0, j1)`` prices one link."""
    if max(n_src, n_ref) <= FULL_MATRIX_UP_TO:
        return _banded_path(n_src, n_ref, cost, None, moves)[0]
    # The band must let the path cross from row to row however steep the diagonal is.
    steepness = -(-max(n_src, n_ref) // max(min(n_src, n_ref), 1))
    band: int | None = max(FIRST_BAND, 2 * steepness)
    while True:
        links, at_edge = _banded_path(n_src, n_ref, cost, band, moves)
        if not at_edge or band is None:
            return links
        band = None if 2 * band >= max(n_src, n_ref) else 2 * band


def _banded_path(
    n_src: int,
    n_ref: int,
    cost: Callable[[int, int, int, int], float],
    band: int | None,
    moves: Sequence[Move],
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
    back = [bytearray(b"\xff" * (hi - lo + 1)) for lo, hi in windows]  # index into moves, 255: none
    best[0][0 - windows[0][0]] = 0.0
    for i in range(n_src + 1):
        lo, hi = windows[i]
        row = best[i]
        for j in range(lo, hi + 1):
            here = row[j - lo]
            if here == inf:
                continue
            for move, (di, dj) in enumerate(moves):
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
        di, dj = moves[back[i][j - lo]]
        links.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return links[::-1], at_edge


def align_sentences(
    src: Sequence[str],
    ref: Sequence[str],
    *,
    mt: Sequence[str] | None = None,
    src_terms: Sequence[Sequence[str]] | None = None,
    src_paragraphs: Sequence[int] | None = None,
    ref_paragraphs: Sequence[int] | None = None,
    lexicon: Lexicon | None = None,
    reverse_lexicon: Lexicon | None = None,
    ratio: float | None = None,
) -> list[Link]:
    """Links between sentence indices (0-based over the whole document).

    ``ratio`` is English characters per Vietnamese character; by default the documents' own,
    which text only one side has (a dropped paragraph, captions) skews.
    """
    if ratio is None:
        src_chars, ref_chars = sum(map(len, src)), sum(map(len, ref))
        ratio = ref_chars / src_chars if src_chars and ref_chars else 1.0
    cost = AlignmentCost(src, ref, mt, src_terms, ratio, lexicon, reverse_lexicon)
    return _aligned_under(cost, src_paragraphs, ref_paragraphs)


def _aligned_under(
    cost: AlignmentCost, src_paragraphs: Sequence[int] | None, ref_paragraphs: Sequence[int] | None
) -> list[Link]:
    """The cheapest links in order under ``cost``, within each paragraph pair."""
    groups = _paragraph_groups(src_paragraphs, ref_paragraphs, len(cost.src), len(cost.ref))
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


@dataclass(frozen=True)
class AlignmentInput:
    """One document pair to align, with whatever else is known of it."""

    src: Sequence[str]
    ref: Sequence[str]
    mt: Sequence[str] | None = None
    src_terms: Sequence[Sequence[str]] | None = None
    src_paragraphs: Sequence[int] | None = None
    ref_paragraphs: Sequence[int] | None = None


def align_documents(
    documents: Sequence[AlignmentInput],
    *,
    find_moves: bool = True,
    progress: Callable[[float], object] | None = None,
    bitext: Sequence[tuple[str, str]] = (),
) -> list[list[Link]]:
    """Align every document in passes, as hunalign does: the first pass (length, anchors, shapes, MT)
    finds pairs it is sure of (and that its own search for moved paragraphs keeps), a word table is
    learnt from them over all the documents, and from ``bitext`` (Vietnamese and English texts
    known to translate each other: earlier documents' paragraphs, as hunalign's dictionary), and
    the second pass aligns again with it (and, without MT, with the source it glosses). Documents
    without MT are then aligned a third time, with the table learnt again from the second pass's sure
    pairs (hunalign's -realign): their gloss is the table's own translation, and the better table
    glosses better. Paragraphs the English moved are found anchors first (``realign_moved``): their
    links are the only ones that may cross. ``progress`` is told of each document's share of the
    work as each of its passes with the word table ends (half at each, for one aligned three times),
    one in all."""
    documents = [_without_noise_mt(doc) for doc in documents]
    first = [_first_pass(doc) for doc in documents]
    # The first pass used each document's own length ratio, which what one edition alone carries
    # skews; its 1-1 links give a better one, and under it the pairs the word table learns from are
    # those no other alignment comes close to (a word table learnt from a wrong pair repeats it).
    first_ratio = _pairs_ratio(
        [pair for doc, links in zip(documents, first) for pair in _one_to_one(doc, links)]
    )
    confident: list[tuple[str, str]] = []
    for doc, links in zip(documents, first):
        first_cost = AlignmentCost(doc.src, doc.ref, doc.mt, doc.src_terms, first_ratio or _ratio(doc))
        # In order, the links around a paragraph the English moved are shifted, some with a margin
        # that looks sure: pairs the search for moves breaks would teach the table the shift.
        kept = set(realign_moved(links, first_cost)) if find_moves else set(links)
        confident += _sure_pairs(doc, links, first_cost, kept)
    # Without MT, the third pass; with no word table at all (nothing sure, no bitext) it would only
    # repeat the second, as the second the first.
    again = [doc.mt is None and bool(confident or bitext) for doc in documents]
    second, surer = _with_word_table(
        documents,
        first,
        confident,
        bitext,
        find_moves,
        teach=any(again),
        shares=[0.5 if a else 1.0 for a in again],
        progress=progress,
    )
    if not any(again):
        return second
    third, _ = _with_word_table(
        documents,
        first,
        surer,
        bitext,
        find_moves,
        only=again,
        shares=[0.5] * len(documents),
        progress=progress,
    )
    return [realigned if do else before for do, realigned, before in zip(again, third, second)]


# MT whose translation pairs typically earn less than this above chance (chrF, 0 to 1) is noise: a
# model that knows nothing of the language, or the MT of another document. On dev, the tiny random
# model's MT reaches 0.01 to 0.05, the simulated realistic MT 0.20 to 0.35, hand translations 0.6 to
# 0.75; the line is set in that gap, not on alignment results.
NOISE_MT_BELOW = 0.1


def is_noise_mt(doc: AlignmentInput) -> bool:
    """Whether ``doc`` has MT that translates nothing of its English (``align_documents`` then
    aligns it as if it had none)."""
    if doc.mt is None or not doc.src or not doc.ref:
        return False
    return ChrfToMachine(doc.mt, doc.ref).translation_level() < NOISE_MT_BELOW


def _without_noise_mt(doc: AlignmentInput) -> AlignmentInput:
    """``doc`` without its MT where the MT is noise: the priors and floors real MT earns would
    otherwise stand on nothing, and the word table's gloss, which only stands in where there is no
    MT, says more."""
    return replace(doc, mt=None) if is_noise_mt(doc) else doc


def _with_word_table(
    documents: Sequence[AlignmentInput],
    first: Sequence[list[Link]],
    confident: Sequence[tuple[str, str]],
    bitext: Sequence[tuple[str, str]],
    find_moves: bool,
    *,
    only: Sequence[bool] | None = None,
    teach: bool = False,
    shares: Sequence[float],
    progress: Callable[[float], object] | None,
) -> tuple[list[list[Link]], list[tuple[str, str]]]:
    """A pass with the word table learnt from ``confident`` and ``bitext`` over the documents ``only``
    marks (all by default; the others get no links): each document's links (moved paragraphs
    found), and with ``teach`` the pairs the pass is sure of, found as the first pass's are (1-1
    links in order that the search for moves keeps), now priced with the word table. ``progress``
    is told of each document's share of the work as it is done."""
    taught = list(confident) + list(bitext)
    lexicon = Lexicon(taught) if taught else None
    reverse = Lexicon([(en, vi) for vi, en in taught]) if taught else None
    learnt = _pairs_ratio(confident)  # the documents' own: another text's ratio is another writer's
    aligned: list[list[Link]] = []
    sure: list[tuple[str, str]] = []
    for k, (doc, first_links, share) in enumerate(zip(documents, first, shares)):
        if only is not None and not only[k]:
            aligned.append([])
            continue
        ratio = learnt or _ratio(doc)
        if doc.mt is None and lexicon is not None:
            # Without MT, the source glossed word by word by the table stands in for it, as hunalign
            # compares by its dictionary's translation: chrF then prices a link's content as a
            # whole, and counts a 2-2's two sentence pairs.
            doc = replace(doc, mt=[lexicon.gloss(sentence) for sentence in doc.src])
            mt_weight, mt_is_gloss = GLOSS_CHRF_WEIGHT, True
        else:
            mt_weight, mt_is_gloss = CHRF_WEIGHT, False
        # One cost for the pass and the search for moves: its word-table memos serve both.
        cost = AlignmentCost(
            doc.src, doc.ref, doc.mt, doc.src_terms, ratio, lexicon, reverse, mt_weight, mt_is_gloss
        )
        # Without a word table the pass would only repeat the first.
        in_order = (
            _aligned_under(cost, doc.src_paragraphs, doc.ref_paragraphs)
            if lexicon is not None
            else first_links
        )
        links = realign_moved(in_order, cost) if find_moves else in_order
        if teach:
            sure += _sure_pairs(doc, in_order, cost, set(links))
        aligned.append(links)
        if progress:
            progress(share)
    return aligned, sure


def _pairs_ratio(pairs: Sequence[tuple[str, str]]) -> float | None:
    """English characters per Vietnamese one over sentence pairs (None without any)."""
    src_chars, ref_chars = sum(len(vi) for vi, _ in pairs), sum(len(en) for _, en in pairs)
    return ref_chars / src_chars if src_chars and ref_chars else None


# A 1-1 link is sure when every alignment that does not pair its two sentences costs this much more
# (a link's cost units: a translation pair costs about 0, an unrelated one 3 or more).
SURE_MARGIN = 1.0
# The alternatives are sought this many links either side of the link.
MARGIN_REACH = 2


def _one_to_one(doc: AlignmentInput, links: Sequence[Link]) -> list[tuple[str, str]]:
    return [(doc.src[a[0]], doc.ref[b[0]]) for a, b in links if len(a) == len(b) == 1]


def _sure_pairs(
    doc: AlignmentInput, links: Sequence[Link], cost: AlignmentCost, kept: Container[Link]
) -> list[tuple[str, str]]:
    """The 1-1 links of ``links`` (a path in order) whose margin under ``cost`` is at least
    SURE_MARGIN and that ``kept`` holds, as text pairs."""
    margins = link_margins(links, cost)
    sure = [
        link
        for link, margin in zip(links, margins)
        if margin is not None and margin >= SURE_MARGIN and link in kept
    ]
    return _one_to_one(doc, sure)


def link_margins(links: Sequence[Link], cost: Callable[[int, int, int, int], float]) -> list[float | None]:
    """For each 1-1 link of a path (None for the others), how much more the cheapest alignment of
    its neighbourhood (MARGIN_REACH links either side) costs when its two sentences are not linked."""
    nodes = [(0, 0)]
    for a, b in links:
        nodes.append((nodes[-1][0] + len(a), nodes[-1][1] + len(b)))
    margins: list[float | None] = []
    for at, (a, b) in enumerate(links):
        if len(a) != 1 or len(b) != 1:
            margins.append(None)
            continue
        start, end = max(0, at - MARGIN_REACH), min(len(links), at + MARGIN_REACH + 1)
        (i0, j0), (i1, j1) = nodes[start], nodes[end]
        here = sum(
            cost(nodes[k][0], nodes[k + 1][0], nodes[k][1], nodes[k + 1][1]) for k in range(start, end)
        )
        i, j = a[0] - i0, b[0] - j0

        def apart(
            x0: int, x1: int, y0: int, y1: int, i0: int = i0, j0: int = j0, i: int = i, j: int = j
        ) -> float:
            if x0 <= i < x1 and y0 <= j < y1:
                return float("inf")
            return cost(i0 + x0, i0 + x1, j0 + y0, j0 + y1)

        margins.append(_path_cost(dp_align(i1 - i0, j1 - j0, apart), apart) - here)
    return margins


def _path_cost(links: Sequence[Link], cost: Callable[[int, int, int, int], float]) -> float:
    total, i, j = 0.0, 0, 0
    for a, b in links:
        total += cost(i, i + len(a), j, j + len(b))
        i, j = i + len(a), j + len(b)
    return total


def align_pair(doc: AlignmentInput, bitext: Sequence[tuple[str, str]] = ()) -> list[Link]:
    """One document, every pass (its own sentences and ``bitext`` teach the word table)."""
    return align_documents([doc], bitext=bitext)[0]


# A shape score from which a line is taken for what one edition alone carries (a credit, a caption,
# an echo): never an anchor.
BOILERPLATE = 0.9
# A moved pair's anchor must be at least this sure: a translation pair costs about 0, an unrelated one
# 3 or more.
ANCHOR_BELOW = 1.0
# What the alignment with the moved blocks must save over the one in order (SURE_MARGIN's units).
MOVE_MARGIN = 1.0
# An anchor is the strict best 1-1 link of both its sentences, by this much: the cost of the whole
# then decides which anchors move (ties, as a repeated sentence makes, are no anchor; nor is a
# sentence the document has twice, whichever copy its MT happens to favour).
ANCHOR_MARGIN = 0.0
# A block grows one sentence at a time at most this many times (each try is one dynamic program).
MAX_GROWTH = 12
# Steps a block may grow without the whole getting cheaper before the search gives up on it.
PATIENCE = 2

Span = tuple[int, int]
Block = tuple[Span, Span]  # a stretch of source sentences, and where its English stands


def realign_moved(links: list[Link], cost: Callable[[int, int, int, int], float]) -> list[Link]:
    """Anchors first, then the rest in order between them (the two passes of hunalign and
    Bleualign), so that a paragraph the English moved becomes links that cross.

    ``cost`` has the sentences as ``cost.src`` and ``cost.ref``. Anchor pairs are sought anywhere in
    the document: 1-1 links that cost under ANCHOR_BELOW and less, by more than ANCHOR_MARGIN, than
    any other 1-1 link of either sentence (names, numbers, glossary terms, the word table, chrF to
    MT all price them). The longest chain of anchors in order is the document's backbone; anchors
    off it, and anchors on it that ``links`` did not keep (the order shifted every link around
    them), in runs that keep their own order, are the cores of moved blocks. Each core grows on its
    own, a sentence (or a sentence each side) at a time, to the cheapest whole it reaches (its
    sentences aligned in order among themselves, the other sentences in order without them); those
    that make the whole cheaper than ``links`` then grow together, and the cheaper of that and the
    best alone is kept. The blocks stand only if they cost less than ``links`` (the alignment in
    order) by MOVE_MARGIN.
    """
    src, ref = cost.src, cost.ref  # type: ignore[attr-defined]
    if not src or not ref or max(len(src), len(ref)) > FULL_MATRIX_UP_TO:
        return links
    priced = _Memo(cost)
    in_order = _path_cost(links, priced)
    n_src, n_ref = len(src), len(ref)
    # Each core grows on its own first: a core moved alone strands its paragraph's other sentences
    # and may cost more than the order it breaks, until it has grown to the whole paragraph. A core
    # that even grown makes the whole no cheaper is an anchor the backbone was right to leave out (a
    # pair of like sentences far apart).
    singles: list[tuple[float, list[Link], list[Block]]] = []
    for core in _moved_cores(priced, n_src, n_ref, links):
        single = _grow([core], priced, n_src, n_ref)
        if single[0] < in_order:
            singles.append(single)
    if not singles:
        return links
    singles.sort(key=lambda single: single[0])
    # Together, the cheapest first where grown blocks meet; a block that only fits with a worse one
    # may make the whole dearer than the best alone.
    joint = _grow(_apart([block for _, _, grown in singles for block in grown]), priced, n_src, n_ref)
    best, aligned, _ = min(joint, singles[0], key=lambda found: found[0])
    if best > in_order - MOVE_MARGIN:
        return links  # links that cross must beat the alignment in order by a clear margin
    return aligned


def _grow(
    blocks: list[Block], priced: _Memo, n_src: int, n_ref: int
) -> tuple[float, list[Link], list[Block]]:
    """Grow (or drop) blocks one sentence at a time, each step the cheapest, and return the cheapest
    blocks seen, their cost and their links. A step may cost more than the one before (half a
    paragraph moved strands the other half) for up to PATIENCE steps."""
    best, aligned = _with_blocks(blocks, priced, n_src, n_ref)
    best_blocks, seen, worse = blocks, {tuple(blocks)}, 0
    for _ in range(MAX_GROWTH):
        tries = [grown for k in range(len(blocks)) for grown in _grown(blocks, k, n_src, n_ref)]
        tries += [blocks[:k] + blocks[k + 1 :] for k in range(len(blocks))]  # or drop a block
        priced_tries = [
            (_with_blocks(b, priced, n_src, n_ref), b) for b in tries if b and tuple(b) not in seen
        ]
        if not priced_tries:
            break
        (total, found), blocks = min(priced_tries, key=lambda item: item[0][0])
        seen.add(tuple(blocks))
        if total < best:
            best, aligned, best_blocks, worse = total, found, blocks, 0
        else:
            worse += 1
            if worse > PATIENCE:
                break
    return best, aligned, best_blocks


def _apart(blocks: list[Block]) -> list[Block]:
    """The blocks in source order, less any that overlaps one before it in ``blocks`` (cores grown
    apart may meet)."""
    kept: list[Block] = []
    for block in blocks:
        if not _overlaps(block, kept):
            kept.append(block)
    return sorted(kept)


def _overlaps(block: Block, others: Sequence[Block]) -> bool:
    """Whether ``block`` shares a source or an English sentence with any of ``others``."""
    (a0, a1), (b0, b1) = block
    return any((a0 < o1 and o0 < a1) or (b0 < p1 and p0 < b1) for (o0, o1), (p0, p1) in others)


class _Memo:
    """A cost that remembers what it priced (the block search prices the same links many times), and
    the alignments with blocks it made (each core's growth and the joint growth meet the same ones)."""

    def __init__(self, cost: Callable[[int, int, int, int], float]) -> None:
        self.cost, self.known = cost, {}  # type: dict[tuple[int, int, int, int], float]
        self.with_blocks: dict[tuple[Block, ...], tuple[float, list[Link]]] = {}

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        key = (i0, i1, j0, j1)
        if key not in self.known:
            self.known[key] = self.cost(i0, i1, j0, j1)
        return self.known[key]


def _moved_cores(priced: _Memo, n_src: int, n_ref: int, links: Sequence[Link]) -> list[Block]:
    """The cores of moved blocks, in runs: the anchors off the longest in-order chain of anchors, and
    those on it that ``links`` (the alignment in order) put with other sentences. The second kind is
    a moved block's own anchor that the chain took, the sentences it displaced having no anchor to
    say that they were the ones to move: the order then shifts every link around it."""
    prices = [[priced(i, i + 1, j, j + 1) for j in range(n_ref)] for i in range(n_src)]
    # Two copies of one sentence are told apart by nothing of their own (real MT translates them
    # alike), so neither says where its English went.
    src_twins, ref_twins = repeated(priced.cost.src), repeated(priced.cost.ref)  # type: ignore[attr-defined]
    anchors = []
    for i, row in enumerate(prices):
        j = min(range(n_ref), key=row.__getitem__)
        if i in src_twins or j in ref_twins:
            continue
        if max(priced.cost.src_alone(i), priced.cost.ref_alone(j)) >= BOILERPLATE:  # type: ignore[attr-defined]
            continue  # every photo has its credit: two credits alike say nothing of where a paragraph went
        others = [row[k] for k in range(n_ref) if k != j] + [prices[k][j] for k in range(n_src) if k != i]
        if row[j] < ANCHOR_BELOW and all(row[j] + ANCHOR_MARGIN < other for other in others):
            anchors.append((i, j))
    chain = _longest_chain(anchors)
    linked = {(i, j) for a, b in links for i in a for j in b}
    off = [pair for pair in anchors if pair not in chain or pair not in linked]
    runs: list[list[tuple[int, int]]] = []
    for i, j in off:  # in source order
        if runs and i - runs[-1][-1][0] <= 2 and 0 < j - runs[-1][-1][1] <= 2:
            runs[-1].append((i, j))
        else:
            runs.append([(i, j)])
    return [((run[0][0], run[-1][0] + 1), (run[0][1], run[-1][1] + 1)) for run in runs]


def _longest_chain(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The most pairs in order on both sides (pairs come in source order)."""
    if not pairs:
        return set()
    best = [1] * len(pairs)
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        for before in range(k):
            if pairs[before][1] < j and best[before] + 1 > best[k]:
                best[k], back[k] = best[before] + 1, before
    k = max(range(len(pairs)), key=best.__getitem__)
    chain = set()
    while k >= 0:
        chain.add(pairs[k])
        k = back[k]
    return chain


def _grown(blocks: list[Block], k: int, n_src: int, n_ref: int) -> list[list[Block]]:
    """``blocks`` with block ``k`` a sentence longer at one of its four ends, or a sentence longer on
    both sides at one end, where there is room."""
    ((s0, s1), (r0, r1)) = blocks[k]
    options = [
        ((s0 - 1, s1), (r0, r1)),
        ((s0, s1 + 1), (r0, r1)),
        ((s0, s1), (r0 - 1, r1)),
        ((s0, s1), (r0, r1 + 1)),
        # A pair at once: a sentence alone in the block costs what it costs outside.
        ((s0 - 1, s1), (r0 - 1, r1)),
        ((s0, s1 + 1), (r0, r1 + 1)),
    ]
    out = []
    for (a0, a1), (b0, b1) in options:
        if a0 < 0 or b0 < 0 or a1 > n_src or b1 > n_ref:
            continue
        others = blocks[:k] + blocks[k + 1 :]
        if _overlaps(((a0, a1), (b0, b1)), others):
            continue  # blocks do not overlap
        out.append([*others[:k], ((a0, a1), (b0, b1)), *others[k:]])
    return out


def _with_blocks(blocks: list[Block], priced: _Memo, n_src: int, n_ref: int) -> tuple[float, list[Link]]:
    """The cost and links of ``blocks`` each aligned in order within itself, and the rest in order
    without them (a merge may not reach over a block's place)."""
    key = tuple(sorted(blocks))
    if key not in priced.with_blocks:
        priced.with_blocks[key] = _aligned_with_blocks(blocks, priced, n_src, n_ref)
    return priced.with_blocks[key]


def _aligned_with_blocks(
    blocks: list[Block], priced: _Memo, n_src: int, n_ref: int
) -> tuple[float, list[Link]]:
    in_blocks_src = {i for (s0, s1), _ in blocks for i in range(s0, s1)}
    in_blocks_ref = {j for _, (r0, r1) in blocks for j in range(r0, r1)}
    src_left = [i for i in range(n_src) if i not in in_blocks_src]
    ref_left = [j for j in range(n_ref) if j not in in_blocks_ref]

    # Each kept sentence's original index, then the document's end (where an empty span at the end sits).
    src_at, ref_at = [*src_left, n_src], [*ref_left, n_ref]

    def rest_cost(i0: int, i1: int, j0: int, j1: int) -> float:
        a = _original_span(src_at, i0, i1)
        b = _original_span(ref_at, j0, j1)
        if a is None or b is None:
            return float("inf")
        return priced(*a, *b)

    rest = dp_align(len(src_left), len(ref_left), rest_cost)
    total = _path_cost(rest, rest_cost)
    found = [(tuple(src_left[i] for i in a), tuple(ref_left[j] for j in b)) for a, b in rest]
    for (s0, s1), (r0, r1) in sorted(blocks, reverse=True):

        def block_cost(i0: int, i1: int, j0: int, j1: int, s0: int = s0, r0: int = r0) -> float:
            return priced(s0 + i0, s0 + i1, r0 + j0, r0 + j1)

        inside = dp_align(s1 - s0, r1 - r0, block_cost)
        total += _path_cost(inside, block_cost)
        # In source order: the block's links stand where its source sentences do.
        at = next((k for k, (a, _) in enumerate(found) if a and a[0] >= s1), len(found))
        found[at:at] = [(tuple(s0 + i for i in a), tuple(r0 + j for j in b)) for a, b in inside]
    return total, found


def _original_span(at: list[int], start: int, end: int) -> tuple[int, int] | None:
    """The original indices of kept sentences ``start`` to ``end`` as a range, or None if a removed
    one lies between; ``at`` holds each kept sentence's original index, then the document's end. The
    dynamic program asks this of every link it prices, so it reads the two ends and slices nothing."""
    first = at[start]
    if end == start:  # an empty block sits just before the next kept sentence
        return first, first
    last = at[end - 1]
    if last - first != end - 1 - start:
        return None
    return first, last + 1


def _ratio(doc: AlignmentInput) -> float:
    src_chars, ref_chars = sum(map(len, doc.src)), sum(map(len, doc.ref))
    return ref_chars / src_chars if src_chars and ref_chars else 1.0


def _first_pass(doc: AlignmentInput) -> list[Link]:
    """Lengths, anchors, shapes and MT, at the document's own length ratio: no word table yet."""
    return align_sentences(
        doc.src,
        doc.ref,
        mt=doc.mt,
        src_terms=doc.src_terms,
        src_paragraphs=doc.src_paragraphs,
        ref_paragraphs=doc.ref_paragraphs,
    )
