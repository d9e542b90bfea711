"""Documents and sentences: the data classes every stage shares, and text-file reading.

A document is UTF-8 text with one paragraph a line; blank lines are skipped and
do not count. Text is NFC-normalised on the way in so that every later offset
refers to the same code points.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from songngu.documents.registry import (
    DOCUMENT_SUFFIXES,
    ENGLISH_SUFFIXES,
    REFUSED_SUFFIXES,
)
from songngu.errors import InputError, unreadable


@dataclass(frozen=True)
class Document:
    """A source document: its name (file stem) and its non-empty paragraphs (blocks), NFC.

    A Word document or web page has one paragraph per translatable block; ``locations``
    says where each block is (``body/p[12]``, ``table1/r2c3``, ``h2[3]``), for the reviewer.
    """

    name: str
    paragraphs: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # what reading changed, for the user to hear of
    locations: tuple[str, ...] = ()  # one per paragraph; empty for a text file
    format: str = "txt"  # the suffix (without the dot) of the file it was read from


@dataclass(frozen=True)
class Segment:
    """One sentence of a document. ``id`` is "p.s": paragraph and sentence, both from 1."""

    id: str
    text: str
    cut: bool = False  # a piece of a sentence longer than segment.MAX_SENTENCE_CHARS


def sentence_id(paragraph: int, sentence: int) -> str:
    return f"{paragraph}.{sentence}"


def paragraph_of(segment_id: str) -> int:
    """The paragraph number of a "p.s" sentence id."""
    return int(segment_id.split(".", 1)[0])


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_spaces(text: str) -> str:
    """``text`` with its runs of white space as single spaces and none at the ends: the one way two
    texts are compared "as written" (a reviewer's line break or doubled space is no edit)."""
    return " ".join(text.split())


def has_words(text: str) -> bool:
    """Whether ``text`` holds anything to translate: a cell of "33" or "1.500 – 2.000" does not,
    and is copied (its numbers in English form) instead of going through the model."""
    return any(ch.isalpha() for ch in text)


def document_name(path: Path) -> str:
    """``seeds/000_x.txt`` -> ``000_x``; ``refs/000_x.en.txt`` -> ``000_x``; ``news.docx`` -> ``news``."""
    name = path.name
    for suffix in (".en.txt", ".vi.txt", *DOCUMENT_SUFFIXES):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


# A folder contributes every file with one of these suffixes (see documents/registry.py).
LISTED_SUFFIXES = (*DOCUMENT_SUFFIXES, *REFUSED_SUFFIXES)
_NOT_SOURCES = ENGLISH_SUFFIXES  # what songngu writes beside its review files is never a source

TEXT_FILE_HINT = "give a UTF-8 text file with one paragraph a line"


def decode_text(data: bytes, where: str, if_empty: str = TEXT_FILE_HINT, normalise: bool = True) -> str:
    """Bytes to NFC text, or an InputError that names the file, the line and the problem.

    ``if_empty`` is what to tell the user when there is nothing in the file. Without
    ``normalise`` the text is kept as written (the glossary's ``check`` reports non-NFC fields).
    """
    form = nfc if normalise else (lambda text: text)
    if not data.strip():
        raise InputError(f"{where}: the file is empty; {if_empty}")
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # "Unicode text" as Windows tools save it
        try:
            return form(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise InputError(f"{where}: damaged UTF-16 text; re-save the file as UTF-8") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(f"{where}:{line}: binary data (NUL byte), not a text file; give a UTF-8 text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{where}:{line}: not UTF-8 (byte 0x{data[error.start]:02x}); re-save the file as UTF-8"
        ) from None
    return form(text)


def read_text(path: Path, if_empty: str = TEXT_FILE_HINT) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(path, error) from None
    return decode_text(data, str(path), if_empty)


def paragraphs_of(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


# Characters XML 1.0 forbids (C0 controls but tab and line ends, U+FFFE/U+FFFF) and the C1 controls:
# in a TMX they make the file ill-formed, on a terminal they are escape codes. None is text.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


# The largest text file or web page songngu reads: a news page is well under 1 MB and a report
# of hundreds of pages a few MB. Past this, the parsed page alone would take gigabytes of memory.
# (A Word file's limit is on its XML, not its images: see documents/docx.py.)
MAX_DOCUMENT_BYTES = 16 * 2**20


def read_text_document(path: Path) -> Document:
    """A text file; control characters are removed, with a warning naming their lines."""
    text = read_text(path)
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in CONTROL_CHARACTERS.finditer(text)})
    warnings = ()
    if lines:
        shown = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
        warnings = (f"{path}: removed control characters (not text) on line {shown}",)
        text = without_control_characters(text)
    return Document(name=document_name(path), paragraphs=paragraphs_of(text), warnings=warnings)


def document_paths(given: Sequence[Path], default: Path) -> list[Path]:
    """Files as given; folders contribute their documents (.txt, .docx, .html; not sub-folders such as
    references/, nor English versions ``*.en.txt``).

    Every command that takes documents (translate, glossary match and suggest) reads them this way.
    """
    paths: list[Path] = []
    for doc in given or [default]:
        if doc.is_dir():
            paths += sorted(
                p
                for p in doc.iterdir()
                if p.is_file()
                and p.suffix.lower() in LISTED_SUFFIXES
                and not p.name.lower().endswith(_NOT_SOURCES)
                and not p.name.startswith((".", "~$"))  # hidden files, Word's lock files
            )
        elif doc.is_file():
            paths.append(doc)
        else:  # said before a model is loaded or an output folder is made
            raise InputError(
                f"{doc}: no such file or folder; give a .txt, .docx or .html document, or a folder"
            )
    if not paths:
        raise InputError(
            f"no documents found in {', '.join(map(str, given or [default]))}; give .txt, .docx or .html files"
        )
    return paths


def join_paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"{paragraph}\n" for paragraph in paragraphs)
