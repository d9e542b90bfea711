"""Word documents (.docx): the translatable blocks, and the same document rebuilt in English.

A block is a paragraph with text: in the body, in table cells (nested tables too), in text
boxes, and in headers and footers. Blocks are found in one fixed walk, so reading and
rebuilding agree on what block N is. A paragraph's text is its runs' text (``w:t``, tabs and
breaks as spaces), directly or inside hyperlinks, insertions and smart tags; field codes and
field results (page numbers) are not text to translate and stay as they are.

Rebuilding replaces a paragraph's text runs by English runs that copy the source runs'
properties (``w:rPr``) and hyperlinks (see ``inline``); runs without text (images, field
runs) stay where they were, and everything outside the runs (styles, numbering, tables,
sections, page setup) is untouched. Every ``w:lang`` becomes en-GB so spell-checkers work.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from songngu.documents.inline import Run
from songngu.documents.text import nfc, without_control_characters
from songngu.errors import InputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
LANGUAGE = "en-GB"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Containers whose runs are part of the paragraph's text (a hyperlink, a tracked insertion, …).
_RUN_CONTAINERS = {w("hyperlink"), w("ins"), w("smartTag"), w("customXml"), w("sdtContent"), w("sdt")}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class _Style:
    properties: etree._Element | None  # the source run's w:rPr
    link: etree._Element | None  # the w:hyperlink around it, if any


@dataclass
class _Paragraph:
    where: str
    element: etree._Element
    runs: list[tuple[etree._Element, str, int]] = field(default_factory=list)  # (w:r, text, style)


# The most XML a Word file may unpack to. Its text is XML (images do not count): a report of a
# few hundred pages holds well under 20 MB. A "zip bomb" declares gigabytes; zipfile never
# unpacks more than a member declares, so the declared sizes bound what is read.
MAX_XML_BYTES = 64 * 2**20
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _require_plain_xml(data: bytes, where: str) -> None:
    """Refuse a package whose XML would unpack to more than ``MAX_XML_BYTES`` or declares a DOCTYPE.

    Word never writes a DOCTYPE; one in a .docx serves only entity tricks (billion laughs,
    external entities reading local files), so it is refused before any XML is parsed.
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return  # python-docx says it is not a .docx, in the caller's words
    with package:
        parts = [info for info in package.infolist() if info.filename.lower().endswith((".xml", ".rels"))]
        size = sum(info.file_size for info in parts)
        if size > MAX_XML_BYTES:
            raise InputError(
                f"{where}: its XML unpacks to {size / 2**20:,.0f} MB, more than the {MAX_XML_BYTES // 2**20} MB "
                "songngu reads (a damaged file, or a zip bomb); open it in Word or LibreOffice and save it again"
            )
        for info in parts:
            with package.open(info) as handle:
                head = handle.read(64 * 1024)
            root = _ROOT_START.search(head)
            if b"<!DOCTYPE" in (head[: root.start()] if root else head).upper():
                raise InputError(
                    f"{where}: {info.filename} declares a DOCTYPE, which Word never writes and songngu does "
                    "not read (entity declarations); open it in Word or LibreOffice and save it again"
                )


