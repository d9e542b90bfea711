"""Merging fresh machine output into review files without losing a reviewer's work (msgmerge's rules).

* an entry a reviewer edited or un-fuzzied keeps its msgstr;
* an untouched machine entry (fuzzy, msgstr still what a model wrote) is refreshed;
* a sentence whose Vietnamese changed becomes fuzzy with the old source as previous msgid;
* a sentence that moved (same Vietnamese, new id) keeps its translation and state;
* a sentence that disappeared becomes obsolete (#~), never deleted;
* a new sentence whose Vietnamese a reviewer already translated elsewhere reuses that review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polib

from songngu.glossary.matching import TermHit
from songngu.review.pairs import SentencePair
from songngu.review.po import entry_status, new_po


@dataclass(frozen=True)
class MachineSentence:
    """A sentence as the pipeline produced it: id, Vietnamese, English and the terms it had to contain."""

    id: str
    source: str
    english: str
    terms: tuple[TermHit, ...] = ()


@dataclass(frozen=True)
class MergeStats:
    kept_reviews: int = 0
    changed_source: int = 0
    new: int = 0
    obsolete: int = 0
    reused_reviews: int = 0


def terms_comment(terms: tuple[TermHit, ...], english: str) -> str:
    if not terms:
        return ""
    marks = [f"{t.text} -> {t.target}{'' if t.target in english else ' (MISSING)'}" for t in terms]
    return "terms: " + "; ".join(dict.fromkeys(marks))


def merge_catalog(
    existing: polib.POFile | None,
    sentences: list[MachineSentence],
    document: str,
    metadata: dict[str, str],
    is_machine_output: Callable[[str, str], bool],
    reviewed_elsewhere: Callable[[str], str | None] = lambda source: None,
) -> tuple[polib.POFile, MergeStats]:
    """A new catalogue for ``sentences`` that carries over every review in ``existing``."""
    po = new_po(document, metadata)
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
            msgctxt=sentence.id, msgid=sentence.source, msgstr=sentence.english, flags=["fuzzy"]
        )
        if old is not None:
            if _was_reviewed(old, is_machine_output):
                entry.msgstr, entry.flags = old.msgstr, list(old.flags)
                stats["kept_reviews"] += 1
            entry.tcomment = old.tcomment
        elif changed is not None:
            if _was_reviewed(changed, is_machine_output):
                entry.msgstr = changed.msgstr  # keep the reviewer's words, but ask for a second look
            entry.previous_msgid = changed.msgid
            entry.tcomment = changed.tcomment
            stats["changed_source"] += 1
        else:
            review = reviewed_elsewhere(sentence.source)
            if review:
                entry.msgstr, entry.flags = review, []
                entry.tcomment = "reused an earlier review of the same sentence"
                stats["reused_reviews"] += 1
            else:
                stats["new"] += 1
        entry.comment = terms_comment(sentence.terms, entry.msgstr)
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


def fold_tsv_edits(
    po: polib.POFile, tsv: list[SentencePair], is_machine_output: Callable[[str, str], bool]
) -> list[str]:
    """Apply English edited in the TSV to the catalogue, as reviewed; returns the ids that conflict.

    A TSV row was edited when its English differs from the catalogue's for the same
    id and Vietnamese and is not something a model wrote (else the TSV is merely
    older than a PO edit). When both files were edited, the PO wins and the id is
    returned so that the user hears of it.
    """
    by_id = {e.msgctxt: e for e in po if not e.obsolete}
    conflicts = []
    for pair in tsv:
        entry = by_id.get(pair.id)
        if entry is None or entry.msgid != pair.source or pair.english == entry.msgstr:
            continue
        if is_machine_output(pair.source, pair.english):
            continue  # the TSV is stale; the PO holds the newer (reviewed) text
        if _was_reviewed(entry, is_machine_output):
            conflicts.append(pair.id)
            continue
        entry.msgstr = pair.english
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    return conflicts
