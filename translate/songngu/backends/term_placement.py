"""The glossary guarantee for an engine without a decoding hook: missing terms put in by attention.

CTranslate2 cannot run ``RequiredTermsLogitsProcessor`` (``constraint.py``) inside its beam
search. Its output is checked instead, and a term the output lacks is put in where the model
translated it: the source already holds the English term (``translation.requests.prepare_source``),
so the output words whose attention peaks on the term's source pieces are the model's rendering of
it ("Uclg-Aspac", "the Association of Vietnamese Cities"), and the term replaces them. When no
output word attends to the term, it goes before the first word that attends past it, as a
translator would write it where the sentence reaches it.

This is how placeholders and unknown words are restored from attention in OpenNMT and Marian
(``replace_unknowns``). It costs no decoding: continuing the output from a prefix holding the term
(``target_prefix``) was tried and decodes the prefix step by step, as dear as a second translation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WORD_START = "▁"  # SentencePiece's mark of a piece that begins a word


@dataclass(frozen=True)
class Edit:
    """Words ``start`` to ``end`` (exclusive) of the output give way to ``term``; an insertion when equal."""

    start: int
    end: int
    term: str


def place_terms(
    hypothesis: Sequence[str],
    attention: Sequence[Sequence[float]],
    source: Sequence[str],
    missing: Sequence[str],
    render: Callable[[Sequence[str]], str],
    present: Sequence[str] = (),
) -> str:
    """The output (its pieces ``hypothesis``) with each ``missing`` term put in.

    ``attention[j]`` holds output piece j's attention over the ``source`` pieces, as the engine
    returns it; ``render`` turns pieces into text. Words holding a ``present`` term are never replaced.
    """
    words = _words(hypothesis)
    word_of = [w for w, word in enumerate(words) for _ in word]
    peaks = [max(range(len(row)), key=row.__getitem__) if row else -1 for row in attention]
    source_text, starts = _source_text(source)
    edits: list[Edit] = []
    # A term inside a longer missing one ("Association of Cities of Vietnam" in "Office of the
    # Association of Cities of Vietnam") comes with it.
    for term in [t for t in missing if not any(t != other and t in other for other in missing)]:
        span = _span(term, source_text, starts)
        edits.append(_edit(term, span, peaks, word_of, len(words)))
    return _apply(words, edits, render, present)


def _edit(term: str, span: tuple[int, int] | None, peaks: list[int], word_of: list[int], count: int) -> Edit:
    if span is None:  # not found in the source (a term cut across pieces of a long sentence): at the end
        return Edit(count, count, term)
    first, last = span
    inside = sorted({word_of[j] for j, peak in enumerate(peaks[: len(word_of)]) if first <= peak <= last})
    if inside:
        # At most two words more than the term has: a model that attends to one piece throughout
        # (a random one does) must not lose half its sentence to one name.
        run = _longest_run(inside)[: len(term.split()) + 2]
        return Edit(run[0], run[-1] + 1, term)
    after = [word_of[j] for j, peak in enumerate(peaks[: len(word_of)]) if peak > last]
    position = min(after) if after else count
    return Edit(position, position, term)


def _apply(
    words: list[list[str]], edits: list[Edit], render: Callable[[Sequence[str]], str], present: Sequence[str]
) -> str:
    """The words as text with the edits made. An edit never replaces a word already replaced, a
    word holding a present term, or a "word" far longer than the term (pieces with no word start
    between them are not a word a name stands for): it keeps to the longest run of the others, and
    becomes an insertion when there is none."""
    texts = [render(word) for word in words]
    taken: set[int] = set()
    at: dict[int, list[str]] = {}  # word index -> the terms that go before it
    for edit in edits:
        free = [
            i
            for i in range(edit.start, edit.end)
            if i not in taken
            and not any(term in texts[i] for term in present)
            and len(texts[i]) <= 2 * len(edit.term) + 8
        ]
        run = _longest_run(free) if free else []
        taken |= set(run)
        at.setdefault(run[0] if run else edit.start, []).append(edit.term)
    parts: list[str] = []
    for index in range(len(words) + 1):
        parts += at.get(index, [])
        if index < len(words) and index not in taken:
            parts.append(texts[index])
    return " ".join(part for part in parts if part)


def _longest_run(indices: list[int]) -> list[int]:
    """The longest run of consecutive numbers in sorted ``indices`` (the first of equals)."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return max(runs, key=len)


def _words(pieces: Sequence[str]) -> list[list[str]]:
    words: list[list[str]] = []
    for piece in pieces:
        if piece.startswith(WORD_START) or not words:
            words.append([piece])
        else:
            words[-1].append(piece)
    return words


def _source_text(source: Sequence[str]) -> tuple[str, list[int]]:
    """The source pieces as text (word marks as spaces), and where each piece starts in it."""
    starts, text = [], ""
    for piece in source:
        starts.append(len(text))
        text += piece.replace(WORD_START, " ")
    return text, starts


def _span(term: str, text: str, starts: list[int]) -> tuple[int, int] | None:
    """The first and last source piece of ``term``'s first occurrence in the source text."""
    found = text.find(term)
    if found < 0:
        return None
    end = found + len(term)
    ends = [*starts[1:], len(text)]
    pieces = [i for i, (start, stop) in enumerate(zip(starts, ends)) if start < end and stop > found]
    return (pieces[0], pieces[-1]) if pieces else None
