"""Spans with a fixed English rendering that no glossary lists: dates, URLs, e-mail addresses, numbers.

Dates follow the house style (7/4/2020 -> 7 April 2020, 14-4 -> 14 April,
tháng 7-2015 -> July 2015, ngày 3 tháng 4 năm 2024 -> 3 April 2024); URLs and
e-mail addresses are copied as written; numbers are written as English writes them
(Vietnamese 1.500 -> 1,500 and 2,5 -> 2.5; see ``english_number``). The hits carry
the same ``TermHit`` shape as glossary hits, so the decoder constraint enforces both alike.
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
# Dates written out: "3 tháng 4 năm 2024", "3 tháng 4", "tháng 4 năm 2024". One span, one English
# date: as three numbers, "4" would be required where the English says "April".
_WRITTEN_DAY_MONTH = re.compile(
    r"(?<![\w/.,-])(\d{1,2})\s+(?i:tháng)\s+(\d{1,2})(?:\s*(?:(?i:năm)\s+|,\s*)(\d{4}))?(?![\w/-]|[.,]\d)"
)
_WRITTEN_MONTH_YEAR = re.compile(r"(?i:\btháng\s+)(\d{1,2})\s+(?i:năm)\s+(\d{4})(?![\w/-]|[.,]\d)")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


def english_number(written: str) -> str:
    """A number as English writes it. Vietnamese groups thousands with "." and marks decimals with ",".

    1.500 -> 1,500; 2,5 -> 2.5; 1.234.567,89 -> 1,234,567.89. What is not clearly Vietnamese is
    kept as written: 3.5 (a decimal point, or a version), 1,234,567 (English already), 0243.123.
    """
    if "." in written and "," in written:
        if written.index(".") > written.index(","):
            return written  # 1,234.5: English already
        return written.replace(".", "\0").replace(",", ".").replace("\0", ",")
    if "," in written:
        return written.replace(",", ".") if written.count(",") == 1 else written
    if "." in written:
        head, *groups = written.split(".")
        if len(head) <= 3 and not head.startswith("0") and all(len(g) == 3 for g in groups):
            return written.replace(".", ",")
    return written


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
    # Whole matches: day, month and (perhaps) year, as 7/4/2020 or 3 tháng 4 năm 2024.
    for pattern in (_DAY_MONTH_YEAR, _WRITTEN_DAY_MONTH):
        for match in pattern.finditer(text):
            target = _date(*match.groups())
            if target:
                hits.append(
                    TermHit(match.start(), match.end(), match.group(), match.group(), target, kind="date")
                )
    # Month and year, as tháng 7-2015 or tháng 4 năm 2024.
    for pattern in (_MONTH_YEAR, _WRITTEN_MONTH_YEAR):
        for match in pattern.finditer(text):
            month, year = int(match.group(1)), match.group(2)
            if 1 <= month <= 12:
                target = f"{MONTHS[month - 1]} {year}"
                hits.append(
                    TermHit(match.start(), match.end(), match.group(), match.group(), target, kind="date")
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
        written = match.group()
        number = TermHit(match.start(), match.end(), written, written, english_number(written), kind="number")
        if not any(number.overlaps(hit) for hit in chosen):
            chosen.append(number)
    return sorted(chosen, key=lambda hit: hit.start)
