"""The translation memory: finished sentences in SQLite, so work is never done twice.

Machine translations are keyed by model, glossary version and source text, so an
interrupted run resumes where it stopped and an unchanged input costs no model
work. Reviewed translations are keyed by source text alone, so a reviewer's
correction is reused wherever the same sentence appears again. The state each
document's review files were written in is kept too, so that a second run over an
archive skips the documents nothing has changed (app/current.py). SQLite commits
are atomic: a killed run loses at most the batch in flight.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from songngu.errors import OutputError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS machine (key TEXT PRIMARY KEY, source TEXT NOT NULL, english TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS machine_source ON machine (source);
CREATE TABLE IF NOT EXISTS reviewed (source TEXT PRIMARY KEY, english TEXT NOT NULL, origin TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reviews (
    source TEXT NOT NULL, english TEXT NOT NULL, origin TEXT NOT NULL, PRIMARY KEY (source, english)
);
CREATE TABLE IF NOT EXISTS written (document TEXT PRIMARY KEY, state TEXT NOT NULL);
"""


@contextlib.contextmanager
def known_machine_output(folder: Path) -> Iterator[Callable[[str, str], bool]]:
    """``is_machine_output`` of the memory in ``folder``; without one nothing is known to be machine output,
    so every difference between the TSV and the PO counts as a reviewer's edit (nothing is lost)."""
    path = folder / MEMORY_FILE
    if not path.is_file() or path.is_symlink():
        yield lambda source, english: False
        return
    try:
        memory = TranslationMemory(path)
    except sqlite3.DatabaseError:
        yield lambda source, english: False
        return
    try:
        yield memory.is_machine_output
    finally:
        memory.close()


def open_memory(path: Path) -> tuple[TranslationMemory, str | None]:
    """The memory at ``path``, and a warning when it had to start afresh.

    A symbolic link is replaced by a file of our own, never written through (like every
    review file); a file that is not a readable SQLite database is moved aside (the run
    only loses its head start); a folder that cannot hold it is one clear error.
    """
    warning = None
    if path.is_symlink():
        path.unlink()
        warning = f"{path} was a symbolic link; replaced it with a new translation memory"
    try:
        return TranslationMemory(path), warning
    except sqlite3.DatabaseError as error:
        damaged = path.exists() and ("not a database" in str(error) or "malformed" in str(error))
        if not damaged:
            raise OutputError(
                f"{path}: cannot open the translation memory ({error}); check the folder's permissions"
            ) from None
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    os.replace(path, aside)
    for suffix in ("-journal", "-wal", "-shm"):  # SQLite's side files belong to the damaged copy
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    return TranslationMemory(path), (
        f"{path} was not a readable translation memory; moved it to {aside.name} and started a new one "
        "(finished sentences will be translated again)"
    )


MEMORY_FILE = ".songngu-memory.sqlite"


def machine_key(model: str, glossary_version: str, source: str) -> str:
    return hashlib.sha256(f"{model}\x1f{glossary_version}\x1f{source}".encode()).hexdigest()


class TranslationMemory:
    """A small SQLite store; ``path`` ``":memory:"`` keeps it in memory (for tests)."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path))
        try:
            self._db.executescript(_SCHEMA)  # the first read: a damaged file fails here
            if self._db.execute("SELECT 1 FROM reviewed LIMIT 1").fetchone():  # a memory of 0.1.0
                with self._db:  # kept one review a sentence; ``reviews`` keeps each
                    self._db.execute(
                        "INSERT OR IGNORE INTO reviews SELECT source, english, origin FROM reviewed"
                    )
                    self._db.execute("DELETE FROM reviewed")
        except sqlite3.DatabaseError:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def machine(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT key, english FROM machine WHERE key IN ({marks})", chunk))
        return found

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction; a disk that is full or gone read-only is one line, and the memory is as it was."""
        try:
            with self._db:
                yield
        except sqlite3.OperationalError as error:
            raise OutputError(
                f"{self.path}: cannot write the translation memory ({error}); free some space, or give a "
                "folder that can be written, and run again (finished work is kept)"
            ) from None

    def store_machine(self, rows: list[tuple[str, str, str]]) -> None:
        """Rows of (key, source, english), committed together."""
        with self._writing():
            self._db.executemany("INSERT OR REPLACE INTO machine VALUES (?, ?, ?)", rows)

    def is_machine_output(self, source: str, english: str) -> bool:
        """Whether ``english`` is what some model produced for ``source`` (i.e. nobody edited it)."""
        row = self._db.execute(
            "SELECT 1 FROM machine WHERE source = ? AND english = ? LIMIT 1", (source, english)
        )
        return row.fetchone() is not None

    def reviewed(self, source: str) -> list[str]:
        """Every reviewed English of ``source``, the latest stored first (a sentence reviewed in two
        documents may have two, one with the glossary's terms and one without)."""
        rows = self._db.execute(
            "SELECT english FROM reviews WHERE source = ? ORDER BY rowid DESC", (source,)
        ).fetchall()
        return [row[0] for row in rows]

    def written_state(self, document: str) -> str | None:
        """What ``store_written_state`` recorded when the document's review files were last written."""
        row = self._db.execute("SELECT state FROM written WHERE document = ?", (document,)).fetchone()
        return row[0] if row else None

    def store_written_state(self, document: str, state: str) -> None:
        with self._writing():
            self._db.execute("INSERT OR REPLACE INTO written VALUES (?, ?)", (document, state))

    def store_reviewed(self, rows: list[tuple[str, str, str]]) -> None:
        """Rows of (source, english, origin) where origin names the file the review came from; a review
        stored again becomes the latest."""
        with self._writing():
            self._db.executemany("INSERT OR REPLACE INTO reviews VALUES (?, ?, ?)", rows)
