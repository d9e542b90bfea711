"""Scoring machine output against reference translations: BLEU, chrF++ and TER (sacrebleu) and term success.

Machine sentences are first aligned to the reference sentences (``align``), so
every score compares a block of MT with the reference block it translates. The
same aligned segments are what the sacrebleu command line would score; reports
carry sacrebleu's signatures plus the model id and glossary hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sacrebleu.metrics import BLEU, CHRF, TER

from songngu.documents.text import paragraph_of
from songngu.glossary.hits import term_in
from songngu.scoring.align import AlignmentInput, Link, align_pair


@dataclass(frozen=True)
class SegmentScore:
    """One aligned link: the source sentence ids, the joined MT and reference text, and its scores."""

    source_ids: tuple[str, ...]
    source: str  # the Vietnamese of the linked sentences
    hypothesis: str
    reference: str
    bleu: float
    chrf: float
    ter: float


@dataclass(frozen=True)
class DocumentScore:
    name: str
    segments: tuple[SegmentScore, ...]
    bleu: float
    chrf: float
    ter: float
    terms_found: int
    terms_required: int


@dataclass(frozen=True)
class CorpusScore:
    documents: tuple[DocumentScore, ...]
    bleu: float
    chrf: float
    ter: float
    signatures: dict[str, str] = field(default_factory=dict)

    @property
    def terms_found(self) -> int:
        return sum(d.terms_found for d in self.documents)

    @property
    def terms_required(self) -> int:
        return sum(d.terms_required for d in self.documents)


def metrics() -> dict[str, BLEU | CHRF | TER]:
    """The three metrics with sacrebleu's default settings (chrF++ is chrF with word bigrams)."""
    return {"BLEU": BLEU(), "chrF++": CHRF(word_order=2), "TER": TER()}


def sentence_metrics() -> dict[str, BLEU | CHRF | TER]:
    return {"BLEU": BLEU(effective_order=True), "chrF++": CHRF(word_order=2), "TER": TER()}


@dataclass(frozen=True)
class ScoringInput:
    """One document: source sentences with their ids and MT, reference sentences, paragraphs, terms."""

    name: str
    ids: Sequence[str]
    source: Sequence[str]
    mt: Sequence[str]
    reference: Sequence[str]
    reference_paragraphs: Sequence[int]
    terms: Sequence[Sequence[str]]  # required English forms per source sentence


def document_links(doc: ScoringInput) -> list[Link]:
    """The document's sentences linked to the reference's, MT-informed (1-0/0-1 links included)."""
    src_paragraphs = [paragraph_of(i) for i in doc.ids]
    # The same two-pass alignment as `songngu align`, so captions or a dropped paragraph in the
    # reference edition become 1-0/0-1 segments instead of corrupting their neighbours' scores.
    return align_pair(
        AlignmentInput(doc.source, doc.reference, doc.mt, doc.terms, src_paragraphs, doc.reference_paragraphs)
    )


def linked_texts(doc: ScoringInput, links: Sequence[Link]) -> tuple[list[str], list[str]]:
    """Each link's MT and reference text, its sentences joined by spaces ("" for a side with none)."""
    hyps = [" ".join(doc.mt[i] for i in link[0]) for link in links]
    refs = [" ".join(doc.reference[j] for j in link[1]) for link in links]
    return hyps, refs


def link_chrf(doc: ScoringInput, links: Sequence[Link]) -> list[float]:
    """Each link's sentence chrF++: what the reports, the PO comments, the TSV and the workbench show
    (the workbench aligns a document once and re-scores only this after each edit)."""
    chrf = sentence_metrics()["chrF++"]
    return [chrf.sentence_score(hyp, [ref]).score for hyp, ref in zip(*linked_texts(doc, links))]


def score_document(doc: ScoringInput, links: Sequence[Link] | None = None) -> DocumentScore:
    """Scores per link and for the document (``links``: the document's, when the caller has them)."""
    links = document_links(doc) if links is None else links
    hyps, refs = linked_texts(doc, links)
    corpus = metrics()
    per_sentence = sentence_metrics()
    scored = tuple(
        SegmentScore(
            tuple(doc.ids[i] for i in link[0]),
            " ".join(doc.source[i] for i in link[0]),
            hyp,
            ref,
            per_sentence["BLEU"].sentence_score(hyp, [ref]).score,
            chrf,
            per_sentence["TER"].sentence_score(hyp, [ref]).score,
        )
        for link, hyp, ref, chrf in zip(links, hyps, refs, link_chrf(doc, links))
    )
    found = sum(term_in(mt, term) for mt, terms in zip(doc.mt, doc.terms) for term in terms)
    required = sum(len(terms) for terms in doc.terms)
    return DocumentScore(
        doc.name,
        scored,
        corpus["BLEU"].corpus_score(hyps, [refs]).score,
        corpus["chrF++"].corpus_score(hyps, [refs]).score,
        corpus["TER"].corpus_score(hyps, [refs]).score,
        found,
        required,
    )


def score_corpus(docs: Sequence[ScoringInput]) -> CorpusScore:
    documents = tuple(score_document(doc) for doc in docs)
    hyps = [s.hypothesis for d in documents for s in d.segments]
    refs = [s.reference for d in documents for s in d.segments]
    scores, signatures = {}, {}
    for name, metric in metrics().items():
        scores[name] = metric.corpus_score(hyps, [refs]).score if hyps else 0.0
        signatures[name] = str(metric.get_signature())
    return CorpusScore(documents, scores["BLEU"], scores["chrF++"], scores["TER"], signatures)


@dataclass(frozen=True)
class Comparison:
    metric: str
    baseline: float
    system: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float


def compare_systems(
    baseline: Sequence[str],
    system: Sequence[str],
    references: Sequence[str],
    samples: int = 1000,
    seed: int = 12345,
) -> list[Comparison]:
    """Paired bootstrap resampling of ``system`` against ``baseline`` on the same segments.

    The p-value is sacrebleu's (its ``PairedTest``, as ``sacrebleu --paired-bs``). The
    95% interval of the difference comes from the same kind of resamples: the
    segments' sufficient statistics are summed per resample for both systems and
    the difference of the two scores is taken, so the interval is of the difference itself.
    """
    import numpy as np
    from sacrebleu.significance import PairedTest

    refs = [list(references)]
    _, by_sacrebleu_name = PairedTest(
        [("baseline", list(baseline)), ("system", list(system))],
        metrics(),
        refs,
        test_type="bs",
        n_samples=samples,
    )()
    # sacrebleu keys its results by the metric's own name ("chrF2++"), in our order after "System".
    results = dict(zip(metrics(), [v for k, v in by_sacrebleu_name.items() if k != "System"]))
    indices = np.random.default_rng(seed).choice(len(system), size=(samples, len(system)), replace=True)
    comparisons = []
    for name, metric in metrics().items():
        base_stats = np.array(metric._extract_corpus_statistics(list(baseline), refs), dtype="float64")
        sys_stats = np.array(metric._extract_corpus_statistics(list(system), refs), dtype="float64")
        differences = np.sort(
            [
                metric._compute_score_from_stats(list(sys_stats[i].sum(0))).score
                - metric._compute_score_from_stats(list(base_stats[i].sum(0))).score
                for i in indices
            ]
        )
        low, high = differences[samples // 40], differences[samples - samples // 40 - 1]
        base, other = results[name][0], results[name][1]
        comparisons.append(
            Comparison(
                name,
                base.score,
                other.score,
                other.score - base.score,
                float(low),
                float(high),
                other.p_value,
            )
        )
    return comparisons
