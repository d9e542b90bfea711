"""The ``songngu`` command line: argument parsing and messages only.

Exit codes: 0 success, 1 some documents failed or a check found problems,
2 bad usage or unreadable input. Problems are reported as one line on stderr,
never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from translate import __version__, defaults
from translate.backends import DEFAULT_MODEL
from translate.errors import SongnguError


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except SongnguError as error:
        print(f"songngu: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("songngu: interrupted; finished files are complete and the next run resumes", file=sys.stderr)
        return 130


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="songngu",
        description="Translate Vietnamese documents into English with MarianMT and a guaranteed glossary, "
        "and write sentence-aligned files for review.",
    )
    parser.add_argument("--version", action="version", version=f"songngu {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = commands.add_parser(
        "translate",
        help="translate documents and write review files under aligned/",
        description="Translate each document sentence by sentence and write NNN.po, NNN.tsv, NNN.tmx and "
        "NNN.en.txt. Existing review files are merged like msgmerge: reviewed or edited entries keep their "
        "English, untouched machine entries are refreshed, changed sentences become fuzzy with the old source "
        "as #| msgid, vanished ones become obsolete (#~). English edited in the TSV is folded in first. "
        "Finished sentences are kept in a translation memory, so an interrupted run resumes. When references "
        "exist (--refs), the output is scored and aligned/report.md and report.html are written.",
    )
    p.add_argument("docs", nargs="*", type=Path, help="text files or folders (default: seeds/*.txt)")
    p.add_argument(
        "--out", type=Path, default=defaults.ALIGNED, help="folder for the review files (default: aligned/)"
    )
    p.add_argument(
        "--glossary", type=Path, default=defaults.GLOSSARY, help="term file (default: glossary/terms.tsv)"
    )
    p.add_argument(
        "--no-glossary", action="store_true", help="translate without glossary or rule constraints"
    )
    p.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"hub id or local directory (default: {DEFAULT_MODEL})"
    )
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--backend", choices=("transformers", "ctranslate2"), default="transformers")
    p.add_argument("--beams", type=_positive, default=4, help="beam size (default: 4)")
    p.add_argument(
        "--dtype",
        choices=("float32", "bfloat16"),
        default="float32",
        help="transformers backend weights; bfloat16 is faster on CPUs with AMX or AVX-512 BF16 and on GPUs",
    )
    p.add_argument(
        "--refs",
        type=Path,
        default=defaults.REFERENCES,
        help="reference translations NNN.en.txt to score against",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_translate)

    p = commands.add_parser("model", help="manage the translation model")
    model_commands = p.add_subparsers(title="model commands", metavar="ACTION")
    q = model_commands.add_parser(
        "download", help="save model and tokenizer in DIR for offline use (--model DIR)"
    )
    q.add_argument("directory", type=Path)
    q.add_argument("--model", default=DEFAULT_MODEL)
    q.set_defaults(handler=cmd_model_download)

    p = commands.add_parser("segment", help="print one sentence per line, a blank line between paragraphs")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_segment)

    from translate.glossary_cli import add_glossary_commands

    add_glossary_commands(commands)
    from translate.review_cli import add_review_commands

    add_review_commands(commands)
    from translate.score_cli import add_score_commands

    add_score_commands(commands)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


# ---------------------------------------------------------------- commands


def expand_docs(docs: Sequence[Path]) -> list[Path]:
    """Files as given; folders contribute their ``*.txt`` files (not sub-folders such as references/)."""
    paths: list[Path] = []
    for doc in docs or [defaults.SEEDS]:
        if doc.is_dir():
            paths += sorted(p for p in doc.glob("*.txt") if not p.name.endswith(".en.txt"))
        else:
            paths.append(doc)
    if not paths:
        raise SongnguError(
            f"no documents found in {', '.join(map(str, docs or [defaults.SEEDS]))}; give .txt files"
        )
    return paths


def tqdm_progress(quiet: bool) -> Callable[[int], Callable[[int], None]]:
    def factory(total: int) -> Callable[[int], None]:
        from tqdm import tqdm

        bar = tqdm(
            total=total, unit="sent", desc="translating", disable=quiet, file=sys.stderr, dynamic_ncols=True
        )

        def update(n: int) -> None:
            bar.update(n)
            if bar.n >= total:
                bar.close()

        return update

    return factory


def cmd_translate(args: argparse.Namespace) -> int:
    from translate.backends import load_backend
    from translate.glossary import load_glossary
    from translate.pipeline import run
    from translate.summary import print_summary

    paths = expand_docs(args.docs)
    glossary = None if args.no_glossary else load_glossary(args.glossary)
    options = {"dtype": args.dtype} if args.backend == "transformers" else {}
    backend = load_backend(args.backend, args.model, device=args.device, beams=args.beams, **options)
    report = run(paths, backend, glossary, args.out, progress_factory=tqdm_progress(args.quiet))
    for message in [*report.warnings, *report.failures]:
        print(f"songngu: {message}", file=sys.stderr)
    print_summary(report, args.out)
    if args.refs.is_dir() and report.documents:
        from translate.score_cli import print_scores, score_folder

        scored = score_folder(args.out, args.refs, None if args.no_glossary else args.glossary)
        if scored is not None:
            print_scores(scored[0])
            print(f"score reports: {args.out / 'report.md'}, {args.out / 'report.html'}")
    return 1 if report.failures else 0


def cmd_model_download(args: argparse.Namespace) -> int:
    from translate.backends.marian import download_model

    directory = download_model(args.model, args.directory)
    print(f"saved {args.model} to {directory}; translate offline with --model {directory}")
    return 0


def cmd_segment(args: argparse.Namespace) -> int:
    from translate.document import read_document
    from translate.segment import split_sentences

    document = read_document(args.file)
    blocks = ["\n".join(split_sentences(paragraph)) for paragraph in document.paragraphs]
    print("\n\n".join(blocks))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
