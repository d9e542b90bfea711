"""Scoring a folder of review files against a folder of references: the file edges of scoring.

Reads each ``NNN.po`` that has a reference ``NNN.en.txt``, scores it (``score``),
and writes the results back: sentence scores into the PO comments and the TSV,
the aligned segments for the sacrebleu command line under ``scores/``, and the
Markdown and HTML reports.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from songngu import __version__
from songngu.atomic import atomic_write_text
from songngu.glossary.hits import find_hits, term_matcher
from songngu.glossary.matching import TermMatcher
from songngu.glossary.terms import Glossary
from songngu.lock import folder_lock
from songngu.review.catalog import Catalog, catalog_names, load_catalog, write_review_files
from songngu.review.entry import SCORE_NOTE, set_comment_line
from songngu.review.layout import MODEL_HEADER, reference_of
from songngu.review.pairs import SentencePair
from songngu.review.po import po_pairs
from songngu.scoring.references import reference_sentences
from songngu.scoring.report import ReportContext, to_html, to_markdown
from songngu.scoring.score import CorpusScore, ScoringInput, score_corpus
from songngu.translation.memory import known_machine_output


@dataclass(frozen=True)
class ScoredFile:
    """One review catalog with a reference: what is scored, and the catalog the scores go back into."""

    catalog: Catalog
    input: ScoringInput

    @property
    def po(self) -> polib.POFile:
        return self.catalog.po


def scoring_inputs(
    folder: Path, refs: Path, matcher: TermMatcher | None, is_machine_output: Callable[[str, str], bool]
) -> tuple[list[ScoredFile], list[str]]:
    """The documents of ``folder`` that have a reference (their TSV edits folded in), and their warnings."""
    files, warnings = [], []
    for name in catalog_names(folder):
        reference = reference_of(refs, name)
        if not is_file(reference):
            continue
        catalog = load_catalog(folder, name, is_machine_output)
        if catalog is None:
            continue
        warnings += catalog.warnings
        pairs = po_pairs(catalog.po)
        terms = [[hit.target for hit in find_hits(p.source, matcher)] for p in pairs]
        files.append(ScoredFile(catalog, scoring_input(name, pairs, reference, terms)))
    return files, warnings


def scoring_input(
    name: str, pairs: Sequence[SentencePair], reference: Path, terms: Sequence[Sequence[str]]
) -> ScoringInput:
    """What ``songngu score`` (and the workbench's chrF++) scores of a document: its sentences and their
    English, the reference's sentences and paragraphs, and each sentence's required English terms."""
    sentences, paragraphs = reference_sentences(reference)
    return ScoringInput(
        name,
        [p.id for p in pairs],
        [p.source for p in pairs],
        [p.english for p in pairs],
        sentences,
        paragraphs,
        terms,
    )


def _context(files: list[ScoredFile], glossary: str, folder: Path) -> ReportContext:
    model = files[0].po.metadata.get(MODEL_HEADER, "unknown") if files else "unknown"
    scored = {f.catalog.name for f in files}
    unscored = tuple(name for name in catalog_names(folder) if name not in scored)
    return ReportContext(
        model=model, glossary=glossary, tool=f"songngu {__version__}", without_reference=unscored
    )


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
            segment = by_id.get(entry.msgctxt)
            score = None
            if segment is not None:
                linked = f" (with {'+'.join(segment.source_ids)})" if len(segment.source_ids) > 1 else ""
                score = f"chrF++ {segment.chrf:.1f}, BLEU {segment.bleu:.1f}, TER {segment.ter:.1f}{linked}"
            set_comment_line(entry, SCORE_NOTE, score)
        write_review_files(scored.catalog, {i: s.chrf for i, s in by_id.items()})
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


@dataclass(frozen=True)
class ScoredFolder:
    corpus: CorpusScore
    context: ReportContext
    warnings: list[str]  # TSV rows that could not be folded into their PO


def score_folder(
    folder: Path,
    refs: Path,
    glossary: Glossary | None,
    is_machine_output: Callable[[str, str], bool] | None = None,
) -> ScoredFolder | None:
    """Score every document in ``folder`` that has a reference and write the reports; None if none has.

    ``is_machine_output``: the judge of the translation memory a caller holds open already (the
    translate job); without it the folder's memory is opened for the step.
    """
    with folder_lock(folder), _machine_output(folder, is_machine_output) as judge:
        files, warnings = scoring_inputs(folder, refs, term_matcher(glossary), judge)
        if not files:
            return None
        corpus = score_corpus([f.input for f in files])
        context = _context(files, glossary.fingerprint() if glossary else "none", folder)
        write_scores(corpus, files, folder, context)
    return ScoredFolder(corpus, context, warnings)


def _machine_output(
    folder: Path, given: Callable[[str, str], bool] | None
) -> contextlib.AbstractContextManager[Callable[[str, str], bool]]:
    return contextlib.nullcontext(given) if given is not None else known_machine_output(folder)
