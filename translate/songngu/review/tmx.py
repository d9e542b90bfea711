"""TMX 1.4b translation memories for CAT tools (OmegaT, Trados, memoQ).

Reviewed pairs and machine pairs go to separate files, so that unreviewed machine output
never passes for human translation: NAME.tmx holds what a reviewer accepted, NAME.mt.tmx
what the model wrote. Each unit says where it came from the TMX way (``creationid``,
``changeid``) and in a ``x-songngu-origin`` property; OmegaT treats every TMX in a
project's ``tm/mt/`` folder as machine translation, which is where NAME.mt.tmx belongs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from songngu import __version__
from songngu.documents.text import without_control_characters
from songngu.review.pairs import SentencePair

MACHINE_ID = "MT"  # creationid/changeid of machine units: a tool, not a person
REVIEWER_ID = "reviewer"


def format_tmx(
    pairs: list[SentencePair], document: str, model: str, backend: str = "", *, machine: bool = False
) -> str:
    """TMX 1.4b with one unit per reviewed sentence (or, with ``machine``, per machine sentence)."""
    root, header = tmx_root("songngu")
    origin = "machine-translation" if machine else "reviewed"
    ET.SubElement(header, "prop", type="x-songngu-document").text = document
    ET.SubElement(header, "prop", type="x-songngu-origin").text = origin
    if machine:
        ET.SubElement(header, "prop", type="x-songngu-model").text = model
        if backend:
            ET.SubElement(header, "prop", type="x-songngu-backend").text = backend
    body = ET.SubElement(root, "body")
    wanted = "machine" if machine else "reviewed"
    who = MACHINE_ID if machine else REVIEWER_ID
    for pair in pairs:
        if pair.status == wanted and pair.english.strip():
            add_unit(
                body, f"{document}:{pair.id}", origin, pair.source, pair.english, creationid=who, changeid=who
            )
    return tmx_text(root)


def tmx_root(tmf: str) -> tuple[ET.Element, ET.Element]:
    """An empty TMX 1.4b document from songngu, Vietnamese to English, and its header."""
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(
        root,
        "header",
        {
            "creationtool": "songngu",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "sentence",
            "adminlang": "en",
            "srclang": "vi",
            "o-tmf": tmf,
        },
    )
    return root, header


def add_unit(body: ET.Element, tuid: str, origin: str, vi: str, en: str, **attributes: str) -> ET.Element:
    """One translation unit. A reviewer's text may hold what XML 1.0 forbids, and CAT tools reject
    a file with it whole, so that is removed."""
    unit = ET.SubElement(body, "tu", tuid=tuid, **attributes)
    ET.SubElement(unit, "prop", type="x-songngu-origin").text = origin
    for lang, text in (("vi", vi), ("en", en)):
        ET.SubElement(
            ET.SubElement(unit, "tuv", {"xml:lang": lang}), "seg"
        ).text = without_control_characters(text)
    return unit


def tmx_text(root: ET.Element) -> str:
    ET.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        + ET.tostring(root, encoding="unicode")
        + "\n"
    )


def parse_tmx_pairs(text: str, where: str) -> list[tuple[str, str]]:
    """(Vietnamese, English) of every unit of a TMX file that has both (any vi-* and en-* variant).

    Entity declarations are refused (they can expand to gigabytes); a DOCTYPE naming the TMX DTD,
    as CAT tools write it, is fine. Inline codes (``<bpt>``, ``<ph>``, …) are left out of the text.
    """
    from songngu.errors import InputError
    from songngu.safexml import parse_untrusted_xml

    root = parse_untrusted_xml(text, where, "TMX", "the memory")
    if root.tag != "tmx":
        raise InputError(f"{where}: not a TMX file (root <{root.tag}>); give a .tmx translation memory")
    pairs = []
    for unit in root.iter("tu"):
        sides: dict[str, str] = {}
        for variant in unit.iter("tuv"):
            lang = (
                variant.get("{http://www.w3.org/XML/1998/namespace}lang") or variant.get("lang") or ""
            ).lower()
            seg = variant.find("seg")
            if seg is not None:
                sides.setdefault(lang.split("-")[0], _seg_text(seg))
        if sides.get("vi", "").strip() and sides.get("en", "").strip():
            pairs.append((sides["vi"], sides["en"]))
    return pairs


def _seg_text(seg: ET.Element) -> str:
    """A segment's text without its inline codes' content (the codes stand for formatting, not words)."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag in ("hi", "sub"):
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx_pairs(path: Path) -> list[tuple[str, str]]:
    from songngu.documents.text import read_text

    return parse_tmx_pairs(read_text(path, if_empty="give a TMX file with units"), str(path))
