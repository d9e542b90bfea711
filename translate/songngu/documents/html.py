"""Web pages (.html, .htm): the translatable blocks, and the same page rebuilt in English.

A block is an element a reader sees as a unit of text (a paragraph, heading, list item,
table cell, caption, …) with the text of its inline content; a block nested in another is a
block of its own, and text beside nested blocks is wrapped in a ``span`` so that it is a block
too. The page's ``title`` and the ``alt`` and ``title`` attributes are blocks as well. Scripts,
styles, code and preformatted text are never translated. Blocks are found in one fixed walk,
so reading and rebuilding agree on what block N is; each is named ``tag[n]`` (the n-th such
element of the page), attributes ``img[2]/@alt``.

Rebuilding replaces a block's inline content by English runs wrapped in copies of the inline
elements (``b``, ``em``, ``a href``…) their Vietnamese had (see ``inline``); images and line
breaks inside a block are kept; the page's ``lang`` becomes en-GB.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from songngu.documents.inline import Run
from songngu.documents.text import fold_spaces, nfc, without_control_characters
from songngu.errors import InputError

LANGUAGE = "en-GB"

BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "body",
        "html",
        "title",
        "label",
        "button",
        "option",
    ]
)
NEVER = frozenset(
    [
        "script",
        "style",
        "code",
        "pre",
        "noscript",
        "template",
        "svg",
        "math",
        "kbd",
        "samp",
        "var",
        "textarea",
        "head",
    ]
)
# Inline elements that carry no text of their own but must survive a rebuild.
EMBEDDED = frozenset(
    ["img", "br", "wbr", "input", "video", "audio", "iframe", "object", "embed", "picture", "canvas"]
)
ATTRIBUTES = ("alt", "title")
_SPACE = re.compile(r"\s+")
# A DOCTYPE's internal subset ("<!DOCTYPE html [<!ENTITY …>]>"): HTML has no use for one, and
# libxml2's HTML parser ends the DOCTYPE at its first ">", so "]>" came out as text of the page.
_INTERNAL_SUBSET = re.compile(rb"(<!DOCTYPE[^\[>]*)\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)


class HtmlLayout:
    """An opened web page: its blocks as runs, and ``render`` to write it back in English."""

    def __init__(self, data: bytes, where: str) -> None:
        data = _INTERNAL_SUBSET.sub(rb"\1>", data, count=1)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None  # let lxml read the page's own <meta charset>
        parser = lxml.html.HTMLParser()
        try:
            self.root = lxml.html.document_fromstring(text if text is not None else data, parser=parser)
        except (etree.ParserError, ValueError) as error:
            raise InputError(f"{where}: not a readable web page ({error}); give an HTML file") from None
        if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
            # libxml2 stops at 256 levels and drops the rest of the page: refuse, never half-read.
            raise InputError(
                f"{where}: elements nested more than 255 levels deep, which songngu does not read "
                "(a real page nests a few dozen); save the page again from a browser or an editor"
            )
        self.doctype = self.root.getroottree().docinfo.doctype
        self.styles: list[tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = []
        self._style_keys: dict[tuple, int] = {}
        self.items: list[tuple[str, etree._Element, str | None, list[Run]]] = []
        # "h2[3]" is the page's third h2, whatever is translated around it. (The dict holds the
        # elements, so lxml keeps their proxies, and so their identities, alive.)
        counters: dict[str, int] = {}
        self._numbers: dict[etree._Element, int] = {}
        for element in self.root.iter():
            if isinstance(element.tag, str):
                counters[element.tag] = counters.get(element.tag, 0) + 1
                self._numbers[element] = counters[element.tag]
        self._walk(self.root)
        if not self.items:
            raise InputError(f"{where}: no text to translate in this page; give a page with text")

    # -- reading -------------------------------------------------------------------------

    def blocks(self) -> list[tuple[str, list[Run]]]:
        return [(where, runs) for where, _, _, runs in self.items]

    def emphasis(self, style: int) -> int:
        return len(self.styles[style])  # the inline elements around the text: <b>, <em>, <a> …

    def style_name(self, style: int) -> str:
        names = []
        for tag, attributes in self.styles[style]:
            attrs = dict(attributes)
            names.append(f"link to {attrs['href']}" if tag == "a" and "href" in attrs else f"<{tag}>")
        return " ".join(names) or "formatting"

    def _name(self, element: etree._Element) -> str:
        return f"{element.tag}[{self._numbers.get(element, 0)}]"

    def _walk(self, element: etree._Element) -> None:
        if not isinstance(element.tag, str) or (element.tag in NEVER and element.tag != "head"):
            return
        if element.tag == "head":
            title = element.find("title")
            if title is not None:
                self._add_block(title, self._name(title))
            return
        if element.tag in BLOCKS and element.tag != "html":
            if any(_is_block(child) for child in element):
                _wrap_loose_text(element)
            else:
                self._add_block(element, self._name(element))
                self._attributes(element)
                return
        for child in element:
            if child.tag == "span" and child.get("data-songngu") == "text":
                self._add_block(child, self._name(element))  # loose text: named by its parent
                self._attributes(child)
            else:
                self._walk(child)
        self._own_attributes(element)

    def _add_block(self, element: etree._Element, where: str) -> None:
        runs = _joined_runs(self._runs(element, ()))
        if "".join(run.text for run in runs).strip():
            self.items.append((where, element, None, runs))

    def _attributes(self, block: etree._Element) -> None:
        for element in block.iter():
            if isinstance(element.tag, str) and element.tag not in NEVER:
                self._own_attributes(element)

    def _own_attributes(self, element: etree._Element) -> None:
        for attribute in ATTRIBUTES:
            value = nfc(fold_spaces(element.get(attribute) or ""))
            if value and element.tag != "html":
                where = f"{self._name(element)}/@{attribute}"
                self.items.append((where, element, attribute, [Run(value, self._style(()))]))

    def _runs(self, element: etree._Element, around: tuple) -> list[Run]:
        runs = [Run(element.text, self._style(around))] if element.text else []
        for child in element:
            if isinstance(child.tag, str) and child.tag not in NEVER and child.tag not in EMBEDDED:
                attributes = tuple(sorted((k, v) for k, v in child.attrib.items()))
                runs += self._runs(child, (*around, (child.tag, attributes)))
            elif isinstance(child.tag, str) and child.tag in NEVER:
                runs.append(Run(child.text_content(), self._style((*around, (child.tag, ())))))
            if child.tail:
                runs.append(Run(child.tail, self._style(around)))
        return runs

    def _style(self, around: tuple) -> int:
        if around not in self._style_keys:
            self._style_keys[around] = len(self.styles)
            self.styles.append(around)
        return self._style_keys[around]

    # -- writing -------------------------------------------------------------------------

    def render(self, english: dict[int, list[Run]]) -> bytes:
        # An inline element inside a block (a link's title) is rebuilt from its style, which holds
        # the attributes as read: its English attribute goes into the styles before the rebuild.
        attributes: dict[tuple[str, str, str], str] = {}
        for index, runs in english.items():
            _, element, attribute, _ = self.items[index]
            if attribute is not None:
                translated = "".join(run.text for run in runs)
                attributes[(element.tag, attribute, element.get(attribute) or "")] = translated
                element.set(attribute, translated)
        self.styles = [
            tuple((tag, tuple((k, attributes.get((tag, k, v), v)) for k, v in attrs)) for tag, attrs in style)
            for style in self.styles
        ]
        for index, runs in english.items():
            if self.items[index][2] is None:
                self._replace(self.items[index][1], runs)
        for element in self.root.iter("span"):
            if element.get("data-songngu") == "text":
                del element.attrib["data-songngu"]
        for element in self.root.iter():
            if isinstance(element.tag, str) and element.get("lang"):
                element.set("lang", LANGUAGE)
        self.root.set("lang", LANGUAGE)
        for meta in self.root.iter("meta"):
            if meta.get("charset"):
                meta.set("charset", "utf-8")
        html = lxml.html.tostring(self.root, encoding="unicode", doctype=self.doctype or "<!DOCTYPE html>")
        return html.encode("utf-8")

    def _replace(self, element: etree._Element, runs: list[Run]) -> None:
        embedded = [child for child in element.iter() if child is not element and child.tag in EMBEDDED]
        leading = [e for e in embedded if not _text_before(element, e).strip()]
        for child in list(element):
            element.remove(child)
        element.text = None
        for item in leading:
            item.tail = None
            element.append(item)
        for run in runs:
            _append_text(element, run.text, self.styles[run.style])
        for item in embedded:
            if item not in leading:
                item.tail = None
                element.append(item)


def _is_block(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and (element.tag in BLOCKS or element.tag in NEVER)


def _wrap_loose_text(element: etree._Element) -> None:
    """Text and inline elements beside nested blocks, each stretch wrapped in a marked ``span``."""
    items: list[str | etree._Element] = [element.text] if element.text else []
    for child in element:
        items.append(child)
        if child.tail:
            items.append(child.tail)
    element.text = None
    for child in list(element):
        child.tail = None
        element.remove(child)
    group: list[str | etree._Element] = []
    # The last child appended to ``element``: lxml's len() and [-1] walk all the children, which
    # made a page of 20,000 paragraphs take minutes.
    last: etree._Element | None = None

    def flush() -> None:
        nonlocal last
        if any((item if isinstance(item, str) else item.text_content()).strip() for item in group):
            span = etree.SubElement(element, "span", {"data-songngu": "text"})
            inner = None
            for item in group:
                inner = _add(span, item, inner)
            last = span
        else:
            for item in group:
                last = _add(element, item, last)
        group.clear()

    for item in items:
        if isinstance(item, str) or not _is_block(item):
            group.append(item)
        else:
            flush()
            element.append(item)
            last = item
    flush()


def _add(
    parent: etree._Element, item: str | etree._Element, last: etree._Element | None
) -> etree._Element | None:
    """Append ``item`` to ``parent``, whose last child is ``last``; returns its last child after."""
    if not isinstance(item, str):
        parent.append(item)
        return item
    if last is not None:
        last.tail = (last.tail or "") + item
    else:
        parent.text = (parent.text or "") + item
    return last


def _joined_runs(runs: list[Run]) -> list[Run]:
    """Runs with white space collapsed as a browser shows it, leading and trailing space removed."""
    joined: list[Run] = []
    for run in runs:
        text = _SPACE.sub(" ", nfc(without_control_characters(run.text)))
        if text.startswith(" ") and (not joined or joined[-1].text.endswith(" ")):
            text = text[1:]
        if text:
            joined.append(Run(text, run.style))
    while joined and joined[-1].text.endswith(" "):
        last = joined.pop()
        if last.text.rstrip():
            joined.append(Run(last.text.rstrip(), last.style))
            break
    return joined


def _text_before(block: etree._Element, target: etree._Element) -> str:
    """The block's text that comes before ``target`` in document order."""
    parts: list[str] = []

    def visit(element: etree._Element) -> bool:
        if element is target:
            return True
        parts.append(element.text or "")
        for child in element:
            if visit(child):
                return True
            parts.append(child.tail or "")
        return False

    visit(block)
    return "".join(parts)


def _append_text(block: etree._Element, text: str, around: tuple) -> None:
    parent = block
    for tag, attributes in around:
        element = etree.SubElement(parent, tag, dict(attributes))
        parent = element
    if parent is block:
        if len(block):
            last = block[-1]
            last.tail = (last.tail or "") + text
        else:
            block.text = (block.text or "") + text
    else:
        parent.text = text
