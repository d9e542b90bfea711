"""XLIFF 1.2 and 2.1 for CAT tools (Trados, memoQ, Phrase, MateCat, OmegaT): out and back in.

One unit per sentence, its id the sentence's "p.s" id. The English carries its state the way
each version says it: 1.2 ``needs-review-translation`` (machine output, ``state-qualifier``
``mt-suggestion``) or ``translated`` with ``approved="yes"`` (reviewed); 2.1 ``initial`` (with
``subState="songngu:mt"``) or ``reviewed``. Inline formatting of Word and web sources travels
as inline codes, ``<g>`` in 1.2 and ``<pc>`` in 2.1, one per styled span, so that a translator
can move a bold word and the English document follows.

Reading accepts what CAT tools write back: other namespaces (Trados's ``sdl:``) are ignored,
``<mrk>`` (segment and term marks) is transparent, spanning codes (``<bpt>``/``<ept>``,
``<sc>``/``<ec>``) count as codes, and a unit that the tool split into several segments is
reported rather than guessed at. Files are parsed without DTDs, entities or network access.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from songngu import __version__
from songngu.documents.text import without_control_characters
from songngu.errors import InputError
from songngu.review.tsv import english_digest

XLIFF_1 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_2 = "urn:oasis:names:tc:xliff:document:2.0"  # 2.1 keeps 2.0's namespace
VERSIONS = ("1.2", "2.1")
MACHINE_SUBSTATE = "songngu:mt"
XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff")
# What a CAT tool's state means for the PO: reviewed (not fuzzy) or not.
SONGNGU = "urn:x-songngu:xliff"  # songngu's own attributes (CAT tools keep other namespaces' attributes)
BASE = f"{{{SONGNGU}}}base"  # the English the unit went out with (english_digest): see review apply
XLIFF_MARK = "<!-- songngu"  # the comment that says songngu wrote the file (before the root)
_REVIEWED_1 = {"translated", "final", "signed-off"}
_REVIEWED_2 = {"translated", "reviewed", "final"}
TRADOS = "http://sdl.com/FileTypes/SdlXliff/1.0"
_REVIEWED_TRADOS = {"Translated", "ApprovedTranslation", "ApprovedSignOff"}


@dataclass(frozen=True)
class Code:
    """An inline code: characters ``start:end`` of a text in one formatting, ``kind`` a hint for the
    CAT tool's display (bold, italic, underlined, link, or x-formatting)."""

    id: str
    start: int
    end: int
    kind: str = "x-formatting"


@dataclass(frozen=True)
class Marked:
    """Text with its inline codes (flat: a sentence's styled spans never overlap)."""

    text: str
    codes: tuple[Code, ...] = ()


@dataclass(frozen=True)
class XliffUnit:
    """A sentence as it goes out: id, Vietnamese, English, status, block place, glossary terms."""

    id: str
    source: Marked
    english: Marked
    status: str  # reviewed, machine or untranslated
    where: str = ""
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReturnedUnit:
    """A unit as a CAT tool gave it back. ``segments`` > 1: the tool split the sentence."""

    line: int
    id: str
    source: str
    english: Marked | None  # None: no target
    reviewed: bool
    segments: int = 1
    base_digest: str | None = None  # english_digest of the English the unit went out with


# -- writing --------------------------------------------------------------------------------


def format_xliff(units: Iterable[XliffUnit], document: str, original: str, version: str = "1.2") -> str:
    """The document's sentences as an XLIFF file of ``version`` (1.2 or 2.1)."""
    if version not in VERSIONS:
        raise InputError(f"XLIFF version '{version}': give one of {', '.join(VERSIONS)}")
    root = _xliff_1(units, original) if version == "1.2" else _xliff_2(units, original)
    _indent(root)
    mark = f"{XLIFF_MARK} {__version__}: the sentences of {_comment_safe(document)}, one unit each -->\n"
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + mark + etree.tostring(root, encoding="unicode") + "\n"


def _comment_safe(text: str) -> str:
    return text.replace("--", "- -")


