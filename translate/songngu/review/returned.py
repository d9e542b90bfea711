"""A file that went through a CAT tool, folded into the catalogue as TSV edits are.

Units are matched by id, never by position. A unit that cannot be applied is named with its
line: one the tool split into several segments, one whose id the document does not have, one
whose Vietnamese is not its sentence's any more (the tool merged sentences). A sentence with
no unit in the file is named too. Where the translator placed inline codes, they are kept in
the entry (see review/codes.py) for the rebuilt Word or web document.
"""

from __future__ import annotations

from collections.abc import Callable

import polib

from songngu.documents.text import fold_spaces
from songngu.review.codes import noted_inline, set_inline_note
from songngu.review.merge import EditConflict, fold_tsv_edits
from songngu.review.tsv import TsvRow
from songngu.review.xliff import Code, Marked, ReturnedUnit


def fold_returned_units(
    po: polib.POFile, units: list[ReturnedUnit], where: str, is_machine_output: Callable[[str, str], bool]
) -> list[str]:
    """Apply the units' English and states to ``po``; one warning per unit or sentence not applied."""
    entries = {e.msgctxt: e for e in po if not e.obsolete}
    warnings: list[str] = []
    rows: list[TsvRow] = []
    placed: dict[str, Marked] = {}
    accounted: set[str] = set()
    for unit in units:
        entry = entries.get(unit.id)
        if unit.segments > 1:
            accounted.add(unit.id)
            warnings.append(
                f"{where}:{unit.line}: unit {unit.id} was split into {unit.segments} segments by the CAT tool; "
                "not applied (join them again there, or edit the sentence in the PO)"
            )
            continue
        if entry is None:
            warnings.append(
                f"{where}:{unit.line}: unit '{unit.id}' is not a sentence of this document (split or renamed "
                "by the CAT tool?); not applied"
            )
            continue
        accounted.add(unit.id)
        if fold_spaces(unit.source) != fold_spaces(entry.msgid):
            warnings.append(
                f"{where}:{unit.line}: the Vietnamese of unit {unit.id} is not sentence {unit.id}'s (the CAT "
                "tool merged or split sentences); not applied"
            )
            continue
        if unit.english is None:
            continue
        english = _stripped(unit.english)
        rows.append(
            TsvRow(
                unit.line,
                unit.id,
                entry.msgid,
                english.text,
                "reviewed" if unit.reviewed else "",
                unit.base_digest,
            )
        )
        placed[unit.id] = english
    if units and not accounted:
        return [
            *warnings,
            EditConflict(
                f"{where}: none of its {len(units)} units is a sentence of this document; nothing was applied "
                "(is it the file of another document?)"
            ),
        ]
    missing = [name for name in entries if name not in accounted]
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        warnings.append(
            f"{where}: sentence(s) {shown} have no unit in this file (merged by the CAT tool?); left as they were"
        )
    warnings += fold_tsv_edits(po, rows, where, is_machine_output)
    for sentence, english in placed.items():
        entry = entries[sentence]
        if entry.msgstr.strip() == english.text:
            set_inline_note(entry, english)
        elif noted_inline(entry.comment, entry.msgstr) is None:
            set_inline_note(entry, None)
    return warnings


def _stripped(marked: Marked) -> Marked:
    """``marked`` without leading and trailing space (its codes moved with the text)."""
    lead = len(marked.text) - len(marked.text.lstrip())
    text = marked.text.strip()
    codes = tuple(
        Code(c.id, max(0, c.start - lead), min(len(text), c.end - lead), c.kind)
        for c in marked.codes
        if min(len(text), c.end - lead) > max(0, c.start - lead)
    )
    return Marked(text, codes)
