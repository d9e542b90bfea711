"""Atomic file writes: a file is either as it was or complete, never half-written.

A write goes to a temp file beside the target and is renamed over it. The new file keeps
the mode of the one it replaces (a new one gets the umask's, not mkstemp's 0600); a
read-only file is never replaced; a writer that read the file first can ask for the write to
stop if someone else changed the file since (an editor saving while a run was going).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from songngu.errors import OutputError

TEMP_SUFFIX = ".songngu.tmp"


@dataclass(frozen=True)
class FileStamp:
    """What identifies one version of a file: replacing or rewriting it changes one of these."""

    inode: int
    size: int
    mtime_ns: int


def stamp_of(path: Path) -> FileStamp | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return FileStamp(info.st_ino, info.st_size, info.st_mtime_ns)


class ChangedOnDisk(OutputError):
    """The file changed since the writer read it; nothing was written."""


@contextlib.contextmanager
def atomic_open(
    path: str | Path,
    mode: str = "w",
    encoding: str | None = "utf-8",
    unchanged_since: FileStamp | None = None,
) -> Iterator[IO]:
    """Open a temp file beside ``path``; on success fsync it and rename it over ``path``.

    If the block raises (or the process dies), ``path`` keeps its old content and the temp
    file is removed (or left as ``.NAME.*.songngu.tmp``, which the next run clears). With
    ``unchanged_since``, the rename happens only if ``path`` is still that version.
    """
    path = Path(path)
    old = _existing_mode(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A short temp name: the target's own name may be as long as the file system allows.
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name[:64]}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as error:
        raise cannot_write(path, error) from None
    try:
        binary = "b" in mode
        with os.fdopen(
            fd, mode, encoding=None if binary else encoding, newline=None if binary else ""
        ) as handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), old if old is not None else _umask_mode())
            os.fsync(handle.fileno())
        if unchanged_since is not None and stamp_of(path) != unchanged_since:
            raise ChangedOnDisk(
                f"{path} changed on disk while songngu was working (saved in an editor?); "
                "it was not overwritten: run the command again to merge both"
            )
        os.replace(tmp_name, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(error, OSError):
            raise cannot_write(path, error) from None
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: str | Path, text: str, *, unchanged_since: FileStamp | None = None) -> None:
    if _holds(Path(path), text.encode("utf-8"), unchanged_since):
        return
    with atomic_open(path, "w", unchanged_since=unchanged_since) as handle:
        handle.write(text)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    if _holds(Path(path), data, None):
        return
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def _holds(path: Path, data: bytes, unchanged_since: FileStamp | None) -> bool:
    """Whether ``path`` is a file of ours that already holds ``data`` (and is the version the writer
    read): it is left as it is, so that its date says when its content last changed (what a second
    run over an archive, an editor, Weblate or git go by)."""
    _existing_mode(path)  # a read-only file is still an error
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        if unchanged_since is not None and stamp_of(path) != unchanged_since:
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def remove_stale_temp_files(folder: Path) -> int:
    """Delete the temp files a killed run left in ``folder``; call it only while holding the folder's lock."""
    removed = 0
    for leftover in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed += 1
    return removed


def _existing_mode(path: Path) -> int | None:
    """The permission bits of the file ``path`` replaces; a read-only one is an error, not replaced."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise cannot_write(path, error) from None
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISREG(info.st_mode) and not mode & 0o222:
        raise OutputError(
            f"{path} is read-only; songngu does not replace it (make it writable to allow that)"
        )
    return mode


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def cannot_write(path: Path, error: OSError) -> OutputError:
    """One line for a file the system would not let us write (a read-only or full disk, …)."""
    reason = error.strerror or str(error)
    hint = {
        errno.ENOSPC: "free some space and run again",
        errno.EACCES: "check the folder's permissions",
        errno.EPERM: "check the folder's permissions",
        errno.EROFS: "the file system is read-only; give another folder",
        errno.ENAMETOOLONG: "rename the input document to a shorter name",
    }.get(error.errno or 0, "check the folder")
    return OutputError(f"{path}: cannot write ({reason}); {hint}; the file was left as it was")


def _fsync_dir(directory: Path) -> None:
    # The rename itself is durable only once the directory entry is flushed.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
