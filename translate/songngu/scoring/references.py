"""A reference translation (``NNN.en.txt``, one paragraph a line) as the sentences scoring aligns to."""

from __future__ import annotations

from pathlib import Path

from songngu.documents.segment import split_english
from songngu.documents.text import paragraphs_of, read_text


def reference_sentences(path: Path) -> tuple[list[str], list[int]]:
    sentences, paragraphs = [], []
    for number, paragraph in enumerate(paragraphs_of(read_text(path)), start=1):
        for sentence in split_english(paragraph):
            sentences.append(sentence)
            paragraphs.append(number)
    return sentences, paragraphs
