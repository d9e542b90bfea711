"""`make bench-align`: sentence-alignment quality against gold links, on clean and on edited editions.

Link precision, recall and F1 (a link counts when both its sides equal a gold link exactly;
1-0 and 0-1 links count like any other) for a plain Gale-Church baseline and for songngu's
aligner without MT and with MT, on presegmented input:

* the three dev documents as they are (gold documents);
* each with one reference sentence deleted, at every position (the deletion condition);
* editions imitating what real English editions drop and add (bench/editions.py): captions,
  a pull quote, the headline repeated, related-news lists and a byline, a paragraph dropped by
  either edition, a paragraph moved, several at once; three variants of each per document;
* six editions written by hand (tests/data/hand_editions), aligned one document at a time as a
  user does, without and with MT: the set the aligner was not tuned on.

The generator's editions with MT take 20 minutes on 2 CPUs: `--mt-generator` adds them.

MT comes from the tiny random model the tests use (built here in seconds), decoded with the
glossary constraint: nonsense, but nonsense that carries the names, dates and numbers the
glossary and rules require, as a real model's output would. songngu aligns all the documents
of a condition together, so its word table (IBM Model 1, second pass) learns from all of them.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "translate"))  # the source root, for a run without an install
sys.path.insert(0, str(ROOT / "bench"))

import editions  # noqa: E402

from songngu.glossary.hits import find_hits  # noqa: E402
from songngu.glossary.matching import TermMatcher  # noqa: E402
from songngu.glossary.terms import load_glossary  # noqa: E402
from songngu.scoring.align import AlignmentInput, Link, align_documents, align_pair, dp_align  # noqa: E402
from songngu.scoring.cost import GALE_CHURCH_PRIORS  # noqa: E402
from songngu.scoring.signals.length import gale_church_cost  # noqa: E402
from songngu.table import render_table  # noqa: E402

Case = tuple[list[str], list[str], list[Link]]  # source sentences, reference sentences, gold links


def gale_church(src: list[str], ref: list[str]) -> list[Link]:
    """Gale and Church (1993) as published: character lengths, c = 1, s2 = 6.8, their priors; nothing else."""

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        ls, lt = sum(len(s) for s in src[i0:i1]), sum(len(s) for s in ref[j0:j1])
        return -math.log(GALE_CHURCH_PRIORS[(i1 - i0, j1 - j0)]) + gale_church_cost(ls, lt, ratio=1.0)

    return dp_align(len(src), len(ref), cost, tuple(GALE_CHURCH_PRIORS))


def deleted_one(document: str) -> list[Case]:
    src, ref = editions.sentences(document)
    gold = editions.read_gold(document)
    cases = []
    for k in range(len(ref)):
        shifted = [(a, tuple(j - (j > k) for j in b if j != k)) for a, b in gold]
        cases.append((src, ref[:k] + ref[k + 1 :], shifted))
    return cases


def conditions() -> dict[str, list[Case]]:
    clean = [(*editions.sentences(d), editions.read_gold(d)) for d in editions.DOCS]
    found: dict[str, list[Case]] = {
        "gold documents": clean,
        "one reference sentence deleted": [c for d in editions.DOCS for c in deleted_one(d)],
    }
    for condition in editions.CONDITIONS:
        found[f"edition: {condition}"] = [
            (e.src, e.ref, e.gold)
            for d in editions.DOCS
            for e in (editions.edition(d, condition, s) for s in range(3))
        ]
    return found


def tiny_model_mt(sources: list[str], matcher: TermMatcher) -> dict[str, str]:
    """Every distinct source sentence translated by the tiny random model, glossary enforced."""
    from songngu.backends.marian import MarianBackend
    from songngu.backends.tiny import build_marian, corpus_lines
    from songngu.translation.requests import build_request

    unique = list(dict.fromkeys(sources))
    with tempfile.TemporaryDirectory() as folder:
        model = build_marian(
            Path(folder) / "tiny", *corpus_lines(ROOT / "seeds", ROOT / "seeds" / "references")
        )
        backend = MarianBackend(str(model), device="cpu", beams=2)
        english = backend.translate([build_request(s, find_hits(s, matcher)) for s in unique])
    return dict(zip(unique, english))


def counts(found: list[Link], gold: list[Link]) -> tuple[int, int, int]:
    return len(set(found) & set(gold)), len(found), len(gold)


def prf(total: tuple[int, int, int]) -> tuple[float, float, float]:
    hit, found, gold = total
    p = hit / found if found else 0.0
    r = hit / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mt-generator",
        action="store_true",
        help="also align the generator's editions with MT (the slow part: 20 minutes on 2 CPUs)",
    )
    args = parser.parse_args()
    matcher = TermMatcher(load_glossary(ROOT / "glossary" / "terms.tsv"))
    cases_by_condition = conditions()
    hand = editions.hand_editions()
    print("translating the sources with the tiny model (glossary enforced)...", file=sys.stderr)
    sources = [s for e in hand for s in e.src]
    generated = [s for cases in cases_by_condition.values() for case in cases for s in case[0]]
    mt = tiny_model_mt([*sources, *generated] if args.mt_generator else sources, matcher)
    # Each distinct sentence once: the generator repeats the same sentences in a hundred cases.
    terms = {s: [h.target for h in find_hits(s, matcher)] for s in dict.fromkeys([*generated, *sources])}

    def inputs(cases: list[Case], with_mt: bool) -> list[AlignmentInput]:
        return [
            AlignmentInput(src, ref, [mt[s] for s in src] if with_mt else None, [terms[s] for s in src])
            for src, ref, _ in cases
        ]

    systems: dict[str, Callable[[list[Case]], list[list[Link]]]] = {
        "Gale-Church baseline": lambda cases: [gale_church(src, ref) for src, ref, _ in cases],
        "songngu, no MT": lambda cases: align_documents(inputs(cases, False)),
        "songngu, no MT, one document at a time": lambda cases: [align_pair(i) for i in inputs(cases, False)],
    }
    if args.mt_generator:
        systems["songngu, with MT (tiny model)"] = lambda cases: align_documents(inputs(cases, True))
    rows, results = [], {}
    crossing: dict[str, int] = {}  # songngu's crossing links where the gold has none, by aligner
    editions_total = {name: [0, 0, 0] for name in systems}
    for condition, cases in cases_by_condition.items():
        print(f"aligning: {condition}", file=sys.stderr)
        for name, system in systems.items():
            total = [0, 0, 0]
            for (_, _, gold), links in zip(cases, system(cases)):
                total = [x + y for x, y in zip(total, counts(links, gold))]
                if name != "Gale-Church baseline":
                    crossing[name] = crossing.get(name, 0) + (crosses(links) and not crosses(gold))
            if condition.startswith("edition"):
                editions_total[name] = [x + y for x, y in zip(editions_total[name], total)]
            p, r, f = prf(tuple(total))
            rows.append((condition, name, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}"))
            results.setdefault(condition, {})[name] = {"precision": p, "recall": r, "f1": f}
    for name in systems:
        p, r, f = prf(tuple(editions_total[name]))
        rows.append(("all generated editions", name, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}"))
        results.setdefault("all generated editions", {})[name] = {"precision": p, "recall": r, "f1": f}
    print("Editions made by bench/editions.py (the aligner was tuned on these):")
    print(render_table(("input", "aligner", "P", "R", "F1"), rows))

    # The editions written by hand, as a user aligns them: one document at a time, presegmented.
    print("aligning: editions written by hand", file=sys.stderr)
    hand_rows, hand_totals = [], {"no MT": [0, 0, 0], "with MT": [0, 0, 0]}
    for edition in hand:
        case = [(edition.src, edition.ref, edition.gold)]
        figures = []
        for label, with_mt in (("no MT", False), ("with MT", True)):
            links = align_pair(inputs(case, with_mt)[0])
            found = counts(links, edition.gold)
            hand_totals[label] = [x + y for x, y in zip(hand_totals[label], found)]
            figures.append(f"{prf(found)[2]:.3f}")
            key = f"editions written by hand, {label}"
            crossing[key] = crossing.get(key, 0) + (crosses(links) and not crosses(edition.gold))
        hand_rows.append(
            (edition.condition.removeprefix("hand: "), len(edition.src), len(edition.ref), *figures)
        )
    hand_f1 = {label: prf(tuple(total))[2] for label, total in hand_totals.items()}
    hand_rows.append(
        (
            "all",
            sum(len(e.src) for e in hand),
            sum(len(e.ref) for e in hand),
            *(f"{f:.3f}" for f in hand_f1.values()),
        )
    )
    results["editions written by hand"] = hand_f1
    print("Editions written by hand (tests/data/hand_editions; not tuned on), one document at a time:")
    print(render_table(("edition", "vi sentences", "en sentences", "F1 no MT", "F1 with MT"), hand_rows))
    generated = results["all generated editions"]
    targets = {
        "editions written by hand, no MT: F1 >= 0.97": hand_f1["no MT"] >= 0.97,
        "editions written by hand, with MT: F1 >= 0.98": hand_f1["with MT"] >= 0.98,
        "generated editions, no MT: F1 >= 0.99": generated["songngu, no MT"]["f1"] >= 0.99,
        "no crossing link where the gold has none (either set)": not any(crossing.values()),
        "gold documents stay at 1.000": all(
            v["f1"] == 1.0 for k, v in results["gold documents"].items() if k != "Gale-Church baseline"
        ),
    }
    print("Crossing links where the gold has none:", ", ".join(f"{k} {v}" for k, v in crossing.items()))
    for target, met in targets.items():
        print(f"{'MET    ' if met else 'NOT MET'}  {target}")
    print(json.dumps({"results": results, "targets": targets}))
    return 0


def crosses(links: list[Link]) -> bool:
    pairs = [(a[0], b[0]) for a, b in links if a and b]
    return any((i1 - i0) * (j1 - j0) < 0 for i0, j0 in pairs for i1, j1 in pairs)


if __name__ == "__main__":
    raise SystemExit(main())
