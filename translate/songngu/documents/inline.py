"""Inline formatting (bold, italic, links) carried from a Vietnamese block to its English.

A block (a Word paragraph, an HTML paragraph) is a list of runs: text with a style. The
style is whatever the format needs to rebuild the run (Word run properties, the HTML inline
elements around the text); here it is an opaque index. A translation loses the alignment
between words, so a style is carried over only where its English span is known:

* the run is the sentence's main style: the whole English sentence gets it. That is the style
  of all of its words, or, where styles differ, the least emphasised one (``emphasis``: plain
  before italic, italic before italic and bold, anything before a link), so italic on half a
  sentence stays on its half and is reported, not spread over the whole English;
* the run's text is a glossary term, a number, date or URL (``known`` gives its English),
  or a name that the English repeats verbatim: that English span gets it;
* the run's text holds such spans and other words ("Hiệp hội … Việt Nam (ACVN)", "1.500
  người"): the English from the first span's to the last span's gets it;
* otherwise it is dropped, and reported so that the reviewer can restore it by hand.

Where a reviewer placed the styles themselves (inline codes in an XLIFF file that came back
from a CAT tool), the sentence's ``placed`` spans are used as they are, and nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """Text in one style. ``style`` indexes the format's own list of styles."""

    text: str
    style: int


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of a sentence that have ``style`` (not the sentence's main style)."""

    start: int
    end: int
    style: int


@dataclass(frozen=True)
class SentenceText:
    """One sentence of a block: where it lies in the block's text, and its English.

    ``placed``: the English's styled spans as a reviewer placed them (None: carry them over).
    """

    start: int
    end: int
    english: str
    placed: tuple[Span, ...] | None = None


@dataclass(frozen=True)
class SentenceStyles:
    """A sentence's formatting beyond its main style, in its Vietnamese and in its English."""

    main: int
    source: tuple[Span, ...]  # offsets into the sentence's Vietnamese
    english: tuple[Span, ...]  # offsets into its English
    dropped: tuple[Span, ...]  # source spans whose English was not found


@dataclass(frozen=True)
class DroppedStyle:
    """A styled span whose English could not be found: the reviewer is told of it."""

    sentence: int  # index into the block's sentences
    text: str
    style: int


def block_text(runs: Sequence[Run]) -> str:
    return "".join(run.text for run in runs)


def carry_runs(
    runs: Sequence[Run],
    sentences: Sequence[SentenceText],
    known: Callable[[str], str | None] = lambda text: None,
    emphasis: Callable[[int], int] = lambda style: 0,
) -> tuple[list[Run], list[DroppedStyle]]:
    """The English runs of a block (its sentences joined by spaces), and the styles dropped."""
    text = block_text(runs)
    english_runs: list[Run] = []
    dropped: list[DroppedStyle] = []
    for index, sentence in enumerate(sentences):
        if not sentence.english:
            continue
        styles = sentence_styles(runs, sentence, known, emphasis)
        source = text[sentence.start : sentence.end]
        dropped += [DroppedStyle(index, source[s.start : s.end], s.style) for s in styles.dropped]
        marks = [styles.main] * len(sentence.english)
        for span in styles.english:
            marks[span.start : span.end] = [span.style] * (span.end - span.start)
        if english_runs:
            english_runs.append(Run(" ", english_runs[-1].style))
        english_runs += _runs_of(sentence.english, marks)
    return _joined(english_runs), dropped


def sentence_styles(
    runs: Sequence[Run],
    sentence: SentenceText,
    known: Callable[[str], str | None] = lambda text: None,
    emphasis: Callable[[int], int] = lambda style: 0,
) -> SentenceStyles:
    """Where the sentence's styles lie in its Vietnamese and (carried over, or as placed) its English.

    A link covers the whole English only where it covered the whole sentence: a linked URL
    that is most of "Xem tại https://…" keeps its link on the URL, not on the sentence.
    """
    styles = _style_per_character(runs)
    main = _main_style(styles, sentence.start, sentence.end, runs, emphasis)
    source = _styled_spans(runs, styles, sentence.start, sentence.end, main)
    if sentence.placed is not None:
        return SentenceStyles(main, tuple(source), sentence.placed, ())
    text = block_text(runs)
    marks = [main] * len(sentence.english)
    english: list[Span] = []
    dropped: list[Span] = []
    for span in source:
        piece = text[sentence.start + span.start : sentence.start + span.end]
        target = known(piece) or piece
        at = _free_occurrence(sentence.english, target, marks, main)
        found = (
            (at, at + len(target))
            if at >= 0
            else _known_parts_span(piece, sentence.english, known, marks, main)
        )
        if found is None:
            dropped.append(span)
            continue
        start, end = found
        marks[start:end] = [span.style] * (end - start)
        english.append(Span(start, end, span.style))
    return SentenceStyles(main, tuple(source), tuple(sorted(english, key=lambda s: s.start)), tuple(dropped))


def _style_per_character(runs: Sequence[Run]) -> list[int]:
    return [run.style for run in runs for _ in run.text]


def _main_style(
    styles: list[int], start: int, end: int, runs: Sequence[Run], emphasis: Callable[[int], int]
) -> int:
    """The style the whole English gets: the least emphasised style of the sentence's letters and
    digits (the one style of them all, where they share one), the commoner on a tie; punctuation
    has no say ("*a quotation in italic*." stays italic). The first run's if it has no letters."""
    counts: dict[int, int] = {}
    text = block_text(runs)
    for position in range(start, min(end, len(styles))):
        if text[position].isalnum():
            counts[styles[position]] = counts.get(styles[position], 0) + 1
    if counts:
        return min(counts, key=lambda style: (emphasis(style), -counts[style]))
    return styles[start] if start < len(styles) else (runs[0].style if runs else 0)


# Words of a styled stretch, without the brackets, quotes and marks around them.
_WORD_IN_PIECE = re.compile(r"[^\s()\[\]«»“”\"',;:]+")
# A stretch of more words than this is never searched for known parts (each start is tried with each end).
_PARTS_WORDS = 16
# Words of English allowed between two parts' English: "the Association of Cities of Vietnam (ACVN)".
_PARTS_GAP = 3


def _known_parts_span(
    piece: str, english: str, known: Callable[[str], str | None], marks: list[int], main: int
) -> tuple[int, int] | None:
    """Where the English of the known parts of ``piece`` (terms, numbers, dates) lies, from the
    first part's start to the last part's end, with a closing bracket the piece ends with; None
    when it has none, or when one is missing from the English or far from the one before."""
    words = [m.span() for m in _WORD_IN_PIECE.finditer(piece)]
    if not words or len(words) > _PARTS_WORDS:
        return None
    parts: list[str] = []
    first = 0
    while first < len(words):  # the longest known run of words from each start
        for last in range(len(words), first, -1):
            part = known(piece[words[first][0] : words[last - 1][1]])
            if part:
                parts.append(part)
                first = last
                break
        else:
            first += 1
    spans: list[tuple[int, int]] = []
    for part in dict.fromkeys(parts):
        at = _free_occurrence(english, part, marks, main, after=spans[-1][1] if spans else 0)
        if at < 0 or (spans and len(english[spans[-1][1] : at].split()) > _PARTS_GAP):
            return None
        spans.append((at, at + len(part)))
    if not spans:
        return None
    end = spans[-1][1]
    closing = piece.rstrip()[-1:]
    if closing in ")]»”" and english[end : end + 1] == closing:
        end += 1
    return spans[0][0], end


def _styled_spans(runs: Sequence[Run], styles: list[int], start: int, end: int, main: int) -> list[Span]:
    """The sentence's stretches in another style than ``main`` (offsets into the sentence),
    trimmed of spaces and punctuation."""
    text = block_text(runs)
    spans: list[Span] = []
    position = start
    while position < end:
        style = styles[position]
        stop = position
        while stop < end and styles[stop] == style:
            stop += 1
        stretch = text[position:stop]
        piece = stretch.strip().strip(",;:.!?").strip()
        if style != main and piece:
            at = position + stretch.index(piece)
            spans.append(Span(at - start, at - start + len(piece), style))
        position = stop
    return spans


def _free_occurrence(english: str, target: str, marks: list[int], main: int, after: int = 0) -> int:
    """Where ``target`` first occurs in ``english`` (from ``after``) on characters no other style has taken, or -1."""
    if not target:
        return -1
    at = english.find(target, after)
    while at >= 0:
        if all(mark == main for mark in marks[at : at + len(target)]):
            return at
        at = english.find(target, at + 1)
    return -1


def _runs_of(text: str, marks: list[int]) -> list[Run]:
    runs: list[Run] = []
    start = 0
    for position in range(1, len(text) + 1):
        if position == len(text) or marks[position] != marks[start]:
            runs.append(Run(text[start:position], marks[start]))
            start = position
    return runs


def _joined(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of one style as one run (fewer elements in the output document)."""
    joined: list[Run] = []
    for run in runs:
        if joined and joined[-1].style == run.style:
            joined[-1] = Run(joined[-1].text + run.text, run.style)
        else:
            joined.append(run)
    return joined


def sentence_spans(block: str, sources: Sequence[str]) -> list[tuple[int, int]] | None:
    """Where each sentence (in order) lies in the block's text, or None if they are not its sentences."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for source in sources:
        at = block.find(source, cursor)
        if at < 0:
            return None
        spans.append((at, at + len(source)))
        cursor = at + len(source)
    return spans
