"""The translate job: read, segment, match, translate (with the memory), merge, write, score
against references, and record what was written, all under one hold of the folder's lock.

Every front end (the command line, a library user, a Ray driver) calls ``run`` and only shows
what it returns, so none of them repeats the sequence or leaves a gap between its steps for a
workbench save to fall into. This is the edge where files are read and written; every stage it
calls takes and returns plain data.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from songngu.app.current import is_current, run_settings, source_digest, written_state
from songngu.app.score_folder import ScoredFolder, score_folder
from songngu.atomic import atomic_write_bytes
from songngu.backends import CHUNK
from songngu.documents.reader import read_document
from songngu.documents.registry import FORMATTED_SUFFIXES
from songngu.documents.segment import segment_document
from songngu.documents.text import Document, Segment, document_name, has_words, paragraph_of
from songngu.errors import InputError, OutputError, SongnguError
from songngu.glossary.hits import english_of, find_hits, term_in, term_matcher
from songngu.glossary.matching import TermHit, TermMatcher
from songngu.glossary.terms import Glossary
from songngu.lock import folder_lock
from songngu.review.catalog import Catalog, load_catalog, write_outputs, written_by_songngu
from songngu.review.layout import BACKEND_HEADER, GLOSSARY_HEADER, MODEL_HEADER, ReviewFiles
from songngu.review.merge import MachineSentence, MergeStats, conflicts_in, merge_catalog
from songngu.review.pairs import SentencePair
from songngu.translation.memory import MEMORY_FILE, TranslationMemory, machine_key, open_memory
from songngu.translation.requests import TranslationRequest, build_request

if TYPE_CHECKING:  # the protocol only; a backend module is imported when a run needs it
    from songngu.backends import Backend


@dataclass(frozen=True)
class PreparedSentence:
    segment: Segment
    hits: tuple[TermHit, ...]
    request: TranslationRequest


_Prepared = tuple[Path, Document, list[PreparedSentence]]  # a document read, with its sentences


@dataclass(frozen=True)
class DocumentResult:
    """A written document: its sentences as translated, and the English its review files now hold.

    Term success is counted on ``final`` (a reviewer's English where there is one), the same
    text ``songngu score`` counts, so the two figures agree.
    """

    name: str
    sentences: tuple[MachineSentence, ...]
    merge: MergeStats
    final: tuple[SentencePair, ...]
    format: str = "txt"  # the source's suffix: a docx or html source is also written as NNN.en.docx/.html
    source_digest: str = ""  # sha256 of the source's bytes as the run read them (app/current.py)

    @property
    def terms_required(self) -> int:
        return sum(len(s.terms) for s in self.sentences)

    @property
    def terms_found(self) -> int:
        return sum(len(s.terms) - len(missing) for s, missing in self.missing_terms())

    def missing_terms(self) -> list[tuple[MachineSentence, list[str]]]:
        """Each sentence with the required terms its final English lacks."""
        final = {pair.id: pair.english for pair in self.final}
        return [
            (s, [t.target for t in s.terms if not term_in(final.get(s.id, ""), t.target)])
            for s in self.sentences
        ]

    @property
    def complete(self) -> bool:
        """Every required term is in the final English: a later run may skip the document (a document
        that lacks one is never current, so that every run says so again)."""
        return not any(missing for _, missing in self.missing_terms())

    def status(self, sentence_id: str) -> str:
        return next((p.status for p in self.final if p.id == sentence_id), "untranslated")

    def english(self, sentence_id: str) -> str:
        return next((p.english for p in self.final if p.id == sentence_id), "")


@dataclass
class RunReport:
    documents: list[DocumentResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    translated: int = 0  # distinct sentences the model translated in this run
    from_memory: int = 0  # sentences whose English the translation memory already held
    placed: int = 0  # sentences lacking a term, given it where the attention says (ctranslate2 backend)
    split: int = 0  # sentences longer than the model's input, translated in clause groups
    cut: int = 0  # sentences that are pieces of one over MAX_SENTENCE_CHARS (documents/segment.py)
    current: list[str] = field(default_factory=list)  # documents skipped: their review files are current
    settings: dict[str, str] = field(default_factory=dict)  # what decided the files (app/current.py)
    missing_terms: list[str] = field(default_factory=list)  # "doc p.s: …": terms the model's output lacks
    reviewed_without_terms: list[str] = field(default_factory=list)  # the same for reviewed English
    scored: ScoredFolder | None = None  # the folder scored against references, when there are any

    @property
    def sentences(self) -> int:
        return sum(len(d.sentences) for d in self.documents)

    @property
    def conflicts(self) -> list[str]:
        """Reviewers' edits of the TSV that met a changed PO (review/merge.py): the run exits 1."""
        return conflicts_in(self.warnings)


def prepare(document: Document, matcher: TermMatcher | None) -> list[PreparedSentence]:
    prepared = []
    for segment in segment_document(document):
        hits = find_hits(segment.text, matcher)
        prepared.append(PreparedSentence(segment, hits, build_request(segment.text, hits)))
    return prepared


def model_label(name: str) -> str:
    """The model as review files and reports name it: a hub id as it is, a local model by its folder's
    name ("opus-mt-vi-en (bfloat16)", not "/home/…/models/opus-mt-vi-en"): the files travel to
    reviewers, and an absolute path says where someone's disk keeps things, not which model it was."""
    model, bracket, rest = name.partition(" (")
    if Path(model).expanduser().is_dir():
        model = Path(model).expanduser().resolve().name
    return model + bracket + rest


def glossary_version(glossary: Glossary | None) -> str:
    return glossary.fingerprint() if glossary is not None else "no-glossary"


@dataclass(frozen=True)
class Translations:
    """The English of each request (None where the model failed on it), and what the model did."""

    english: list[str | None]
    translated: int  # distinct sentences the model translated
    from_memory: int  # requests the memory answered before the model ran
    errors: list[str | None]  # why the model failed on each request, or None


def translate_with_memory(
    requests: Sequence[TranslationRequest],
    sources: Sequence[str],
    backend: Backend,
    memory: TranslationMemory,
    version: str,
    progress: Callable[[int], None] | None = None,
) -> Translations:
    """English for each request: from the memory when known, else from the model.

    The model gets the pending sentences in chunks of ``CHUNK`` (enough to fill its batches),
    and each sentence is committed to the memory as soon as the backend reports it finished
    (after each batch), so a killed run loses at most the batch in flight.

    ``sources`` are the original Vietnamese sentences (the requests carry the term-replaced
    text); the memory records them so that a review merge can tell machine output from edits.
    A chunk the backend fails on is retried a sentence at a time, so that one bad sentence
    costs its own document, never the others.
    """
    keys = [
        machine_key(backend.name, version, f"{r.model_input}\x1e{'|'.join(r.required)}") for r in requests
    ]
    known = memory.machine(keys)
    from_memory = sum(key in known for key in keys)
    # Nothing to translate (a number-only cell): the model's input, numbers in English form, is the English.
    copied = {key: r.model_input for key, r, s in zip(keys, requests, sources) if not has_words(s)}
    from_memory -= sum(key in known for key in copied)
    known.update(copied)
    if progress:
        progress(from_memory + sum(key in copied for key in keys))
    todo: dict[str, tuple[TranslationRequest, str]] = {}
    for key, request, source in zip(keys, requests, sources):
        if key not in known:
            todo.setdefault(key, (request, source))  # the seeds repeat sentences: translate each once
    # Sorted by length, so that each chunk (and so each batch the backend forms) pads little.
    pending = sorted(todo.items(), key=lambda item: len(item[1][0].model_input))
    occurrences = Counter(keys)
    failed: dict[str, str] = {}
    size = backend.chunk_size  # a cluster takes more at a time (backends/ray_pool.py)
    for start in range(0, len(pending), size):
        chunk = pending[start : start + size]

        def commit(done: list[tuple[int, str]], chunk: list = chunk) -> None:
            rows = [(chunk[i][0], chunk[i][1][1], text) for i, text in done if chunk[i][0] not in known]
            if rows:
                memory.store_machine(rows)
            known.update({key: text for key, _, text in rows})

        # The backend moves the bar as its batches finish; the repeats of these sentences follow.
        try:
            english: list[str | None] = list(
                backend.translate([request for _, (request, _) in chunk], progress=progress, finished=commit)
            )
        except BACKEND_ERRORS:
            english = [
                None if key in known else _translate_alone(backend, request, key, failed)
                for key, (request, _) in chunk
            ]
        commit([(i, text) for i, text in enumerate(english) if text is not None])
        if progress:
            progress(sum(occurrences[key] - 1 for key, _ in chunk))
    return Translations(
        [known.get(key) for key in keys], len(pending), from_memory, [failed.get(key) for key in keys]
    )


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
        raise SongnguError(f"{out} is a file; give a folder for the review files")
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
    warnings: list[str],
    source: Path | None = None,
    known: Callable[[str], str | None] | None = None,
    xliff: str = "1.2",
) -> tuple[MergeStats, list[SentencePair]]:
    """Merge into ``out/NAME.po`` (with the TSV's edits folded in) and write the TSV, TMX and English from it.

    A Word or web-page ``source`` is copied beside the review files (``NAME.source.docx``), the
    template from which this run and every later ``review apply`` rebuild ``NAME.en.docx``.
    """
    files = ReviewFiles(out, name)
    longest = max((*files.outputs(), *files.source_copies()), key=lambda path: len(path.name.encode()))
    if len(longest.name.encode()) > name_max(out):  # refuse before writing any of the files
        raise OutputError(
            f"{longest}: cannot write (File name too long); rename the input document to a shorter name"
        )
    refuse_foreign_files(out, name)
    if source is not None and source.suffix.lower() in FORMATTED_SUFFIXES:
        atomic_write_bytes(files.source_copy(source.suffix), source.read_bytes())
    existing = load_catalog(out, name, memory.is_machine_output)
    if existing is not None:
        warnings += existing.warnings
    merged, stats = merge_catalog(
        existing.po if existing else None,
        sentences,
        name,
        metadata,
        memory.is_machine_output,
        memory.reviewed,
    )
    catalog = Catalog(name, files.po, merged, existing.stamp if existing else None, [])
    pairs = write_outputs(catalog, known, xliff)
    memory.store_reviewed(
        [(p.source, p.english, str(catalog.po_path)) for p in pairs if p.status == "reviewed"]
    )
    return stats, pairs


