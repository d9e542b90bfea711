"""TMX 1.4b translation memories for CAT tools (OmegaT, Trados, memoQ).

Reviewed pairs and machine pairs go to separate files, so that unreviewed machine output
never passes for human translation: NAME.tmx holds what a reviewer accepted, NAME.mt.tmx
what the model wrote. Each unit says where it came from the TMX way (``creationid``,
``changeid``) and in a ``x-songngu-origin`` property; OmegaT treats every TMX in a
project's ``tm/mt/`` folder as machine translation, which is where NAME.mt.tmx belongs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from songngu import __version__
from songngu.documents.text import without_control_characters
from songngu.review.pairs import SentencePair

MACHINE_ID = "MT"  # creationid/changeid of machine units: a tool, not a person
REVIEWER_ID = "reviewer"


def format_tmx(
    pairs: list[SentencePair], document: str, model: str, backend: str = "", *, machine: bool = False
) -> str:
    """TMX 1.4b with one unit per reviewed sentence (or, with ``machine``, per machine sentence)."""
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
            "o-tmf": "songngu",
        },
    )
    ET.SubElement(header, "prop", type="x-songngu-document").text = document
    ET.SubElement(header, "prop", type="x-songngu-origin").text = (
        "machine-translation" if machine else "reviewed"
    )
    if machine:
        ET.SubElement(header, "prop", type="x-songngu-model").text = model
        if backend:
            ET.SubElement(header, "prop", type="x-songngu-backend").text = backend
    body = ET.SubElement(root, "body")
    wanted = "machine" if machine else "reviewed"
    for pair in pairs:
        if pair.status != wanted or not pair.english.strip():
            continue
        who = MACHINE_ID if machine else REVIEWER_ID
        unit = ET.SubElement(body, "tu", tuid=f"{document}:{pair.id}", creationid=who, changeid=who)
        ET.SubElement(unit, "prop", type="x-songngu-origin").text = (
            "machine-translation" if machine else "reviewed"
        )
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
