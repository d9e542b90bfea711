"""``review apply`` as a library call: the English documents, memories and TSV from the review files.

One code path for the command and the workbench's "Rebuild English documents": each document's
catalogue is read (TSV edits folded in and, when there were any, stamped with the reviewer as
``Last-Translator``), everything is written from it, and the folder is re-scored against its
references, all under one hold of the folder's lock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from songngu.app.score_folder import ScoredFolder, score_folder
from songngu.documents.text import document_name
from songngu.errors import SongnguError, unreadable
from songngu.glossary.hits import english_of, term_matcher
from songngu.glossary.terms import Glossary
from songngu.lock import folder_lock
from songngu.review.catalog import load_catalog, write_outputs
from songngu.review.layout import ReviewFiles
from songngu.review.merge import conflicts_in
from songngu.review.po import mark_revised
from songngu.review.returned import fold_returned_units
from songngu.review.xliff import parse_xliff
from songngu.translation.memory import known_machine_output


@dataclass(frozen=True)
class Applied:
    """One document after apply: its sentence counts and the English documents written."""

    name: str
    sentences: int
    reviewed: int
    written: tuple[Path, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def conflicts(self) -> list[str]:
        """Sentences changed on both sides, and returned files none of whose units applied (exit 1)."""
        return conflicts_in(self.warnings)


@dataclass(frozen=True)
class AppliedFolder:
    documents: list[Applied]
    scored: ScoredFolder | None  # the folder re-scored against its references, when there are any


def apply_reviews(
    folder: Path,
    names: Sequence[str],
    glossary: Glossary | None,
    translator: str,
    wait: float = 0,
    returned: Mapping[str, Path] | None = None,
    xliff: str = "1.2",
    refs: Path | None = None,
) -> AppliedFolder:
    """Write every output of ``names`` in ``folder`` from its review files; the glossary lets a
    bold or linked term keep its formatting in a rebuilt Word or web document.

    ``returned`` names, per document, an XLIFF file that came back from a CAT tool: its units are
    folded in after the TSV's edits, by the same rules (see review/returned.py). With ``refs``, a
    folder of references, the scores in the PO and TSV and the reports are brought up to date.
    """
    matcher = term_matcher(glossary)
    applied = []
    with folder_lock(folder, wait), known_machine_output(folder) as is_machine_output:
        for name in names:
            catalog = load_catalog(folder, name, is_machine_output)
            if catalog is None:
                raise SongnguError(f"{ReviewFiles(folder, name).po}: no such review file")
            warnings = list(catalog.warnings)
            if returned and name in returned:
                before = [(e.msgstr, "fuzzy" in e.flags) for e in catalog.po]
                _, units = parse_xliff(_read(returned[name]), str(returned[name]))
                warnings += fold_returned_units(catalog.po, units, str(returned[name]), is_machine_output)
                catalog.revised |= before != [(e.msgstr, "fuzzy" in e.flags) for e in catalog.po]
            if catalog.revised:  # a reviewer's edits: the PO says who and when, as Poedit would
                mark_revised(catalog.po, translator)
            pairs = write_outputs(catalog, lambda text: english_of(text, matcher), xliff)
            written = tuple(p for p in ReviewFiles(folder, name).english_documents() if p.is_file())
            reviewed = sum(p.status == "reviewed" for p in pairs)
            applied.append(Applied(name, len(pairs), reviewed, written, tuple(warnings)))
        scored = score_folder(folder, refs, glossary, is_machine_output) if refs and refs.is_dir() else None
    return AppliedFolder(applied, scored)


def returned_document(path: Path) -> str:
    """The document an XLIFF file is for: its ``<file original>``, else its own name."""
    original, _ = parse_xliff(_read(path), str(path))
    return document_name(Path(original)) if original else document_name(Path(path.name.split(".")[0]))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise unreadable(path, error) from None
