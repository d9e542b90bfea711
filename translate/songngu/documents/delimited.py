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
