"""The ``songngu`` command line: the parser of every command group, and the one place errors become messages.

Exit codes: 0 success, 1 some documents failed or a check found problems,
2 bad usage or unreadable input. Problems are reported as one line on stderr,
never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from songngu import __version__
from songngu.cli.align import add_align_commands
from songngu.cli.documents import add_document_commands
from songngu.cli.glossary import add_glossary_commands
from songngu.cli.review import add_review_commands
from songngu.cli.score import add_score_commands
from songngu.cli.translate import add_translate_commands
from songngu.errors import SongnguError


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        code = args.handler(args)
        sys.stdout.flush()
        return code
    except SongnguError as error:
        print(f"songngu: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("songngu: interrupted; finished files are complete and the next run resumes", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (songngu glossary list | head): stop quietly, as tools killed by
        # SIGPIPE do, and keep Python from complaining about the unflushed rest at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="songngu",
        description="Translate Vietnamese documents into English with MarianMT and a guaranteed glossary, "
        "and write sentence-aligned files for review.",
    )
    parser.add_argument("--version", action="version", version=f"songngu {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_translate_commands(commands)
    add_document_commands(commands)
    add_glossary_commands(commands)
    add_review_commands(commands)
    add_score_commands(commands)
    add_align_commands(commands)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
