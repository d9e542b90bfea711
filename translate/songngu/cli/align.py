"""``songngu align``: a Vietnamese document with its English edition, or a folder of them with another.

Argument parsing and messages only; the alignment is songngu.scoring.align, the files are
written by songngu.scoring.aligned.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from songngu import defaults
from songngu.cli.options import add_glossary_options
from songngu.documents.text import document_name, paragraphs_of, read_text
from songngu.errors import SongnguError
from songngu.review.layout import ENGLISH_TEXT
from songngu.table import counted

if TYPE_CHECKING:
    from songngu.glossary.terms import Glossary
    from songngu.scoring.align import AlignmentInput


def add_align_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "align",
        help="align a Vietnamese document with its English edition (1-1, 1-2, 2-1, 1-3, 3-1, 2-2, 1-0, 0-1), or two folders",
        description="Align sentences of SRC with those of REF. Sentences only one edition has (captions, "
        "pull quotes, related-news lists, a dropped paragraph) are left unaligned (1-0, 0-1); a moved "
        "paragraph is linked where it went. Passes, as hunalign: a word table learnt from the first "
        "(and from a bitext of earlier documents, --bitext) improves the second; without MT, the table "
        "learnt again from the second aligns a third time (hunalign's -realign). With two folders, "
        "documents are paired by name and every pair teaches the word table; --out gets "
        "NAME.links.tsv, NAME.pairs.tsv and NAME.tmx per document.",
    )
    p.add_argument("src", type=Path, help="Vietnamese document, or a folder of them")
    p.add_argument("ref", type=Path, help="English document (one paragraph a line), or a folder of them")
    source = p.add_mutually_exclusive_group()
    source.add_argument(
        "--mt",
        type=Path,
        help="machine translation of SRC: one line per source sentence, or one per paragraph "
        "(the NNN.en.txt songngu writes; its NNN.po beside it gives the sentences exactly)",
    )
    source.add_argument(
        "--model", help="translate SRC with this MarianMT model (hub id or folder) and align with that MT"
    )
    p.add_argument("--presegmented", action="store_true", help="SRC, REF and MT hold one sentence per line")
    add_glossary_options(
        p,
        "whose English forms are anchors, whose terms teach the word table (and constraints with --model)",
        default=None,
        without=False,
    )
    bitext = p.add_mutually_exclusive_group()
    bitext.add_argument(
        "--bitext",
        nargs=2,
        type=Path,
        metavar=("VI_DIR", "EN_DIR"),
        help="earlier documents and their translations (NAME.txt in VI_DIR, NAME.en.txt in EN_DIR, "
        "paragraph for paragraph) whose paragraphs teach the word table too, as hunalign's dictionary "
        f"(default: {defaults.SEEDS}/ with {defaults.REFERENCES}/, when both are there)",
    )
    bitext.add_argument(
        "--no-bitext",
        action="store_true",
        help="the word table learns from the documents aligned only (and the glossary's terms, when given)",
    )
    p.add_argument("--out", type=Path, help="with two folders: where the links and aligned pairs go")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print [[[src ids], [ref ids]], …] (0-based)")
    p.set_defaults(handler=cmd_align)


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in read_text(path).splitlines() if line.strip()]


def _read_pair(src_path: Path, ref_path: Path, presegmented: bool):
    from songngu.documents.segment import split_sentences
    from songngu.scoring.references import reference_sentences

    if presegmented:
        return _lines(src_path), None, _lines(ref_path), None
    pairs = [(n, s) for n, p in enumerate(paragraphs_of(read_text(src_path)), 1) for s in split_sentences(p)]
    ref, ref_paragraphs = reference_sentences(ref_path)
    return [s for _, s in pairs], [n for n, _ in pairs], ref, ref_paragraphs


def _taught(args: argparse.Namespace, glossary: Glossary | None) -> list[tuple[str, str]]:
    """What teaches the word table besides the documents aligned: the bitext's paragraph pairs, and
    the glossary's terms (hunalign's dictionary: the words of the names each edition carries)."""
    return _bitext(args) + (glossary.term_pairs() if glossary is not None else [])


def _bitext(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The paragraph pairs of earlier documents and their translations."""
    from songngu.scoring.references import bitext

    if args.no_bitext:
        return []
    if args.bitext is None:
        folders = (defaults.SEEDS, defaults.REFERENCES)
        if not all(folder.is_dir() for folder in folders):
            return []
    else:
        folders = args.bitext
        for folder in folders:
            if not folder.is_dir():
                raise SongnguError(
                    f"--bitext {folder}: not a folder; give the sources' folder and their translations'"
                )
    return bitext(*folders)


def _glossary(args: argparse.Namespace) -> Glossary | None:
    from songngu.glossary.terms import load_glossary

    return load_glossary(args.glossary) if args.glossary is not None else None


def _terms(sentences: list[str], glossary: Glossary | None) -> list[list[str]] | None:
    if glossary is None:
        return None
    from songngu.glossary.hits import find_hits
    from songngu.glossary.matching import TermMatcher

    matcher = TermMatcher(glossary)
    return [[hit.target for hit in find_hits(s, matcher)] for s in sentences]


