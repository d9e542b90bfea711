"""A machine translation of a document, one text per source sentence, from the files users have.

The aligner compares each source sentence's MT with the reference. The MT may come one
sentence a line, or one paragraph a line (the NNN.en.txt that songngu translate writes);
for the latter the NNN.po beside it holds each sentence's English exactly, and without it
each paragraph is split into sentences and shared out over the source sentences in
proportion to their length.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from songngu.documents.segment import split_english
from songngu.documents.text import paragraphs_of, read_text
from songngu.errors import SongnguError
from songngu.review.layout import ENGLISH_TEXT, ReviewFiles


def machine_sentences(path: Path, src: Sequence[str], src_paragraphs: Sequence[int] | None) -> list[str]:
    lines = list(paragraphs_of(read_text(path)))
    if len(lines) == len(src):
        return lines
    paragraphs = sorted(set(src_paragraphs or ()))
    if src_paragraphs is None or len(lines) != len(paragraphs):
        raise SongnguError(
            f"{path}: {len(lines)} lines, but the source has {len(src)} sentences in {len(paragraphs)} "
            "paragraphs; give one MT line per source sentence or one per paragraph"
        )
    from_po = _from_catalog(path, src)
    if from_po is not None:
        return from_po
    shared: list[str] = []
    for number, english in zip(paragraphs, lines):
        sources = [s for s, p in zip(src, src_paragraphs) if p == number]
        shared += share_out(split_english(english), sources)
    return shared


def share_out(english: list[str], sources: list[str]) -> list[str]:
    """English sentences given to source sentences in order, each source taking its share by length."""
    if len(english) == len(sources):
        return english
    total = sum(map(len, sources)) or 1
    bounds, running = [], 0
    for source in sources:
        running += len(source)
        bounds.append(running / total)
    share: list[list[str]] = [[] for _ in sources]
    done = 0
    total_english = sum(map(len, english)) or 1
    for sentence in english:
        middle = (done + len(sentence) / 2) / total_english
        owner = next((i for i, bound in enumerate(bounds) if middle <= bound), len(sources) - 1)
        share[owner].append(sentence)
        done += len(sentence)
    return [" ".join(parts) for parts in share]


def _from_catalog(path: Path, src: Sequence[str]) -> list[str] | None:
    name = path.name[: -len(ENGLISH_TEXT)] if path.name.endswith(ENGLISH_TEXT) else None
    po_path = ReviewFiles(path.parent, name).po if name else None
    if po_path is None or not po_path.is_file():
        return None
    from songngu.review.po import po_pairs, read_po

    pairs = po_pairs(read_po(po_path))
    if [p.source for p in pairs] != list(src):
        return None  # the PO is of another version of the document
    return [p.english for p in pairs]