def refuse_foreign_files(out: Path, name: str) -> None:
    """Refuse to write over a file songngu did not write (``--out`` pointed at references, say)."""
    for path in ReviewFiles(out, name).outputs():
        if path.is_file() and not written_by_songngu(path):
            raise OutputError(
                f"{path} exists and was not written by songngu; it is left alone: write into a folder "
                "of songngu's review files (such as aligned/)"
            )


def _where(document: Document, segment: Segment) -> str:
    """Where the segment's block is in a Word document or web page ("" for a text file)."""
    if not document.locations:
        return ""
    return document.locations[paragraph_of(segment.id) - 1]


def refuse_shared_names(paths: Sequence[Path]) -> None:
    """Two documents named alike (a/doc1.txt, b/doc1.txt) would share doc1.po and undo each other."""
    first: dict[str, Path] = {}
    for path in paths:
        name = document_name(path)
        if name in first and first[name].resolve() != path.resolve():
            raise SongnguError(
                f"{first[name]} and {path} would both be written as {ReviewFiles(Path(), name).po}; "
                "rename one of them or translate them into different output folders"
            )
        first.setdefault(name, path)


def run(
    paths: Sequence[Path],
    backend: Backend,
    glossary: Glossary | None,
    out: Path,
    *,
    refs: Path | None = None,
    progress_factory: Callable[[int], Callable[[int], None]] | None = None,
    xliff: str = "1.2",
    documents_done: Callable[[int, int], None] | None = None,
) -> RunReport:
    """Translate every readable document in ``paths`` into ``out``; an unreadable one is reported and
    skipped, and so is one whose review files are current (app/current.py).

    Documents go to the model in groups of whole documents (``GROUP`` sentences or so), and each
    group's documents are written as soon as its sentences are translated: an archive's review
    files appear as the run goes, and a killed run loses at most the group in flight (its finished
    sentences are in the memory). ``documents_done(written, total)`` follows the writing.
    ``xliff``: the version of the XLIFF file written beside the PO (1.2 or 2.1). When ``refs`` is a
    folder of references and a document was written, the folder is scored (``report.scored``),
    and what was written is recorded as current only then, as the scores left it."""
    started = time.perf_counter()
    report = RunReport()
    matcher = term_matcher(glossary)
    refuse_shared_names(paths)
    make_output_folder(out)
    with folder_lock(out):
        memory, warning = open_memory(out / MEMORY_FILE)
        report.warnings += [warning] if warning else []
        try:
            version = glossary_version(glossary)
            settings = run_settings(model_label(backend.name), backend.settings, version, xliff)
            report.settings = settings
            documents: list[tuple[Path, Document, list[PreparedSentence]]] = []
            digests: dict[Path, str] = {}
            for path in paths:
                digests[path] = source_digest(path) or ""
                if digests[path] and is_current(
                    memory, digests[path], ReviewFiles(out, document_name(path)), settings
                ):
                    report.current.append(document_name(path))
                    continue
                try:
                    document = read_document(path)
                except InputError as error:
                    report.failures.append(str(error))
                    continue
                report.warnings += document.warnings
                prepared = prepare(document, matcher)
                report.cut += sum(p.segment.cut for p in prepared)
                documents.append((path, document, prepared))
            progress = (
                progress_factory(sum(len(prepared) for _, _, prepared in documents))
                if progress_factory
                else None
            )
            for group in document_groups(documents):
                _translate_and_write(
                    group, digests, backend, matcher, out, report, memory, settings, progress, xliff
                )
                if documents_done:
                    documents_done(len(report.documents), len(documents))
            if report.documents and refs is not None and refs.is_dir():
                report.scored = score_folder(out, refs, glossary, memory.is_machine_output)
                # The scores went into the PO and TSV just written: they are what a later run compares with.
                _record_written(report.documents, out, memory, settings)
        finally:
            memory.close()
    report.seconds = time.perf_counter() - started
    return report