def _translate(sentences: list[str], model: str, glossary: Glossary | None) -> list[str]:
    """The source translated by the model (Bleualign's way), the glossary enforced when given."""
    from songngu.backends import load_backend
    from songngu.glossary.hits import find_hits, term_matcher
    from songngu.translation.requests import build_request

    matcher = term_matcher(glossary)
    backend = load_backend("transformers", model, device="auto", beams=4)
    return backend.translate([build_request(s, find_hits(s, matcher)) for s in sentences])


def _warn_of_noise_mt(doc: AlignmentInput, src_path: Path, ref_path: Path) -> None:
    from songngu.scoring.align import is_noise_mt

    if is_noise_mt(doc):
        print(
            f"songngu: the MT of {src_path} scores no better than chance against {ref_path}; aligned "
            "without it (is it this document's MT, from a model that knows Vietnamese?)",
            file=sys.stderr,
        )


def cmd_align(args: argparse.Namespace) -> int:
    if args.src.is_dir() or args.ref.is_dir():
        return _align_folders(args)
    from songngu.scoring.align import AlignmentInput, align_pair

    src, src_paragraphs, ref, ref_paragraphs = _read_pair(args.src, args.ref, args.presegmented)
    glossary = _glossary(args)
    mt = None
    if args.mt:
        from songngu.scoring.machine import machine_sentences

        mt = machine_sentences(args.mt, src, src_paragraphs)
    elif args.model:
        mt = _translate(src, args.model, glossary)
    doc = AlignmentInput(src, ref, mt, _terms(src, glossary), src_paragraphs, ref_paragraphs)
    _warn_of_noise_mt(doc, args.src, args.ref)
    links = align_pair(doc, _taught(args, glossary))
    if args.json:
        print(json.dumps([[list(a), list(b)] for a, b in links]))  # the contract: 0-based indices
    else:
        from songngu.scoring.aligned import linked_ids, sentence_ids

        src_ids, ref_ids = sentence_ids(src_paragraphs, len(src)), sentence_ids(ref_paragraphs, len(ref))
        for a, b in links:
            vi_ids, en_ids = linked_ids((a, b), src_ids, ref_ids)
            vi, en = " ".join(src[i] for i in a)[:60], " ".join(ref[j] for j in b)[:60]
            print(f"{vi_ids or '-'}\t{en_ids or '-'}\t{vi} ||| {en}")
    return 0


def _align_folders(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from songngu.scoring.align import AlignmentInput, align_documents
    from songngu.scoring.aligned import write_alignment

    if not (args.src.is_dir() and args.ref.is_dir()):
        raise SongnguError(f"give two folders, or two files: {args.src} and {args.ref} are not both folders")
    if args.out is None:
        raise SongnguError("aligning folders writes files: give --out DIR")
    if args.mt:
        raise SongnguError("--mt names one file; with folders use --model to translate every document")
    references = {document_name(p): p for p in sorted(args.ref.glob("*.txt"))}
    pairs = [
        (p, references[document_name(p)])
        for p in sorted(args.src.glob("*.txt"))
        if not p.name.endswith(ENGLISH_TEXT) and document_name(p) in references
    ]
    if not pairs:
        raise SongnguError(
            f"no document of {args.src} has a namesake in {args.ref} (NAME.txt with NAME.en.txt or NAME.txt)"
        )
    glossary = _glossary(args)
    taught = _taught(args, glossary)
    inputs, names = [], []
    for src_path, ref_path in tqdm(pairs, desc="reading", unit="doc", disable=args.quiet, file=sys.stderr):
        src, src_paragraphs, ref, ref_paragraphs = _read_pair(src_path, ref_path, args.presegmented)
        mt = _translate(src, args.model, glossary) if args.model else None
        inputs.append(AlignmentInput(src, ref, mt, _terms(src, glossary), src_paragraphs, ref_paragraphs))
        _warn_of_noise_mt(inputs[-1], src_path, ref_path)
        names.append(document_name(src_path))
    bar = tqdm(total=len(inputs), desc="aligning", unit="doc", disable=args.quiet, file=sys.stderr)
    aligned = align_documents(inputs, progress=bar.update, bitext=taught)
    bar.close()
    rows = []
    for name, doc, links in zip(names, inputs, aligned):
        write_alignment(args.out, name, doc, links)
        rows.append(
            (
                name,
                len(doc.src),
                len(doc.ref),
                sum(bool(a) and bool(b) for a, b in links),
                sum(not b for _, b in links),
                sum(not a for a, _ in links),
            )
        )
    from songngu.table import render_table

    print(render_table(("document", "vi sentences", "en sentences", "links", "vi only", "en only"), rows))
    print(
        f"wrote {args.out}/NAME.links.tsv, NAME.pairs.tsv and NAME.tmx for {counted(len(rows), 'document')}"
    )
    return 0
