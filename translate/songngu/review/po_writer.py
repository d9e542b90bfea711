"""PO text exactly as gettext writes it, so that ``msgcat`` of our file changes nothing.

Poedit, Lokalize and the gettext tools write PO files wrapped at 79 columns; polib's own
writer breaks lines elsewhere, so a file that went through an editor came back with every
long string rewrapped: a noisy diff in every review round trip. This writer follows
gettext's layout: comments, flags and previous strings before the entry; a string that
does not fit on its keyword's line starts with ``""`` and continues on lines of at most 79
columns (prefix and quotes included), broken after a space, or after ``. , ; : ! ? / -``
followed by a letter, and after every ``\\n``.
"""

from __future__ import annotations

import unicodedata

import polib

WIDTH = 79
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}


def format_po(po: polib.POFile) -> str:
    """The whole catalogue: header entry, entries, then obsolete entries, one blank line apart."""
    blocks = [_header(po)]
    blocks += [_entry(e) for e in po if not e.obsolete]
    # gettext keeps no obsolete entry without a translation: there is nothing left to reuse.
    blocks += [_entry(e) for e in po if e.obsolete and e.msgstr]
    return "\n".join(blocks)


def _header(po: polib.POFile) -> str:
    lines = [("# " + line).rstrip() if line else "#" for line in po.header.split("\n")] if po.header else []
    if po.metadata_is_fuzzy:
        lines.append("#, fuzzy")
    metadata = "".join(f"{key}: {value}\n" for key, value in po.ordered_metadata())
    lines += _field("", "msgid", "")
    lines += _field("", "msgstr", metadata)
    return "".join(line + "\n" for line in lines)


def _entry(entry: polib.POEntry) -> str:
    lines = (
        [("# " + line).rstrip() if line else "#" for line in entry.tcomment.split("\n")]
        if entry.tcomment
        else []
    )
    lines += (
        [("#. " + line).rstrip() if line else "#." for line in entry.comment.split("\n")]
        if entry.comment
        else []
    )
    if entry.occurrences:
        lines.append("#: " + " ".join(f"{path}:{line}" if line else path for path, line in entry.occurrences))
    # gettext drops "fuzzy" from an entry with no translation: there is nothing to be unsure of.
    flags = [f for f in entry.flags if f != "fuzzy" or entry.msgstr]
    if flags:
        lines.append("#, " + ", ".join(flags))
    prefix = "#~ " if entry.obsolete else ""
    previous = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt:
        lines += _field(previous, "msgctxt", entry.previous_msgctxt)
    if entry.previous_msgid:
        lines += _field(previous, "msgid", entry.previous_msgid)
    if entry.msgctxt is not None:
        lines += _field(prefix, "msgctxt", entry.msgctxt)
    lines += _field(prefix, "msgid", entry.msgid)
    lines += _field(prefix, "msgstr", entry.msgstr)
    return "".join(line + "\n" for line in lines)


def _field(prefix: str, keyword: str, text: str) -> list[str]:
    """``keyword "text"`` on one line if it fits and has no inner line break, else ``""`` and wrapped lines."""
    tokens = [_ESCAPES.get(ch, ch) for ch in text]
    one_line = f'{prefix}{keyword} "{"".join(tokens)}"'
    inner_newline = "\n" in text.rstrip("\n")
    if not inner_newline and _width(one_line) <= WIDTH:
        return [one_line]
    lines = [f'{prefix}{keyword} ""']
    room = WIDTH - len(prefix) - 2
    for segment in _segments(text):
        lines += [f'{prefix}"{chunk}"' for chunk in _wrap(segment, room)]
    return lines


def _segments(text: str) -> list[str]:
    """``text`` cut after each line break (the break stays with the line it ends)."""
    parts, start = [], 0
    for i, ch in enumerate(text):
        if ch == "\n":
            parts.append(text[start : i + 1])
            start = i + 1
    if start < len(text):
        parts.append(text[start:])
    return parts


def _wrap(text: str, room: int) -> list[str]:
    """Escaped chunks of ``text``, each of at most ``room`` columns, broken at the last opportunity
    that fits; a run with no opportunity in reach runs on to its first one."""
    tokens = [_ESCAPES.get(ch, ch) for ch in text]
    breaks = _break_opportunities(tokens)
    chunks: list[str] = []
    start = 0
    while start < len(tokens):
        width, cut = 0, None
        for i in range(start, len(tokens)):
            width += _width(tokens[i])
            if width > room and cut is not None:
                break
            if i + 1 in breaks:
                cut = i + 1
        else:
            cut = len(tokens)
        chunks.append("".join(tokens[start:cut]))
        start = cut
    return chunks


# Where gettext (through libunistring's line breaking) lets a line end, read off msgcat: the
# characters after which a line may break, by the kind of character that follows.
_AFTER_BEFORE_LETTER = frozenset(".,;:!?/-–—}|…")
_AFTER_BEFORE_DIGIT = frozenset("!?–—}|…")
_AFTER_BEFORE_OPENING = frozenset(".,;:!?/-–—)]}|…")
_AFTER_BEFORE_PREFIX = frozenset([*".,;:!?/-–—%+|$…", "\\\\"])
_NOT_AFTER_BEFORE_DASH = frozenset([*"([{'’‘“”—", '\\"'])
_NOT_AFTER_SPACE = frozenset([*".)]/,!?:;}", "\\n"])
_QUOTES = frozenset([*"'“”‘’«»", '\\"'])
_PREFIX_LIKE = frozenset(["%", "$", "+", '\\"', "\\\\", "\\t"])
_NEVER_BEFORE = frozenset([*"“'-.)]”’…–/,|}!?:;‘", "\\n"])


def _break_opportunities(tokens: list[str]) -> set[int]:
    """Indexes ``i`` such that a line may end before ``tokens[i]``."""
    breaks = set()
    before_spaces = ""  # the last character before the current run of spaces
    for i in range(1, len(tokens)):
        token, following = tokens[i - 1], tokens[i]
        if token != " ":
            before_spaces = token
        if token == " ":
            # After a run of spaces, unless it follows an opening bracket or precedes a closing one.
            if following != " " and before_spaces not in "([{" and following not in _NOT_AFTER_SPACE:
                quote_then_opening = before_spaces in _QUOTES and following in "([{"
                if not quote_then_opening and not (before_spaces == following == "—"):
                    breaks.add(i)
        elif _may_break(token, following):
            breaks.add(i)
    return breaks


def _may_break(token: str, following: str) -> bool:
    """Whether a line may end between two escaped characters, neither a space."""
    if following == " " or following in _NEVER_BEFORE:
        return False
    if following == "—":
        return token not in _NOT_AFTER_BEFORE_DASH
    if following in "([{":
        return token in _AFTER_BEFORE_OPENING
    if following in _PREFIX_LIKE:
        return token in _AFTER_BEFORE_PREFIX
    if following.isdigit():
        return token in _AFTER_BEFORE_DIGIT
    return token in _AFTER_BEFORE_LETTER


def _width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )
