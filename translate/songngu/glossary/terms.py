"""The term file, ``glossary/terms.tsv``: load, check, edit and save.

Format: UTF-8, tab-separated, a header line ``source	target	kind	variants	note``;
``variants`` are other Vietnamese spellings joined by `` | ``; lines starting with
``#`` (and blank lines) are comments and are kept, in place, through every edit.
Loading is lenient about content (``check`` reports those problems with line
numbers) and strict only about structure.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from songngu.atomic import atomic_write_text, stamp_of
from songngu.documents.text import fold_spaces
from songngu.errors import InputError, SongnguError, unreadable
from songngu.lock import GLOSSARY_WAIT, file_lock

HEADER = ("source", "target", "kind", "variants", "note")
KINDS = ("org", "programme", "title", "person", "place", "other")
VARIANT_SEPARATOR = " | "
# What an editing error advises, named so that the workbench can give its own buttons instead.
CHANGE_ADVICE = "use 'songngu glossary set' to change it"
REMOVE_ADVICE = "use 'songngu glossary remove' to drop the entry"
FIND_ADVICE = "'songngu glossary list --grep' finds entries"


@dataclass(frozen=True)
class GlossaryEntry:
    """One term: its Vietnamese source (and variants) and the official English target."""

    source: str
    target: str
    kind: str = "other"
    variants: tuple[str, ...] = ()
    note: str = ""
    line: int = 0  # line in the file it came from; 0 for a new entry

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source, *self.variants)


@dataclass(frozen=True)
class Glossary:
    """The file as rows: comments (kept verbatim) and entries, in file order."""

    rows: tuple[str | GlossaryEntry, ...] = ()

    @property
    def entries(self) -> tuple[GlossaryEntry, ...]:
        return tuple(row for row in self.rows if isinstance(row, GlossaryEntry))

    def term_pairs(self) -> list[tuple[str, str]]:
        """Every Vietnamese form (source and variants) with its English target: a dictionary, as
        hunalign's, that teaches the aligner's word table the words of the names."""
        return [(source, entry.target) for entry in self.entries for source in entry.sources]

    def find(self, source: str) -> GlossaryEntry | None:
        key = name_key(source)
        return next((entry for entry in self.entries if name_key(entry.source) == key), None)

    def fingerprint(self) -> str:
        """A short hash of the entries, for reports and the translation memory."""
        text = "\n".join(f"{e.target}\t{'|'.join(e.sources)}" for e in self.entries)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def name_key(text: str) -> str:
    """What makes two spellings of a name the same entry: NFC, case, runs of space and invisible
    format characters aside. Tone marks count ("Hà Nam" and "Hạ Nam" are two places), unlike
    search's accent-blind key."""
    return fold_spaces(without_format_characters(unicodedata.normalize("NFC", text)).casefold())


