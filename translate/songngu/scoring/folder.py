"""Scoring a folder of review files against a folder of references: the file edges of scoring.

Reads each ``NNN.po`` that has a reference ``NNN.en.txt``, scores it (``score``),
and writes the results back: sentence scores into the PO comments and the TSV,
the aligned segments for the sacrebleu command line under ``scores/``, and the
Markdown and HTML reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from songngu import __version__
from songngu.atomic import atomic_write_text
from songngu.documents.segment import split_english
from songngu.documents.text import paragraphs_of, read_text
from songngu.glossary.hits import find_hits
from songngu.glossary.matching import TermMatcher
from songngu.glossary.terms import load_glossary_if_present
from songngu.review.po import format_po, po_pairs, read_po
from songngu.review.tsv import format_tsv
from songngu.scoring.report import ReportContext, to_html, to_markdown
from songngu.scoring.score import CorpusScore, ScoringInput, score_corpus


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
        if not is_file(reference):
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


def write_scores(corpus: CorpusScore, files: list[ScoredFile], folder: Path, context: ReportContext) -> None:
    """Aligned segment files for sacrebleu, scores in PO comments and the TSV, and the reports."""
    for document, scored in zip(corpus.documents, files):
        scores_dir = own_folder(folder / "scores")
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


def is_file(path: Path) -> bool:
    """Whether ``path`` is a file; False for a name the file system cannot even hold."""
    try:
        return path.is_file()
    except OSError:
        return False


def own_folder(path: Path) -> Path:
    """``path`` as a real folder: a symbolic link there is replaced, never written through."""
    if path.is_symlink():
        path.unlink()
    path.mkdir(exist_ok=True)
    return path


def score_folder(
    folder: Path, refs: Path, glossary_path: Path | None
) -> tuple[CorpusScore, ReportContext] | None:
    """Score every document in ``folder`` that has a reference and write the reports; None if none has."""
    glossary = load_glossary_if_present(glossary_path)
    files = scoring_inputs(folder, refs, TermMatcher(glossary) if glossary else None)
    if not files:
        return None
    corpus = score_corpus([f.input for f in files])
    context = _context(files, glossary.fingerprint() if glossary else "none")
    write_scores(corpus, files, folder, context)
    return corpus, context
