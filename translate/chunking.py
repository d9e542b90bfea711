"""Sentences longer than the model's input limit: cut at clause boundaries, never silently truncated."""

from __future__ import annotations

import re
from collections.abc import Callable

from translate.constrain import TranslationRequest

# Clause boundaries where an over-long sentence may be cut: after ; : , or before a spaced dash.
_CLAUSE_END = re.compile(r"(?<=[;:,])\s+|\s+(?=[–—-]\s)")


def fit_request(
    request: TranslationRequest, count_tokens: Callable[[str], int], limit: int
) -> list[TranslationRequest]:
    """``request`` itself if it fits; else consecutive clause groups that each fit, terms assigned to their group.

    The pieces' translations joined with spaces are the sentence's translation.
    """
    if count_tokens(request.source) <= limit:
        return [request]
    chunks: list[str] = []
    for clause in split_clauses(request.source, count_tokens, limit):
        if chunks and count_tokens(f"{chunks[-1]} {clause}") <= limit:
            chunks[-1] = f"{chunks[-1]} {clause}"
        else:
            chunks.append(clause)
    # A term belongs to the chunk whose (English-replaced) source contains it.
    pieces = [TranslationRequest(chunk, tuple(t for t in request.required if t in chunk)) for chunk in chunks]
    missing = [t for t in request.required if not any(t in p.required for p in pieces)]
    if missing:  # a term cut across chunks: require it in the last one so it still appears
        pieces[-1] = TranslationRequest(pieces[-1].source, (*pieces[-1].required, *missing))
    return pieces


def split_clauses(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Clauses of ``text``, each cut further at spaces if it alone is still over ``limit`` tokens."""
    result: list[str] = []
    for clause in (c for c in _CLAUSE_END.split(text) if c.strip()):
        if count_tokens(clause) <= limit:
            result.append(clause)
            continue
        current = ""
        for word in clause.split():
            candidate = f"{current} {word}".strip()
            if current and count_tokens(candidate) > limit:
                result.append(current)
                current = word
            else:
                current = candidate
        if current:
            result.append(current)
    return result
