"""The one entry to reading a document: by its suffix, a text file (documents/text.py) or a Word or
web-page layout (documents/formats.py). It sits above both, so neither imports the other to dispatch."""

from __future__ import annotations

from pathlib import Path

from songngu.documents.formats import read_formatted
from songngu.documents.registry import FORMATTED_SUFFIXES
from songngu.documents.text import MAX_DOCUMENT_BYTES, Document, read_text_document
from songngu.errors import InputError, unreadable


def read_document(path: Path) -> Document:
    """The document at ``path``, read by its suffix (text, Word or web page)."""
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise InputError(
            f"{path}: an old binary Word document (.doc), which songngu cannot read; "
            "open it in Word or LibreOffice and save it as .docx"
        )
    if suffix != ".docx":
        _require_size(path)
    if suffix in FORMATTED_SUFFIXES:
        return read_formatted(path)
    return read_text_document(path)


def _require_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise unreadable(path, error) from None
    if size > MAX_DOCUMENT_BYTES:
        raise InputError(
            f"{path}: {size / 2**20:.0f} MB, more than the {MAX_DOCUMENT_BYTES // 2**20} MB songngu reads "
            "in one document; split it into smaller documents (embedded images: link them instead)"
        )
