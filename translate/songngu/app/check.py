"""``songngu review check``: the quality checks of every sentence of a review folder.

The documents are read as the next command would see them (the TSV's edits folded in), and
nothing is written. The checks are review/checks.py's, the ones the workbench shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from songngu.glossary.hits import find_hits, term_matcher
from songngu.glossary.terms import Glossary
from songngu.review.catalog import load_catalog
from songngu.review.checks import entry_findings
from songngu.translation.memory import known_machine_output


@dataclass(frozen=True)
class CheckedDocument:
    """A document's sentence count and its findings as (sentence id, check, message)."""

    name: str
    sentences: int
    findings: tuple[tuple[str, str, str], ...]


def check_documents(documents: list[tuple[Path, str]], glossary: Glossary | None) -> list[CheckedDocument]:
    """Every document's findings. Without a glossary (``--no-glossary``) nothing is required, so the
    term, number, date and address checks find nothing (``term_matcher``); the others still run."""
    matcher = term_matcher(glossary)
    checked = []
    for folder, name in documents:
        with known_machine_output(folder) as is_machine_output:
            catalog = load_catalog(folder, name, is_machine_output)
        entries = [e for e in catalog.po if not e.obsolete] if catalog else []
        findings = entry_findings(entries, lambda text: find_hits(text, matcher))
        rows = tuple((sentence, f.check, f.message) for sentence, found in findings.items() for f in found)
        checked.append(CheckedDocument(name, len(entries), rows))
    return checked