class DocxLayout:
    """An opened .docx: its blocks as runs, and ``render`` to write it back in English."""

    def __init__(self, data: bytes, where: str) -> None:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        if data[:8] == _OLE_MAGIC:
            raise InputError(
                f"{where}: a password-protected .docx or an old binary .doc, which songngu cannot read; "
                "remove the password, or open it in Word or LibreOffice and save it as .docx"
            )
        _require_plain_xml(data, where)
        try:
            self.document = docx.Document(io.BytesIO(data))
        except (
            PackageNotFoundError,
            zipfile.BadZipFile,
            KeyError,
            ValueError,
            etree.XMLSyntaxError,
        ) as error:
            raise InputError(
                f"{where}: not a readable .docx ({type(error).__name__}: {str(error)[:120]}); "
                "open it in Word or LibreOffice and save it again as .docx"
            ) from None
        self.styles: list[_Style] = []
        self._style_keys: dict[tuple[bytes, bytes], int] = {}
        self.paragraphs = [p for p in self._walk() if p.runs and "".join(t for _, t, _ in p.runs).strip()]

    # -- reading -------------------------------------------------------------------------

    def blocks(self) -> list[tuple[str, list[Run]]]:
        return [(p.where, [Run(text, style) for _, text, style in p.runs]) for p in self.paragraphs]

    def emphasis(self, style: int) -> int:
        return len(self._emphases(style))

    def style_name(self, style: int) -> str:
        return " ".join(self._emphases(style)) or "formatting"

    def _emphases(self, style: int) -> list[str]:
        """What the style adds to plain text, by name: bold, italic, underline, struck through, link."""
        found = self.styles[style]
        names = []
        properties = found.properties
        if properties is not None:
            for tag, name in (
                ("b", "bold"),
                ("i", "italic"),
                ("u", "underline"),
                ("strike", "struck through"),
            ):
                element = properties.find(w(tag))
                if element is not None and element.get(w("val"), "true") not in ("0", "false", "none"):
                    names.append(name)
        if found.link is not None:
            names.append("link")
        return names

    def _walk(self) -> list[_Paragraph]:
        found: list[_Paragraph] = []
        counters = {"table": 0, "textbox": 0}
        body = self.document.element.body
        self._container(body, "body", found, counters)
        parts = self.document.part.related_parts
        seen: set[str] = set()
        for kind in ("header", "footer"):
            number = 0
            for reference in body.iter(w(f"{kind}Reference")):
                rid = reference.get(f"{{{R}}}id")
                if rid in seen or rid not in parts:
                    continue
                seen.add(rid)
                number += 1
                self._container(parts[rid].element, f"{kind}{number}", found, counters)
        return found

    def _container(
        self, container: etree._Element, prefix: str, found: list[_Paragraph], counters: dict[str, int]
    ) -> None:
        paragraph_number = 0
        for child in container:
            if child.tag == w("p"):
                paragraph_number += 1
                self._paragraph(child, f"{prefix}/p[{paragraph_number}]", found, counters)
            elif child.tag == w("tbl"):
                counters["table"] += 1
                self._table(child, f"table{counters['table']}", found, counters)
            elif child.tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self._container(content, prefix, found, counters)

    def _table(
        self, table: etree._Element, name: str, found: list[_Paragraph], counters: dict[str, int]
    ) -> None:
        for r, row in enumerate(table.iterchildren(w("tr")), start=1):
            for c, cell in enumerate(row.iterchildren(w("tc")), start=1):
                paragraphs = cell.findall(w("p"))
                for child in cell:
                    if child.tag == w("p"):
                        where = f"{name}/r{r}c{c}"
                        if len(paragraphs) > 1:
                            where += f"/p[{paragraphs.index(child) + 1}]"
                        self._paragraph(child, where, found, counters)
                    elif child.tag == w("tbl"):
                        counters["table"] += 1
                        self._table(child, f"table{counters['table']}", found, counters)

    def _paragraph(
        self, element: etree._Element, where: str, found: list[_Paragraph], counters: dict[str, int]
    ) -> None:
        paragraph = _Paragraph(where, element)
        in_field = 0
        for run in self._runs(element):
            for mark in run.iterchildren(w("fldChar")):
                kind = mark.get(w("fldCharType"))
                in_field += 1 if kind == "begin" else -1 if kind == "end" else 0
            if in_field or run.find(w("fldChar")) is not None:
                continue  # field codes and results (page numbers, dates) are computed, not text
            text = nfc(without_control_characters(_run_text(run)))
            if text:
                paragraph.runs.append((run, text, self._style_of(run)))
        found.append(paragraph)
        # Text boxes anchored in this paragraph follow it (the Fallback copy is the same box).
        for box in element.iter(w("txbxContent")):
            if any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors()):
                continue
            counters["textbox"] += 1
            self._container(box, f"textbox{counters['textbox']}", found, counters)

    def _runs(self, element: etree._Element) -> list[etree._Element]:
        runs = []
        for child in element:
            if child.tag == w("r"):
                runs.append(child)
            elif child.tag in _RUN_CONTAINERS:
                runs += self._runs(child)
        return runs

    def _style_of(self, run: etree._Element) -> int:
        properties = run.find(w("rPr"))
        parent = run.getparent()
        link = parent if parent is not None and parent.tag == w("hyperlink") else None
        key = (
            etree.tostring(properties) if properties is not None else b"",
            etree.tostring(link, with_tail=False).split(b">", 1)[0] if link is not None else b"",
        )
        if key not in self._style_keys:
            self._style_keys[key] = len(self.styles)
            self.styles.append(_Style(properties, link))
        return self._style_keys[key]

    # -- writing -------------------------------------------------------------------------

    def render(self, english: dict[int, list[Run]]) -> bytes:
        """The document with block ``i`` replaced by ``english[i]`` (blocks not given stay), in en-GB."""
        for index, runs in english.items():
            self._replace(self.paragraphs[index], runs)
        self._copy_boxes_to_fallbacks()
        self._set_language()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return _reproducible(buffer.getvalue())

    def _replace(self, paragraph: _Paragraph, runs: list[Run]) -> None:
        runs = _with_outer_space(paragraph, runs)
        first = paragraph.runs[0][0]
        anchor_parent, anchor = first.getparent(), first
        if anchor_parent.tag == w("hyperlink"):  # new runs go where the link was, not inside it
            anchor = anchor_parent
            anchor_parent = anchor.getparent()
        position = anchor_parent.index(anchor)
        for run, _, _ in paragraph.runs:
            _remove_text(run)
        links: dict[int, etree._Element] = {}
        for offset, english_run in enumerate(runs):
            element = _new_run(english_run.text, self.styles[english_run.style].properties)
            link = self.styles[english_run.style].link
            previous = runs[offset - 1] if offset else None
            if link is not None:
                if previous is None or previous.style != english_run.style or offset - 1 not in links:
                    wrapper = etree.Element(link.tag, dict(link.attrib))
                    anchor_parent.insert(position, wrapper)
                    position += 1
                links[offset] = wrapper
                wrapper.append(element)
            else:
                anchor_parent.insert(position, element)
                position += 1
        for run, _, _ in paragraph.runs:  # emptied runs and links go
            parent = run.getparent()
            if parent is not None and len([c for c in run if c.tag != w("rPr")]) == 0:
                parent.remove(run)
                if parent.tag == w("hyperlink") and parent.find(w("r")) is None:
                    parent.getparent().remove(parent)

    def _copy_boxes_to_fallbacks(self) -> None:
        """A text box's VML fallback (for older readers) gets the English the box now has."""
        for alternate in self.document.element.body.iter(f"{{{MC}}}AlternateContent"):
            choice = next(alternate.iter(f"{{{MC}}}Choice"), None)
            fallback = next(alternate.iter(f"{{{MC}}}Fallback"), None)
            if choice is None or fallback is None:
                continue
            boxes = list(choice.iter(w("txbxContent")))
            for box, old in zip(boxes, list(fallback.iter(w("txbxContent")))):
                old[:] = [copy.deepcopy(child) for child in box]

    def _set_language(self) -> None:
        for part in self.document.part.package.iter_parts():
            element = getattr(part, "element", None)  # XML parts: document, styles, headers, …
            if element is not None:
                for lang in element.iter(w("lang")):
                    lang.set(w("val"), LANGUAGE)
        styles = self.document.styles.element
        defaults = styles.find(w("docDefaults"))
        if defaults is None:
            defaults = etree.SubElement(styles, w("docDefaults"))
            styles.insert(0, defaults)
        run_defaults = defaults.find(w("rPrDefault"))
        if run_defaults is None:  # it comes before pPrDefault
            run_defaults = etree.Element(w("rPrDefault"))
            defaults.insert(0, run_defaults)
        _set_run_language(_child(run_defaults, "rPr"))
        self.document.core_properties.language = LANGUAGE


