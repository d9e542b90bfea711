"""``songngu glossary …``: list, add, remove, set, check, match, import, export, suggest.

Every write goes through ``change_glossary``: the file is read afresh under its lock, changed
and saved (temp file + rename) only after the whole change succeeded, so a failing command
changes nothing and commands run at the same time queue up instead of losing each other's edits.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from songngu.cli.options import add_glossary_options
from songngu.errors import InputError, SongnguError
from songngu.glossary.terms import (
    KINDS,
    Glossary,
    GlossaryEntry,
    Problem,
    add_entry,
    change_glossary,
    check_glossary,
    load_glossary,
    load_glossary_if_present,
    name_key,
    remove_entry,
    update_entry,
)
from songngu.table import counted, render_table


def add_glossary_commands(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("glossary", help="edit, check, import and export the term glossary")
    add_glossary_options(parser, "to work on", without=False)
    actions = parser.add_subparsers(title="glossary commands", metavar="ACTION")

    def action(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help_text)
        add_glossary_options(p, "to work on", default=argparse.SUPPRESS, without=False)
        p.set_defaults(handler=handler)
        return p

    p = action("list", "show the entries as a table", cmd_list)
    p.add_argument("--kind", choices=KINDS)
    p.add_argument(
        "--grep",
        help="only entries whose source, variants, target or note contain TEXT, "
        "ignoring case, accents and tone marks ('ha noi' finds 'Hà Nội')",
    )

    p = action("add", "add an entry", cmd_add)
    p.add_argument("source")
    p.add_argument("target")
    p.add_argument("--kind", default="other", choices=KINDS)
    p.add_argument("--variant", action="append", default=[], help="another Vietnamese spelling (repeatable)")
    p.add_argument("--note", default="")

    p = action("remove", "remove the entry with this source", cmd_remove)
    p.add_argument("source")

    p = action("set", "change an entry's target, kind, note or variants", cmd_set)
    p.add_argument("source")
    p.add_argument("--target")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--note")
    p.add_argument("--variant", action="append", help="replace ALL the variants with these (repeatable)")
    p.add_argument("--add-variant", action="append", default=[], help="add a variant, keep the others")
    p.add_argument("--remove-variant", action="append", default=[], help="remove one variant")

    action("check", "report problems with line numbers; exit 1 if any", cmd_check)

    p = action("match", "show the terms found in a document (or every document of a folder)", cmd_match)
    p.add_argument("file", type=Path, help="a .txt document, or a folder of them")
    p.add_argument("--json", action="store_true", help="a JSON list of hits")

    p = action(
        "import",
        "add terms from CSV (source,target) or TBX; conflicts are reported, never overwritten",
        cmd_import,
    )
    p.add_argument("file", type=Path)
    p.add_argument("--format", choices=("csv", "tbx"), help="default: from the file extension")
    p.add_argument("--skip-conflicts", action="store_true", help="import the rest even if some rows conflict")

    p = action("export", "write the glossary as CSV (DeepL, Amazon Translate) or TBX (CAT tools)", cmd_export)
    p.add_argument("file", type=Path, help="output file, or - for standard output")
    p.add_argument("--format", choices=("csv", "tbx"), help="default: from the file extension")
    p.add_argument(
        "--header",
        action="store_true",
        help="CSV: start with the language-code header vi,en (as --preset amazon)",
    )
    p.add_argument(
        "--preset",
        choices=("deepl", "amazon"),
        help="CSV as the service takes it: deepl = source,target,vi,en rows and no header; "
        "amazon = the header row vi,en (Amazon Translate custom terminology), then source,target rows",
    )

    p = action("suggest", "names in documents that the glossary lacks, with counts", cmd_suggest)
    p.add_argument("docs", nargs="+", type=Path, help="documents, or folders of them, to look for names in")
    p.add_argument(
        "--min-count", type=int, default=1, help="only candidates seen at least this many times (default: 1)"
    )
    p.add_argument("--json", action="store_true", help="a JSON list of {text, count, signal}")


def _format_of(path: Path, given: str | None) -> str:
    if given:
        return given
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("csv", "tbx"):
        return suffix
    raise SongnguError(
        f"{path}: cannot tell the format from the extension; pass --format csv or --format tbx"
    )


def cmd_list(args: argparse.Namespace) -> int:
    entries = load_glossary(args.glossary).entries
    if args.kind:
        entries = tuple(e for e in entries if e.kind == args.kind)
    if args.grep:
        from songngu.glossary.matching import search_key

        needle = search_key(args.grep)
        entries = tuple(e for e in entries if needle in search_key(" ".join((*e.sources, e.target, e.note))))
    rows = [(e.line, e.source, e.target, e.kind, " | ".join(e.variants), e.note) for e in entries]
    print(render_table(("line", "source", "target", "kind", "variants", "note"), rows))
    print(counted(len(rows), "entry"))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    new = GlossaryEntry(args.source, args.target, args.kind, tuple(args.variant), args.note)
    _, glossary = change_glossary(args.glossary, lambda glossary: add_entry(glossary, new), create=True)
    entry = glossary.entries[-1]
    print(f"added '{entry.source}' -> '{entry.target}' to {args.glossary}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    change_glossary(args.glossary, lambda glossary: remove_entry(glossary, args.source))
    print(f"removed '{args.source}' from {args.glossary}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    changes = (args.target, args.kind, args.note, args.variant)
    if all(c is None for c in changes) and not args.add_variant and not args.remove_variant:
        raise SongnguError(
            "nothing to change; give --target, --kind, --note, --variant, --add-variant or --remove-variant"
        )
    if args.variant is not None and (args.add_variant or args.remove_variant):
        raise SongnguError(
            "--variant replaces all the variants; use it alone, or --add-variant/--remove-variant"
        )

    def change(glossary: Glossary) -> Glossary:
        entry = glossary.find(args.source)
        variants = tuple(args.variant) if args.variant is not None else None
        if entry is not None and (args.add_variant or args.remove_variant):
            # The variant itself, tone marks and all: "Hà Nam" never removes "Hạ Nam".
            known = {name_key(x) for x in entry.variants}
            unknown = [v for v in args.remove_variant if name_key(v) not in known]
            if unknown:
                raise SongnguError(
                    f"'{unknown[0]}' is not a variant of '{entry.source}'; its variants: {', '.join(entry.variants) or 'none'}",
                    exit_code=1,  # refused by what the glossary holds, like an unknown source
                )
            removed = {name_key(v) for v in args.remove_variant}
            variants = (*(v for v in entry.variants if name_key(v) not in removed), *args.add_variant)
        return update_entry(
            glossary, args.source, target=args.target, kind=args.kind, note=args.note, variants=variants
        )

    before, after = change_glossary(args.glossary, change)
    print(f"updated '{args.source}' in {args.glossary}")
    entry, changed = before.find(args.source), after.find(args.source)
    if entry and changed:
        for gone in (v for v in entry.variants if v not in changed.variants):
            print(f"removed variant '{gone}'")
    if (args.variant is not None or args.add_variant or args.remove_variant) and entry and changed:
        verb = "replaced" if args.variant is not None else "now"
        before_text = " | ".join(entry.variants) or "none"
        print(f"variants {verb}: {' | '.join(changed.variants) or 'none'} (were: {before_text})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    malformed: list[Problem] = []
    glossary = load_glossary(args.glossary, malformed)
    problems = sorted([*malformed, *check_glossary(glossary)], key=lambda problem: problem.line)
    for problem in problems:
        print(f"{args.glossary}:{problem.line}: {problem.message}")
    print(f"{counted(len(glossary.entries), 'entry')}, {counted(len(problems), 'problem')}", file=sys.stderr)
    return 1 if problems else 0


def cmd_match(args: argparse.Namespace) -> int:
    from songngu.documents.reader import read_document
    from songngu.documents.segment import segment_document
    from songngu.documents.text import document_paths
    from songngu.glossary.matching import TermMatcher

    matcher = TermMatcher(load_glossary(args.glossary))
    # A folder, like translate, gives every document in it; each hit then says which document.
    paths = document_paths([args.file], args.file)
    several = args.file.is_dir()
    hits = [
        {
            **({"document": document.name} if several else {}),
            "segment": s.id,
            "start": h.start,
            "end": h.end,
            "text": h.text,
            "source": h.source,
            "target": h.target,
            "fuzzy": h.fuzzy,
        }
        for document in (read_document(path) for path in paths)
        for s in segment_document(document)
        for h in matcher.match(s.text)
    ]
    if args.json:
        print(json.dumps(hits, ensure_ascii=False))
        return 0
    rows = [
        (
            *([h["document"]] if several else []),
            h["segment"],
            h["text"],
            h["target"],
            "fuzzy" if h["fuzzy"] else "exact",
        )
        for h in hits
    ]
    headers = (*(["document"] if several else []), "sentence", "Vietnamese", "English", "match")
    print(render_table(headers, rows))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from songngu.documents.text import read_text
    from songngu.glossary.exchange import ImportResult, import_terms, parse_csv, parse_tbx

    text = read_text(args.file)
    parse = parse_csv if _format_of(args.file, args.format) == "csv" else parse_tbx
    rows = parse(text, str(args.file))
    results: list[ImportResult] = []

    def change(glossary: Glossary) -> Glossary:
        results.append(import_terms(glossary, rows))
        if results[0].conflicts and not args.skip_conflicts:
            return glossary  # nothing is written
        return results[0].glossary

    change_glossary(args.glossary, change, create=True)  # an import may start a glossary
    result = results[0]
    for conflict in result.conflicts:
        print(f"{args.file}: not imported: {conflict}", file=sys.stderr)
    if result.conflicts and not args.skip_conflicts:
        print(
            f"songngu: {counted(len(result.conflicts), 'row')} cannot be imported, so nothing was; resolve them with "
            "'songngu glossary set' or in the file, or pass --skip-conflicts",
            file=sys.stderr,
        )
        return 1
    for entry in result.added:  # every entry the file adds, so nothing arrives unseen
        print(f"new entry: '{entry.source}' -> '{entry.target}' ({entry.kind})")
    print(
        f"imported: new entries {len(result.added)}, new variants {result.variants}; "
        f"already present {result.unchanged}, skipped {len(result.conflicts)}"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from songngu.atomic import atomic_write_text
    from songngu.glossary.exchange import export_csv, export_tbx

    glossary = load_glossary(args.glossary)
    fmt = (args.format or "csv") if str(args.file) == "-" else _format_of(args.file, args.format)
    if args.preset and fmt != "csv":
        raise SongnguError(
            f"--preset {args.preset} is a CSV layout; export to a .csv file or pass --format csv"
        )
    text = (
        export_csv(glossary, header=args.header or args.preset == "amazon", languages=args.preset == "deepl")
        if fmt == "csv"
        else export_tbx(glossary)
    )
    if str(args.file) == "-":
        sys.stdout.write(text)
    else:
        atomic_write_text(args.file, text)
        print(f"wrote {counted(len(glossary.entries), 'entry')} to {args.file} ({fmt})", file=sys.stderr)
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from songngu.documents.reader import read_document
    from songngu.documents.segment import segment_document
    from songngu.glossary.matching import TermMatcher
    from songngu.glossary.suggest import suggest_terms

    glossary = load_glossary_if_present(args.glossary)
    from songngu.documents.text import document_paths

    sentences = []
    for path in document_paths(args.docs, Path(".")):
        try:
            sentences += [s.text for s in segment_document(read_document(path))]
        except InputError as error:
            print(f"songngu: {error}", file=sys.stderr)
    suggestions = [s for s in suggest_terms(sentences, TermMatcher(glossary)) if s.count >= args.min_count]
    if args.json:
        print(json.dumps([s.__dict__ for s in suggestions], ensure_ascii=False))
    else:
        print(
            render_table(("count", "signal", "candidate"), [(s.count, s.signal, s.text) for s in suggestions])
        )
    return 0
