"""Sentences longer than the model's input limit: cut at clause boundaries, never silently truncated.

Every backend translates pieces, not requests: ``split_requests`` turns each
request into one piece (it fits) or several (its clauses, regrouped to fit), and
``join_pieces`` puts the pieces' translations back together in request order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from songngu.translation.requests import TranslationRequest, tidy_spacing

# Clause boundaries where an over-long sentence may be cut: after ; : , or before a spaced dash.
_CLAUSE_END = re.compile(r"(?<=[;:,])\s+|\s+(?=[–—-]\s)")


@dataclass(frozen=True)
class Piece:
    """What the model decodes in one go: a whole request, or one clause group of an over-long one."""

    request: int  # index of the request it belongs to
    model_input: str
    required: tuple[str, ...]
    # One word longer than the model takes (a long URL, a run of characters with no space):
    # it is passed through as written instead of being fed to a model it would overflow.
    verbatim: bool = False


def split_requests(
    requests: Sequence[TranslationRequest], count_tokens: Callable[[str], int], limit: int
) -> tuple[list[Piece], int]:
    """The pieces of every request, in order, and how many requests had to be cut."""
    pieces: list[Piece] = []
    cut = 0
    for index, request in enumerate(requests):
        parts = fit_request(request, count_tokens, limit)
        cut += len(parts) > 1
        pieces += [
            Piece(index, part.model_input, part.required, verbatim=count_tokens(part.model_input) > limit)
            for part in parts
        ]
    return pieces, cut


def join_pieces(pieces: Sequence[Piece], outputs: Sequence[str], requests: int) -> list[str]:
    """One English text per request: its pieces joined with spaces, in piece order.

    ``outputs`` are the model's translations of the pieces that are not verbatim, in order;
    a verbatim piece stands for itself.
    """
    assembler = Assembler(pieces, requests)
    model_pieces = [i for i, piece in enumerate(pieces) if not piece.verbatim]
    for position, text in zip(model_pieces, outputs):
        assembler.add(position, text)
    return assembler.texts()


class Assembler:
    """Puts requests back together as their pieces come back from the model, in any order.

    ``add`` returns the requests it completed, so that a backend can report each request
    (and the pipeline commit it) as soon as its last piece is decoded, not when all are.
    """

    def __init__(self, pieces: Sequence[Piece], requests: int) -> None:
        self._pieces = pieces
        self._parts: list[list[str | None]] = [[] for _ in range(requests)]
        self._slot: list[int] = []  # where each piece goes among its request's parts
        self._missing = [0] * requests
        for piece in pieces:
            self._slot.append(len(self._parts[piece.request]))
            self._parts[piece.request].append(piece.model_input if piece.verbatim else None)
            self._missing[piece.request] += not piece.verbatim

    def without_model_work(self) -> list[tuple[int, str]]:
        """The requests made of verbatim pieces only: complete before any decoding."""
        return [
            (r, self._text(r)) for r, missing in enumerate(self._missing) if missing == 0 and self._parts[r]
        ]

    def add(self, position: int, text: str) -> list[tuple[int, str]]:
        """Record the translation of piece ``position``; the (request, English) pairs it completed."""
        request = self._pieces[position].request
        self._parts[request][self._slot[position]] = text
        self._missing[request] -= 1
        return [(request, self._text(request))] if self._missing[request] == 0 else []

    def texts(self) -> list[str]:
        return [self._text(r) for r in range(len(self._parts))]

    def _text(self, request: int) -> str:
        return tidy_spacing(" ".join(part or "" for part in self._parts[request]))


def fit_request(
    request: TranslationRequest, count_tokens: Callable[[str], int], limit: int
) -> list[TranslationRequest]:
    """``request`` itself if it fits; else consecutive clause groups that each fit, terms assigned to their group.

    The pieces' translations joined with spaces are the sentence's translation.
    """
    if count_tokens(request.model_input) <= limit:
        return [request]
    chunks: list[str] = []
    for clause in split_clauses(request.model_input, count_tokens, limit):
        if chunks and count_tokens(f"{chunks[-1]} {clause}") <= limit:
            chunks[-1] = f"{chunks[-1]} {clause}"
        else:
            chunks.append(clause)
    # A term belongs to the chunk whose (English-replaced) source contains it.
    pieces = [TranslationRequest(chunk, tuple(t for t in request.required if t in chunk)) for chunk in chunks]
    missing = [t for t in request.required if not any(t in p.required for p in pieces)]
    if missing:  # a term cut across chunks: require it in the last one so it still appears
        pieces[-1] = TranslationRequest(pieces[-1].model_input, (*pieces[-1].required, *missing))
    return pieces


def split_clauses(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Clauses of ``text``, each cut further at spaces if it alone is still over ``limit`` tokens."""
    result: list[str] = []
    for clause in (c for c in _CLAUSE_END.split(text) if c.strip()):
        if count_tokens(clause) <= limit:
            result.append(clause)
            continue
        result += _pack_words(clause.split(), count_tokens, limit)
    return result


def _pack_words(words: list[str], count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """``words`` in groups of at most ``limit`` tokens. Each word is counted once and the counts
    added (sentencepiece never joins pieces across a space), so the cost is linear in the clause;
    counting every growing group again made a 96 KB line take 9.5 s. A group the sum misjudged
    (the tokenizer's normaliser) is packed again word by word, counting the group itself."""
    groups: list[list[str]] = [[]]
    size = 0
    for word, tokens in zip(words, map(count_tokens, words)):
        if groups[-1] and size + tokens > limit:
            groups.append([])
            size = 0
        groups[-1].append(word)
        size += tokens
    packed = []
    for group in groups:
        text = " ".join(group)
        if len(group) > 1 and count_tokens(text) > limit:
            packed += _pack_counting_groups(group, count_tokens, limit)
        elif group:
            packed.append(text)
    return packed


def _pack_counting_groups(words: list[str], count_tokens: Callable[[str], int], limit: int) -> list[str]:
    packed: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and count_tokens(candidate) > limit:
            packed.append(current)
            current = word
        else:
            current = candidate
    return [*packed, current] if current else packed
