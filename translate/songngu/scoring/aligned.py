"""The files an alignment of two editions gives: links, aligned pairs as a table, and a TMX.

Sentences are named as the review files name them, "p.s" (paragraph, sentence, both from 1), so
that a link can be found in NNN.po; one-sentence-a-line input is named by its line, from 1.
``songngu align --json`` keeps the 0-based indices its contract gives.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from songngu.atomic import atomic_write_text
from songngu.documents.text import sentence_id
from songngu.review.tmx import add_unit, tmx_root, tmx_text
from songngu.scoring.align import AlignmentInput, Link


def sentence_ids(paragraphs: Sequence[int] | None, count: int) -> list[str]:
    """Each of ``count`` sentences' ids: "p.s" from their paragraphs, else their line numbers from 1."""
    if paragraphs is None:
        return [str(i) for i in range(1, count + 1)]
    ids, within, last = [], 0, None
    for paragraph in paragraphs:
        within = within + 1 if paragraph == last else 1
        last = paragraph
        ids.append(sentence_id(paragraph, within))
    return ids


def linked_ids(link: Link, src_ids: Sequence[str], ref_ids: Sequence[str]) -> tuple[str, str]:
    """A link's two sides as comma-separated ids ("" for a side with none)."""
    return ",".join(src_ids[i] for i in link[0]), ",".join(ref_ids[j] for j in link[1])


LINKS_HEADER = ("vi_ids", "en_ids")


def format_links(links: Sequence[Link], src_ids: Sequence[str], ref_ids: Sequence[str]) -> str:
    """A header, then one link a line: source ids, a tab, reference ids (comma-separated; empty for none)."""
    rows = ["\t".join(LINKS_HEADER), *("\t".join(linked_ids(link, src_ids, ref_ids)) for link in links)]
    return "".join(row + "\n" for row in rows)


def format_pairs(
    src: Sequence[str],
    ref: Sequence[str],
    links: Sequence[Link],
    src_ids: Sequence[str],
    ref_ids: Sequence[str],
) -> str:
    lines = ["\t".join((*LINKS_HEADER, "vi", "en"))]
    for link in links:
        vi = " ".join(src[i] for i in link[0]).replace("\t", " ")
        en = " ".join(ref[j] for j in link[1]).replace("\t", " ")
        lines.append("\t".join((*linked_ids(link, src_ids, ref_ids), vi, en)))
    return "".join(line + "\n" for line in lines)


def format_alignment_tmx(
    name: str, src: Sequence[str], ref: Sequence[str], links: Sequence[Link], src_ids: Sequence[str]
) -> str:
    """TMX 1.4b of the linked pairs (sentences one edition alone has are left out)."""
    root, _ = tmx_root("songngu-align")
    body = ET.SubElement(root, "body")
    for a, b in links:
        if a and b:
            vi, en = " ".join(src[i] for i in a), " ".join(ref[j] for j in b)
            add_unit(body, f"{name}:{'+'.join(src_ids[i] for i in a)}", "aligned-editions", vi, en)
    return tmx_text(root)


def write_alignment(out: Path, name: str, doc: AlignmentInput, links: Sequence[Link]) -> None:
    src_ids = sentence_ids(doc.src_paragraphs, len(doc.src))
    ref_ids = sentence_ids(doc.ref_paragraphs, len(doc.ref))
    atomic_write_text(out / f"{name}.links.tsv", format_links(links, src_ids, ref_ids))
    atomic_write_text(out / f"{name}.pairs.tsv", format_pairs(doc.src, doc.ref, links, src_ids, ref_ids))
    atomic_write_text(out / f"{name}.tmx", format_alignment_tmx(name, doc.src, doc.ref, links, src_ids))