def _reproducible(data: bytes) -> bytes:
    """The package with every member dated 1980-01-01 (the zip format's first day), as reproducible
    builds do: python-docx stamps each member with the second it was saved, so the same English
    gave a different file on every run (and on every worker of a cluster)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return buffer.getvalue()


def _child(parent: etree._Element, tag: str) -> etree._Element:
    found = parent.find(w(tag))
    return found if found is not None else etree.SubElement(parent, w(tag))


# w:rPr's children come in schema order; these are the only ones after w:lang.
_AFTER_LANG = (w("eastAsianLayout"), w("specVanish"), w("oMath"))


def _set_run_language(properties: etree._Element) -> None:
    lang = properties.find(w("lang"))
    if lang is None:
        lang = etree.Element(w("lang"))
        later = next((c for c in properties if c.tag in _AFTER_LANG), None)
        if later is not None:
            later.addprevious(lang)
        else:
            properties.append(lang)
    lang.set(w("val"), LANGUAGE)


def _run_text(run: etree._Element) -> str:
    parts = []
    for child in run:
        if child.tag == w("t"):
            parts.append(child.text or "")
        elif child.tag in (w("tab"), w("br"), w("cr")):
            parts.append(" ")
        elif child.tag == w("noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


_TEXT_PARTS = {w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen"), w("softHyphen")}


def _remove_text(run: etree._Element) -> None:
    for child in list(run):
        if child.tag in _TEXT_PARTS:
            run.remove(child)


def _with_outer_space(paragraph: _Paragraph, runs: list[Run]) -> list[Run]:
    """The English runs with the space the source text had at its ends: a block is translated
    trimmed, but "Trang " before a PAGE field must stay "Page " (else the footer reads "Page1")."""
    text = "".join(t for _, t, _ in paragraph.runs)
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    if not runs or not (lead or trail):
        return runs
    runs = list(runs)
    if lead and not runs[0].text[:1].isspace():
        runs[0] = Run(lead + runs[0].text, runs[0].style)
    if trail and not runs[-1].text[-1:].isspace():
        runs[-1] = Run(runs[-1].text + trail, runs[-1].style)
    return runs


def _new_run(text: str, properties: etree._Element | None) -> etree._Element:
    run = etree.Element(w("r"))
    if properties is not None:
        properties = copy.deepcopy(properties)
        run.append(properties)
    else:
        properties = etree.SubElement(run, w("rPr"))
    _set_run_language(properties)
    t = etree.SubElement(run, w("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run
