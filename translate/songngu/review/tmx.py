"""TMX 1.4b translation memories for CAT tools (OmegaT, Trados, memoQ)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from songngu import __version__
from songngu.documents.text import without_control_characters
from songngu.review.pairs import SentencePair


def format_tmx(pairs: list[SentencePair], document: str, model: str) -> str:
    """TMX 1.4b: one translation unit per sentence, source language vi."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "songngu",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "sentence",
            "adminlang": "en",
            "srclang": "vi",
            "o-tmf": "songngu",
        },
    )
    body = ET.SubElement(root, "body")
    for pair in pairs:
        if not pair.english.strip():
            continue
        unit = ET.SubElement(body, "tu", tuid=f"{document}:{pair.id}")
        ET.SubElement(unit, "prop", type="x-status").text = pair.status
        ET.SubElement(unit, "prop", type="x-model").text = model
        for lang, text in (("vi", pair.source), ("en", pair.english)):
            variant = ET.SubElement(unit, "tuv", {"xml:lang": lang})
            # A reviewer's text may hold what XML 1.0 forbids; CAT tools reject such a file whole.
            ET.SubElement(variant, "seg").text = without_control_characters(text)
    ET.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        + ET.tostring(root, encoding="unicode")
        + "\n"
    )
