"""The one-screen summary printed at the end of a run."""

from __future__ import annotations

import sys
from pathlib import Path

from songngu.app.run import RunReport
from songngu.documents.segment import MAX_SENTENCE_CHARS
from songngu.table import counted, percent, render_table


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
    sources = [f"{counted(report.translated, 'sentence')} translated by the model"]
    if report.from_memory:
        sources.append(f"{report.from_memory} from the translation memory")
    if report.documents or not report.current:
        print(
            f"{counted(len(report.documents), 'document')}, {counted(report.sentences, 'sentence')} "
            f"({', '.join(sources)}) in {report.seconds:.1f} s; term success {percent(found, required)}"
        )
    if report.current:
        print(
            f"{counted(len(report.current), 'document')} already current (the same source, settings and "
            "review files as the run that wrote them): skipped"
        )
    if report.cut:
        print(
            f"{counted(report.cut, 'sentence')} cut from lines of over {MAX_SENTENCE_CHARS:,} characters "
            "without a full stop (after a comma or at a space): review them in the PO"
        )
    if report.split:
        print(f"{counted(report.split, 'sentence')} longer than the model takes, translated in clause groups")
    if report.placed:
        print(
            f"{counted(report.placed, 'sentence')} lacking a required term: the term put in where the model "
            "translated it"
        )
    # Problems to act on go to stderr, with the other messages: the table on stdout stays a table.
    for missing in report.missing_terms:
        print(f"missing term: {missing}; fix it in review", file=sys.stderr)
    for missing in report.reviewed_without_terms:
        print(f"check: {missing}", file=sys.stderr)
    if report.failures:
        print(f"{counted(len(report.failures), 'document')} failed (see the messages above)")
    formatted = sorted({f"NNN.en.{d.format}" for d in report.documents if d.format != "txt"})
    print(
        f"review files: {out}/NNN.po (Poedit, Lokalize, Weblate), NNN.tsv, NNN.tmx and NNN.xlf (CAT tools), "
        + ", ".join(["NNN.en.txt", *formatted])
    )
