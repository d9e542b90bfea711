"""The TSV review table: id, Vietnamese, English, status, sentence chrF++ and base (for a spreadsheet).

One row a physical line, cells separated by tabs. A cell is written as it is, except one
that starts with a double quote, which is quoted the CSV way (inside a pair of quotes, its
own quotes doubled), so that a spreadsheet reads it back whole, and one that a spreadsheet would
run as a formula (``=HYPERLINK(…)``), which gets a leading apostrophe (documents/delimited.py).
Reading splits each line at its tabs first and then unquotes a cell only if it is quoted from
end to end; a stray quote at the start of a cell (a quotation that opens in one sentence and
closes in the next) stays text, and can never swallow the rows that follow it.

``base`` is a fingerprint of the English the row was written with (``english_digest``, as XLIFF
units carry ``songngu:base``): an English cell that differs from it is the reviewer's edit, and
it applies when the PO still holds that base, however many rounds of edits came before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from songngu.documents.delimited import guard_cell, unguard_cell
from songngu.documents.text import fold_spaces, read_text
from songngu.errors import InputError
from songngu.review.entry import MACHINE, REVIEWED, STATUSES, UNTRANSLATED
from songngu.review.pairs import SentencePair

TSV_COLUMNS = ("id", "vi", "en", "status", "chrf", "base")
# What reviewers type in a status cell, by the status it means (case and spaces ignored).
STATUS_SPELLINGS = {
    REVIEWED: (
        "reviewed",
        "review",
        "done",
        "ok",
        "okay",
        "yes",
        "y",
        "x",
        "✓",
        "✔",
        "approved",
        "accepted",
        "final",
    ),
    MACHINE: ("machine", "mt", "fuzzy", "draft", "todo", "to do", "no", "n", "new", "unreviewed"),
    UNTRANSLATED: ("untranslated",),
}
_STATUS_OF = {spelling: status for status, spellings in STATUS_SPELLINGS.items() for spelling in spellings}
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class TsvRow:
    """A data row as the file has it, with its line number for messages."""

    line: int
    id: str
    source: str
    english: str
    status: str  # as typed, lower-cased; "" when the cell is empty or missing
    base_digest: str | None = None  # english_digest of the English it was exported with, when the file says

    @property
    def known_status(self) -> str | None:
        """The status the typed one means ("done" is reviewed), "" for none, None for a word songngu does not know."""
        return _STATUS_OF.get(fold_spaces(self.status)) if self.status else ""


def english_digest(english: str) -> str:
    """A short fingerprint of an exported English, by which a returned file shows what it was edited from.
    White space is folded: a spreadsheet's cell holds a line break or a tab as a space."""
    import hashlib

    return hashlib.sha1(fold_spaces(english).encode("utf-8")).hexdigest()[:12]


def _cell(text: str) -> str:
    text = guard_cell(" ".join(text.split("\t")).replace("\r", " ").replace("\n", " "))
    return '"' + text.replace('"', '""') + '"' if text.startswith('"') else text


def _uncell(text: str) -> str:
    quoted = _QUOTED.fullmatch(text)
    return unguard_cell(quoted.group(1).replace('""', '"') if quoted else text)


def format_tsv(pairs: list[SentencePair], chrf: dict[str, float] | None = None) -> str:
    lines = ["\t".join(TSV_COLUMNS)]
    for pair in pairs:
        score = chrf.get(pair.id) if chrf else None
        chrf_cell = "" if score is None else f"{score:.1f}"
        cells = (pair.id, pair.source, pair.english, pair.status, chrf_cell, english_digest(pair.english))
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
    # A TSV written before the base column (or a spreadsheet that dropped it) has none: its
    # rows are folded by the older rules (see review/merge.py).
    base_column = header.index("base") if "base" in header else None
    rows = []
    for number, line in numbered[1:]:
        cells = [_uncell(cell) for cell in line.split("\t")]
        if len(cells) < 3:
            raise InputError(
                f"{where}:{number}: expected at least 3 tab-separated columns (id, vi, en), found {len(cells)}"
            )
        status = cells[3].strip().lower() if len(cells) > 3 else ""
        base = cells[base_column].strip() if base_column is not None and len(cells) > base_column else ""
        rows.append(TsvRow(number, cells[0].strip(), cells[1], cells[2], status, base or None))
    return rows


def parse_tsv(text: str, where: str) -> list[SentencePair]:
    return [
        SentencePair(r.id, r.source, r.english, r.known_status if r.known_status in STATUSES else MACHINE)
        for r in parse_tsv_rows(text, where)
    ]


def read_tsv_rows(path: Path) -> list[TsvRow]:
    text = read_text(path, if_empty="delete it and run 'songngu translate' to write it again from the PO")
    return parse_tsv_rows(text, str(path))


def read_tsv(path: Path) -> list[SentencePair]:
    text = read_text(path, if_empty="delete it and run 'songngu translate' to write it again from the PO")
    return parse_tsv(text, str(path))
