"""``songngu score`` and ``songngu align``: the file edges of alignment and scoring."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import polib

from translate import __version__, defaults
from translate.atomic import atomic_write_text
from translate.document import paragraphs_of, read_text
from translate.errors import SongnguError
from translate.glossary import load_glossary
from translate.matching import TermMatcher
from translate.pipeline import find_hits
from translate.report import HEADERS, ReportContext, table_rows, to_html, to_json, to_markdown
from translate.reviewfiles import format_po, format_tsv, po_pairs, read_po
from translate.score import CorpusScore, ScoringInput, score_corpus
from translate.segment import split_english, split_sentences
from translate.table import render_table


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
    p.add_argument("--glossary", type=Path, default=defaults.GLOSSARY)
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument(
        "--compare", nargs=2, type=Path, metavar=("A", "B"), help="paired bootstrap: run B against run A"
    )
    p.set_defaults(handler=cmd_score)

    p = commands.add_parser(
        "align", help="align a Vietnamese document with an English one (1-1, 1-2, 2-1, 2-2, 1-0, 0-1)"
    )
    p.add_argument("src", type=Path)
    p.add_argument("ref", type=Path)
    p.add_argument(
        "--mt", type=Path, help="machine translation of SRC, one line per source sentence (or paragraph)"
    )
    p.add_argument("--presegmented", action="store_true", help="SRC, REF and MT hold one sentence per line")
    p.add_argument("--glossary", type=Path, help="use the English forms of glossary terms as anchors")
    p.add_argument("--json", action="store_true", help="print [[[src ids], [ref ids]], …] (0-based)")
    p.set_defaults(handler=cmd_align)


# ---------------------------------------------------------------- reading


def reference_sentences(path: Path) -> tuple[list[str], list[int]]:
    sentences, paragraphs = [], []
    for number, paragraph in enumerate(paragraphs_of(read_text(path)), start=1):
        for sentence in split_english(paragraph):
            sentences.append(sentence)
            paragraphs.append(number)
    return sentences, paragraphs


@dataclass(frozen=True)
class ScoredFile:
    """One review catalog with a reference: what is scored, and the catalog the scores go back into."""

    path: Path
    po: polib.POFile
    input: ScoringInput


def scoring_inputs(folder: Path, refs: Path, matcher: TermMatcher | None) -> list[ScoredFile]:
    files = []
    for po_path in sorted(folder.glob("*.po")):
        reference = refs / f"{po_path.stem}.en.txt"
        if not reference.exists():
            continue
        po = read_po(po_path, po_path.stem)
        pairs = po_pairs(po)
        sentences, paragraphs = reference_sentences(reference)
        terms = [[hit.target for hit in find_hits(p.source, matcher)] for p in pairs]
        scoring = ScoringInput(
            po_path.stem,
            [p.id for p in pairs],
            [p.source for p in pairs],
            [p.english for p in pairs],
            sentences,
            paragraphs,
            terms,
        )
        files.append(ScoredFile(po_path, po, scoring))
    return files


def _context(files: list[ScoredFile], glossary: str) -> ReportContext:
    model = files[0].po.metadata.get("X-Songngu-Model", "unknown") if files else "unknown"
    return ReportContext(model=model, glossary=glossary, tool=f"songngu {__version__}")


# ---------------------------------------------------------------- writing


def write_scores(corpus: CorpusScore, files: list[ScoredFile], folder: Path, context: ReportContext) -> None:
    """Aligned segment files for sacrebleu, scores in PO comments and the TSV, and the reports."""
    for document, scored in zip(corpus.documents, files):
        scores_dir = folder / "scores"
        atomic_write_text(
            scores_dir / f"{document.name}.hyp.txt", "".join(s.hypothesis + "\n" for s in document.segments)
        )
        atomic_write_text(
            scores_dir / f"{document.name}.ref.txt", "".join(s.reference + "\n" for s in document.segments)
        )
        by_id = {i: s for s in document.segments for i in s.source_ids}
        po = scored.po
        for entry in po:
            if entry.obsolete:
                continue
            kept = [line for line in entry.comment.splitlines() if not line.startswith("score: ")]
            segment = by_id.get(entry.msgctxt)
            if segment is not None:
                linked = f" (with {'+'.join(segment.source_ids)})" if len(segment.source_ids) > 1 else ""
                kept.append(
                    f"score: chrF++ {segment.chrf:.1f}, BLEU {segment.bleu:.1f}, TER {segment.ter:.1f}{linked}"
                )
            entry.comment = "\n".join(kept)
        atomic_write_text(scored.path, format_po(po))
        chrf = {i: s.chrf for i, s in by_id.items()}
        atomic_write_text(scored.path.with_suffix(".tsv"), format_tsv(po_pairs(po), chrf))
    atomic_write_text(folder / "report.md", to_markdown(corpus, context))
    atomic_write_text(folder / "report.html", to_html(corpus, context))


def score_folder(
    folder: Path, refs: Path, glossary_path: Path | None
) -> tuple[CorpusScore, ReportContext] | None:
    """Score every document in ``folder`` that has a reference and write the reports; None if none has."""
    glossary = load_glossary(glossary_path) if glossary_path and glossary_path.exists() else None
    files = scoring_inputs(folder, refs, TermMatcher(glossary) if glossary else None)
    if not files:
        return None
    corpus = score_corpus([f.input for f in files])
    context = _context(files, glossary.fingerprint() if glossary else "none")
    write_scores(corpus, files, folder, context)
    return corpus, context


def print_scores(corpus: CorpusScore) -> None:
    print(render_table(HEADERS, table_rows(corpus)))
    for name, signature in corpus.signatures.items():
        print(f"{name}: {signature}")


# ---------------------------------------------------------------- commands


def cmd_score(args: argparse.Namespace) -> int:
    if args.compare:
        return _compare(args)
    if not args.folder.is_dir():
        raise SongnguError(f"{args.folder}: no such folder; run 'songngu translate' first")
    result = score_folder(args.folder, args.refs, args.glossary)
    if result is None:
        raise SongnguError(
            f"no document in {args.folder} has a reference {args.refs}/NNN.en.txt", exit_code=1
        )
    corpus, context = result
    if args.json:
        print(json.dumps(to_json(corpus, context), ensure_ascii=False))
    else:
        print_scores(corpus)
        print(f"reports: {args.folder / 'report.md'}, {args.folder / 'report.html'}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from translate.align import align_sentences
    from translate.score import compare_systems

    folder_a, folder_b = args.compare
    base_hyps, sys_hyps, refs = [], [], []
    for po_path in sorted(folder_a.glob("*.po")):
        reference = args.refs / f"{po_path.stem}.en.txt"
        other = folder_b / po_path.name
        if not reference.exists() or not other.exists():
            continue
        a = {p.id: p for p in po_pairs(read_po(po_path, po_path.stem))}
        b = {p.id: p for p in po_pairs(read_po(other, po_path.stem))}
        ids = [i for i in a if i in b]
        sentences, paragraphs = reference_sentences(reference)
        # One alignment of source to reference serves both runs, so the segments are paired.
        links = align_sentences(
            [a[i].source for i in ids],
            sentences,
            src_paragraphs=[int(i.split(".")[0]) for i in ids],
            ref_paragraphs=paragraphs,
        )
        for src, ref in links:
            base_hyps.append(" ".join(a[ids[k]].english for k in src))
            sys_hyps.append(" ".join(b[ids[k]].english for k in src))
            refs.append(" ".join(sentences[k] for k in ref))
    if not refs:
        raise SongnguError(
            f"{folder_a} and {folder_b} share no document with a reference in {args.refs}", exit_code=1
        )
    comparisons = compare_systems(base_hyps, sys_hyps, refs)
    if args.json:
        print(json.dumps([c.__dict__ for c in comparisons]))
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
    print(f"A = {folder_a}, B = {folder_b}; {len(refs)} aligned segments; paired bootstrap, 1000 resamples")
    print(render_table(("metric", "A", "B", "B - A", "95% CI", "p-value"), rows))
    print("TER: lower is better")
    return 0


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in read_text(path).splitlines() if line.strip()]


def cmd_align(args: argparse.Namespace) -> int:
    from translate.align import align_sentences

    if args.presegmented:
        src, ref = _lines(args.src), _lines(args.ref)
        src_paragraphs = ref_paragraphs = None
    else:
        src_pairs = [
            (n, s) for n, p in enumerate(paragraphs_of(read_text(args.src)), 1) for s in split_sentences(p)
        ]
        src, src_paragraphs = [s for _, s in src_pairs], [n for n, _ in src_pairs]
        ref, ref_paragraphs = reference_sentences(args.ref)
    mt = None
    if args.mt:
        mt = _lines(args.mt)
        if len(mt) != len(src):
            raise SongnguError(
                f"{args.mt}: {len(mt)} lines, but {args.src} has {len(src)} sentences; give one MT line per source sentence"
            )
    terms = None
    if args.glossary:
        matcher = TermMatcher(load_glossary(args.glossary))
        terms = [[hit.target for hit in find_hits(s, matcher)] for s in src]
    links = align_sentences(
        src, ref, mt=mt, src_terms=terms, src_paragraphs=src_paragraphs, ref_paragraphs=ref_paragraphs
    )
    if args.json:
        print(json.dumps([[list(a), list(b)] for a, b in links]))
    else:
        for a, b in links:
            print(
                f"{','.join(map(str, a)) or '-'}\t{','.join(map(str, b)) or '-'}\t{' '.join(src[i] for i in a)[:60]} ||| {' '.join(ref[j] for j in b)[:60]}"
            )
    return 0
