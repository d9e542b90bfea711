"""What the review workbench shows and changes, without the web: documents, sentences, terms.

Every change goes through the same code as the command line: a sentence is saved by loading
the document's catalogue (``load_catalog``, the TSV's edits folded in), changing that one
entry and writing the PO and TSV atomically (``write_review_files``), under the folder's lock;
the rebuild is ``review apply``'s ``apply_reviews`` and its re-score; terms go through the glossary's own
``add_entry`` / ``update_entry`` / ``remove_entry`` and ``change_glossary`` (under the
glossary's lock). Because each save reads the file afresh, an edit made meanwhile in Poedit,
in another tab or by a glossary command is kept; only an edit of the same sentence or term
is refused (``Conflict``), with both texts in the message.

The server runs these functions on worker threads, so several may run at once: every change
takes the folder's or the glossary's lock (waiting up to ``lock_wait`` for another request),
exactly as commands do.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from songngu import defaults
from songngu.documents.text import paragraph_of
from songngu.errors import SongnguError
from songngu.glossary.hits import find_hits, term_matcher
from songngu.glossary.matching import TermMatcher
from songngu.glossary.terms import (
    CHANGE_ADVICE,
    FIND_ADVICE,
    KINDS,
    REMOVE_ADVICE,
    Glossary,
    GlossaryEntry,
    add_entry,
    change_glossary,
    check_glossary,
    load_glossary_if_present,
    remove_entry,
    update_entry,
)
from songngu.lock import folder_lock
from songngu.review.catalog import (
    Catalog,
    catalog_names,
    leads_outside,
    load_catalog,
    write_review_files,
)
from songngu.review.checks import CHECKS, Finding, entry_findings, missing_required
from songngu.review.entry import entry_status, set_status
from songngu.review.layout import ReviewFiles, reference_of
from songngu.review.matches import MatchIndex, MemoryUnit
from songngu.review.po import default_translator, mark_revised, po_pairs
from songngu.review.tmx import read_tmx_pairs
from songngu.translation.memory import known_machine_output


class NotFound(SongnguError):
    """A document or sentence the folder does not have (HTTP 404)."""


class NeedsConfirmation(SongnguError):
    """Accepting English that lacks a required term, number or date: the page asks first (HTTP 428)."""

    def __init__(self, message: str, warnings: list[str]) -> None:
        super().__init__(message)
        self.warnings = warnings


class Conflict(SongnguError):
    """The file changed under the edit in a way that cannot be merged (HTTP 409)."""


@dataclass(frozen=True)
class Workbench:
    """The folders and file the server was given; it reads and writes nothing else."""

    folder: Path
    glossary: Path
    refs: Path | None = None
    translator: str = field(default_factory=default_translator)  # Last-Translator of what is saved here
    memories: tuple[Path, ...] = ()  # TMX files whose units are offered as matches (--tm)
    lock_wait: float = defaults.WORKBENCH_WAIT  # seconds a change waits for another writer (--wait)


@dataclass
class SentenceView:
    id: str
    paragraph: int
    where: str
    vi: str
    en: str
    status: str
    hits: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # review check's findings, as messages
    checks: list[str] = field(default_factory=list)  # and their codes (review/checks.py), for the filter
    chrf: float | None = None
    reference: list[str] = field(default_factory=list)


def _matcher(bench: Workbench) -> TermMatcher | None:
    glossary = load_glossary_if_present(bench.glossary)
    return term_matcher(glossary)


def _name(bench: Workbench, name: str) -> str:
    """``name`` if it is one of the folder's documents: a name never becomes a path unchecked."""
    if name not in catalog_names(bench.folder):
        raise NotFound(f"no review files for '{name}' in {bench.folder}")
    return name


def _catalog(bench: Workbench, name: str) -> Catalog:
    with known_machine_output(bench.folder) as is_machine_output:
        catalog = load_catalog(bench.folder, _name(bench, name), is_machine_output)
    if catalog is None:
        raise NotFound(f"no review files for '{name}' in {bench.folder}")
    return catalog


