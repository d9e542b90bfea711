"""PO catalogs (Poedit, Lokalize, Weblate): one entry per sentence, msgctxt = the "p.s" id.

Formatting returns text and parsing takes text, so the merge logic never
touches a disk; ``read_po`` wraps the parser with the file name for errors.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import polib

from songngu import __version__
from songngu.documents.text import read_text
from songngu.errors import InputError
from songngu.review.entry import entry_status
from songngu.review.layout import DOCUMENT_HEADER
from songngu.review.pairs import SentencePair
from songngu.review.po_writer import format_po as write_gettext_po

SENTENCE_ID = re.compile(r"[1-9][0-9]*\.[1-9][0-9]*")


def po_pairs(po: polib.POFile) -> list[SentencePair]:
    return [SentencePair(e.msgctxt or "", e.msgid, e.msgstr, entry_status(e)) for e in po if not e.obsolete]


def new_po(document: str, metadata: dict[str, str]) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": document,
        "PO-Revision-Date": _now(),
        # Until a reviewer's editor puts their name here, the last translator was the machine.
        "Last-Translator": "songngu machine translation",
        "Language-Team": "English",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"songngu {__version__}",
        "X-Source-Language": "vi",
        DOCUMENT_HEADER: document,
        **metadata,
    }
    return po


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def mark_revised(po: polib.POFile, translator: str) -> None:
    """Stamp a reviewed catalogue as PO editors do: ``PO-Revision-Date`` now, ``Last-Translator``."""
    po.metadata["PO-Revision-Date"] = _now()
    po.metadata["Last-Translator"] = translator


def default_translator() -> str:
    """Who reviews, for Last-Translator: $SONGNGU_TRANSLATOR ("Name <email>"), else the login name."""
    import getpass
    import os

    return os.environ.get("SONGNGU_TRANSLATOR") or getpass.getuser()


def parse_po(text: str, where: str, document: str | None = None) -> polib.POFile:
    """A PO catalogue from text, or an InputError naming the file and line."""
    if not text.strip():
        raise InputError(f"{where}: empty PO file; delete it to start again or restore it from a backup")
    try:
        po = polib.pofile(text if "\n" in text else text + "\n", wrapwidth=0)
    except (OSError, ValueError, UnicodeError, IndexError, KeyError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(
            f"{where}: malformed PO file ({message}); fix it in a PO editor or with msgfmt --check"
        ) from None
    owner = po.metadata.get(DOCUMENT_HEADER)
    if document is not None and owner is not None and owner != document:
        raise InputError(
            f"{where}: this PO file belongs to document '{owner}', not '{document}'; put it back beside {owner}"
        )
    if any(not (entry.msgctxt or entry.obsolete) for entry in po):
        line = next(e.linenum for e in po if not (e.msgctxt or e.obsolete))
        raise InputError(
            f"{where}:{line}: entry without msgctxt (the sentence id); was this file written by songngu?"
        )
    bad = next((e for e in po if not e.obsolete and not SENTENCE_ID.fullmatch(e.msgctxt or "")), None)
    if bad is not None:
        raise InputError(
            f"{where}:{bad.linenum}: msgctxt '{bad.msgctxt[:40]}' is not a sentence id (paragraph.sentence, "
            "as 3.1); put back the id songngu wrote"
        )
    return po


def read_po(path: Path, document: str | None = None) -> polib.POFile:
    text = read_text(path, if_empty="delete it to start again or restore it from a backup")
    return parse_po(text, str(path), document)


def format_po(po: polib.POFile) -> str:
    """The catalogue as gettext writes it (see po_writer), so editors and msgcat change nothing."""
    return write_gettext_po(po)