def _xliff_1(units: Iterable[XliffUnit], original: str) -> etree._Element:
    root = etree.Element(f"{{{XLIFF_1}}}xliff", nsmap={None: XLIFF_1, "songngu": SONGNGU}, version="1.2")
    file = etree.SubElement(
        root,
        _q1("file"),
        original=original,
        attrib={"source-language": "vi", "target-language": "en", "datatype": _datatype(original)},
    )
    header = etree.SubElement(file, _q1("header"))
    etree.SubElement(
        header,
        _q1("tool"),
        attrib={"tool-id": "songngu", "tool-name": "songngu", "tool-version": __version__},
    )
    body = etree.SubElement(file, _q1("body"))
    for unit in units:
        element = etree.SubElement(body, _q1("trans-unit"), id=unit.id, resname=unit.id)
        element.set("approved", "yes" if unit.status == "reviewed" else "no")
        element.set(BASE, english_digest(unit.english.text))
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        _put_marked(etree.SubElement(element, _q1("source")), unit.source, _code_1)
        if unit.status != "untranslated":
            target = etree.SubElement(element, _q1("target"))
            if unit.status == "reviewed":
                target.set("state", "translated")
            else:
                target.set("state", "needs-review-translation")
                target.set("state-qualifier", "mt-suggestion")
            _put_marked(target, unit.english, _code_1)
        if unit.where:
            group = etree.SubElement(element, _q1("context-group"), purpose="location", name="block")
            etree.SubElement(group, _q1("context"), attrib={"context-type": "x-block"}).text = unit.where
        for term in unit.terms:
            etree.SubElement(element, _q1("note"), attrib={"from": "glossary"}).text = f"term: {term}"
    return root


def _xliff_2(units: Iterable[XliffUnit], original: str) -> etree._Element:
    root = etree.Element(
        f"{{{XLIFF_2}}}xliff",
        nsmap={None: XLIFF_2, "songngu": SONGNGU},
        version="2.1",
        srcLang="vi",
        trgLang="en",
    )
    file = etree.SubElement(root, _q2("file"), id="f1", original=original)
    for unit in units:
        element = etree.SubElement(file, _q2("unit"), id=unit.id, name=unit.id)
        element.set(BASE, english_digest(unit.english.text))
        if unit.where or unit.terms:
            notes = etree.SubElement(element, _q2("notes"))
            if unit.where:
                etree.SubElement(notes, _q2("note"), category="location").text = unit.where
            for term in unit.terms:
                etree.SubElement(notes, _q2("note"), category="glossary").text = f"term: {term}"
        segment = etree.SubElement(element, _q2("segment"), id=f"s{unit.id}")
        if unit.status == "reviewed":
            segment.set("state", "reviewed")
        else:
            segment.set("state", "initial")
            if unit.status == "machine":
                segment.set("subState", MACHINE_SUBSTATE)
        _put_marked(etree.SubElement(segment, _q2("source")), unit.source, _code_2)
        if unit.status != "untranslated":
            _put_marked(etree.SubElement(segment, _q2("target")), unit.english, _code_2)
    return root


_CONTENT = {"source", "target", "seg-source", "note", "context"}  # mixed content: never re-spaced


def _indent(element: etree._Element, level: int = 0) -> None:
    """Line breaks and indentation between structural elements only: inside a source or target
    every space is the sentence's (etree.indent would put spaces before a leading code)."""
    children = [c for c in element if isinstance(c.tag, str)]
    if not children or etree.QName(element).localname in _CONTENT:
        return
    element.text = "\n" + " " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + " " * (level + 1)
    children[-1].tail = "\n" + " " * level


def _q1(tag: str) -> str:
    return f"{{{XLIFF_1}}}{tag}"


def _q2(tag: str) -> str:
    return f"{{{XLIFF_2}}}{tag}"


def _datatype(original: str) -> str:
    suffix = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    return {"html": "html", "htm": "html", "docx": "x-docx"}.get(suffix, "plaintext")


def _code_1(parent: etree._Element, code: Code) -> etree._Element:
    return etree.SubElement(parent, _q1("g"), id=code.id, ctype=code.kind)


_SUBTYPES = {"bold": "xlf:b", "italic": "xlf:i", "underlined": "xlf:u"}


def _code_2(parent: etree._Element, code: Code) -> etree._Element:
    if code.kind == "link":
        return etree.SubElement(parent, _q2("pc"), id=code.id, type="link")
    element = etree.SubElement(parent, _q2("pc"), id=code.id, type="fmt")
    if code.kind in _SUBTYPES:
        element.set("subType", _SUBTYPES[code.kind])
    return element


def _put_marked(
    element: etree._Element, marked: Marked, make_code: Callable[[etree._Element, Code], etree._Element]
) -> None:
    """``marked``'s text into ``element``, each code's span wrapped in its inline element."""
    text = without_control_characters(marked.text)
    position, last = 0, None
    for code in sorted(marked.codes, key=lambda c: c.start):
        if code.start < position or code.end > len(text) or code.end <= code.start:
            continue  # overlapping or out of range: the text matters more than the code
        _append_text(element, last, text[position : code.start])
        last = make_code(element, code)
        last.text = text[code.start : code.end]
        position = code.end
    _append_text(element, last, text[position:])