def _record_written(
    documents: list[DocumentResult], out: Path, memory: TranslationMemory, settings: dict[str, str]
) -> None:
    """Record each complete document as current, its files as they are now (app/current.py)."""
    for result in documents:
        if result.complete and result.source_digest:
            files = ReviewFiles(out, result.name)
            memory.store_written_state(result.name, written_state(result.source_digest, files, settings))


# Sentences of whole documents translated before their documents are written (about 800 articles):
# enough to keep 64 Ray workers busy with a chunk each and the batches full, few enough that an
# archive's files appear as the run goes. The same with and without Ray: the same batches, the same files.
GROUP = 64 * CHUNK


def document_groups(documents: list[_Prepared]) -> list[list[_Prepared]]:
    """``documents`` in order, in groups of whole documents of about ``GROUP`` sentences."""
    groups: list[list[_Prepared]] = [[]]
    size = 0
    for document in documents:
        if size >= GROUP:
            groups.append([])
            size = 0
        groups[-1].append(document)
        size += len(document[2])
    return [group for group in groups if group]


def _translate_and_write(
    documents: list[_Prepared],
    digests: dict[Path, str],
    backend: Backend,
    matcher: TermMatcher | None,
    out: Path,
    report: RunReport,
    memory: TranslationMemory,
    settings: dict[str, str],
    progress: Callable[[int], None] | None,
    xliff: str = "1.2",
) -> None:
    requests = [p.request for _, _, prepared in documents for p in prepared]
    sources = [p.segment.text for _, _, prepared in documents for p in prepared]
    version = settings["glossary"]
    translations = translate_with_memory(requests, sources, backend, memory, version, progress)
    report.translated += translations.translated
    report.from_memory += translations.from_memory
    report.split = backend.stats.split
    report.placed = backend.stats.placed
    metadata = {
        MODEL_HEADER: settings["model"],
        BACKEND_HEADER: settings["backend"],
        GLOSSARY_HEADER: version,
    }
    offset = 0
    for path, document, prepared in documents:
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
            MachineSentence(
                p.segment.id,
                p.segment.text,
                text or "",
                p.hits,
                _where(document, p.segment),
                copied=not has_words(p.segment.text),
            )
            for p, text in zip(prepared, texts)
        ]
        try:
            stats, final = write_document(
                document.name,
                sentences,
                out,
                memory,
                metadata,
                report.warnings,
                source=path,
                known=lambda text: english_of(text, matcher),
                xliff=xliff,
            )
        except SongnguError as error:  # an unreadable review file, or one that cannot be written
            report.failures.append(str(error))
            continue
        digest = digests.get(path, "")
        result = DocumentResult(document.name, tuple(sentences), stats, tuple(final), document.format, digest)
        for sentence, missing in result.missing_terms():
            # A reviewer may have had a reason; the model never has (and the run fails for it).
            # An edit not yet accepted (still fuzzy) is a person's, but not a review.
            accepted = result.status(sentence.id) == "reviewed"
            edited = result.english(sentence.id) != sentence.english
            found = report.reviewed_without_terms if accepted or edited else report.missing_terms
            who = (
                "the reviewed English"
                if accepted
                else "the edited English (not yet accepted)"
                if edited
                else "the model's English"
            )
            found += [
                f"{document.name} {sentence.id}: {who} lacks the required term '{t}'"
                for t in dict.fromkeys(missing)  # a term required twice is named once
            ]
        report.documents.append(result)
        _record_written([result], out, memory, settings)