def documents(bench: Workbench) -> list[dict[str, Any]]:
    rows = []
    matcher = _matcher(bench)
    for name in catalog_names(bench.folder):
        entries = [e for e in _catalog(bench, name).po if not e.obsolete]
        statuses = [entry_status(e) for e in entries]
        warned = sum(bool(f) for f in entry_findings(entries, lambda text: find_hits(text, matcher)).values())
        rows.append(
            {
                "name": name,
                "sentences": len(entries),
                "reviewed": statuses.count("reviewed"),
                "machine": statuses.count("machine"),
                "warnings": warned,
            }
        )
    return rows


def document(bench: Workbench, name: str) -> dict[str, Any]:
    """A document's sentences as the page shows them, with references and chrF++ when there are."""
    catalog = _catalog(bench, name)
    matcher = _matcher(bench)
    entries = [entry for entry in catalog.po if not entry.obsolete]
    findings = entry_findings(entries, lambda text: find_hits(text, matcher))
    views = [_view(entry, matcher, findings[entry.msgctxt]) for entry in entries]
    _add_references(bench, name, views, matcher)
    return {
        "name": name,
        "sentences": [asdict(v) for v in views],
        "has_reference": any(v.reference for v in views),
        "checks": CHECKS,
    }


def _view(entry: Any, matcher: TermMatcher | None, findings: list[Finding]) -> SentenceView:
    hits = find_hits(entry.msgid, matcher)
    return SentenceView(
        id=entry.msgctxt,
        paragraph=paragraph_of(entry.msgctxt),
        where=entry.occurrences[0][0] if entry.occurrences else "",
        vi=entry.msgid,
        en=entry.msgstr,
        status=entry_status(entry),
        hits=[
            {
                "start": h.start,
                "end": h.end,
                "text": h.text,
                "target": h.target,
                "kind": h.kind,
                "fuzzy": h.fuzzy,
            }
            for h in hits
        ],
        warnings=[f.message for f in findings],
        checks=list(dict.fromkeys(f.check for f in findings)),
    )


# Links between a document's sentences and its reference, per (document, its Vietnamese, the
# reference file's version): aligning takes a second or two, and an edit of the English rarely
# moves a link, so the page aligns once and re-scores chrF++ on every load.
# At most LINKS_KEPT documents are kept (the oldest goes first); requests run on threads, hence the lock.
_links: dict[tuple, list] = {}
_links_lock = threading.Lock()
LINKS_KEPT = 64


def _add_references(
    bench: Workbench, name: str, views: list[SentenceView], matcher: TermMatcher | None
) -> None:
    reference = reference_of(bench.refs, name) if bench.refs is not None else None
    if reference is None or not reference.is_file() or leads_outside(reference, reference.parent.resolve()):
        return
    from songngu.app.score_folder import scoring_input
    from songngu.atomic import stamp_of
    from songngu.review.pairs import SentencePair
    from songngu.scoring.score import document_links, link_chrf

    # What `songngu score` scores: the same input, the same links, the same chrF++.
    pairs = [SentencePair(v.id, v.vi, v.en, v.status) for v in views]
    scoring = scoring_input(name, pairs, reference, [[hit["target"] for hit in v.hits] for v in views])
    sentences = scoring.reference
    key = (name, tuple(v.vi for v in views), stamp_of(reference))
    with _links_lock:
        links = _links.get(key)
    if links is None:
        links = document_links(scoring)
        with _links_lock:
            while len(_links) >= LINKS_KEPT:
                _links.pop(next(iter(_links)))
            _links[key] = links
    for (source_ids, reference_ids), chrf in zip(links, link_chrf(scoring, links)):
        for i in source_ids:
            views[i].reference = [sentences[j] for j in reference_ids]
            views[i].chrf = round(chrf, 1)


# The match index of a folder's reviewed sentences and the TMX files, per (folder, the files'
# stamps): a save changes a PO's stamp, and the next request builds the index again.
_indexes: dict[tuple, MatchIndex] = {}
_indexes_lock = threading.Lock()


