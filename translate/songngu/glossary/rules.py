"""Spans with a fixed English rendering that no glossary lists: dates, URLs, e-mail addresses, numbers.

Dates follow the house style (7/4/2020 -> 7 April 2020, 14-4 -> 14 April,
tháng 7-2015 -> July 2015); URLs, e-mail addresses and numbers are copied as
written. The hits carry the same ``TermHit`` shape as glossary hits, so the
decoder constraint enforces both alike.
"""

from __future__ import annotations

import re

from songngu.glossary.matching import TermHit, select_longest

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"“”()]+[^\s<>\"“”().,;:!?]")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_DAY_MONTH_YEAR = re.compile(r"(?<![\w/.-])(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?![\w/-])")
_MONTH_YEAR = re.compile(r"(?i:\btháng\s+)(\d{1,2})[/-](\d{4})(?![\w/-])")
# A bare day-month is only a date after a word that introduces one, or in parentheses.
_DAY_MONTH = re.compile(
    r"(?:(?i:\b(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|từ|đến)\s+)|\(\s*)(\d{1,2})[/-](\d{1,2})(?![\w/-])"
)
_SLASH_DAY_MONTH = re.compile(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})(?![\w/.-])")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


def _date(day: str, month: str, year: str | None = None) -> str | None:
    d, m = int(day), int(month)
    if not (1 <= d <= 31 and 1 <= m <= 12):
        return None
    return f"{d} {MONTHS[m - 1]}" + (f" {year}" if year else "")


def rule_hits(text: str) -> list[TermHit]:
    """Every rule-based span of a segment, longest first, without overlaps."""
    hits: list[TermHit] = []
    for match in _URL.finditer(text):
        hits.append(
            TermHit(match.start(), match.end(), match.group(), match.group(), match.group(), kind="url")
        )
    for match in _EMAIL.finditer(text):
        hits.append(
            TermHit(match.start(), match.end(), match.group(), match.group(), match.group(), kind="email")
        )
    for match in _DAY_MONTH_YEAR.finditer(text):
        target = _date(*match.groups())
        if target:
            hits.append(
                TermHit(match.start(), match.end(), match.group(), match.group(), target, kind="date")
            )
    for match in _MONTH_YEAR.finditer(text):
        month, year = int(match.group(1)), match.group(2)
        if 1 <= month <= 12:
            hits.append(
                TermHit(
                    match.start(),
                    match.end(),
                    match.group(),
                    match.group(),
                    f"{MONTHS[month - 1]} {year}",
                    kind="date",
                )
            )
    for pattern in (_DAY_MONTH, _SLASH_DAY_MONTH):
        for match in pattern.finditer(text):
            target = _date(match.group(1), match.group(2))
            if target:
                start = match.start(1)
                hits.append(
                    TermHit(
                        start,
                        match.end(),
                        text[start : match.end()],
                        text[start : match.end()],
                        target,
                        kind="date",
                    )
                )
    chosen = select_longest(hits)
    for match in _NUMBER.finditer(text):
        number = TermHit(
            match.start(), match.end(), match.group(), match.group(), match.group(), kind="number"
        )
        if not any(number.overlaps(hit) for hit in chosen):
            chosen.append(number)
    return sorted(chosen, key=lambda hit: hit.start)
