"""The one-screen summary printed at the end of a run."""

from __future__ import annotations

import sys
from pathlib import Path

from songngu.table import percent, render_table
from songngu.translation.pipeline import RunReport


def print_summary(report: RunReport, out: Path) -> None:
    rows = []
    for doc in report.documents:
        merge = doc.merge
        rows.append(
            (
                doc.name,
                len(doc.sentences),
                f"{doc.terms_found}/{doc.terms_required}",
                percent(doc.terms_found, doc.terms_required),
                merge.kept_reviews + merge.reused_reviews,
                merge.changed_source,
                merge.obsolete,
            )
        )
    found = sum(d.terms_found for d in report.documents)
    required = sum(d.terms_required for d in report.documents)
    if rows:
        print(
            render_table(
                (
                    "document",
                    "sentences",
                    "terms",
                    "term success",
                    "reviews kept",
                    "source changed",
                    "obsolete",
                ),
                rows,
            )
        )
    print(
        f"{len(report.documents)} documents, {report.sentences} sentences "
        f"({report.translated} translated by the model, the rest from the memory) in {report.seconds:.1f} s; "
        f"term success {percent(found, required)}"
    )
    if report.split:
        print(
            f"{report.split} sentences were longer than the model takes and were translated in clause groups"
        )
    if report.redecoded:
        print(
            f"{report.redecoded} sentences lacked a required term and were re-decoded on the constrained path"
        )
    # Problems to act on go to stderr, with the other messages: the table on stdout stays a table.
    for missing in report.missing_terms:
        print(f"missing term: {missing}; fix it in review", file=sys.stderr)
    for missing in report.reviewed_without_terms:
        print(f"check: {missing}", file=sys.stderr)
    if report.failures:
        print(f"{len(report.failures)} documents failed (see the messages above)")
    print(f"review files: {out}/NNN.po (Poedit, Lokalize, Weblate), NNN.tsv, NNN.tmx (CAT tools), NNN.en.txt")
