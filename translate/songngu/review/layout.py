"""The review folder's layout: the file that holds each thing, and the PO header keys songngu owns.

Every module that reads or writes a document's review files names them through ``ReviewFiles``
(as polib's ``pofile`` is the one reader of a PO), so a new file kind is one property here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from songngu.documents.registry import ENGLISH_SUFFIXES, FORMATTED_SUFFIXES

PO = ".po"
TSV = ".tsv"
TMX = ".tmx"  # what reviewers accepted
MACHINE_TMX = ".mt.tmx"  # the model's output, marked as machine translation
XLIFF = ".xlf"
ENGLISH_TEXT = ".en.txt"  # the English document; also the name of a reference in --refs
SOURCE_COPY = ".source"  # NAME.source.docx: the document as it came, the template of NAME.en.docx
# What songngu writes for each document, in the order a reader would look for them.
REVIEW_SUFFIXES = (PO, TSV, TMX, MACHINE_TMX, XLIFF, *ENGLISH_SUFFIXES)

HEADER_PREFIX = "X-Songngu-"  # the PO header fields songngu writes (a merge replaces only these)
DOCUMENT_HEADER = "X-Songngu-Document"
MODEL_HEADER = "X-Songngu-Model"
BACKEND_HEADER = "X-Songngu-Backend"
GLOSSARY_HEADER = "X-Songngu-Glossary"


@dataclass(frozen=True)
class ReviewFiles:
    """The review files of document ``name`` in ``folder`` (whether or not they exist yet)."""

    folder: Path
    name: str

    def _file(self, suffix: str) -> Path:
        return self.folder / f"{self.name}{suffix}"

    @property
    def po(self) -> Path:
        return self._file(PO)

    @property
    def tsv(self) -> Path:
        return self._file(TSV)

    @property
    def tmx(self) -> Path:
        return self._file(TMX)

    @property
    def machine_tmx(self) -> Path:
        return self._file(MACHINE_TMX)

    @property
    def xliff(self) -> Path:
        return self._file(XLIFF)

    @property
    def english_text(self) -> Path:
        return self._file(ENGLISH_TEXT)

    def english_document(self, suffix: str) -> Path:
        """NAME.en.docx for a Word source (``suffix`` ".docx"), NAME.en.html for a web page."""
        return self._file(f".en{suffix}")

    def english_documents(self) -> tuple[Path, ...]:
        """NAME.en.txt and every NAME.en.X of a formatted source."""
        return tuple(self._file(suffix) for suffix in ENGLISH_SUFFIXES)

    def source_copy(self, suffix: str) -> Path:
        return self._file(f"{SOURCE_COPY}{suffix.lower()}")

    def source_copies(self) -> tuple[Path, ...]:
        return tuple(self.source_copy(suffix) for suffix in FORMATTED_SUFFIXES)

    def outputs(self) -> tuple[Path, ...]:
        """The review files and English documents songngu may write for the document."""
        return tuple(self._file(suffix) for suffix in REVIEW_SUFFIXES)


def reference_of(refs: Path, name: str) -> Path:
    """The reference translation of document ``name`` in a references folder: NAME.en.txt."""
    return refs / f"{name}{ENGLISH_TEXT}"
