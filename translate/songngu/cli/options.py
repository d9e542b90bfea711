"""Options several commands share, declared once: the glossary to check terms against, the XLIFF version."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songngu import defaults
from songngu.glossary.terms import missing_glossary


def add_glossary_options(
    parser: argparse.ArgumentParser,
    what: str = "terms are checked against",
    *,
    default: Any = defaults.GLOSSARY,
    without: bool = True,
) -> None:
    """``--glossary FILE`` (the only place it is declared) and, with ``without``, ``--no-glossary``.

    ``default``: the project's glossary/terms.tsv, None where a command works without one unless
    given it (``align``), or ``argparse.SUPPRESS`` for a subcommand that repeats its group's option.
    """
    shown = (
        f" (default: {defaults.GLOSSARY}, from the folder you run songngu in)"
        if default == defaults.GLOSSARY
        else ""
    )
    parser.add_argument(
        "--glossary", type=Path, default=default, metavar="FILE", help=f"the term file {what}{shown}"
    )
    if without:
        parser.add_argument(
            "--no-glossary",
            action="store_true",
            help="work without a glossary: nothing is required (no term, number or date checks, no term success)",
        )


def glossary_path(args: argparse.Namespace) -> Path | None:
    """The glossary file the command uses, None with --no-glossary; a missing file is an error.

    Run outside the project, the default glossary/terms.tsv is not there: carrying on without
    it would report "terms 0/0" and write reports that say "glossary none", so it stops instead.
    """
    if args.no_glossary:
        return None
    path: Path = args.glossary
    if not path.is_file():
        raise missing_glossary(
            path,
            "run songngu in the project folder, or pass --glossary FILE, or --no-glossary to go without one",
        )
    return path


def add_xliff_option(parser: argparse.ArgumentParser) -> None:
    from songngu.review.xliff import VERSIONS

    parser.add_argument(
        "--xliff",
        choices=VERSIONS,
        default=VERSIONS[0],
        help="version of the NNN.xlf file written for CAT tools (default: 1.2, as Trados and memoQ read it best)",
    )
