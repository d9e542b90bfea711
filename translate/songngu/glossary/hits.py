"""Every span of a sentence whose English is fixed: glossary terms and rule spans (dates, URLs, numbers)."""

from __future__ import annotations

from songngu.glossary.matching import TermHit, TermMatcher
from songngu.glossary.rules import rule_hits


def find_hits(text: str, matcher: TermMatcher | None) -> tuple[TermHit, ...]:
    """Glossary hits plus rule hits; none when the glossary is off (``matcher`` None)."""
    if matcher is None:
        return ()
    return tuple(merge_hits(matcher.match(text), rule_hits(text)))


def merge_hits(glossary_hits: list[TermHit], rules: list[TermHit]) -> list[TermHit]:
    """Glossary hits win; a rule hit survives only where it overlaps none."""
    kept = [rule for rule in rules if not any(rule.overlaps(hit) for hit in glossary_hits)]
    return sorted([*glossary_hits, *kept], key=lambda hit: hit.start)
