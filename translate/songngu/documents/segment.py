"""Vietnamese sentence splitting.

A rule-based splitter tuned on Vietnamese news: a sentence ends at ``.``, ``!``,
``?``, an ellipsis (``…`` or three or more dots) or the news-item end mark ``./.``
when the next word starts a sentence (a capital letter, digit or opening quote).
It does not end after abbreviations such as "TP." or "TS.", inside parentheses
("vv...)"), before a lower-case word ("thông tin… để") or at a colon ("có: Bà").
Headings and bylines without final punctuation stay one sentence each, because a
paragraph (line) is never joined with the next. A sentence longer than ``MAX_SENTENCE_CHARS``
(a line with no full stop: a pasted table, a list of names) is cut into pieces of at most that
many characters, after a comma, semicolon or colon where there is one, else at a space.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from songngu.documents.text import Document, Segment, sentence_id

# Abbreviations that end with a dot but never end a sentence (compared case-insensitively).
ABBREVIATIONS = frozenset(
    {
        "tp",
        "tt",
        "q",
        "p",
        "ts",
        "ths",
        "pgs",
        "gs",
        "bs",
        "ks",
        "th.s",
        "tx",
        "ubnd",
        "mr",
        "ms",
        "mrs",
        "dr",
        "st",
        "no",
        "vs",
    }
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then either
# whitespace or (after an ellipsis only) directly the next word.
_BOUNDARY = re.compile(
    r"""
    (?P<end> \./\. | \.{3,} | … | [.!?]+ )
    (?P<close> [”"’'»)\]]* )
    (?P<space> \s* )
    """,
    re.VERBOSE,
)
_OPENERS = frozenset("\"“‘'«([-– ")
# Abbreviations and initials are short; looking further back for one would only cost time.
_LONGEST_WORD = 64

# Every check looks at a bounded neighbourhood of the boundary or keeps a running count, so a
# paragraph is split in linear time: slicing or searching the whole prefix at each full stop made a
# 20,000-sentence paragraph take minutes.
BoundaryTest = Callable[[str, re.Match[str], int], bool]


# The longest sentence kept whole, in characters. The seeds' longest is 927 (a list of speakers
# and their titles), the next 442. Past this a "sentence" is a line without full stops (a pasted
# table, a run of names) that no reviewer can read in one cell; a 1.4 MB one never finished.
MAX_SENTENCE_CHARS = 2000


def split_sentences(paragraph: str) -> list[str]:
    """Split one Vietnamese paragraph into sentences; joined with spaces they give the paragraph back."""
    return [sentence for sentence, _ in _sentences(paragraph)]


def _sentences(paragraph: str) -> list[tuple[str, bool]]:
    """The paragraph's sentences, each with whether it is a piece of an over-long one."""
    found = []
    for sentence in _split(paragraph, _is_boundary):
        pieces = cut_long(sentence)
        found += [(piece, len(pieces) > 1) for piece in pieces]
    return found


def cut_long(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """``sentence`` in pieces of at most ``limit`` characters: each ends after the last clause mark
    (, ; :) in the second half of its window, else at the window's last space, else at the limit.
    Each window is searched once, so the cost is linear in the sentence's length."""
    pieces: list[str] = []
    start = 0
    while len(sentence) - start > limit:
        end = start + limit
        cut = max(sentence.rfind(mark, start + limit // 2, end - 1) for mark in ",;:") + 1
        if cut <= start:
            cut = sentence.rfind(" ", start + 1, end + 1)
        if cut <= start:
            cut = end
        pieces.append(sentence[start:cut].strip())
        start = cut
        while start < len(sentence) and sentence[start].isspace():
            start += 1
    rest = sentence[start:].strip()
    return [*pieces, rest] if rest else pieces


def _split(paragraph: str, is_boundary: BoundaryTest) -> list[str]:
    """Cut ``paragraph`` after every candidate boundary that ``is_boundary`` accepts."""
    sentences: list[str] = []
    start = 0
    depth, counted = 0, 0  # open brackets before position `counted`
    for match in _BOUNDARY.finditer(paragraph):
        if match.end() >= len(paragraph):
            break
        depth += paragraph.count("(", counted, match.start()) - paragraph.count(")", counted, match.start())
        counted = match.start()
        if is_boundary(paragraph, match, depth):
            piece = paragraph[start : match.end()].strip()
            if piece:
                sentences.append(piece)
            start = match.end()
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _is_boundary(text: str, match: re.Match[str], bracket_depth: int) -> bool:
    end, space = match.group("end"), match.group("space")
    is_ellipsis = end in ("…", "./.") or end.startswith("...")
    if not space and not is_ellipsis:
        return False  # "3.5", "www.x.com", "TP.HCM"
    if not _starts_sentence(text, match.end()):
        return False  # lower-case continuation, closing bracket, punctuation
    if bracket_depth > 0:
        return False  # never split inside parentheses
    if end == ".":
        word = _word_before(text, match.start())
        if word and _is_abbreviation(word):
            return False
    return True


def _word_before(text: str, end: int) -> str:
    """The run of word characters and dots that ends at ``end`` ("TP", "N.T"), if it is short."""
    start = end
    while (
        start > 0 and end - start <= _LONGEST_WORD and (text[start - 1].isalnum() or text[start - 1] in "_.")
    ):
        start -= 1
    return text[start:end] if end - start <= _LONGEST_WORD else ""


def _starts_sentence(text: str, position: int) -> bool:
    while position < len(text) and text[position] in _OPENERS:
        position += 1
    return position < len(text) and (text[position].isupper() or text[position].isdigit())


def _is_abbreviation(word: str) -> bool:
    lowered = word.lower()
    if lowered in ABBREVIATIONS:
        return True
    # Initials such as "J." or "N.T." in names.
    letters = word.split(".")
    return all(len(letter) == 1 and letter.isupper() for letter in letters)


def segment_document(document: Document) -> list[Segment]:
    """Every sentence of the document with its "p.s" id (both counted from 1)."""
    return [
        Segment(id=sentence_id(p, s), text=sentence, cut=cut)
        for p, paragraph in enumerate(document.paragraphs, start=1)
        for s, (sentence, cut) in enumerate(_sentences(paragraph), start=1)
    ]


# English abbreviations that end with a dot inside a sentence.
ENGLISH_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "e.g", "i.e", "jr", "sr", "co", "inc", "ltd"}
)


def split_english(paragraph: str) -> list[str]:
    """Split an English paragraph (references, hand-made versions) with the same boundary rules."""
    return _split(paragraph, _is_english_boundary)


def _is_english_boundary(text: str, match: re.Match[str], bracket_depth: int) -> bool:
    if not match.group("space") or not _starts_sentence(text, match.end()):
        return False
    if bracket_depth > 0:
        return False
    word = _word_before(text, match.start())
    if match.group("end") == "." and word:
        return not (word.lower() in ENGLISH_ABBREVIATIONS or _is_abbreviation(word))
    return True
