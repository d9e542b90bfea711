"""Review files: PO (for Poedit, Lokalize, Weblate), TSV, TMX 1.4b and the English document.

Formatting returns text and parsing takes text, so the merge logic never
touches a disk; ``read_*`` wrap the parsers with the file name for errors.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import polib

from translate import __version__
from translate.delimited import numbered_rows
from translate.document import join_paragraphs, read_text
from translate.errors import InputError

DOCUMENT_HEADER = "X-Songngu-Document"
TSV_COLUMNS = ("id", "vi", "en", "status", "chrf")


@dataclass(frozen=True)
class SentencePair:
    """A sentence as a reviewer sees it. ``status`` is reviewed, machine or untranslated."""

    id: str
    source: str
    english: str
    status: str


# ---------------------------------------------------------------- PO


def entry_status(entry: polib.POEntry) -> str:
    if not entry.msgstr.strip():
        return "untranslated"
    return "machine" if "fuzzy" in entry.flags else "reviewed"


def po_pairs(po: polib.POFile) -> list[SentencePair]:
    return [SentencePair(e.msgctxt or "", e.msgid, e.msgstr, entry_status(e)) for e in po if not e.obsolete]


def new_po(document: str, metadata: dict[str, str]) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": document,
        "PO-Revision-Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"songngu {__version__}",
        "X-Source-Language": "vi",
        DOCUMENT_HEADER: document,
        **metadata,
    }
    return po


def parse_po(text: str, where: str, document: str | None = None) -> polib.POFile:
    """A PO catalogue from text, or an InputError naming the file and line."""
    if not text.strip():
        raise InputError(f"{where}: empty PO file; delete it to start again or restore it from a backup")
    try:
        po = polib.pofile(text if "\n" in text else text + "\n", wrapwidth=0)
    except (OSError, ValueError, UnicodeError, IndexError, KeyError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(
            f"{where}: malformed PO file ({message}); fix it in a PO editor or with msgfmt --check"
        ) from None
    owner = po.metadata.get(DOCUMENT_HEADER)
    if document is not None and owner is not None and owner != document:
        raise InputError(
            f"{where}: this PO file belongs to document '{owner}', not '{document}'; put it back beside {owner}"
        )
    if any(not (entry.msgctxt or entry.obsolete) for entry in po):
        line = next(e.linenum for e in po if not (e.msgctxt or e.obsolete))
        raise InputError(
            f"{where}:{line}: entry without msgctxt (the sentence id); was this file written by songngu?"
        )
    return po


def read_po(path: Path, document: str | None = None) -> polib.POFile:
    text = read_text(path, if_empty="delete it to start again or restore it from a backup")
    return parse_po(text, str(path), document)


def format_po(po: polib.POFile) -> str:
    return str(po) + "\n"


# ---------------------------------------------------------------- TSV


def format_tsv(pairs: list[SentencePair], chrf: dict[str, float] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(TSV_COLUMNS)
    for pair in pairs:
        score = chrf.get(pair.id) if chrf else None
        writer.writerow(
            (pair.id, pair.source, pair.english, pair.status, "" if score is None else f"{score:.1f}")
        )
    return buffer.getvalue()


def parse_tsv(text: str, where: str) -> list[SentencePair]:
    rows = numbered_rows(text, where, "\t")
    if not rows:
        raise InputError(f"{where}: empty TSV file; expected the header {' '.join(TSV_COLUMNS)}")
    header_line, header_cells = rows[0]
    header = [c.strip().lower() for c in header_cells]
    if header[:3] != list(TSV_COLUMNS[:3]):
        raise InputError(
            f"{where}:{header_line}: wrong columns {header[:5]}; expected id, vi, en (then status, chrf) separated by tabs"
        )
    pairs = []
    for number, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            raise InputError(
                f"{where}:{number}: expected at least 3 tab-separated columns (id, vi, en), found {len(row)}"
            )
        status = row[3].strip() if len(row) > 3 and row[3].strip() else "machine"
        pairs.append(SentencePair(row[0].strip(), row[1], row[2], status))
    return pairs


def read_tsv(path: Path) -> list[SentencePair]:
    text = read_text(path, if_empty="delete it and run 'songngu translate' to write it again from the PO")
    return parse_tsv(text, str(path))


# ---------------------------------------------------------------- TMX and the English document


def format_tmx(pairs: list[SentencePair], document: str, model: str) -> str:
    """TMX 1.4b: one translation unit per sentence, source language vi."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "songngu",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "sentence",
            "adminlang": "en",
            "srclang": "vi",
            "o-tmf": "songngu",
        },
    )
    body = ET.SubElement(root, "body")
    for pair in pairs:
        if not pair.english.strip():
            continue
        unit = ET.SubElement(body, "tu", tuid=f"{document}:{pair.id}")
        ET.SubElement(unit, "prop", type="x-status").text = pair.status
        ET.SubElement(unit, "prop", type="x-model").text = model
        for lang, text in (("vi", pair.source), ("en", pair.english)):
            variant = ET.SubElement(unit, "tuv", {"xml:lang": lang})
            ET.SubElement(variant, "seg").text = text
    ET.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        + ET.tostring(root, encoding="unicode")
        + "\n"
    )


def format_english(pairs: list[SentencePair]) -> str:
    """The English document: sentences of a paragraph joined by spaces, one paragraph a line."""
    paragraphs: dict[str, list[str]] = {}
    for pair in pairs:
        paragraphs.setdefault(pair.id.split(".")[0], []).append(pair.english.strip())
    return join_paragraphs([" ".join(s for s in sentences if s) for sentences in paragraphs.values()])
