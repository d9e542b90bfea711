"""Part of `make bench`: how splitting, matching, importing and aligning grow with the input.

Each measurement runs in a fresh process (peak memory is its own). Inputs are made from the
project's data: a seed paragraph repeated, synthetic glossaries of Vietnamese-looking names
built from the seeds' syllables (plus the real glossary), and the dev documents' gold sentences
repeated. Growth is linear when time per unit stays flat as the input grows tenfold.
Usage: python bench/scale.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "translate"))  # the source root, for a run without an install

SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"


def seed_sentences() -> list[str]:
    from songngu.documents.reader import read_document
    from songngu.documents.segment import segment_document

    return [s.text for p in sorted(SEEDS.glob("*.txt")) for s in segment_document(read_document(p))]


def synthetic_glossary(size: int) -> str:
    """The project glossary plus ``size`` distinct made-up names of 2 to 5 seed syllables."""
    from songngu.glossary.matching import tokenize

    words = sorted(
        {t.exact for s in seed_sentences() for t in tokenize(s) if t.is_word and t.exact.isalpha()}
    )
    rng = random.Random(size)
    lines = (ROOT / "glossary" / "terms.tsv").read_text("utf-8").rstrip("\n").split("\n")
    seen: set[str] = set()
    while len(seen) < size:
        name = " ".join(rng.choice(words) for _ in range(rng.randint(2, 5))).capitalize()
        if name.casefold() not in seen:
            seen.add(name.casefold())
            lines.append(f"{name}\tName {len(seen)}\torg\t\t")
    return "\n".join(lines) + "\n"


def run_split(times: int) -> dict:
    from songngu.documents.segment import split_sentences

    paragraphs = (SEEDS / "002_3bbdf00f9f92c039.txt").read_text("utf-8").splitlines()
    paragraph = max(paragraphs, key=lambda p: len(split_sentences(p)))  # the one with most sentences
    text = " ".join([paragraph] * times)
    started = time.perf_counter()
    sentences = split_sentences(text)
    return {"units": len(sentences), "seconds": time.perf_counter() - started}


def run_match(terms: int) -> dict:
    from songngu.glossary.matching import TermMatcher
    from songngu.glossary.terms import parse_glossary

    glossary = parse_glossary(synthetic_glossary(terms))
    sentences = seed_sentences()
    started = time.perf_counter()
    matcher = TermMatcher(glossary)
    built = time.perf_counter() - started
    started = time.perf_counter()
    hits = sum(len(matcher.match(s)) for s in sentences)
    seconds = time.perf_counter() - started
    return {"units": len(sentences), "seconds": seconds, "build_seconds": built, "hits": hits}


def run_import(rows: int) -> dict:
    from songngu.glossary.exchange import import_terms, parse_csv
    from songngu.glossary.terms import parse_glossary

    glossary = parse_glossary(synthetic_glossary(10_000))
    extra = parse_glossary(synthetic_glossary(10_000 + rows)).entries[-rows:]
    csv = "".join(f'"{e.source}","{e.target} (imported)"\n' for e in extra)
    started = time.perf_counter()
    result = import_terms(glossary, parse_csv(csv, "x.csv"))
    return {"units": rows, "seconds": time.perf_counter() - started, "added": len(result.added)}


def gold_pair(sentences: int) -> tuple[list[str], list[str]]:
    """The dev documents' gold sentences repeated to ``sentences`` a side, every 50th English one dropped."""
    names = ("000_df3434ea04ffe04a", "001_fcb7318a1ebb5922", "002_3bbdf00f9f92c039")
    vi = [s for n in names for s in (DATA / f"{n}.vi.sents").read_text("utf-8").splitlines()]
    en = [s for n in names for s in (DATA / f"{n}.en.sents").read_text("utf-8").splitlines()]
    src = [vi[i % len(vi)] for i in range(sentences)]
    ref = [en[i % len(en)] for i in range(sentences) if i % 50 != 7]  # 1-0 links
    return src, ref


def run_align(sentences: int) -> dict:
    """One pass of the dynamic program (what scoring against references runs on long documents)."""
    from songngu.scoring.align import align_sentences

    src, ref = gold_pair(sentences)
    started = time.perf_counter()
    links = align_sentences(src, ref)
    return {"units": sentences, "seconds": time.perf_counter() - started, "links": len(links)}


def run_align_editions(sentences: int) -> dict:
    """What `songngu align` runs on one pair: every pass, the word table learnt with its default
    bitext (the reference documents' paragraphs), and the search for moved paragraphs (up to
    FULL_MATRIX_UP_TO sentences a side), with four English sentences moved from the start to the end."""
    from songngu.scoring.align import AlignmentInput, align_pair
    from songngu.scoring.references import bitext

    src, ref = gold_pair(sentences)
    ref = ref[:5] + ref[9:] + ref[5:9]
    started = time.perf_counter()
    links = align_pair(AlignmentInput(src, ref), bitext(ROOT / "seeds", ROOT / "seeds" / "references"))
    return {"units": sentences, "seconds": time.perf_counter() - started, "links": len(links)}


TASKS = {
    "split": run_split,
    "match": run_match,
    "import": run_import,
    "align": run_align,
    "align editions": run_align_editions,
}
SIZES = {
    "split": (1, 10, 100, 1_000, 10_000),
    "match": (100, 1_000, 10_000),
    "import": (100, 1_000),
    "align": (100, 1_000, 10_000),
    "align editions": (25, 50, 100, 250),
}
UNIT = {
    "split": "x paragraph",
    "match": "terms",
    "import": "rows",
    "align": "sentences a side",
    "align editions": "sentences a side",
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="skip the largest alignment")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = TASKS[args.one[0]](int(args.one[1]))
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    from songngu.table import render_table

    rows, results = [], {}
    for task, sizes in SIZES.items():
        for size in sizes:
            if args.quick and size > 1_000:
                continue
            done = subprocess.run(
                [sys.executable, __file__, "--one", task, str(size)], capture_output=True, text=True
            )
            if done.returncode:
                print(f"{task} {size} failed:\n{done.stderr[-1500:]}", file=sys.stderr)
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            results[f"{task} {size}"] = r
            per = r["seconds"] / max(r["units"], 1)
            rows.append(
                (
                    task,
                    f"{size:,} {UNIT[task]}",
                    f"{r['seconds']:.3f}",
                    f"{per * 1000:.3f}",
                    f"{r['peak_rss_mb']:.0f}",
                )
            )
            print(f"{task} {size}: {json.dumps(r)}", file=sys.stderr)
    print(render_table(("task", "input", "seconds", "ms per unit", "peak MB"), rows))
    print(
        "ms per unit: per sentence split, per seed sentence matched, per row imported, per source sentence aligned"
    )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
