"""A sentence pair as a reviewer sees it, and the English document made from the pairs."""

from __future__ import annotations

from dataclasses import dataclass

from songngu.documents.text import join_paragraphs, paragraph_of


@dataclass(frozen=True)
class SentencePair:
    """A sentence as a reviewer sees it. ``status`` is reviewed, machine or untranslated."""

    id: str
    source: str
    english: str
    status: str


def format_english(pairs: list[SentencePair]) -> str:
    """The English document: sentences of a paragraph joined by spaces, one paragraph a line."""
    paragraphs: dict[int, list[str]] = {}
    for pair in pairs:
        paragraphs.setdefault(paragraph_of(pair.id), []).append(pair.english.strip())
    return join_paragraphs([" ".join(s for s in sentences if s) for sentences in paragraphs.values()])
