"""Two runs over the same documents compared (``songngu score --compare A B``): one alignment of
each document to its reference serves both runs, so their segments are paired for sacrebleu's
paired bootstrap; term success is counted for both with the one rule (``term_in``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from songngu.documents.text import paragraph_of
from songngu.errors import InputError, SongnguError
from songngu.glossary.hits import find_hits, term_in, term_matcher
from songngu.glossary.terms import Glossary
from songngu.review.layout import PO, reference_of
from songngu.review.po import po_pairs, read_po
from songngu.scoring.align import AlignmentInput, align_pair
from songngu.scoring.references import reference_sentences
from songngu.scoring.score import Comparison, compare_systems


@dataclass(frozen=True)
class RunComparison:
    comparisons: list[Comparison]
    segments: int
    terms_required: int
    terms_a: int
    terms_b: int


def compare_runs(folder_a: Path, folder_b: Path, refs: Path, glossary: Glossary | None) -> RunComparison:
    for folder in (folder_a, folder_b):
        if not folder.is_dir():
            raise InputError(f"{folder}: no such folder; give two folders of review files (as aligned/)")
    matcher = term_matcher(glossary)
    base_hyps, sys_hyps, references = [], [], []
    required = found_a = found_b = 0
    for po_path in sorted(folder_a.glob(f"*{PO}")):
        reference = reference_of(refs, po_path.stem)
        other = folder_b / po_path.name
        if not reference.exists() or not other.exists():
            continue
        a = {p.id: p for p in po_pairs(read_po(po_path, po_path.stem))}
        b = {p.id: p for p in po_pairs(read_po(other, po_path.stem))}
        ids = [i for i in a if i in b]
        for i in ids:
            for hit in find_hits(a[i].source, matcher):
                required += 1
                found_a += term_in(a[i].english, hit.target)
                found_b += term_in(b[i].english, hit.target)
        sentences, paragraphs = reference_sentences(reference)
        links = align_pair(
            AlignmentInput(
                [a[i].source for i in ids],
                sentences,
                src_paragraphs=[paragraph_of(i) for i in ids],
                ref_paragraphs=paragraphs,
            )
        )
        for src, ref in links:
            base_hyps.append(" ".join(a[ids[k]].english for k in src))
            sys_hyps.append(" ".join(b[ids[k]].english for k in src))
            references.append(" ".join(sentences[k] for k in ref))
    if not references:
        raise SongnguError(
            f"{folder_a} and {folder_b} share no document with a reference in {refs}", exit_code=1
        )
    comparisons = compare_systems(base_hyps, sys_hyps, references)
    return RunComparison(comparisons, len(references), required, found_a, found_b)