def _append_text(element: etree._Element, last: etree._Element | None, text: str) -> None:
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def marked_markup(marked: Marked) -> str:
    """``marked`` in XLIFF 1.2 inline notation (``The <g id="1">ACVN</g> said``), one line."""
    holder = etree.Element("t")
    _put_marked(holder, marked, lambda parent, code: etree.SubElement(parent, "g", id=code.id))
    inner = etree.tostring(holder, encoding="unicode")
    return inner[len("<t>") : -len("</t>")] if inner != "<t/>" else ""


def parse_markup(markup: str) -> Marked | None:
    """The text and codes of ``marked_markup``'s notation; None if it is not that notation."""
    try:
        holder = etree.fromstring(f"<t>{markup}</t>", _parser())
    except etree.XMLSyntaxError:
        return None
    return _marked(holder)


# -- reading --------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_xliff(data: bytes, where: str) -> tuple[str, list[ReturnedUnit]]:
    """The ``original`` of the file's first ``<file>`` and its units, or an InputError naming the line."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise InputError(
            f"{where}: XLIFF with a DOCTYPE or entity declarations is not read; save it without one"
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        raise InputError(
            f"{where}:{line}: not well-formed XML ({error.msg}); save the file again from the CAT tool"
        ) from None
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in (XLIFF_1, XLIFF_2):
        raise InputError(f"{where}: not an XLIFF 1.2 or 2.x file (root <{etree.QName(root).localname}>)")
    files = root.findall(f"{{{namespace}}}file")
    if not files:
        raise InputError(f"{where}: the XLIFF file has no <file>; export it again from the CAT tool")
    original = files[0].get("original", "")
    units = _units_1(root) if namespace == XLIFF_1 else _units_2(root)
    return original, units


def _units_1(root: etree._Element) -> list[ReturnedUnit]:
    found = []
    for unit in root.iter(_q1("trans-unit")):
        source = unit.find(_q1("source"))
        target = unit.find(_q1("target"))
        seg_source = unit.find(_q1("seg-source"))
        segments = max(
            _segment_marks(seg_source),
            _segment_marks(target),
        )
        state = target.get("state", "") if target is not None else ""
        confirmed = {seg.get("conf") for seg in unit.iter(f"{{{TRADOS}}}seg")}  # Trados's own states
        reviewed = unit.get("approved") == "yes" or state in _REVIEWED_1 or bool(confirmed & _REVIEWED_TRADOS)
        found.append(
            ReturnedUnit(
                line=unit.sourceline or 0,
                id=unit.get("id", ""),
                source=_marked(source).text if source is not None else "",
                english=_marked(target) if target is not None else None,
                reviewed=reviewed,
                segments=segments,
                base_digest=unit.get(BASE),
            )
        )
    return found


def _segment_marks(element: etree._Element | None) -> int:
    if element is None:
        return 1
    return max(1, sum(1 for m in element.iter(_q1("mrk")) if m.get("mtype") == "seg"))


def _units_2(root: etree._Element) -> list[ReturnedUnit]:
    found = []
    for unit in root.iter(_q2("unit")):
        segments = unit.findall(_q2("segment"))
        first = segments[0] if segments else None
        source = first.find(_q2("source")) if first is not None else None
        target = first.find(_q2("target")) if first is not None else None
        state = first.get("state", "initial") if first is not None else "initial"
        found.append(
            ReturnedUnit(
                line=unit.sourceline or 0,
                id=unit.get("name") or unit.get("id", ""),
                source=_marked(source).text if source is not None else "",
                english=_marked(target) if target is not None else None,
                reviewed=state in _REVIEWED_2,
                segments=len(segments),
                base_digest=unit.get(BASE),
            )
        )
    return found


_PAIRED = {"g", "pc", "mrk"}  # codes (and marks) that hold their text
_OPENING = {"bpt", "sc"}  # spanning codes: an opening and a closing element
_CLOSING = {"ept", "ec"}


def _marked(element: etree._Element) -> Marked:
    """The text of a source or target and its codes: ``<g>``/``<pc>`` spans, spanning code pairs
    (``bpt``/``ept``, ``sc``/``ec``) as the span between them; marks add no code; placeholders
    and elements of other vocabularies add no text."""
    parts: list[str] = []
    codes: list[Code] = []
    open_spans: dict[str, int] = {}

    def length() -> int:
        return sum(map(len, parts))

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname
                foreign = etree.QName(child).namespace not in (XLIFF_1, XLIFF_2, None)
                if name in _PAIRED and not foreign:
                    start = length()
                    walk(child)
                    if name != "mrk" and child.get("id"):
                        codes.append(Code(child.get("id", ""), start, length()))
                elif name in _OPENING and not foreign:
                    open_spans[child.get("rid") or child.get("id", "")] = length()
                elif name in _CLOSING and not foreign:
                    key = child.get("rid") or child.get("startRef", "")
                    if key in open_spans:
                        codes.append(Code(key, open_spans.pop(key), length()))
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return Marked("".join(parts), tuple(codes))
