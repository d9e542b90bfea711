"""The TSV review table: id, Vietnamese, English, status, sentence chrF++ (for a spreadsheet).

One row a physical line, cells separated by tabs. A cell is written as it is, except one
that starts with a double quote, which is quoted the CSV way (inside a pair of quotes, its
own quotes doubled), so that a spreadsheet reads it back whole. Reading splits each line at its tabs first and then
unquotes a cell only if it is quoted from end to end; a stray quote at the start of a cell (a
quotation that opens in one sentence and closes in the next) stays text, and can never swallow
the rows that follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from songngu.documents.text import read_text
from songngu.errors import InputError
from songngu.review.pairs import SentencePair

TSV_COLUMNS = ("id", "vi", "en", "status", "chrf")
STATUSES = ("reviewed", "machine", "untranslated")
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class TsvRow:
    """A data row as the file has it, with its line number for messages."""

    line: int
    id: str
    source: str
    english: str
    status: str  # as typed; "" when the cell is empty or missing
    base_digest: str | None = None  # english_digest of the English it was exported with, when the file says


def english_digest(english: str) -> str:
    """A short fingerprint of an exported English, by which a returned file shows what it was edited from."""
    import hashlib

    return hashlib.sha1(english.strip().encode("utf-8")).hexdigest()[:12]


def _cell(text: str) -> str:
    text = " ".join(text.split("\t")).replace("\r", " ").replace("\n", " ")
    return '"' + text.replace('"', '""') + '"' if text.startswith('"') else text


def _uncell(text: str) -> str:
    quoted = _QUOTED.fullmatch(text)
    return quoted.group(1).replace('""', '"') if quoted else text


def format_tsv(pairs: list[SentencePair], chrf: dict[str, float] | None = None) -> str:
    lines = ["\t".join(TSV_COLUMNS)]
    for pair in pairs:
        score = chrf.get(pair.id) if chrf else None
        cells = (pair.id, pair.source, pair.english, pair.status, "" if score is None else f"{score:.1f}")
        lines.append("\t".join(_cell(cell) for cell in cells))
    return "".join(line + "\n" for line in lines)


def parse_tsv_rows(text: str, where: str) -> list[TsvRow]:
    lines = _LINE_END.split(text)
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        raise InputError(f"{where}: empty TSV file; expected the header {' '.join(TSV_COLUMNS)}")
    header_line, header_text = numbered[0]
    header = [_uncell(c).strip().lower() for c in header_text.split("\t")]
    if header[:3] != list(TSV_COLUMNS[:3]):
        raise InputError(
            f"{where}:{header_line}: wrong columns {header[:5]}; expected id, vi, en (then status, chrf) separated by tabs"
        )
    rows = []
    for number, line in numbered[1:]:
        cells = [_uncell(cell) for cell in line.split("\t")]
        if len(cells) < 3:
            raise InputError(
                f"{where}:{number}: expected at least 3 tab-separated columns (id, vi, en), found {len(cells)}"
            )
        status = cells[3].strip().lower() if len(cells) > 3 else ""
        rows.append(TsvRow(number, cells[0].strip(), cells[1], cells[2], status))
    return rows


def parse_tsv(text: str, where: str) -> list[SentencePair]:
    return [
        SentencePair(r.id, r.source, r.english, r.status if r.status in STATUSES else "machine")
        for r in parse_tsv_rows(text, where)
    ]


def read_tsv_rows(path: Path) -> list[TsvRow]:
    text = read_text(path, if_empty="delete it and run 'songngu translate' to write it again from the PO")
    return parse_tsv_rows(text, str(path))


def read_tsv(path: Path) -> list[SentencePair]:
    text = read_text(path, if_empty="delete it and run 'songngu translate' to write it again from the PO")
    return parse_tsv(text, str(path))
