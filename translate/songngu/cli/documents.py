"""``songngu segment``: how songngu cuts a document into the sentences it translates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_document_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "segment",
        help="print one sentence per line, a blank line between paragraphs",
        description="Show how songngu cuts a document into the sentences it translates: one sentence a "
        "line, a blank line between paragraphs (sentence ids 'p.s' count them from 1).",
    )
    p.add_argument("file", type=Path, help="a .txt, .docx or .html document")
    p.set_defaults(handler=cmd_segment)


def cmd_segment(args: argparse.Namespace) -> int:
    from songngu.documents.reader import read_document
    from songngu.documents.segment import split_sentences

    document = read_document(args.file)
    for warning in document.warnings:
        print(f"songngu: {warning}", file=sys.stderr)
    blocks = ["\n".join(split_sentences(paragraph)) for paragraph in document.paragraphs]
    print("\n\n".join(blocks))
    return 0
