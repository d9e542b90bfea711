"""Quality checks of a document's English, as pofilter and Xbench users expect them.

One implementation for ``songngu review check`` and the workbench's warnings. Each finding
names its check (the codes in ``CHECKS``), so a reviewer can list or filter by one. The checks
compare the English with its Vietnamese, never judge style:

* a glossary term, number, date, URL or e-mail address of the Vietnamese that the English lacks
  (``term_in``: the rule every term count uses);
* no English, or the Vietnamese copied as it is;
* one English for different Vietnamese sentences of the document;
* quotes or brackets balanced differently from the Vietnamese's;
* final punctuation missing, added or doubled;
* double spaces, and inline formatting that could not be carried over.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polib

from songngu.documents.text import fold_spaces, has_words
from songngu.glossary.hits import term_in
from songngu.glossary.matching import TermHit
from songngu.review.entry import FORMATTING_NOTE, comment_line

CHECKS = {
    "term": "a glossary term is missing",
    "number": "a number is missing or changed",
    "date": "a date is missing or changed",
    "address": "a URL or e-mail address is missing or changed",
    "untranslated": "no English yet",
    "copied": "the English is the Vietnamese, copied",
    "inconsistent": "the same English for different Vietnamese",
    "quotes": "quotes or brackets unbalanced",
    "punctuation": "final punctuation missing, added or doubled",
    "spaces": "double spaces",
    "formatting": "inline formatting lost",
}
# A missing term, number, date or address is what accepting the English needs a confirmation for.
REQUIRED = ("term", "number", "date", "address")
_HIT_CHECK = {"number": "number", "date": "date", "url": "address", "email": "address"}
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"), ("‘", "’"))
_FINAL = ".!?…:;"
_CLOSERS = "\"'”’»)]"
_DOUBLED = re.compile(r"(?<![.])([.!?,;:])\1(?![.])|[!?][.]|[.][!?]|,\.|\.,")


@dataclass(frozen=True)
class Finding:
    check: str  # a code of CHECKS
    message: str


@dataclass(frozen=True)
class CheckedSentence:
    """What the checks read of a sentence: its Vietnamese, English, the fixed spans of the
    Vietnamese (terms and rule spans) and formatting the rebuild reported lost."""

    id: str
    source: str
    english: str
    hits: tuple[TermHit, ...] = ()
    lost_formatting: str = ""


def check_sentence(sentence: CheckedSentence) -> list[Finding]:
    """The findings of one sentence alone (``check_document`` adds those across sentences)."""
    english, source = sentence.english, sentence.source
    if not english.strip():
        return [Finding("untranslated", "no English yet")]
    found = missing_required(english, sentence.hits)
    if has_words(source) and fold_spaces(english) == fold_spaces(source) and _is_vietnamese(source):
        found.append(Finding("copied", "the English is the Vietnamese, copied"))
    found += _balance(source, english)
    found += _final_punctuation(source, english)
    if "  " in english.strip():
        found.append(Finding("spaces", "double space in the English"))
    if sentence.lost_formatting:
        found.append(Finding("formatting", sentence.lost_formatting))
    return found


def missing_required(english: str, hits: Sequence[TermHit]) -> list[Finding]:
    """A term, number, date or address of the Vietnamese that ``english`` lacks (once each)."""
    found: dict[str, Finding] = {}
    for hit in hits:
        if term_in(english, hit.target):
            continue
        check = _HIT_CHECK.get(hit.kind, "term")
        what = "address" if check == "address" else check
        message = f"lacks the {what} '{hit.target}' ({hit.text})"
        found.setdefault(message, Finding(check, message))
    return list(found.values())


def check_document(sentences: Sequence[CheckedSentence]) -> dict[str, list[Finding]]:
    """Per sentence id, its findings: each sentence's own, and one English given to different
    Vietnamese sentences of the document."""
    findings = {s.id: check_sentence(s) for s in sentences}
    by_english: dict[str, list[CheckedSentence]] = {}
    for sentence in sentences:
        key = fold_spaces(sentence.english)
        if has_words(key):
            by_english.setdefault(key, []).append(sentence)
    for same in by_english.values():
        sources = {fold_spaces(s.source) for s in same}
        if len(sources) < 2:
            continue
        for sentence in same:
            others = ", ".join(s.id for s in same if s.id != sentence.id)
            findings[sentence.id].append(
                Finding("inconsistent", f"the same English as {others}, whose Vietnamese differs")
            )
    return findings


def _is_vietnamese(text: str) -> bool:
    """Whether ``text`` has a letter English does not use (a name in Latin script copies legitimately)."""
    return any(ch.isalpha() and not ch.isascii() for ch in text) or "đ" in text.lower()


def _balance(source: str, english: str) -> list[Finding]:
    found = []
    for opening, closing in _PAIRS:
        if english.count(opening) - english.count(closing) != source.count(opening) - source.count(closing):
            found.append(Finding("quotes", f"unbalanced {opening}{closing} in the English"))
    if english.count('"') % 2 != source.count('"') % 2:
        found.append(Finding("quotes", 'unbalanced " in the English'))
    return found


def _final_punctuation(source: str, english: str) -> list[Finding]:
    source_end = source.rstrip().rstrip(_CLOSERS)[-1:]
    english_end = english.rstrip().rstrip(_CLOSERS)[-1:]
    if _DOUBLED.search(english) and not _DOUBLED.search(source):
        return [Finding("punctuation", "doubled punctuation in the English")]
    if source_end and source_end in _FINAL and english_end not in _FINAL:
        return [
            Finding(
                "punctuation",
                f"the English does not end with punctuation (the Vietnamese ends with '{source_end}')",
            )
        ]
    if (
        english_end
        and english_end in ".!?"
        and source_end not in _FINAL
        and not english.rstrip().endswith("...")
    ):
        return [
            Finding(
                "punctuation", f"the English ends with '{english_end}', the Vietnamese with none (a heading?)"
            )
        ]
    return []


def entry_findings(
    entries: Sequence[polib.POEntry], hits_of: Callable[[str], tuple[TermHit, ...]]
) -> dict[str, list[Finding]]:
    """``check_document`` of a catalogue's entries; ``hits_of`` gives a Vietnamese's fixed spans."""
    sentences = []
    for entry in entries:
        note = comment_line(entry.comment, FORMATTING_NOTE)
        lost = FORMATTING_NOTE + note if note is not None else ""
        sentences.append(
            CheckedSentence(entry.msgctxt or "", entry.msgid, entry.msgstr, hits_of(entry.msgid), lost)
        )
    return check_document(sentences)
