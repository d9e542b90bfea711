"""Merging fresh machine output into review files without losing a reviewer's work (msgmerge's rules).

* an entry a reviewer edited or un-fuzzied keeps its msgstr;
* an untouched machine entry (fuzzy, msgstr still what a model wrote) is refreshed;
* a sentence whose Vietnamese changed becomes fuzzy with the old source as previous msgid;
* a sentence that moved (same Vietnamese, new id) keeps its translation and state;
* a sentence that disappeared becomes obsolete (#~), never deleted;
* a new sentence whose Vietnamese a reviewer already translated elsewhere reuses that review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polib

from songngu.documents.text import fold_spaces
from songngu.glossary.hits import term_in
from songngu.glossary.matching import TermHit
from songngu.review.codes import noted_inline, set_inline_note
from songngu.review.entry import (
    TERMS_NOTE,
    accept,
    comment_line,
    copy_status,
    entry_status,
    reopen,
    set_comment_line,
)
from songngu.review.layout import HEADER_PREFIX
from songngu.review.po import new_po
from songngu.review.tsv import TsvRow, english_digest


@dataclass(frozen=True)
class MachineSentence:
    """A sentence as the pipeline produced it: id, Vietnamese, English and the terms it had to contain.

    ``where`` locates its block in a Word document or web page (``table1/r2c3``), for ``#:``.
    """

    id: str
    source: str
    english: str
    terms: tuple[TermHit, ...] = ()
    where: str = ""
    copied: bool = False  # no words to translate (a number-only cell): copied, nothing to review


@dataclass(frozen=True)
class MergeStats:
    kept_reviews: int = 0
    changed_source: int = 0
    new: int = 0
    obsolete: int = 0
    reused_reviews: int = 0


def terms_note(terms: tuple[TermHit, ...], english: str) -> str | None:
    """The terms line's text: each term as "Vietnamese -> English", MISSING where the English lacks it."""
    if not terms:
        return None
    marks = [f"{t.text} -> {t.target}{'' if term_in(english, t.target) else ' (MISSING)'}" for t in terms]
    return "; ".join(dict.fromkeys(marks))


def entry_terms(comment: str) -> tuple[str, ...]:
    """The glossary terms an entry's comment names ("A -> B"), without the MISSING marks."""
    line = comment_line(comment, TERMS_NOTE) or ""
    return tuple(t.removesuffix(" (MISSING)") for t in line.split("; ") if t)


