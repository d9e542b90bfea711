"""`make bench-align`: sentence-alignment quality on the three dev documents with gold links.

Link precision, recall and F1 (a link counts when both its sides equal a gold
link exactly) for songngu's aligner without MT and with MT (the reference English
as a stand-in MT, one line per source sentence), side by side with a plain
Gale-Church baseline on the same presegmented input. A second block repeats the
measurement with one reference sentence deleted at a time (every position, every
document), which creates 1-0 links and shows how the signals cope with them.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "translate"))  # the source root, for a run without an install

from songngu.glossary.hits import find_hits  # noqa: E402
from songngu.glossary.matching import TermMatcher  # noqa: E402
from songngu.glossary.terms import load_glossary  # noqa: E402
from songngu.scoring.align import PRIORS, Link, align_sentences, dp_align, gale_church_cost  # noqa: E402
from songngu.table import render_table  # noqa: E402

DATA = ROOT / "tests" / "data"
DOCS = ("000_df3434ea04ffe04a", "001_fcb7318a1ebb5922", "002_3bbdf00f9f92c039")


def gale_church(src: list[str], ref: list[str]) -> list[Link]:
    """Gale and Church (1993) as published: character lengths, c = 1, s2 = 6.8, their priors; nothing else."""

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        ls, lt = sum(len(s) for s in src[i0:i1]), sum(len(s) for s in ref[j0:j1])
        return -math.log(PRIORS[(i1 - i0, j1 - j0)]) + gale_church_cost(ls, lt, ratio=1.0)

    return dp_align(len(src), len(ref), cost)


def read_gold(name: str) -> list[Link]:
    links = []
    for line in (DATA / f"{name}.gold.tsv").read_text("utf-8").splitlines():
        a, b = line.split("\t")
        links.append((tuple(int(x) for x in a.split(",") if x), tuple(int(x) for x in b.split(",") if x)))
    return links


def counts(found: list[Link], gold: list[Link]) -> tuple[int, int, int]:
    hit = len(set(found) & set(gold))
    return hit, len(found), len(gold)


def prf(total: tuple[int, int, int]) -> tuple[float, float, float]:
    hit, found, gold = total
    p = hit / found if found else 0.0
    r = hit / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    matcher = TermMatcher(load_glossary(ROOT / "glossary" / "terms.tsv"))
    systems: dict[str, Callable[[list[str], list[str], list[list[str]], list[str]], list[Link]]] = {
        "Gale-Church baseline": lambda src, ref, terms, mt: gale_church(src, ref),
        "songngu, no MT": lambda src, ref, terms, mt: align_sentences(src, ref, src_terms=terms),
        "songngu, with MT": lambda src, ref, terms, mt: align_sentences(src, ref, src_terms=terms, mt=mt),
    }
    results: dict[str, dict[str, dict[str, float]]] = {}
    rows = []
    for condition in ("gold documents", "one reference sentence deleted"):
        totals = {name: [0, 0, 0] for name in systems}
        per_doc: dict[str, dict[str, tuple[float, float, float]]] = {name: {} for name in systems}
        for doc in DOCS:
            src = (DATA / f"{doc}.vi.sents").read_text("utf-8").splitlines()
            ref = (DATA / f"{doc}.en.sents").read_text("utf-8").splitlines()
            gold = read_gold(doc)
            terms = [[hit.target for hit in find_hits(s, matcher)] for s in src]
            variants = (
                [(ref, gold)]
                if condition == "gold documents"
                else [_delete(ref, gold, k) for k in range(len(ref))]
            )
            for name, system in systems.items():
                doc_total = [0, 0, 0]
                for ref_variant, gold_variant in variants:
                    mt = _mt_per_source(src, ref_variant, gold_variant)
                    c = counts(system(src, ref_variant, terms, mt), gold_variant)
                    doc_total = [x + y for x, y in zip(doc_total, c)]
                per_doc[name][doc] = prf(tuple(doc_total))
                totals[name] = [x + y for x, y in zip(totals[name], doc_total)]
        for name in systems:
            p, r, f = prf(tuple(totals[name]))
            rows.append(
                (
                    condition,
                    name,
                    *(f"{per_doc[name][d][2]:.3f}" for d in DOCS),
                    f"{p:.3f}",
                    f"{r:.3f}",
                    f"{f:.3f}",
                )
            )
            results.setdefault(condition, {})[name] = {"precision": p, "recall": r, "f1": f}
    headers = ("input", "aligner", *(f"F1 {d[:3]}" for d in DOCS), "P", "R", "F1")
    print(render_table(headers, rows))
    print(json.dumps(results))
    return 0


def _delete(ref: list[str], gold: list[Link], k: int) -> tuple[list[str], list[Link]]:
    """The reference without sentence k, and the gold links renumbered (a 1-1 becomes a 1-0)."""
    shifted = [(a, tuple(j - (j > k) for j in b if j != k)) for a, b in gold]
    return ref[:k] + ref[k + 1 :], shifted


def _mt_per_source(src: list[str], ref: list[str], gold: list[Link]) -> list[str]:
    """A stand-in MT: for each source sentence, the reference sentences gold links it to (shared by a 2-x link)."""
    mt = [""] * len(src)
    for a, b in gold:
        text = " ".join(ref[j] for j in b)
        for i in a:
            mt[i] = text if len(a) == 1 else (text if i == a[0] else "")
    return mt


if __name__ == "__main__":
    raise SystemExit(main())
