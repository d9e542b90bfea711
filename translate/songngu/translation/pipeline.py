"""One translation run: read, segment, match, translate (with the memory), merge, write.

This is the edge where files are read and written; every stage it calls takes
and returns plain data.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from songngu.atomic import atomic_write_text
from songngu.documents.segment import segment_document
from songngu.documents.text import Document, Segment, read_document
from songngu.errors import InputError, OutputError, SongnguError
from songngu.glossary.hits import find_hits
from songngu.glossary.matching import TermHit, TermMatcher
from songngu.glossary.terms import Glossary
from songngu.review.merge import MachineSentence, MergeStats, fold_tsv_edits, merge_catalog
from songngu.review.pairs import format_english
from songngu.review.po import format_po, po_pairs, read_po
from songngu.review.tmx import format_tmx
from songngu.review.tsv import format_tsv, read_tsv
from songngu.translation.memory import TranslationMemory, machine_key, open_memory
from songngu.translation.requests import TranslationRequest, build_request

if TYPE_CHECKING:  # the protocol only; a backend module is imported when a run needs it
    from songngu.backends import Backend

MEMORY_FILE = ".songngu-memory.sqlite"
# Sentences translated between two commits to the memory: enough for the backend to fill its
# batches (32 cost a tenth of the speed in bench/speed.py); a killed run loses at most this many.
CHUNK = 256


@dataclass(frozen=True)
class PreparedSentence:
    segment: Segment
    hits: tuple[TermHit, ...]
    request: TranslationRequest


@dataclass(frozen=True)
class DocumentResult:
    name: str
    sentences: tuple[MachineSentence, ...]
    merge: MergeStats

    @property
    def terms_required(self) -> int:
        return sum(len(s.terms) for s in self.sentences)

    @property
    def terms_found(self) -> int:
        return sum(t.target in s.english for s in self.sentences for t in s.terms)


@dataclass
class RunReport:
    documents: list[DocumentResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    translated: int = 0  # distinct sentences the model translated in this run (the rest came from the memory)
    redecoded: int = 0  # sentences re-decoded on the constrained path (ctranslate2 backend)
    split: int = 0  # sentences longer than the model's input, translated in clause groups
    missing_terms: list[str] = field(default_factory=list)  # "doc p.s: …" for each term the output lacks

    @property
    def sentences(self) -> int:
        return sum(len(d.sentences) for d in self.documents)


def prepare(document: Document, matcher: TermMatcher | None) -> list[PreparedSentence]:
    prepared = []
    for segment in segment_document(document):
        hits = find_hits(segment.text, matcher)
        prepared.append(PreparedSentence(segment, hits, build_request(segment.text, hits)))
    return prepared


def glossary_version(glossary: Glossary | None) -> str:
    return glossary.fingerprint() if glossary is not None else "no-glossary"


@dataclass(frozen=True)
class Translations:
    """The English of each request (None where the model failed on it), and what the model did."""

    english: list[str | None]
    translated: int  # distinct sentences the model translated (the rest came from the memory)
    errors: list[str | None]  # why the model failed on each request, or None


def translate_with_memory(
    requests: Sequence[TranslationRequest],
    sources: Sequence[str],
    backend: Backend,
    memory: TranslationMemory,
    version: str,
    progress: Callable[[int], None] | None = None,
) -> Translations:
    """English for each request: from the memory when known, else from the model in committed chunks.

    ``sources`` are the original Vietnamese sentences (the requests carry the term-replaced
    text); the memory records them so that a review merge can tell machine output from edits.
    A chunk the backend fails on is retried a sentence at a time, so that one bad sentence
    costs its own document, never the others.
    """
    keys = [
        machine_key(backend.name, version, f"{r.model_input}\x1e{'|'.join(r.required)}") for r in requests
    ]
    known = memory.machine(keys)
    if progress:
        progress(sum(key in known for key in keys))
    todo: dict[str, tuple[TranslationRequest, str]] = {}
    for key, request, source in zip(keys, requests, sources):
        if key not in known:
            todo.setdefault(key, (request, source))  # the seeds repeat sentences: translate each once
    # Sorted by length, so that each chunk (and so each batch the backend forms) pads little.
    pending = sorted(todo.items(), key=lambda item: len(item[1][0].model_input))
    occurrences = Counter(keys)
    failed: dict[str, str] = {}
    for start in range(0, len(pending), CHUNK):
        chunk = pending[start : start + CHUNK]
        # The backend moves the bar as its batches finish; the repeats of these sentences follow.
        try:
            english: list[str | None] = list(
                backend.translate([request for _, (request, _) in chunk], progress=progress)
            )
        except BACKEND_ERRORS:
            english = [_translate_alone(backend, request, key, failed) for key, (request, _) in chunk]
        done = [(key, source, text) for (key, (_, source)), text in zip(chunk, english) if text is not None]
        memory.store_machine(done)
        known.update({key: text for key, _, text in done})
        if progress:
            progress(sum(occurrences[key] - 1 for key, _ in chunk))
    return Translations([known.get(key) for key in keys], len(pending), [failed.get(key) for key in keys])


# What a backend raises on one bad input (torch's RuntimeError, an IndexError past the position
# table, a tokenizer's ValueError); anything else is a bug and should surface as one.
BACKEND_ERRORS = (RuntimeError, IndexError, ValueError)


def _translate_alone(
    backend: Backend, request: TranslationRequest, key: str, failed: dict[str, str]
) -> str | None:
    try:
        return backend.translate([request])[0]
    except BACKEND_ERRORS as error:
        failed[key] = (
            f"{type(error).__name__}: {str(error).strip().splitlines()[0][:160] if str(error).strip() else ''}"
        )
        return None


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the file system of ``folder`` takes."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def make_output_folder(out: Path) -> None:
    """``out`` as a folder songngu can write in, or one clear line saying why not."""
    if out.exists() and not out.is_dir():
        raise SongnguError(f"--out {out} is a file; give a folder for the review files")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SongnguError(f"{out}: cannot create the output folder ({error.strerror or error})") from None


def write_document(
    name: str,
    sentences: list[MachineSentence],
    out: Path,
    memory: TranslationMemory,
    metadata: dict[str, str],
    model: str,
    warnings: list[str],
) -> MergeStats:
    """Merge into ``out/NAME.po`` and rewrite the TSV, TMX and English document from it."""
    longest = f"{name}.en.txt"
    if len(longest.encode()) > name_max(out):  # refuse before writing any of the four files
        raise OutputError(
            f"{out / longest}: cannot write (File name too long); rename the input document to a shorter name"
        )
    po_path, tsv_path = out / f"{name}.po", out / f"{name}.tsv"
    existing = read_po(po_path, name) if po_path.exists() else None
    if existing is not None and tsv_path.exists():
        for sentence_id in fold_tsv_edits(existing, read_tsv(tsv_path), memory.is_machine_output):
            warnings.append(
                f"{tsv_path}: sentence {sentence_id} was edited in both the PO and the TSV; kept the PO's"
            )
    catalog, stats = merge_catalog(
        existing, sentences, name, metadata, memory.is_machine_output, memory.reviewed
    )
    pairs = po_pairs(catalog)
    memory.store_reviewed([(p.source, p.english, str(po_path)) for p in pairs if p.status == "reviewed"])
    atomic_write_text(po_path, format_po(catalog))
    atomic_write_text(tsv_path, format_tsv(pairs))
    atomic_write_text(out / f"{name}.tmx", format_tmx(pairs, name, model))
    atomic_write_text(out / f"{name}.en.txt", format_english(pairs))
    return stats


def run(
    paths: Sequence[Path],
    backend: Backend,
    glossary: Glossary | None,
    out: Path,
    *,
    progress_factory: Callable[[int], Callable[[int], None]] | None = None,
) -> RunReport:
    """Translate every readable document in ``paths``; an unreadable one is reported and skipped."""
    started = time.perf_counter()
    report = RunReport()
    matcher = TermMatcher(glossary) if glossary is not None else None
    documents: list[tuple[Document, list[PreparedSentence]]] = []
    for path in paths:
        try:
            document = read_document(path)
        except InputError as error:
            report.failures.append(str(error))
            continue
        report.warnings += document.warnings
        documents.append((document, prepare(document, matcher)))

    make_output_folder(out)
    memory, warning = open_memory(out / MEMORY_FILE)
    report.warnings += [warning] if warning else []
    version = glossary_version(glossary)
    try:
        requests = [p.request for _, prepared in documents for p in prepared]
        sources = [p.segment.text for _, prepared in documents for p in prepared]
        progress = progress_factory(len(requests)) if progress_factory else None
        translations = translate_with_memory(requests, sources, backend, memory, version, progress)
        report.translated = translations.translated
        report.redecoded, report.split = backend.stats.redecoded, backend.stats.split
        metadata = {"X-Songngu-Model": backend.name, "X-Songngu-Glossary": version}
        offset = 0
        for document, prepared in documents:
            texts = translations.english[offset : offset + len(prepared)]
            errors = translations.errors[offset : offset + len(prepared)]
            offset += len(prepared)
            broken = next(((p, e) for p, e in zip(prepared, errors) if e is not None), None)
            if broken is not None:
                report.failures.append(
                    f"{document.name}: sentence {broken[0].segment.id} could not be translated ({broken[1]}); "
                    "nothing was written for this document"
                )
                continue
            sentences = [
                MachineSentence(p.segment.id, p.segment.text, text or "", p.hits)
                for p, text in zip(prepared, texts)
            ]
            try:
                stats = write_document(
                    document.name, sentences, out, memory, metadata, backend.name, report.warnings
                )
            except SongnguError as error:  # an unreadable review file, or one that cannot be written
                report.failures.append(str(error))
                continue
            report.missing_terms += [
                f"{document.name} {s.id}: the English lacks the required term '{t.target}'"
                for s in sentences
                for t in s.terms
                if t.target not in s.english
            ]
            report.documents.append(DocumentResult(document.name, tuple(sentences), stats))
    finally:
        memory.close()
    report.seconds = time.perf_counter() - started
    return report