def merge_catalog(
    existing: polib.POFile | None,
    sentences: list[MachineSentence],
    document: str,
    metadata: dict[str, str],
    is_machine_output: Callable[[str, str], bool],
    reviewed_elsewhere: Callable[[str], list[str]] = lambda source: [],
) -> tuple[polib.POFile, MergeStats]:
    """A new catalogue for ``sentences`` that carries over every review in ``existing``.

    ``reviewed_elsewhere(source)``: the reviews of that Vietnamese in other documents, latest first.
    A new sentence takes the latest one that holds all its required terms; when none does, it takes
    the latest, leaves it for review (fuzzy) and says which terms it lacks.
    """
    po = new_po(document, metadata)
    if existing is not None:
        # Like msgmerge: the header a reviewer or their editor wrote (Last-Translator,
        # Language-Team, X-Generator, dates, comments) stays; only songngu's own fields change.
        po.header = existing.header
        po.metadata = {
            **po.metadata,
            **existing.metadata,
            **{k: v for k, v in po.metadata.items() if k.startswith(HEADER_PREFIX)},
        }
    stats = {field: 0 for field in MergeStats.__dataclass_fields__}
    old_entries = [e for e in existing if not e.obsolete] if existing is not None else []
    old_obsolete = [e for e in existing if e.obsolete] if existing is not None else []
    by_context = {e.msgctxt: e for e in old_entries}
    by_source: dict[str, list[polib.POEntry]] = {}
    for entry in old_entries:
        by_source.setdefault(entry.msgid, []).append(entry)
    used: set[int] = set()

    def take(entry: polib.POEntry | None) -> polib.POEntry | None:
        if entry is None or id(entry) in used:
            return None
        used.add(id(entry))
        return entry

    for sentence in sentences:
        same = by_context.get(sentence.id)
        old = take(same) if same is not None and same.msgid == sentence.source else None
        if old is None:  # moved: the same Vietnamese under another id
            old = next((take(e) for e in by_source.get(sentence.source, []) if id(e) not in used), None)
        changed = None
        if old is None and same is not None and id(same) not in used:
            changed = take(same)
        entry = polib.POEntry(
            msgctxt=sentence.id,
            msgid=sentence.source,
            msgstr=sentence.english,
            flags=[] if sentence.copied else ["fuzzy"],
        )
        if old is not None:
            if _was_reviewed(old, is_machine_output):
                entry.msgstr = old.msgstr
                copy_status(entry, old)
                stats["kept_reviews"] += 1
            entry.tcomment = old.tcomment
        elif changed is not None:
            if _was_reviewed(changed, is_machine_output):
                entry.msgstr = changed.msgstr  # keep the reviewer's words, but ask for a second look
            reopen(entry, previous_source=changed.msgid)
            entry.tcomment = changed.tcomment
            stats["changed_source"] += 1
        else:
            reviews = reviewed_elsewhere(sentence.source)
            targets = dict.fromkeys(t.target for t in sentence.terms)
            complete = [r for r in reviews if all(term_in(r, t) for t in targets)]
            if reviews:
                entry.msgstr = (complete or reviews)[0]
                entry.tcomment = "reused an earlier review of the same sentence"
                if complete:
                    accept(entry)
                else:
                    lacking = ", ".join(f"'{t}'" for t in targets if not term_in(entry.msgstr, t))
                    entry.tcomment += f"; it lacks the required {lacking}: check it before accepting"
                stats["reused_reviews"] += 1
            else:
                stats["new"] += 1
        set_comment_line(entry, TERMS_NOTE, terms_note(sentence.terms, entry.msgstr))
        if old is not None:  # where a reviewer placed the formatting, while the English is theirs
            set_inline_note(entry, noted_inline(old.comment, entry.msgstr))
        entry.occurrences = [(sentence.where, "")] if sentence.where else []
        po.append(entry)

    for entry in old_entries:
        if id(entry) not in used:
            entry.obsolete = True
            po.append(entry)
            stats["obsolete"] += 1
    for entry in old_obsolete:  # keep earlier obsolete entries unless the sentence came back
        if not any(e.msgid == entry.msgid for e in po):
            po.append(entry)
    return po, MergeStats(**stats)


def _was_reviewed(entry: polib.POEntry, is_machine_output: Callable[[str, str], bool]) -> bool:
    """Un-fuzzied, or still fuzzy but with a msgstr no model wrote (an edit not yet signed off)."""
    status = entry_status(entry)
    if status == "reviewed":
        return True
    return status == "machine" and not is_machine_output(entry.msgid, entry.msgstr)


class EditConflict(str):
    """A message that a sentence was changed both in the PO and in the file being folded in since
    that file was written, or that none of a returned file's edits could be applied: the PO's
    English is kept, both texts are named, and the command that met it exits 1."""


def conflicts_in(warnings: Iterable[str]) -> list[str]:
    """The ``EditConflict``s among a command's warnings: what makes it exit 1."""
    return [warning for warning in warnings if isinstance(warning, EditConflict)]


