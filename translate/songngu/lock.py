"""Locks around songngu's shared files: one writer per output folder, one per glossary file.

A lock is a ``filelock`` (``flock`` on POSIX) held on a small file beside what it guards, so it
holds between processes and between threads of one process alike: the workbench's requests run
on worker threads, and two of them saving at once must take turns exactly as two commands do.
A thread that already holds a lock may take it again (``translate`` scores the folder it wrote).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from songngu.atomic import cannot_write, remove_stale_temp_files
from songngu.errors import SongnguError

LOCK_FILE = ".songngu.lock"
# How long a glossary edit waits for another one: edits take a fraction of a second, so a team
# running `glossary add` at once should queue, not be refused.
GLOSSARY_WAIT = 60.0


class Busy(SongnguError):
    """Another command, or another request of this server, holds the lock; nothing was changed."""


_held = threading.local()  # the lock files this thread holds


@contextlib.contextmanager
def _holding(lock_path: Path, wait: float, busy_message: str) -> Iterator[bool]:
    """Hold the lock on ``lock_path``; yields False when this thread held it already."""
    key = str(lock_path.resolve())
    held: set[str] = _held.__dict__.setdefault("keys", set())
    if key in held:
        yield False
        return
    lock = FileLock(str(lock_path), timeout=wait, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise Busy(busy_message) from None
    except OSError as error:  # a read-only folder (EROFS, EACCES): nothing can be written there anyway
        raise cannot_write(lock_path, error) from None
    held.add(key)
    try:
        yield True
    finally:
        held.discard(key)
        lock.release()


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float = 0) -> Iterator[None]:
    """Hold ``folder``'s lock for the block; if another holds it, wait ``wait`` seconds, then refuse.

    Commands refuse at once (``wait`` 0): two runs on one folder would each rewrite the other's
    files and run at half speed, and waiting behind a run that may take an hour is worse than a
    clear message. The workbench waits a little, so that saves of one page take turns. Holding
    the lock, the temp files a killed run left behind are safe to clear.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(folder, error) from None
    message = (
        f"another songngu command is writing in {folder} (it holds {folder / LOCK_FILE}); "
        "run this one when it has finished"
    )
    with _holding(folder / LOCK_FILE, wait, message) as first:
        if first:
            remove_stale_temp_files(folder)
        yield


def file_lock_path(path: Path) -> Path:
    """The lock file that guards ``path``: ``.NAME.lock`` beside it."""
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def file_lock(path: Path, wait: float = GLOSSARY_WAIT) -> Iterator[None]:
    """Hold the lock that guards the single file ``path`` (the glossary) for a read-change-write."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(path.parent, error) from None
    message = (
        f"another songngu command has been changing {path} for {wait:g} s (it holds "
        f"{file_lock_path(path)}); try again when it has finished"
    )
    with _holding(file_lock_path(path), wait, message):
        yield