def memory_index(bench: Workbench) -> MatchIndex:
    """Every reviewed sentence of the folder and every unit of the TMX files, indexed."""
    from songngu.atomic import stamp_of

    names = catalog_names(bench.folder)
    key = (
        bench.folder,
        tuple(
            (n, stamp_of(ReviewFiles(bench.folder, n).po), stamp_of(ReviewFiles(bench.folder, n).tsv))
            for n in names
        ),
        tuple((p, stamp_of(p)) for p in bench.memories),
    )
    with _indexes_lock:
        if key in _indexes:
            return _indexes[key]
    index = MatchIndex()
    for path in bench.memories:
        index.add(MemoryUnit(vi, en, path.name) for vi, en in read_tmx_pairs(path))
    for name in names:
        pairs = po_pairs(_catalog(bench, name).po)
        index.add(MemoryUnit(p.source, p.english, f"{name} {p.id}") for p in pairs if p.status == "reviewed")
    with _indexes_lock:
        _indexes.clear()  # one folder per server: only the newest index is worth keeping
        _indexes[key] = index
    return index


def matches(bench: Workbench, name: str, sentence_id: str) -> dict[str, Any]:
    """The reviewed sentences closest to one sentence's Vietnamese, with their match percentage and
    the difference word by word (the sentence itself is never its own match)."""
    entry = next((e for e in _catalog(bench, name).po if e.msgctxt == sentence_id and not e.obsolete), None)
    if entry is None:
        raise NotFound(f"{name} has no sentence {sentence_id}")
    found = memory_index(bench).search(entry.msgid, exclude=f"{name} {sentence_id}")
    return {
        "sentence": sentence_id,
        "matches": [
            {
                "score": m.score,
                "source": m.unit.source,
                "english": m.unit.english,
                "origin": m.unit.origin,
                "diff": [list(part) for part in m.diff],
            }
            for m in found
        ],
    }


def english_document(bench: Workbench, file_name: str) -> Path:
    """The rebuilt English document ``file_name`` (NAME.en.docx, .en.html, .en.txt) of one of the
    folder's documents, for the page to open or download; any other name is NotFound."""
    for name in catalog_names(bench.folder):
        for path in ReviewFiles(bench.folder, name).english_documents():
            if file_name == path.name and path.is_file() and not leads_outside(path, bench.folder.resolve()):
                return path
    raise NotFound(
        f"no English document '{file_name}' in {bench.folder}; rebuild the English documents first"
    )


def save_sentence(
    bench: Workbench,
    name: str,
    sentence_id: str,
    english: str,
    base: str,
    status: str | None,
    confirmed: bool = True,
) -> dict[str, Any]:
    """Set one sentence's English (and status: "reviewed" accepts, "machine" marks fuzzy again).

    ``base`` is the English the page showed: if the file now holds something else for this
    sentence, the edit is refused rather than written over it. Accepting English that lacks a
    required term, number or date needs ``confirmed`` (the page asks the reviewer first).
    """
    if status not in (None, "reviewed", "machine"):
        raise SongnguError(f"unknown status '{status}'; give reviewed or machine")
    with folder_lock(bench.folder, bench.lock_wait):
        catalog = _catalog(bench, name)
        entry = next((e for e in catalog.po if e.msgctxt == sentence_id and not e.obsolete), None)
        if entry is None:
            raise NotFound(f"{name} has no sentence {sentence_id}")
        if entry.msgstr != base and entry.msgstr != english:
            raise Conflict(
                f"sentence {sentence_id} of {name} was changed elsewhere since this page loaded it "
                f"(now: '{entry.msgstr}'); your text was not saved: copy it, reload, and edit again"
            )
        if status == "reviewed" and not confirmed and english.strip():
            missing = [f.message for f in missing_required(english, find_hits(entry.msgid, _matcher(bench)))]
            if missing:
                raise NeedsConfirmation(
                    f"accept {sentence_id} although its English {'; '.join(missing)}?", missing
                )
        entry.msgstr = english
        if status is not None:
            set_status(entry, status)
        mark_revised(catalog.po, bench.translator)
        write_review_files(catalog)
    # As the page shows it: with its reference and the chrF++ of the new English.
    return next(view for view in document(bench, name)["sentences"] if view["id"] == sentence_id)


