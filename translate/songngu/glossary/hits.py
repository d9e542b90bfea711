"""Every span of a sentence whose English is fixed: glossary terms and rule spans (dates, URLs, numbers)."""

from __future__ import annotations

import re

from songngu.glossary.matching import TermHit, TermMatcher
from songngu.glossary.rules import rule_hits
from songngu.glossary.terms import Glossary


def term_matcher(glossary: Glossary | None) -> TermMatcher | None:
    """The matcher every command finds required spans with. ``None`` is "no glossary" (``--no-glossary``,
    or the workbench where no term file exists yet), and it means one thing everywhere: nothing is
    required, neither terms nor the numbers, dates and URLs of the rules (``find_hits``). A glossary
    with no entries is a glossary: the rules apply."""
    return TermMatcher(glossary) if glossary is not None else None


def find_hits(text: str, matcher: TermMatcher | None) -> tuple[TermHit, ...]:
    """Glossary hits plus rule hits; none when the glossary is off (``matcher`` None, see ``term_matcher``)."""
    if matcher is None:
        return ()
    return tuple(merge_hits(matcher.match(text), rule_hits(text)))


# English style writes small numbers as words ("three French units").
NUMBER_WORDS = dict(
    enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"))
)


def term_in(english: str, target: str) -> bool:
    """Whether ``english`` holds the required ``target``: the one rule every check uses (the run's
    summary, the PO's term comments, review status, the workbench's warnings, score and compare).

    The target as written, or, for a number up to ten, the word for it ("three" for 3). The
    decoder's constraint and CTranslate2's term placement force the literal target: they are how the
    guarantee is made, not how a reviewer's English is judged.
    """
    if target in english:
        return True
    word = NUMBER_WORDS.get(int(target)) if target.isdigit() else None
    return word is not None and re.search(rf"\b{word}\b", english, re.IGNORECASE) is not None


def english_of(text: str, matcher: TermMatcher | None) -> str | None:
    """The fixed English of ``text`` when all of it is one term, date, number or URL; else None.

    Rebuilt documents use it to find where a bold or linked name went in the English.
    """
    text = text.strip()
    hits = merge_hits(matcher.match(text) if matcher is not None else [], rule_hits(text))
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(text):
        return hits[0].target
    return None


# Spans that must come out exactly as written: a glossary term inside one ("TTXVN" in a URL,
# "12" of "12.500") is part of it, and replacing it would corrupt the URL or the number.
VERBATIM_KINDS = ("url", "email", "number")


def merge_hits(glossary_hits: list[TermHit], rules: list[TermHit]) -> list[TermHit]:
    """Glossary hits win over dates; URLs, e-mail addresses and numbers win over a term inside them.

    A URL or e-mail address also wins over a term that only overlaps it; a number loses to a
    term that contains it ("Hội nghị lần thứ 12" as a whole name).
    """
    verbatim = [r for r in rules if r.kind in VERBATIM_KINDS]

    def yields(term: TermHit) -> bool:
        for rule in verbatim:
            inside = rule.start <= term.start and term.end <= rule.end
            if inside or (rule.kind != "number" and rule.overlaps(term)):
                return True
        return False

    terms = [hit for hit in glossary_hits if not yields(hit)]
    kept = [rule for rule in rules if not any(rule.overlaps(hit) for hit in terms)]
    return sorted([*terms, *kept], key=lambda hit: hit.start)
