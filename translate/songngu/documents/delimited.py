"""Rows of CSV or TSV text with the line each starts on; the csv module's errors become one line."""

from __future__ import annotations

import csv
import io

from songngu.errors import InputError


def numbered_rows(text: str, where: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """``(line, cells)`` per row; a quoted cell may span lines, so row and line numbers can differ."""
    # newline="": the csv module handles line ends itself, a lone "\r" (old Mac exports) included.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        kind = "tab-separated" if delimiter == "\t" else "comma-separated"
        raise InputError(f"{where}:{reader.line_num}: {error}; save it again as {kind} text") from None
    return rows


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP's CSV injection:
# "=HYPERLINK(…)" saved from a page runs when a colleague opens the file); tab and carriage
# return start one in some programs too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_guard(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) or (text.startswith("'") and _needs_guard(text[1:]))


def guard_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it as text: a leading apostrophe before a formula's first
    character, as OWASP advises. A text that already starts with apostrophes before one gets one
    more, so that ``unguard_cell`` gives every text back exactly."""
    return "'" + text if _needs_guard(text) else text


def unguard_cell(text: str) -> str:
    """The text ``guard_cell`` was given (a cell the user wrote without the apostrophe stays as it is)."""
    return text[1:] if text.startswith("'") and _needs_guard(text[1:]) else text
