"""The one owner of a review entry's state: its status and the comment lines songngu writes.

Poedit, Lokalize and Weblate show an entry's state from its ``fuzzy`` flag and its previous
source (``#| msgid``), and show songngu's notes as extracted comments (``#.``), one line each:
the glossary terms, the formatting a reviewer placed, the formatting that could not be carried
over, and the score against a reference. Every path that changes an entry (the workbench, review
apply from a TSV or an XLIFF file, the merge of a new run, the re-score) goes through these
functions, so one accept gives one file whichever way it came, as review/layout.py owns file names.
"""

from __future__ import annotations

import polib

REVIEWED, MACHINE, UNTRANSLATED = "reviewed", "machine", "untranslated"
STATUSES = (REVIEWED, MACHINE, UNTRANSLATED)

# The comment lines, by the prefix that starts each.
TERMS_NOTE = "terms: "
INLINE_NOTE = "inline: "
FORMATTING_NOTE = "formatting not carried over: "
SCORE_NOTE = "score: "


def entry_status(entry: polib.POEntry) -> str:
    if not entry.msgstr.strip():
        return UNTRANSLATED
    return MACHINE if "fuzzy" in entry.flags else REVIEWED


def accept(entry: polib.POEntry) -> None:
    """Mark the entry reviewed as PO editors do: no fuzzy flag, and no previous source to compare with."""
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    entry.previous_msgid = None
    entry.previous_msgctxt = None


def reopen(entry: polib.POEntry, previous_source: str | None = None) -> None:
    """Mark the entry for review again (fuzzy); ``previous_source``: the Vietnamese it had before."""
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if previous_source is not None:
        entry.previous_msgid = previous_source


def set_status(entry: polib.POEntry, status: str) -> None:
    """``reviewed`` accepts the entry, ``machine`` reopens it; nothing else is a status one sets."""
    if status == REVIEWED:
        accept(entry)
    elif status == MACHINE:
        reopen(entry)
    else:
        raise ValueError(f"unknown status {status!r}; give {REVIEWED} or {MACHINE}")


def copy_status(entry: polib.POEntry, old: polib.POEntry) -> None:
    """Give ``entry`` the status ``old`` had (a sentence that kept its review through a new run)."""
    entry.flags = list(old.flags)


def comment_line(comment: str, prefix: str) -> str | None:
    """The text after ``prefix`` on the comment's line that starts with it, or None."""
    return next((line[len(prefix) :] for line in comment.split("\n") if line.startswith(prefix)), None)


def with_line(comment: str, prefix: str, text: str | None) -> str:
    """``comment`` with its ``prefix`` line replaced by ``prefix + text`` (or removed, for None)."""
    lines = [line for line in comment.split("\n") if line and not line.startswith(prefix)]
    if text is not None:
        lines.append(prefix + text)
    return "\n".join(lines)


def set_comment_line(entry: polib.POEntry, prefix: str, text: str | None) -> None:
    entry.comment = with_line(entry.comment, prefix, text)
