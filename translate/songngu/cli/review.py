"""``songngu review status|apply``: where review stands, and the English documents from reviewed files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from songngu import defaults
from songngu.errors import SongnguError
from songngu.table import render_table


def add_review_commands(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("review", help="review progress and applying reviewed files")
    actions = parser.add_subparsers(title="review commands", metavar="ACTION")
    p = actions.add_parser(
        "status", help="per document: reviewed, machine (fuzzy), untranslated, glossary violations"
    )
    p.add_argument("folder", nargs="?", type=Path, default=defaults.ALIGNED)
    p.add_argument("--glossary", type=Path, default=defaults.GLOSSARY)
    p.set_defaults(handler=cmd_status)
    p = actions.add_parser(
        "apply", help="write NNN.en.txt from reviewed PO or TSV files (machine output where none is reviewed)"
    )
    p.add_argument(
        "files", nargs="*", type=Path, help="aligned/NNN.po or NNN.tsv files (default: every PO in aligned/)"
    )
    p.add_argument(
        "--out", type=Path, default=defaults.ALIGNED, help="folder of the review files (default: aligned/)"
    )
    p.add_argument("--refs", type=Path, default=defaults.REFERENCES, help="re-score against these references")
    p.add_argument("--glossary", type=Path, default=defaults.GLOSSARY)
    p.set_defaults(handler=cmd_apply)


def _po_files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("*.po"))
    if not files:
        raise SongnguError(f"{folder}: no PO files; run 'songngu translate' first")
    return files


def cmd_status(args: argparse.Namespace) -> int:
    from songngu.glossary.hits import find_hits
    from songngu.glossary.matching import TermMatcher
    from songngu.glossary.terms import load_glossary_if_present
    from songngu.review.po import po_pairs, read_po

    glossary = load_glossary_if_present(args.glossary)
    matcher = TermMatcher(glossary) if glossary else None
    rows, violations_found = [], []
    for path in _po_files(args.folder):
        pairs = po_pairs(read_po(path, path.stem))
        counts = {
            status: sum(p.status == status for p in pairs)
            for status in ("reviewed", "machine", "untranslated")
        }
        violations = [
            (path.stem, p.id, hit.target)
            for p in pairs
            if p.status == "reviewed"
            for hit in find_hits(p.source, matcher)
            if hit.target not in p.english
        ]
        violations_found += violations
        done = f"{100 * counts['reviewed'] / len(pairs):.0f}%" if pairs else "-"
        rows.append(
            (
                path.stem,
                len(pairs),
                counts["reviewed"],
                counts["machine"],
                counts["untranslated"],
                len(violations),
                done,
            )
        )
    print(
        render_table(
            ("document", "sentences", "reviewed", "machine", "untranslated", "violations", "done"), rows
        )
    )
    for name, sentence, target in violations_found:
        print(f"{name} {sentence}: reviewed English lacks the required term '{target}'")
    return 1 if violations_found else 0


def cmd_apply(args: argparse.Namespace) -> int:
    from songngu.atomic import atomic_write_text
    from songngu.review.pairs import format_english
    from songngu.review.po import po_pairs, read_po
    from songngu.review.tsv import read_tsv

    files = args.files or _po_files(args.out)
    rows = []
    for path in files:
        if path.suffix == ".po":
            name = path.stem
            pairs = po_pairs(read_po(path, name))
        elif path.suffix == ".tsv":
            name = path.stem
            pairs = read_tsv(path)
        else:
            raise SongnguError(f"{path}: give a .po or .tsv review file")
        target = path.with_name(f"{name}.en.txt")
        atomic_write_text(target, format_english(pairs))
        machine = sum(p.status != "reviewed" for p in pairs)
        rows.append((name, len(pairs), len(pairs) - machine, machine, str(target)))
    print(render_table(("document", "sentences", "reviewed", "machine output used", "written"), rows))
    if any(row[3] for row in rows):
        print("some sentences are not reviewed yet: their machine output was used", file=sys.stderr)
    from songngu.cli.score import score_and_report

    for folder in sorted({path.parent for path in files if path.suffix == ".po"}):
        score_and_report(folder, args.refs, args.glossary)
    return 0
