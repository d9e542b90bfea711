"""Where review stands in a folder: per document, its sentences by status and the reviewed
sentences whose English lacks a required term (``songngu review status``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from songngu.glossary.hits import find_hits, term_in, term_matcher
from songngu.glossary.terms import Glossary
from songngu.review.catalog import load_catalog
from songngu.review.entry import STATUSES
from songngu.review.po import po_pairs
from songngu.translation.memory import known_machine_output


def review_status(documents: list[tuple[Path, str]], glossary: Glossary | None) -> list[dict[str, Any]]:
    """One row per (folder, name): counts by status and the violations, as the TSV's edits leave
    them (folded in as the next command will see them; nothing is written)."""
    matcher = term_matcher(glossary)
    rows = []
    for folder, name in documents:
        with known_machine_output(folder) as is_machine_output:
            catalog = load_catalog(folder, name, is_machine_output)
        pairs = po_pairs(catalog.po) if catalog else []
        violations = [
            {"sentence": p.id, "term": hit.target}
            for p in pairs
            if p.status == "reviewed"
            for hit in find_hits(p.source, matcher)
            if not term_in(p.english, hit.target)
        ]
        counts = {status: sum(p.status == status for p in pairs) for status in STATUSES}
        rows.append({"document": name, "sentences": len(pairs), **counts, "violations": violations})
    return rows
