"""One writer per output folder: a second command that would rewrite the same review files is refused."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from songngu.atomic import remove_stale_temp_files
from songngu.errors import SongnguError

LOCK_FILE = ".songngu.lock"
_held: set[str] = set()


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock for the block, or refuse at once if another songngu command holds it.

    Two runs on one folder would each rewrite the other's files and run at half speed; refusing
    is clearer than waiting behind a run that may take an hour. Holding the lock, the temp
    files a killed run left behind are safe to clear.
    """
    key = str(folder.resolve())
    if key in _held:  # this process holds it already (translate, then score the same folder)
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_FILE), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise SongnguError(
            f"another songngu command is writing in {folder} (it holds {folder / LOCK_FILE}); "
            "run this one when it has finished"
        ) from None
    _held.add(key)
    try:
        remove_stale_temp_files(folder)
        yield
    finally:
        _held.discard(key)
        lock.release()
