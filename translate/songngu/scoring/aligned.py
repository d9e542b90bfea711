"""The files an alignment of two editions gives: links, aligned pairs as a table, and a TMX."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from songngu.atomic import atomic_write_text
from songngu.review.tmx import add_unit, tmx_root, tmx_text
from songngu.scoring.align import Link


def format_links(links: Sequence[Link]) -> str:
    """One link a line: source ids, a tab, reference ids (0-based, comma-separated; empty for none)."""
    return "".join(f"{','.join(map(str, a))}\t{','.join(map(str, b))}\n" for a, b in links)


def format_pairs(src: Sequence[str], ref: Sequence[str], links: Sequence[Link]) -> str:
    lines = ["vi_ids\ten_ids\tvi\ten"]
    for a, b in links:
        vi = " ".join(src[i] for i in a).replace("\t", " ")
        en = " ".join(ref[j] for j in b).replace("\t", " ")
        lines.append(f"{','.join(map(str, a))}\t{','.join(map(str, b))}\t{vi}\t{en}")
    return "".join(line + "\n" for line in lines)


def format_alignment_tmx(name: str, src: Sequence[str], ref: Sequence[str], links: Sequence[Link]) -> str:
    """TMX 1.4b of the linked pairs (sentences one edition alone has are left out)."""
    root, _ = tmx_root("songngu-align")
    body = ET.SubElement(root, "body")
    for a, b in links:
        if a and b:
            vi, en = " ".join(src[i] for i in a), " ".join(ref[j] for j in b)
            add_unit(body, f"{name}:{'+'.join(map(str, a))}", "aligned-editions", vi, en)
    return tmx_text(root)


def write_alignment(
    out: Path, name: str, src: Sequence[str], ref: Sequence[str], links: Sequence[Link]
) -> None:
    atomic_write_text(out / f"{name}.links.tsv", format_links(links))
    atomic_write_text(out / f"{name}.pairs.tsv", format_pairs(src, ref, links))
    atomic_write_text(out / f"{name}.tmx", format_alignment_tmx(name, src, ref, links))
