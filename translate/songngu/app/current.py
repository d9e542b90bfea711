"""Whether a document's review files are current: written by a run like this one from the same
source, and untouched since.

A second run over an archive of 100,000 articles should not read, match, merge and rewrite the
99,990 nobody changed. After writing a document, the run records a state in the translation
memory: a digest of the source's bytes, the run's settings (model, backend, glossary version,
XLIFF version, songngu's version) and the stamp of every file written for it. A document is
skipped only while all of these are the same; a reviewer's save in Poedit, an edited TSV, a
deleted English document, a new glossary or model each change the state, and the document is
merged again (from the memory, without model work).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from songngu import __version__
from songngu.atomic import stamp_of
from songngu.review.layout import ReviewFiles
from songngu.translation.memory import TranslationMemory


def run_settings(model: str, backend: str, glossary_version: str, xliff: str) -> dict[str, str]:
    """What, besides the source, decides the files a run writes for a document."""
    return {
        "model": model,
        "backend": backend,
        "glossary": glossary_version,
        "xliff": xliff,
        "songngu": __version__,
    }


def source_digest(source: Path) -> str | None:
    """The sha256 of the source's bytes, taken once, before the run reads it (so a source saved again
    during the run is not recorded as translated); None when it cannot be read (the run says why)."""
    try:
        return hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        return None


def written_state(digest: str, files: ReviewFiles, settings: dict[str, str]) -> str:
    """The document's state as one string: equal strings mean nothing that decides its files changed."""
    stamps = {}
    for path in (*files.outputs(), *files.source_copies()):
        stamp = stamp_of(path)
        if stamp is not None:
            stamps[path.name] = [stamp.inode, stamp.size, stamp.mtime_ns]
    return json.dumps({"source": digest, "settings": settings, "files": stamps}, sort_keys=True)


def is_current(memory: TranslationMemory, digest: str, files: ReviewFiles, settings: dict[str, str]) -> bool:
    recorded = memory.written_state(files.name)
    return recorded is not None and written_state(digest, files, settings) == recorded