def rebuild(bench: Workbench) -> list[dict[str, Any]]:
    """``review apply`` for every document (the same code, the same re-score against the references):
    the TSV's chrF++, the PO's score comments and the reports are brought up to date."""
    from songngu.app.apply import apply_reviews

    glossary = load_glossary_if_present(bench.glossary)
    names = catalog_names(bench.folder)
    applied = apply_reviews(bench.folder, names, glossary, bench.translator, bench.lock_wait, refs=bench.refs)
    return [
        {
            "name": done.name,
            "sentences": done.sentences,
            "reviewed": done.reviewed,
            "written": [path.name for path in done.written],
        }
        for done in applied.documents
    ]


# -- the glossary ---------------------------------------------------------------------------------


def terms(bench: Workbench) -> dict[str, Any]:
    glossary = load_glossary_if_present(bench.glossary) or Glossary()
    return {
        "kinds": list(KINDS),
        "terms": [
            {
                "source": e.source,
                "target": e.target,
                "kind": e.kind,
                "variants": list(e.variants),
                "note": e.note,
            }
            for e in glossary.entries
        ],
        "problems": [f"{bench.glossary}:{p.line}: {p.message}" for p in check_glossary(glossary)],
    }


# The glossary's errors advise commands; the page has buttons for the same things.
PAGE_ADVICE = {
    CHANGE_ADVICE: "change it with its 'edit' button in the list below",
    REMOVE_ADVICE: "use its 'remove' button in the list to drop the entry",
    FIND_ADVICE: "the list below shows the entries",
}


def _with_page_advice(edit: Callable[[], Any]) -> Any:
    try:
        return edit()
    except SongnguError as error:
        message = str(error)
        for command, button in PAGE_ADVICE.items():
            message = message.replace(command, button)
        if message == str(error):
            raise
        raise type(error)(message, exit_code=error.exit_code) from None


def add_term(bench: Workbench, source: str, target: str, kind: str, note: str = "") -> dict[str, Any]:
    entry = GlossaryEntry(source, target, kind or "other", (), note)
    _with_page_advice(
        lambda: change_glossary(
            bench.glossary, lambda glossary: add_entry(glossary, entry), create=True, wait=bench.lock_wait
        )
    )
    return terms(bench)


@dataclass(frozen=True)
class TermBase:
    """A term as the page showed it, so that a change made meanwhile elsewhere is not written over."""

    target: str
    kind: str
    note: str


def change_term(
    bench: Workbench, source: str, target: str, kind: str, note: str, base: TermBase | None = None
) -> dict[str, Any]:
    _change_existing(
        bench,
        source,
        base,
        lambda glossary: update_entry(glossary, source, target=target, kind=kind, note=note),
    )
    return terms(bench)


def remove_term(bench: Workbench, source: str, base: TermBase | None = None) -> dict[str, Any]:
    _change_existing(bench, source, base, lambda glossary: remove_entry(glossary, source))
    return terms(bench)


def _change_existing(
    bench: Workbench, source: str, base: TermBase | None, edit: Callable[[Glossary], Glossary]
) -> None:
    """``edit`` the term ``source`` of an existing glossary, unless it differs from ``base`` now."""
    if not bench.glossary.is_file():
        raise NotFound(f"{bench.glossary} does not exist yet; add a term first")

    def change(glossary: Glossary) -> Glossary:
        entry = glossary.find(source)
        # Without a base or an entry there is nothing to compare; a missing entry is edit's message.
        if (
            base is not None
            and entry is not None
            and (entry.target, entry.kind, entry.note)
            != (
                base.target,
                base.kind,
                base.note,
            )
        ):
            raise Conflict(
                f"'{source}' was changed in {bench.glossary} since this page loaded it (now: "
                f"'{entry.target}', {entry.kind}); your change was not saved: reload the glossary and edit again"
            )
        return edit(glossary)

    _with_page_advice(lambda: change_glossary(bench.glossary, change, wait=bench.lock_wait))
