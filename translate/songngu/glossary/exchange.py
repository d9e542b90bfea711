"""Glossary exchange formats: CSV (source,target: what DeepL and Amazon Translate take) and TBX.

Export writes one row (CSV) or one term (TBX) per spelling, so tools that match
exact strings see every variant. Import turns the rows back into entries:
a row whose target an entry already has becomes a variant of that entry, a new
source becomes a new entry, and a known source with another target is a
conflict, reported and never overwritten.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace

from songngu.documents.delimited import guard_cell, numbered_rows, unguard_cell
from songngu.errors import InputError, SongnguError
from songngu.glossary.terms import KINDS, Glossary, GlossaryEntry, clean_entry, name_key
from songngu.safexml import parse_untrusted_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class ImportResult:
    glossary: Glossary
    added: tuple[GlossaryEntry, ...]
    variants: int
    unchanged: int
    conflicts: tuple[str, ...]  # known sources with another target, and rows that cannot be stored


# ---------------------------------------------------------------- CSV


def export_csv(glossary: Glossary, *, header: bool = False, languages: bool = False) -> str:
    """One ``source,target`` row per spelling.

    ``header``: a first row of language codes, as Amazon Translate's custom terminology needs.
    ``languages``: each row ends with the language codes, ``source,target,vi,en``, as DeepL's
    glossary CSV allows, so the file says its own direction.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(("vi", "en"))
    for entry in glossary.entries:
        for source in entry.sources:
            cells = (source.strip(), entry.target, *(("vi", "en") if languages else ()))
            writer.writerow([guard_cell(cell) for cell in cells])
    return buffer.getvalue()


def parse_csv(text: str, where: str) -> list[GlossaryEntry]:
    terms = []
    for number, cells in numbered_rows(text, where, ","):
        row = [unguard_cell(cell) for cell in cells]
        if not row or not any(cell.strip() for cell in row):
            continue
        if number == 1 and [c.strip().lower() for c in row[:2]] in (["vi", "en"], ["source", "target"]):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise InputError(
                f"{where}:{number}: expected 'source,target' (two non-empty columns), found {row!r}"
            )
        terms.append(GlossaryEntry(row[0].strip(), row[1].strip(), line=number))
    return terms


# ---------------------------------------------------------------- TBX


def export_tbx(glossary: Glossary) -> str:
    """TBX-Basic (martif): one termEntry per glossary entry, variants as further vi terms."""
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc"), "sourceDesc")
    ET.SubElement(header, "p").text = "songngu glossary"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, entry in enumerate(glossary.entries, start=1):
        term_entry = ET.SubElement(body, "termEntry", id=f"t{number}")
        ET.SubElement(term_entry, "descrip", type="subjectField").text = entry.kind
        if entry.note:
            ET.SubElement(term_entry, "note").text = entry.note
        for lang, names in (("vi", entry.sources), ("en", (entry.target,))):
            lang_set = ET.SubElement(term_entry, "langSet", {XML_LANG: lang})
            for name in names:
                ET.SubElement(ET.SubElement(lang_set, "tig"), "term").text = name.strip()
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def parse_tbx(text: str, where: str) -> list[GlossaryEntry]:
    """TBX 2 (martif/termEntry/langSet) or TBX 3 (tbx/conceptEntry/langSec) terms with vi and en sides."""
    root = parse_untrusted_xml(text, where, "TBX", "the glossary")
    terms = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        sides: dict[str, list[str]] = {}
        for lang_set in entry:
            if _local(lang_set.tag) not in ("langSet", "langSec"):
                continue
            lang = (lang_set.get(XML_LANG) or lang_set.get("lang") or "").lower().split("-")[0]
            sides.setdefault(lang, []).extend(
                (t.text or "").strip()
                for t in lang_set.iter()
                if _local(t.tag) == "term" and (t.text or "").strip()
            )
        kind = next(
            (
                d.text or ""
                for d in entry.iter()
                if _local(d.tag) == "descrip" and d.get("type") == "subjectField"
            ),
            "",
        )
        note = next((n.text or "" for n in entry.iter() if _local(n.tag) == "note"), "")
        if sides.get("vi") and sides.get("en"):
            vi = sides["vi"]
            terms.append(
                GlossaryEntry(
                    vi[0],
                    sides["en"][0],
                    kind if kind in KINDS else "other",
                    variants=tuple(vi[1:]),
                    note=note.strip(),
                )
            )
    if not terms:
        raise InputError(f"{where}: no term entries with both a Vietnamese (vi) and an English (en) term")
    return terms


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# ---------------------------------------------------------------- merging imported terms


def import_terms(glossary: Glossary, terms: list[GlossaryEntry]) -> ImportResult:
    """Merge ``terms`` into ``glossary``: new entries, new variants of a known target, conflicts reported."""
    rows = list(glossary.rows)
    # Indexes of the rows by folded spelling and by target, kept current as rows change,
    # so that an import costs the size of the import, not the import times the glossary.
    owner_row: dict[str, int] = {}
    target_row: dict[str, int] = {}
    for index, row in enumerate(rows):
        if isinstance(row, GlossaryEntry):
            for source in row.sources:
                owner_row.setdefault(name_key(source), index)
            target_row.setdefault(row.target.strip(), index)
    added: list[GlossaryEntry] = []
    variants = unchanged = 0
    conflicts: list[str] = []
    imported_at: dict[int, int] = {}  # rows this import added, and the import's line of each
    for raw in terms:
        try:
            term = clean_entry(raw)
        except SongnguError as error:
            conflicts.append(f"{f'line {raw.line}: ' if raw.line else ''}{error}")
            continue
        for source in (term.source, *term.variants):
            owner_index = owner_row.get(name_key(source))
            if owner_index is not None:
                owner = rows[owner_index]
                assert isinstance(owner, GlossaryEntry)
                if owner.target.strip() == term.target:
                    unchanged += 1
                else:
                    where = f"line {term.line}: " if term.line else ""
                    # A row this import added has no line in the glossary yet: name the import's line.
                    had = (
                        f"line {imported_at[owner_index]} of this import gives '{owner.target}'"
                        if owner_index in imported_at
                        else f"the glossary has '{owner.target}' (line {owner.line})"
                    )
                    conflicts.append(f"{where}'{source}' -> '{term.target}', but {had}")
                continue
            same_target = target_row.get(term.target)
            if same_target is not None:
                entry = rows[same_target]
                assert isinstance(entry, GlossaryEntry)
                rows[same_target] = replace(entry, variants=(*entry.variants, source))
                owner_row[name_key(source)] = same_target
                variants += 1
            else:
                entry = GlossaryEntry(source, term.target, term.kind, (), term.note)
                rows.append(entry)
                owner_row[name_key(source)] = target_row[term.target] = len(rows) - 1
                added.append(entry)
                if term.line:
                    imported_at[len(rows) - 1] = term.line
    return ImportResult(
        replace(glossary, rows=tuple(rows)), tuple(added), variants, unchanged, tuple(conflicts)
    )
