"""The TSV review table: id, Vietnamese, English, status, sentence chrF++ (for a spreadsheet)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from songngu.documents.delimited import numbered_rows
from songngu.documents.text import read_text
from songngu.errors import InputError
from songngu.review.pairs import SentencePair

TSV_COLUMNS = ("id", "vi", "en", "status", "chrf")


def format_tsv(pairs: list[SentencePair], chrf: dict[str, float] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(TSV_COLUMNS)
    for pair in pairs:
        score = chrf.get(pair.id) if chrf else None
        writer.writerow(
            (pair.id, pair.source, pair.english, pair.status, "" if score is None else f"{score:.1f}")
        )
    return buffer.getvalue()


def parse_tsv(text: str, where: str) -> list[SentencePair]:
    rows = numbered_rows(text, where, "\t")
    if not rows:
        raise InputError(f"{where}: empty TSV file; expected the header {' '.join(TSV_COLUMNS)}")
    header_line, header_cells = rows[0]
    header = [c.strip().lower() for c in header_cells]
    if header[:3] != list(TSV_COLUMNS[:3]):
        raise InputError(
            f"{where}:{header_line}: wrong columns {header[:5]}; expected id, vi, en (then status, chrf) separated by tabs"
        )
    pairs = []
    for number, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            raise InputError(
                f"{where}:{number}: expected at least 3 tab-separated columns (id, vi, en), found {len(row)}"
            )
        status = row[3].strip() if len(row) > 3 and row[3].strip() else "machine"
        pairs.append(SentencePair(row[0].strip(), row[1], row[2], status))
    return pairs


def read_tsv(path: Path) -> list[SentencePair]:
    text = read_text(path, if_empty="delete it and run 'songngu translate' to write it again from the PO")
    return parse_tsv(text, str(path))
