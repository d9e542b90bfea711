"""A document's review files as one catalogue: the PO, with what a reviewer changed in the TSV folded in.

Every command that rewrites review files (translate, score, review apply) reads them through
``load_catalog`` and writes them through ``write_review_files``, so a TSV edit is never
overwritten by a rewrite from the PO, and a PO that changed on disk since it was read (saved
in Poedit while a run was going) is never overwritten: the write stops with a message instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from songngu.atomic import FileStamp, atomic_write_bytes, atomic_write_text, stamp_of
from songngu.documents.inline import SentenceStyles
from songngu.documents.registry import ENGLISH_SUFFIXES
from songngu.review.codes import english_marked, noted_inline, placed_spans, source_marked
from songngu.review.entry import FORMATTING_NOTE, set_comment_line
from songngu.review.layout import (
    BACKEND_HEADER,
    DOCUMENT_HEADER,
    MODEL_HEADER,
    PO,
    TMX,
    TSV,
    XLIFF,
    ReviewFiles,
)
from songngu.review.merge import catalog_from_tsv, entry_terms, fold_tsv_edits
from songngu.review.pairs import SentencePair, format_english
from songngu.review.po import format_po, po_pairs, read_po
from songngu.review.tmx import format_tmx
from songngu.review.tsv import format_tsv, read_tsv_rows
from songngu.review.xliff import SONGNGU, XLIFF_MARK, Marked, XliffUnit, format_xliff


@dataclass
class Catalog:
    """A document's PO catalogue, where it lives, and the state of its file when it was read."""

    name: str
    po_path: Path
    po: polib.POFile
    stamp: FileStamp | None  # None: there was no PO file
    warnings: list[str]
    revised: bool = False  # the TSV held a reviewer's edits, now folded in

    @property
    def tsv_path(self) -> Path:
        return self.po_path.with_suffix(TSV)


def load_catalog(folder: Path, name: str, is_machine_output: Callable[[str, str], bool]) -> Catalog | None:
    """NAME.po with NAME.tsv's edits folded in; built from the TSV alone when the PO is gone; None if neither."""
    files = ReviewFiles(folder, name)
    po_path, tsv_path = files.po, files.tsv
    stamp = stamp_of(po_path)
    has_tsv = tsv_path.is_file()
    if stamp is None and not has_tsv:
        return None
    warnings: list[str] = []
    if stamp is None:
        po = catalog_from_tsv(read_tsv_rows(tsv_path), name)
        warnings.append(f"{po_path} was missing; rebuilt it from {tsv_path.name}")
    else:
        po = read_po(po_path, name)
        if has_tsv:
            before = [(e.msgstr, "fuzzy" in e.flags) for e in po]
            warnings += fold_tsv_edits(po, read_tsv_rows(tsv_path), str(tsv_path), is_machine_output)
            revised = before != [(e.msgstr, "fuzzy" in e.flags) for e in po]
            return Catalog(name, po_path, po, stamp, warnings, revised)
    return Catalog(name, po_path, po, stamp, warnings)


def write_review_files(catalog: Catalog, chrf: dict[str, float] | None = None) -> None:
    """Write the PO (only if it is as it was read) and the TSV made from it."""
    atomic_write_text(catalog.po_path, format_po(catalog.po), unchanged_since=catalog.stamp)
    catalog.stamp = stamp_of(catalog.po_path)
    atomic_write_text(catalog.tsv_path, format_tsv(po_pairs(catalog.po), chrf))


def write_outputs(
    catalog: Catalog, known: Callable[[str], str | None] | None = None, xliff: str = "1.2"
) -> list[SentencePair]:
    """Everything made from the catalogue: PO, TSV, the two TMX files, the XLIFF file (version
    ``xliff``) and the English document(s).

    When the document came as a Word file or web page (its copy ``NAME.source.docx`` lies
    beside the review files), the same file is rebuilt in English as ``NAME.en.docx``;
    ``known`` gives the English of a glossary term or rule span, so that its formatting
    follows it, and where a reviewer placed the formatting (inline codes in an XLIFF file) it
    goes where they put it. Formatting that could not be carried over is listed in the entry's
    comment. The XLIFF file carries the same formatting as inline codes.
    """
    folder = catalog.po_path.parent
    files = ReviewFiles(folder, catalog.name)
    formatted = _formatted(catalog, known or (lambda text: None))
    write_review_files(catalog)
    pairs = po_pairs(catalog.po)
    write_memories(folder, catalog.name, pairs, catalog.po.metadata)
    units = xliff_units(catalog, formatted[2] if formatted else {}, formatted[3] if formatted else str)
    original = f"{catalog.name}{formatted[0].suffix if formatted else '.txt'}"
    atomic_write_text(files.xliff, format_xliff(units, catalog.name, original, xliff))
    atomic_write_text(files.english_text, format_english(pairs))
    if formatted is not None:
        atomic_write_bytes(formatted[0], formatted[1])
    return pairs


