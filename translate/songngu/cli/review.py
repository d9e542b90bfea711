"""``songngu review status|check|apply|serve``: where review stands, quality checks, the English
documents from reviewed files (and XLIFF files back from CAT tools), and the review workbench."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from songngu import defaults
from songngu.cli.options import add_glossary_options, add_xliff_option, glossary_path
from songngu.errors import SongnguError
from songngu.review.layout import PO, TSV, ReviewFiles
from songngu.table import render_table


def add_review_commands(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "review", help="review progress, applying reviewed files, and the review workbench (browser)"
    )
    actions = parser.add_subparsers(title="review commands", metavar="ACTION")
    p = actions.add_parser(
        "status", help="per document: reviewed, machine (fuzzy), untranslated, glossary violations"
    )
    p.add_argument("folder", nargs="?", type=Path, default=defaults.ALIGNED)
    add_glossary_options(p, "violations are counted against")
    p.add_argument("--json", action="store_true", help="one JSON object per document, with its violations")
    p.set_defaults(handler=cmd_status)
    p = actions.add_parser(
        "check",
        help="quality checks per sentence: terms, numbers, dates, addresses, copies, quotes, punctuation",
        description="List, per sentence, what a reviewer should look at, as pofilter and Xbench do: a glossary "
        "term, number, date, URL or e-mail address of the Vietnamese missing from the English; no English, or "
        "the Vietnamese copied; the same English for different Vietnamese sentences of a document; quotes or "
        "brackets unbalanced; final punctuation missing, added or doubled; double spaces; inline formatting "
        "lost. The workbench shows the same findings. Exit status 1 when anything is found.",
    )
    p.add_argument("folder", nargs="?", type=Path, default=defaults.ALIGNED)
    add_glossary_options(p, "terms are checked against")
    p.add_argument(
        "--only",
        action="append",
        metavar="CHECK",
        help="list only these checks (repeat it); see --list-checks",
    )
    p.add_argument(
        "--list-checks", action="store_true", help="print the checks and what each finds, then stop"
    )
    p.add_argument("--json", action="store_true", help="one JSON object per document, with its findings")
    p.set_defaults(handler=cmd_check)
    p = actions.add_parser(
        "apply",
        help="write the English documents from the reviewed PO, TSV or XLIFF files",
        description="Fold TSV edits (and XLIFF files that came back from a CAT tool) into the PO, then write "
        "NNN.en.txt (and NNN.en.docx / NNN.en.html for Word and web sources), NNN.tmx, NNN.mt.tmx, NNN.xlf and "
        "the TSV from the reviewed entries; a sentence not reviewed yet uses its machine output. XLIFF units "
        "are matched by id; one the CAT tool split or merged is named, not guessed. With references, the "
        "folder is scored again.",
    )
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="review folders, aligned/NNN.po or NNN.tsv files, or NNN.xlf files from a CAT tool "
        "(default: every document in aligned/)",
    )
    p.add_argument(
        "--out", type=Path, default=defaults.ALIGNED, help="folder of the review files (default: aligned/)"
    )
    p.add_argument("--refs", type=Path, default=defaults.REFERENCES, help="re-score against these references")
    add_glossary_options(p, "the rebuild and the re-score use")
    add_xliff_option(p)
    _add_translator_option(p)
    p.set_defaults(handler=cmd_apply)
    p = actions.add_parser(
        "serve",
        help="review sentences and edit the glossary in the browser (a local web page)",
        description="Start the review workbench: a page on this computer where you read each document's "
        "sentences side by side with their glossary terms, warnings and (with --refs) the reference and its "
        "chrF++, edit and accept the English (Ctrl+Enter accepts and moves on), add or change glossary terms, "
        "take matches from earlier reviews (and --tm memories), and rebuild the English documents. Edits are saved to the PO and TSV files, exactly as Poedit or "
        "'review apply' would; an edit made meanwhile elsewhere is never overwritten. The server listens on "
        "127.0.0.1 only and answers only requests that carry the token in the address it prints.",
    )
    p.add_argument(
        "folder", nargs="?", type=Path, default=defaults.ALIGNED, help="review files (default: aligned/)"
    )
    p.add_argument("--refs", type=Path, default=defaults.REFERENCES, help="reference translations NNN.en.txt")
    add_glossary_options(p, "the page shows and edits (created by the first term added)", without=False)
    p.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)")
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)"
    )
    p.add_argument(
        "--tm",
        type=Path,
        action="append",
        default=[],
        metavar="FILE.tmx",
        help="a translation memory whose units are offered as matches, beside the folder's reviewed sentences "
        "(repeat it for several)",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=defaults.WORKBENCH_WAIT,
        metavar="SECONDS",
        help="how long a save or term edit waits for another writer (another tab, a command) before it is "
        f"refused (default: {defaults.WORKBENCH_WAIT:g})",
    )
    p.add_argument("--no-browser", action="store_true", help="print the address without opening a browser")
    _add_translator_option(p)
    p.set_defaults(handler=cmd_serve)


def _add_translator_option(parser: argparse.ArgumentParser) -> None:
    from songngu.review.po import default_translator

    parser.add_argument(
        "--translator",
        default=default_translator(),
        help="who reviews, written as the PO's Last-Translator with PO-Revision-Date "
        "(default: $SONGNGU_TRANSLATOR, else your login name)",
    )


def _documents(paths: list[Path], files: str = "a .po or .tsv review file") -> list[tuple[Path, str]]:
    """(folder, name) of each review file or folder given: a folder contributes every document in it."""
    from songngu.review.catalog import catalog_names

    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            names = catalog_names(path)
            if not names:
                raise SongnguError(f"{path}: no PO or TSV review files; run 'songngu translate' first")
            found += [(path, name) for name in names]
        elif path.suffix in (PO, TSV) and path.is_file():
            found.append((path.parent, path.stem))
        else:
            raise SongnguError(f"{path}: give a folder of review files, or {files}")
    return list(dict.fromkeys(found))


def _apply_targets(
    paths: list[Path], out: Path
) -> tuple[list[tuple[Path, str]], dict[tuple[Path, str], Path]]:
    """The documents ``review apply`` writes, and the XLIFF file that came back for some of them.
    An XLIFF file stands for its document in its own folder if that holds the PO, else in ``out``."""
    from songngu.review.xliff import XLIFF_SUFFIXES

    documents: list[tuple[Path, str]] = []
    returned: dict[tuple[Path, str], Path] = {}
    for path in paths:
        if path.suffix.lower() in XLIFF_SUFFIXES and path.is_file():
            document = _xliff_document(path, out)
            if document in returned:
                raise SongnguError(f"{returned[document]} and {path} are both for '{document[1]}'; give one")
            returned[document] = path
            documents.append(document)
        else:
            documents += _documents([path], "a .po, .tsv or .xlf review file")
    return list(dict.fromkeys(documents)), returned


def _xliff_document(path: Path, out: Path) -> tuple[Path, str]:
    from songngu.app.apply import returned_document

    name = returned_document(path)
    folder = path.parent if ReviewFiles(path.parent, name).po.is_file() else out
    if not ReviewFiles(folder, name).po.is_file() and not ReviewFiles(folder, name).tsv.is_file():
        raise SongnguError(
            f"{path}: document '{name}' has no review files in {folder}; give --out the folder it was translated into"
        )
    return folder, name


def cmd_status(args: argparse.Namespace) -> int:
    from songngu.app.status import review_status
    from songngu.glossary.terms import load_glossary_if_present

    documents = review_status(_documents([args.folder]), load_glossary_if_present(glossary_path(args)))
    found = [(d["document"], v) for d in documents for v in d["violations"]]
    if args.json:
        print(json.dumps(documents, ensure_ascii=False))
        return 1 if found else 0
    rows = [
        (
            d["document"],
            d["sentences"],
            d["reviewed"],
            d["machine"],
            d["untranslated"],
            len(d["violations"]),
            f"{100 * d['reviewed'] / d['sentences']:.0f}%" if d["sentences"] else "-",
        )
        for d in documents
    ]
    print(
        render_table(
            ("document", "sentences", "reviewed", "machine", "untranslated", "violations", "done"), rows
        )
    )
    for name, violation in found:
        print(
            f"{name} {violation['sentence']}: reviewed English lacks the required term '{violation['term']}'"
        )
    return 1 if found else 0


def cmd_check(args: argparse.Namespace) -> int:
    from songngu.app.check import check_documents
    from songngu.glossary.terms import load_glossary_if_present
    from songngu.review.checks import CHECKS

    if args.list_checks:
        print(render_table(("check", "finds"), list(CHECKS.items())))
        return 0
    unknown = [c for c in args.only or [] if c not in CHECKS]
    if unknown:
        raise SongnguError(f"--only {unknown[0]}: no such check; give one of {', '.join(CHECKS)}")
    wanted = set(args.only or CHECKS)
    documents = check_documents(_documents([args.folder]), load_glossary_if_present(glossary_path(args)))
    found = [(d.name, f) for d in documents for f in d.findings if f[1] in wanted]
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "document": d.name,
                        "sentences": d.sentences,
                        "findings": [
                            {"sentence": s, "check": c, "message": m} for s, c, m in d.findings if c in wanted
                        ],
                    }
                    for d in documents
                ],
                ensure_ascii=False,
            )
        )
        return 1 if found else 0
    shown = [c for c in CHECKS if any(f[1] == c for _, f in found)]  # a column for each check that found
    counts = [
        (
            d.name,
            d.sentences,
            sum(f[1] in wanted for f in d.findings),
            *(sum(f[1] == c for f in d.findings) for c in shown),
        )
        for d in documents
    ]
    print(render_table(("document", "sentences", "findings", *shown), counts))
    for name, (sentence, check, message) in found:
        print(f"{name} {sentence} [{check}] {message}")
    return 1 if found else 0


def cmd_apply(args: argparse.Namespace) -> int:
    from songngu.app.apply import apply_reviews
    from songngu.cli.score import print_scored
    from songngu.glossary.terms import load_glossary_if_present

    glossary = load_glossary_if_present(glossary_path(args))
    rows = []
    scored = []
    conflicts = 0
    documents, returned = _apply_targets(args.files or [args.out], args.out)
    folders = list(dict.fromkeys(folder for folder, _ in documents))
    for folder in folders:
        names = [n for f, n in documents if f == folder]
        mine = {name: path for (f, name), path in returned.items() if f == folder}
        applied = apply_reviews(
            folder, names, glossary, args.translator, returned=mine, xliff=args.xliff, refs=args.refs
        )
        scored.append((folder, applied.scored))
        for done in applied.documents:
            conflicts += len(done.conflicts)
            for warning in done.warnings:
                print(f"songngu: {warning}", file=sys.stderr)
            machine = done.sentences - done.reviewed
            rows.append(
                (done.name, done.sentences, done.reviewed, machine, ", ".join(map(str, done.written)))
            )
    print(render_table(("document", "sentences", "reviewed", "machine output used", "written"), rows))
    if any(row[3] for row in rows):
        print("some sentences are not reviewed yet: their machine output was used", file=sys.stderr)
    for folder, scores in scored:
        print_scored(folder, scores)
    return 1 if conflicts else 0


def cmd_serve(args: argparse.Namespace) -> int:
    import secrets
    import socket
    import webbrowser

    from songngu.app.web import allowed_hosts, create_app
    from songngu.app.workbench import Workbench
    from songngu.review.catalog import catalog_names
    from songngu.review.tmx import read_tmx_pairs

    if not args.folder.is_dir() or not catalog_names(args.folder):
        raise SongnguError(f"{args.folder}: no PO or TSV review files; run 'songngu translate' first")
    if not 0 <= args.port <= 65535:
        raise SongnguError(f"--port {args.port}: give a port between 1 and 65535 (or 0 for a free one)")
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((args.host, args.port))
    except OSError as error:
        raise SongnguError(
            f"cannot listen on {args.host}:{args.port} ({error.strerror}); give another --port (0 picks a free one)"
        ) from None
    port = listener.getsockname()[1]
    token = secrets.token_urlsafe(24)
    refs = args.refs if args.refs.is_dir() else None
    for memory in args.tm:
        read_tmx_pairs(memory)  # a missing or broken memory is one line now, not an error on the page
    if not 0 <= args.wait <= 3600:
        raise SongnguError(f"--wait {args.wait}: give a number of seconds between 0 and 3600")
    bench = Workbench(args.folder, args.glossary, refs, args.translator, tuple(args.tm), args.wait)
    app = create_app(bench, token, allowed_hosts(args.host, port))
    shown = f"[{args.host}]" if ":" in args.host else args.host
    address = f"http://{shown}:{port}/?token={token}"
    print(f"songngu review workbench for {args.folder}: {address}", flush=True)
    print("press Ctrl+C to stop", file=sys.stderr, flush=True)
    if not args.no_browser:
        webbrowser.open(address)

    import uvicorn

    from songngu.app.web import server_config

    server = uvicorn.Server(server_config(app))
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[listener])
    return 0
