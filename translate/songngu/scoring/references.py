"""Reference translations (``NNN.en.txt``, one paragraph a line): the sentences scoring aligns to,
and, paragraph for paragraph with their sources, texts known to translate each other (a bitext)."""

from __future__ import annotations

from pathlib import Path

from songngu.documents.segment import split_english
from songngu.documents.text import document_name, paragraphs_of, read_text
from songngu.errors import SongnguError
from songngu.review.layout import ENGLISH_TEXT, reference_of


def reference_sentences(path: Path) -> tuple[list[str], list[int]]:
    sentences, paragraphs = [], []
    for number, paragraph in enumerate(paragraphs_of(read_text(path)), start=1):
        for sentence in split_english(paragraph):
            sentences.append(sentence)
            paragraphs.append(number)
    return sentences, paragraphs


def paragraph_pairs(sources: Path, references: Path) -> dict[str, list[tuple[str, str]]]:
    """Each text document of ``sources`` (NAME.txt) that ``references`` translates (NAME.en.txt), as
    its (Vietnamese, English) paragraph pairs, line for line; by document name."""
    found: dict[str, list[tuple[str, str]]] = {}
    for source in sorted(sources.glob("*.txt")):
        reference = reference_of(references, document_name(source))
        if source.name.endswith(ENGLISH_TEXT) or not reference.is_file():
            continue
        vi, en = paragraphs_of(read_text(source)), paragraphs_of(read_text(reference))
        if len(vi) != len(en):
            raise SongnguError(
                f"{reference}: {len(en)} paragraphs, but {source} has {len(vi)}: a bitext pairs them "
                "line for line; make the lines match, or leave the pair out of the folders"
            )
        found[document_name(source)] = list(zip(vi, en))
    return found


def bitext(sources: Path, references: Path) -> list[tuple[str, str]]:
    """Every paragraph pair of ``paragraph_pairs``, one list: what teaches the aligner's word table."""
    return [pair for pairs in paragraph_pairs(sources, references).values() for pair in pairs]