def fold_tsv_edits(
    po: polib.POFile, rows: list[TsvRow], where: str, is_machine_output: Callable[[str, str], bool]
) -> list[str]:
    """Apply what a reviewer changed in the TSV (or a returned XLIFF file) to the catalogue; one
    warning per row it cannot apply, an ``EditConflict`` where both sides changed a sentence.

    Rows are matched by id; an id a spreadsheet re-typed as a number ("1.10" -> "1.1") is
    recognised by its place in the file. A changed English is an edit, and an edit is a review;
    a status set to "reviewed" (or "done", "ok": ``STATUS_SPELLINGS``) accepts the English as it
    is. The Vietnamese cell is not compared (spreadsheets rewrite dates and trim spaces): the PO's
    Vietnamese stays, with a warning when the cell differs.

    A row that says which English it was written with (``base_digest``: the TSV's base column,
    XLIFF's songngu:base) is an edit when its English differs from that base, and applies when
    the PO still holds the base, so a second and third round of edits apply like the first; when
    the PO changed too, that is a conflict. A row without a base (a TSV written before the column)
    is judged as before: English no model wrote is an edit, and a PO reviewed meanwhile wins.
    Nothing is dropped without a line saying so.
    """
    entries = [e for e in po if not e.obsolete]
    warnings: list[str] = []
    seen: set[str] = set()
    for position, row in enumerate(rows):
        entry = _entry_for(row, position, entries)
        if entry is None:
            warnings.append(
                f"{where}:{row.line}: id '{row.id}' is not a sentence of this document; row not applied"
            )
            continue
        if entry.msgctxt in seen:
            warnings.append(
                f"{where}:{row.line}: sentence {entry.msgctxt} appears twice; this row was not applied"
            )
            continue
        seen.add(entry.msgctxt)
        status = row.known_status
        if status is None:
            warnings.append(
                f"{where}:{row.line}: status '{row.status}' of sentence {entry.msgctxt} is not one songngu "
                "knows; write reviewed (or done, ok) to accept the sentence, machine to leave it for review"
            )
        english_changed = row.english != entry.msgstr
        accepted = status == "reviewed" and "fuzzy" in entry.flags
        if not english_changed and not accepted:
            continue
        if fold_spaces(row.source) != fold_spaces(entry.msgid):
            warnings.append(
                f"{where}:{row.line}: the Vietnamese of sentence {entry.msgctxt} differs from the PO's "
                "(a spreadsheet may have rewritten it); kept the PO's Vietnamese, applied the English"
            )
        if row.base_digest is not None:
            edited = english_digest(row.english) != row.base_digest
            po_moved = english_digest(entry.msgstr) != row.base_digest
            if not edited and po_moved:  # this row is older than the PO, and its English is as written
                if accepted:
                    warnings.append(
                        f"{where}:{row.line}: sentence {entry.msgctxt} is marked reviewed here, but the PO's "
                        f"English changed since this file was written (now '{entry.msgstr}'); not accepted"
                    )
                continue
            if edited and po_moved and english_changed:
                warnings.append(_conflict(where, row, entry))
                continue
        else:
            if english_changed and is_machine_output(entry.msgid, row.english) and status != "reviewed":
                continue  # the TSV is older than the PO: it still holds what a model wrote
            if english_changed and _was_reviewed(entry, is_machine_output):
                warnings.append(_conflict(where, row, entry))
                continue
        if not row.english.strip():
            warnings.append(
                f"{where}:{row.line}: the English of sentence {entry.msgctxt} is empty; not applied "
                "(clear it in the PO if that is meant)"
            )
            continue
        entry.msgstr = row.english
        if "fuzzy" in entry.flags:
            accept(entry)
    return warnings


def _conflict(where: str, row: TsvRow, entry: polib.POEntry) -> EditConflict:
    return EditConflict(
        f"{where}:{row.line}: sentence {entry.msgctxt} was changed in the PO since this file was written, and "
        f"edited here too: the PO has '{entry.msgstr}', this file '{row.english}'; kept the PO's. Put the "
        f"English you want in the PO (Poedit, the workbench) or, after the next run, in this file"
    )


def catalog_from_tsv(rows: list[TsvRow], document: str) -> polib.POFile:
    """A catalogue standing in for a lost PO file: the TSV's rows as entries, reviewed where marked."""
    po = new_po(document, {})
    for row in rows:
        flags = [] if row.known_status == "reviewed" else ["fuzzy"]
        po.append(polib.POEntry(msgctxt=row.id, msgid=row.source, msgstr=row.english, flags=flags))
    return po


def _entry_for(row: TsvRow, position: int, entries: list[polib.POEntry]) -> polib.POEntry | None:
    """The entry a row stands for: by id, or by the number a spreadsheet made of it ("1.10" -> "1.1").

    When an id could be two sentences (1.1 itself, or 1.10 re-typed), the Vietnamese decides,
    then the row's place in the file.
    """
    candidates = [e for e in entries if e.msgctxt == row.id or _same_number(row.id, e.msgctxt)]
    if len(candidates) > 1:
        source = fold_spaces(row.source)
        same_text = [e for e in candidates if fold_spaces(e.msgid) == source]
        at_place = [e for e in candidates if position < len(entries) and e is entries[position]]
        candidates = same_text if len(same_text) == 1 else at_place
    return candidates[0] if len(candidates) == 1 else None


def _same_number(typed: str, sentence_id: str) -> bool:
    """Whether a spreadsheet could have turned ``sentence_id`` into ``typed`` ("1.10" -> "1.1")."""
    try:
        return typed != sentence_id and float(typed) == float(sentence_id)
    except ValueError:
        return False
