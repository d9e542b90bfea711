"""Inline codes: a sentence's styled spans as XLIFF codes, and codes a reviewer placed back as styles.

Code ``k`` stands for the k-th styled span of the Vietnamese (in reading order). The English's
codes reuse those ids, so a CAT tool shows which Vietnamese span each English span renders; a
code the translator moved keeps its id, and therefore its style. What the reviewer placed is
kept in the PO as an extracted comment in XLIFF 1.2 notation (``#. inline: The <g id="1">ACVN</g>
said``), used by every rebuild for as long as the English is the text it was placed on.
"""

from __future__ import annotations

from collections.abc import Callable

import polib

from songngu.documents.inline import SentenceStyles, Span
from songngu.review.entry import INLINE_NOTE, comment_line, set_comment_line
from songngu.review.xliff import Code, Marked, marked_markup, parse_markup


def code_kind(style_name: str) -> str:
    """The CAT tools' name for a layout's style (``bold italic``, ``<strong>``, ``link to …``)."""
    name = style_name.lower()
    if "link" in name:
        return "link"
    for kind, words in (
        ("bold", ("bold", "<b>", "<strong>")),
        ("italic", ("italic", "<i>", "<em>")),
        ("underlined", ("underline", "<u>")),
    ):
        if any(word in name for word in words):
            return kind
    return "x-formatting"


def source_marked(text: str, styles: SentenceStyles, style_name: Callable[[int], str]) -> Marked:
    codes = tuple(
        Code(str(number), span.start, span.end, code_kind(style_name(span.style)))
        for number, span in enumerate(styles.source, start=1)
    )
    return Marked(text, codes)


def english_marked(text: str, styles: SentenceStyles, style_name: Callable[[int], str]) -> Marked:
    """The English with a code on each styled span, named after a Vietnamese span of its style."""
    unused = list(enumerate(styles.source, start=1))
    codes = []
    for span in styles.english:
        same = [(number, s) for number, s in unused if s.style == span.style]
        if not same:
            same = [(n, s) for n, s in enumerate(styles.source, start=1) if s.style == span.style]
            if not same:
                continue
        number, taken = same[0]
        if (number, taken) in unused:
            unused.remove((number, taken))
        codes.append(Code(str(number), span.start, span.end, code_kind(style_name(span.style))))
    return Marked(text, tuple(codes))


def placed_spans(marked: Marked, styles: SentenceStyles) -> tuple[Span, ...]:
    """The English's styled spans from the codes a reviewer placed; a code the Vietnamese does not
    have is ignored. Where codes nest, the inner one's style wins (it was written last)."""
    by_id = {str(number): span.style for number, span in enumerate(styles.source, start=1)}
    marks = [styles.main] * len(marked.text)
    for code in sorted(marked.codes, key=lambda c: (c.start, -c.end)):
        if code.id in by_id:
            marks[code.start : code.end] = [by_id[code.id]] * (code.end - code.start)
    spans: list[Span] = []
    start = 0
    for position in range(1, len(marks) + 1):
        if position == len(marks) or marks[position] != marks[start]:
            if marks[start] != styles.main:
                spans.append(Span(start, position, marks[start]))
            start = position
    return tuple(spans)


def noted_inline(comment: str, english: str) -> Marked | None:
    """The reviewer's placed codes in an entry's comment, if they were placed on this English."""
    line = comment_line(comment, INLINE_NOTE)
    marked = parse_markup(line) if line is not None else None
    return marked if marked is not None and marked.text == english.strip() else None


def set_inline_note(entry: polib.POEntry, marked: Marked | None) -> None:
    """The entry's inline line set to ``marked``'s codes (or removed, when it has none)."""
    set_comment_line(
        entry, INLINE_NOTE, marked_markup(marked) if marked is not None and marked.codes else None
    )