def source_copy(folder: Path, name: str) -> Path | None:
    """The copy of a Word or web-page source kept beside its review files, if there is one."""
    copies = ReviewFiles(folder, name).source_copies()
    return next((p for p in copies if p.is_file() and not leads_outside(p, folder.resolve())), None)


def _formatted(
    catalog: Catalog, known: Callable[[str], str | None]
) -> tuple[Path, bytes, dict[str, SentenceStyles], Callable[[int], str]] | None:
    """The English document rebuilt from the source copy (its path and bytes), each sentence's
    inline styles, and the layout's style names; None for a plain-text document."""
    from songngu.documents.formats import ReviewedSentence, open_layout, render_english, styles_by_sentence

    folder = catalog.po_path.parent
    template = source_copy(folder, catalog.name)
    if template is None:
        return None
    layout = open_layout(template.read_bytes(), template.suffix, str(template))
    entries = [e for e in catalog.po if not e.obsolete]
    plain = [ReviewedSentence(e.msgctxt or "", e.msgid, e.msgstr or e.msgid) for e in entries]
    carried = styles_by_sentence(layout, plain, known)
    sentences = []
    for entry, sentence in zip(entries, plain):
        marked = noted_inline(entry.comment, sentence.english)
        styles = carried.get(sentence.id)
        placed = placed_spans(marked, styles) if marked is not None and styles is not None else None
        sentences.append(ReviewedSentence(sentence.id, sentence.source, sentence.english, placed))
    data, dropped = render_english(layout, sentences, known)
    output = ReviewFiles(folder, catalog.name).english_document(template.suffix)
    for entry in entries:
        lost = dropped.get(entry.msgctxt or "")
        set_comment_line(
            entry, FORMATTING_NOTE, f"{'; '.join(lost)} (restore it in {output.name})" if lost else None
        )
    return output, data, styles_by_sentence(layout, sentences, known), layout.style_name


def xliff_units(
    catalog: Catalog, styles: dict[str, SentenceStyles], style_name: Callable[[int], str]
) -> list[XliffUnit]:
    """The catalogue's sentences as XLIFF units: the block's place, the glossary terms of the
    sentence (from the entry's comment), and inline codes where the source had formatting."""
    units = []
    for pair, entry in zip(po_pairs(catalog.po), (e for e in catalog.po if not e.obsolete)):
        found = styles.get(pair.id)
        source = source_marked(pair.source, found, style_name) if found else Marked(pair.source)
        english = english_marked(pair.english.strip(), found, style_name) if found else Marked(pair.english)
        where = entry.occurrences[0][0] if entry.occurrences else ""
        units.append(XliffUnit(pair.id, source, english, pair.status, where, entry_terms(entry.comment)))
    return units


def write_memories(out: Path, name: str, pairs: list[SentencePair], metadata: dict[str, str]) -> None:
    """NAME.tmx with the reviewed pairs, NAME.mt.tmx with the machine ones, marked as machine translation."""
    model = metadata.get(MODEL_HEADER, "")
    backend = metadata.get(BACKEND_HEADER, "")
    files = ReviewFiles(out, name)
    atomic_write_text(files.tmx, format_tmx(pairs, name, model, backend, machine=False))
    atomic_write_text(files.machine_tmx, format_tmx(pairs, name, model, backend, machine=True))


def catalog_names(folder: Path) -> list[str]:
    """The documents with review files in ``folder``: every NAME.po, and NAME.tsv without a PO.

    A document whose PO or TSV is a symbolic link to somewhere outside the folder is left out:
    nothing outside the review folder is read through a link planted in it.
    """
    inside = folder.resolve()
    names = {p.stem for p in (*folder.glob(f"*{PO}"), *folder.glob(f"*{TSV}"))}
    return sorted(
        name
        for name in names
        if not any(
            leads_outside(path, inside)
            for path in (ReviewFiles(folder, name).po, ReviewFiles(folder, name).tsv)
        )
    )


def leads_outside(path: Path, inside: Path) -> bool:
    """Whether ``path`` is a symbolic link whose target is not within the (resolved) folder ``inside``."""
    return path.is_symlink() and not path.resolve().is_relative_to(inside)


def written_by_songngu(path: Path) -> bool:
    """Whether ``path`` is a review file songngu wrote: its own header, or (an English document,
    NAME.en.txt, NAME.en.docx, NAME.en.html) a PO or TSV of songngu's beside it."""
    name = path.name
    english = next((s for s in ENGLISH_SUFFIXES if name.endswith(s)), None)
    if english is not None:
        stem = name[: -len(english)]
        return any(written_by_songngu(path.with_name(stem + s)) for s in (PO, TSV))
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if name.endswith(PO):
        return f"{DOCUMENT_HEADER}:".encode() in head
    if name.endswith(TSV):
        return head.lstrip(b"\xef\xbb\xbf").startswith(b"id\tvi\ten")
    if name.endswith(TMX):
        return b'creationtool="songngu"' in head
    if name.endswith(XLIFF):  # our comment, or our namespace where a CAT tool saved over the file
        return XLIFF_MARK.encode() in head or SONGNGU.encode() in head
    return False
