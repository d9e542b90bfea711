"""Word documents and web pages as songngu documents, and back: one layout class per format.

A layout (``DocxLayout``, ``HtmlLayout``) gives the document's translatable blocks as styled
runs and renders the same file with English runs in their place. This module turns the blocks
into a ``Document`` (one paragraph per block) and the reviewed sentences back into runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from songngu.documents.inline import (
    Run,
    SentenceStyles,
    SentenceText,
    Span,
    block_text,
    carry_runs,
    sentence_spans,
    sentence_styles,
)
from songngu.documents.registry import FORMATTED_SUFFIXES, LAYOUTS
from songngu.documents.text import Document, document_name, paragraph_of
from songngu.errors import InputError, unreadable


class Layout(Protocol):
    def blocks(self) -> list[tuple[str, list[Run]]]: ...

    def style_name(self, style: int) -> str: ...

    def emphasis(self, style: int) -> int:
        """How much a style adds to plain text: 0 for none, one for each of bold, italic, underline,
        a link … (the sentence's main style is its least emphasised one: documents/inline.py)."""
        ...

    def render(self, english: dict[int, list[Run]]) -> bytes: ...


def open_layout(data: bytes, suffix: str, where: str) -> Layout:
    """The layout of a Word-like or web-like file, by its suffix (documents/registry.py)."""
    if suffix not in LAYOUTS:  # a text file or an unknown kind is no layout: never read as HTML
        raise InputError(
            f"{where}: songngu rebuilds {', '.join(FORMATTED_SUFFIXES)} documents, not '{suffix}'"
        )
    module, name = LAYOUTS[suffix]
    return getattr(importlib.import_module(module), name)(data, where)


def read_formatted(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(path, error) from None
    layout = open_layout(data, path.suffix.lower(), str(path))
    blocks = [(where, block_text(runs).strip()) for where, runs in layout.blocks()]
    if not blocks:
        raise InputError(f"{path}: no text to translate in this document; give a document with text")
    return Document(
        name=document_name(path),
        paragraphs=tuple(text for _, text in blocks),
        locations=tuple(where for where, _ in blocks),
        format=path.suffix.lower().lstrip("."),
    )


@dataclass(frozen=True)
class ReviewedSentence:
    """What the rebuild needs of a review entry: its "p.s" id, Vietnamese and English, and where a
    reviewer placed the English's styles (None: carry them over from the Vietnamese)."""

    id: str
    source: str
    english: str
    placed: tuple[Span, ...] | None = None


def render_english(
    layout: Layout,
    sentences: Sequence[ReviewedSentence],
    known: Callable[[str], str | None] = lambda text: None,
) -> tuple[bytes, dict[str, list[str]]]:
    """The document in English, and per sentence id the formatting that could not be carried over.

    Paragraph p of the review entries is block p of the layout. A block whose entries no
    longer match its text (the source changed since the review files were written) keeps its
    Vietnamese, with a note on its first sentence.
    """
    english: dict[int, list[Run]] = {}
    dropped: dict[str, list[str]] = {}
    for index, runs, placed in _placed_blocks(layout, sentences):
        if placed is None:
            dropped.setdefault(sentences_of(index, sentences)[0].id, []).append(
                "this block changed in the source document; translate it again"
            )
            continue
        english_runs, lost = carry_runs(runs, [text for _, text in placed], known, layout.emphasis)
        english[index] = english_runs
        for item in lost:
            dropped.setdefault(placed[item.sentence][0].id, []).append(
                f"{layout.style_name(item.style)} on '{item.text}'"
            )
    return layout.render(english), dropped


def styles_by_sentence(
    layout: Layout,
    sentences: Sequence[ReviewedSentence],
    known: Callable[[str], str | None] = lambda text: None,
) -> dict[str, SentenceStyles]:
    """Each sentence's inline formatting in its Vietnamese and its English (what the rebuild would
    give it); a sentence of a block that changed in the source has none."""
    found: dict[str, SentenceStyles] = {}
    for _, runs, placed in _placed_blocks(layout, sentences):
        for sentence, text in placed or []:
            if text.english:
                found[sentence.id] = sentence_styles(runs, text, known, layout.emphasis)
    return found


def sentences_of(block: int, sentences: Sequence[ReviewedSentence]) -> list[ReviewedSentence]:
    return [s for s in sentences if paragraph_of(s.id) - 1 == block]


def _placed_blocks(
    layout: Layout, sentences: Sequence[ReviewedSentence]
) -> list[tuple[int, list[Run], list[tuple[ReviewedSentence, SentenceText]] | None]]:
    """Per block with entries: its runs, and each entry with where its Vietnamese lies in the
    block's text (None when the entries are not the block's sentences any more)."""
    by_block: dict[int, list[ReviewedSentence]] = {}
    for sentence in sentences:
        by_block.setdefault(paragraph_of(sentence.id) - 1, []).append(sentence)
    blocks = layout.blocks()
    placed_blocks = []
    for index, block_sentences in by_block.items():
        if index >= len(blocks):
            continue
        runs = _trimmed(blocks[index][1])
        spans = sentence_spans(block_text(runs), [s.source for s in block_sentences])
        placed = (
            None
            if spans is None
            else [
                (s, SentenceText(start, end, s.english.strip(), s.placed))
                for (start, end), s in zip(spans, block_sentences)
            ]
        )
        placed_blocks.append((index, runs, placed))
    return placed_blocks


def _trimmed(runs: list[Run]) -> list[Run]:
    """The runs with the block's leading and trailing space removed (as the paragraph was read)."""
    text = block_text(runs)
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    trimmed: list[Run] = []
    position = 0
    for run in runs:
        start, end = max(lead, position), min(trail, position + len(run.text))
        if start < end:
            trimmed.append(Run(text[start:end], run.style))
        position += len(run.text)
    return trimmed
