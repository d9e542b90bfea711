"""Errors that reach the user as one clear line (never a traceback)."""

from __future__ import annotations


class SongnguError(Exception):
    """A problem the user can fix; ``str()`` is the whole message.

    ``exit_code`` follows the command-line contract: 1 for a failed document or
    check, 2 for bad usage or unreadable input.
    """

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(SongnguError):
    """An input file that cannot be read as what it should be."""


class OutputError(SongnguError):
    """A file that cannot be written (read-only or full folder, a name too long, …)."""


class ModelLoadError(SongnguError):
    """The translation model could not be loaded."""


def unreadable(path: object, error: OSError, what: str = "") -> InputError:
    """The one wording of a file the system would not let us read: which file, and the system's reason."""
    thing = f" {what}" if what else ""
    return InputError(f"{path}: cannot read{thing} ({error.strerror or error})")
