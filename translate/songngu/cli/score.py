"""``songngu score`` and ``songngu align``: argument parsing and messages only."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from songngu import defaults
from songngu.cli.options import add_glossary_options, glossary_path
from songngu.errors import SongnguError
from songngu.table import render_table

if TYPE_CHECKING:
    from songngu.app.score_folder import ScoredFolder
    from songngu.scoring.report import ReportContext
    from songngu.scoring.score import CorpusScore


def add_score_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("score", help="BLEU, chrF++, TER and term success against reference translations")
    p.add_argument(
        "folder", nargs="?", type=Path, default=defaults.ALIGNED, help="review files (default: aligned/)"
    )
    p.add_argument(
        "--refs",
        type=Path,
        default=defaults.REFERENCES,
        help="NNN.en.txt references (default: seeds/references/)",
    )
    add_glossary_options(p, "term success is counted against")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument(
        "--compare", nargs=2, type=Path, metavar=("A", "B"), help="paired bootstrap: run B against run A"
    )
    p.set_defaults(handler=cmd_score)


def print_scores(corpus: CorpusScore, context: ReportContext) -> None:
    from songngu.scoring.report import HEADERS, table_rows, unscored_note

    print(render_table(HEADERS, table_rows(corpus)))
    if context.without_reference:
        print(unscored_note(context))
    for name, signature in corpus.signatures.items():
        print(f"{name}: {signature}")


def print_scored(folder: Path, scored: ScoredFolder | None) -> None:
    """After a job that changed review files and re-scored them: the scores, and where the reports are."""
    if scored is None:
        return
    for warning in scored.warnings:
        print(f"songngu: {warning}", file=sys.stderr)
    print_scores(scored.corpus, scored.context)
    print(f"score reports: {folder / 'report.md'}, {folder / 'report.html'}")


# ---------------------------------------------------------------- commands


def cmd_score(args: argparse.Namespace) -> int:
    if args.compare:
        return _compare(args)
    if not args.folder.is_dir():
        raise SongnguError(f"{args.folder}: no such folder; run 'songngu translate' first")
    from songngu.app.score_folder import score_folder
    from songngu.glossary.terms import load_glossary_if_present
    from songngu.scoring.report import to_json

    result = score_folder(args.folder, args.refs, load_glossary_if_present(glossary_path(args)))
    if result is None:
        raise SongnguError(
            f"no document in {args.folder} has a reference {args.refs}/NNN.en.txt", exit_code=1
        )
    for warning in result.warnings:
        print(f"songngu: {warning}", file=sys.stderr)
    corpus, context = result.corpus, result.context
    if args.json:
        print(json.dumps(to_json(corpus, context), ensure_ascii=False))
    else:
        print_scores(corpus, context)
        print(f"reports: {args.folder / 'report.md'}, {args.folder / 'report.html'}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from songngu.app.compare import compare_runs
    from songngu.glossary.terms import load_glossary_if_present

    folder_a, folder_b = args.compare
    result = compare_runs(folder_a, folder_b, args.refs, load_glossary_if_present(glossary_path(args)))
    comparisons = result.comparisons
    terms = {"required": result.terms_required, "A": result.terms_a, "B": result.terms_b}
    share = {k: 100 * terms[k] / terms["required"] if terms["required"] else None for k in ("A", "B")}
    if args.json:
        term_row = {"metric": "term success", "baseline": share["A"], "system": share["B"], **terms}
        print(json.dumps([*(c.__dict__ for c in comparisons), term_row]))
        return 0
    rows = [
        (
            c.metric,
            f"{c.baseline:.1f}",
            f"{c.system:.1f}",
            f"{c.difference:+.1f}",
            f"[{c.ci_low:+.1f}, {c.ci_high:+.1f}]",
            f"{c.p_value:.4f}",
        )
        for c in comparisons
    ]
    print(
        f"A = {folder_a}, B = {folder_b}; {result.segments} aligned segments; paired bootstrap, 1000 resamples"
    )
    if terms["required"]:
        a_share, b_share = share["A"] or 0.0, share["B"] or 0.0
        rows.append(
            ("term success", f"{a_share:.1f}%", f"{b_share:.1f}%", f"{b_share - a_share:+.1f}", "", "")
        )
    print(render_table(("metric", "A", "B", "B - A", "95% CI", "p-value"), rows))
    print(
        f"TER: lower is better; term success: {terms['A']} and {terms['B']} of {terms['required']} required terms"
    )
    return 0