def without_format_characters(text: str) -> str:
    """``text`` without Unicode's invisible format characters (zero-width space and joiners, BOM, soft hyphen)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


# ---------------------------------------------------------------- reading and writing


# Only real line ends end a row: str.splitlines() also splits at U+2028, U+0085 and other
# separators a pasted note may hold, which would cut one entry into two.
_LINE_END = re.compile(r"\r\n|\r|\n")


def parse_glossary(text: str, where: str = "glossary", malformed: list[Problem] | None = None) -> Glossary:
    """The rows of a term file. A malformed line is an InputError, or, given ``malformed``, is
    added to it and left out, so that ``check`` lists every such line, not only the first."""
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    rows: list[str | GlossaryEntry] = []
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            rows.append(line)
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip().lower() for f in fields[:2]) != HEADER[:2]:
                raise InputError(
                    f"{where}:{number}: expected the header line 'source<TAB>target<TAB>kind<TAB>variants<TAB>note'"
                )
            header_seen = True
            rows.append(line)
            continue
        if len(fields) < 2 or len(fields) > len(HEADER):
            message = (
                f"expected 2 to 5 tab-separated fields (source, target, kind, variants, note), "
                f"found {len(fields)}; separate fields with one tab"
            )
            if malformed is None:
                raise InputError(f"{where}:{number}: {message}")
            malformed.append(Problem(number, message))
            continue
        fields += [""] * (len(HEADER) - len(fields))
        source, target, kind, variants, note = fields
        rows.append(
            GlossaryEntry(
                source=source,
                target=target,
                kind=kind,
                variants=tuple(v.strip() for v in variants.split("|") if v.strip()) if variants else (),
                note=note,
                line=number,
            )
        )
    if not header_seen:
        raise InputError(
            f"{where}: no header line; the first non-comment line must be {'<TAB>'.join(HEADER)}"
        )
    return Glossary(rows=tuple(rows))


def missing_glossary(path: Path, advice: str) -> InputError:
    """The one wording of a glossary file that is not there; ``advice`` says what to do instead."""
    where = "" if path.is_absolute() else f" (looked in {Path.cwd()})"
    return InputError(f"{path}: glossary not found{where}; {advice}")


def load_glossary(path: str | Path, malformed: list[Problem] | None = None) -> Glossary:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise missing_glossary(
            path, "create it with 'songngu glossary add' or give the path of another"
        ) from None
    except OSError as error:
        raise unreadable(path, error, "the glossary") from None
    # The one reader of text files: UTF-8 with or without BOM, and the UTF-16 a spreadsheet
    # writes as "Unicode text"; a NUL byte or a bad byte is named with its line.
    from songngu.documents.text import decode_text

    hint = f"a glossary starts with the header line {'<TAB>'.join(HEADER)}"
    return parse_glossary(decode_text(data, str(path), hint, normalise=False), str(path), malformed)


def load_glossary_if_present(path: str | Path | None) -> Glossary | None:
    """The glossary at ``path``, or None when no path is given or no file is there (terms are optional)."""
    if path is None or not Path(path).exists():
        return None
    return load_glossary(path)


def format_entry(entry: GlossaryEntry) -> str:
    variants = VARIANT_SEPARATOR.join(v.strip() for v in entry.variants)
    return "\t".join((entry.source, entry.target, entry.kind, variants, entry.note))


def format_glossary(glossary: Glossary) -> str:
    rows = list(glossary.rows)
    if not any(isinstance(row, str) and row.startswith("source\t") for row in rows):
        rows.insert(0, "\t".join(HEADER))
    return "".join(f"{format_entry(row) if isinstance(row, GlossaryEntry) else row}\n" for row in rows)


def change_glossary(
    path: str | Path,
    change: Callable[[Glossary], Glossary],
    *,
    create: bool = False,
    wait: float = GLOSSARY_WAIT,
) -> tuple[Glossary, Glossary]:
    """Apply ``change`` to the glossary at ``path`` and save the result: the one way it is written.

    The file is read afresh under its lock (``.terms.tsv.lock``), so edits made at the same time
    by other commands or the workbench queue up and each one applies to what the one before it
    wrote; none is lost. A writer that takes no lock (an editor saving the file meanwhile) is
    caught by the file's stamp, and the change is refused rather than written over it. With
    ``create`` a missing file starts as a header line. Returns the glossary before and after;
    when ``change`` returns its argument unchanged, nothing is written.
    """
    path = Path(path)
    with file_lock(path, wait):
        stamp = stamp_of(path)
        before = Glossary(rows=("\t".join(HEADER),)) if create and stamp is None else load_glossary(path)
        after = change(before)
        if after is not before:
            atomic_write_text(path, format_glossary(after), unchanged_since=stamp)
    return before, after


# ---------------------------------------------------------------- checking


def check_glossary(glossary: Glossary) -> list[Problem]:
    """Every problem with its line: duplicates, conflicts, empty fields, bad kinds, non-NFC text, stray spaces."""
    problems: list[Problem] = []
    first_line_of_source: dict[str, int] = {}
    owner_of_variant: dict[str, tuple[int, str]] = {}
    targets_of_source: dict[str, set[str]] = defaultdict(set)
    for entry in glossary.entries:
        problems += _field_problems(entry)
        key = name_key(entry.source)
        targets_of_source[key].add(entry.target.strip())
        if key in first_line_of_source:
            problems.append(
                Problem(
                    entry.line,
                    f"duplicate source '{entry.source}' (first on line {first_line_of_source[key]})",
                )
            )
        else:
            first_line_of_source[key] = entry.line
        for name in entry.sources:
            variant_key = name_key(name)
            owner = owner_of_variant.get(variant_key)
            if owner and owner[1] != key:
                problems.append(
                    Problem(entry.line, f"'{name.strip()}' is claimed by two entries (also line {owner[0]})")
                )
            else:
                owner_of_variant[variant_key] = (entry.line, key)
    for entry in glossary.entries:
        targets = targets_of_source[name_key(entry.source)]
        if len(targets) > 1 and first_line_of_source[name_key(entry.source)] == entry.line:
            problems.append(
                Problem(
                    entry.line,
                    f"source '{entry.source}' has {len(targets)} targets: {' / '.join(sorted(targets))}",
                )
            )
    return sorted(problems, key=lambda problem: problem.line)


def _field_problems(entry: GlossaryEntry) -> list[Problem]:
    problems = []
    named = {"source": entry.source, "target": entry.target, "kind": entry.kind, "note": entry.note}
    named.update({f"variant {i}": v for i, v in enumerate(entry.variants, start=1)})
    for name in ("source", "target", "kind"):
        if not named[name].strip():
            problems.append(Problem(entry.line, f"empty {name}"))
    if entry.kind.strip() and entry.kind not in KINDS:
        problems.append(Problem(entry.line, f"unknown kind '{entry.kind}' (use one of: {', '.join(KINDS)})"))
    for name, value in named.items():
        if value != unicodedata.normalize("NFC", value):
            problems.append(Problem(entry.line, f"{name} is not NFC-normalised: '{value}'"))
        stripped = value.strip() if name.startswith("variant") else value
        if stripped != stripped.strip() or "  " in stripped:
            problems.append(Problem(entry.line, f"stray spaces in {name}: '{value}'"))
    return problems


# ---------------------------------------------------------------- fields that fit the file


def clean_field(name: str, value: str) -> str:
    """``value`` as one line of text for the field ``name``, or a SongnguError saying why it cannot be.

    The text is NFC-normalised (a name typed or pasted in NFD is the same name), and invisible
    format characters (a zero-width space pasted from a web page) are removed, or "ACVN" and
    "ACVN\u200b" would be two terms. White space runs (tabs and line breaks included) become
    one space, since a tab or a line break would start another field or entry in terms.tsv.
    Other control characters are refused, and so are a Vietnamese name (source or variant)
    holding "|" (the variant separator) or starting with "#" (a comment line).
    """
    cleaned = fold_spaces(without_format_characters(unicodedata.normalize("NFC", value)))
    bad = next((ch for ch in cleaned if unicodedata.category(ch) == "Cc"), None)
    if bad is not None:
        raise SongnguError(f"{name} '{cleaned[:40]}' holds the control character U+{ord(bad):04X}; remove it")
    is_name = name in ("source", "variant")
    if is_name and "|" in cleaned:
        raise SongnguError(f"{name} '{cleaned}' holds '|', which separates variants in terms.tsv; remove it")
    if is_name and cleaned.startswith("#"):  # a variant may become a source on import
        raise SongnguError(f"{name} '{cleaned}' starts with '#', which marks a comment in terms.tsv")
    return cleaned


def clean_entry(entry: GlossaryEntry) -> GlossaryEntry:
    """The entry with every field cleaned (see ``clean_field``); empty variants are dropped, and so is
    a variant that is the source or an earlier variant to the matcher (``name_key``: "È" of "è")."""
    source = clean_field("source", entry.source)
    seen = {name_key(source)}
    variants = []
    for variant in (clean_field("variant", v) for v in entry.variants):
        if variant and name_key(variant) not in seen:
            seen.add(name_key(variant))
            variants.append(variant)
    return replace(
        entry,
        source=source,
        target=clean_field("target", entry.target),
        kind=clean_field("kind", entry.kind),
        variants=tuple(variants),
        note=clean_field("note", entry.note),
    )


# ---------------------------------------------------------------- editing (each returns a new Glossary)


def add_entry(glossary: Glossary, entry: GlossaryEntry) -> Glossary:
    entry = clean_entry(entry)
    _require_kind(entry.kind)
    if not entry.source or not entry.target:
        raise SongnguError("a glossary entry needs a source and a target; neither may be empty")
    for name in entry.sources:
        clash = _owner(glossary, name)
        if clash is not None:
            raise SongnguError(
                f"'{name}' is already in the glossary (line {clash.line}: '{clash.source}' -> '{clash.target}'); "
                + CHANGE_ADVICE,
                exit_code=1,
            )
    return replace(glossary, rows=(*glossary.rows, entry))


def remove_entry(glossary: Glossary, source: str) -> Glossary:
    entry = _require(glossary, source)
    return replace(glossary, rows=tuple(row for row in glossary.rows if row is not entry))


def update_entry(
    glossary: Glossary,
    source: str,
    *,
    target: str | None = None,
    kind: str | None = None,
    note: str | None = None,
    variants: tuple[str, ...] | None = None,
) -> Glossary:
    entry = _require(glossary, source)
    if kind is not None:
        _require_kind(kind)
    changed = clean_entry(
        replace(
            entry,
            target=entry.target if target is None else target,
            kind=entry.kind if kind is None else kind,
            note=entry.note if note is None else note,
            variants=entry.variants if variants is None else variants,
        )
    )
    if not changed.target:
        raise SongnguError(f"the target may not be empty; {REMOVE_ADVICE}")
    return replace(glossary, rows=tuple(changed if row is entry else row for row in glossary.rows))


def _owner(glossary: Glossary, name: str) -> GlossaryEntry | None:
    key = name_key(name)
    return next((e for e in glossary.entries if key in {name_key(s) for s in e.sources}), None)


def _require(glossary: Glossary, source: str) -> GlossaryEntry:
    entry = glossary.find(source)
    if entry is None:
        raise SongnguError(
            f"'{source}' is not a source in the glossary; {FIND_ADVICE}",
            exit_code=1,
        )
    return entry


def _require_kind(kind: str) -> None:
    if kind not in KINDS:
        raise SongnguError(f"unknown kind '{kind}'; use one of: {', '.join(KINDS)}", exit_code=2)
