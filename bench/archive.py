"""`make bench-archive`: an archive translated in one process, and on a local Ray cluster with 1 and 2 workers.

    python bench/archive.py [--documents 40] [--beams 4]

Writes an archive of --documents articles (the seeds' sentences, each article drawn from them
with its numbers changed, so that the memory serves no sentence twice), builds the tests' tiny
random Marian model (under .cache/bench/), and times ``songngu translate`` on it, each run in a
fresh process and a fresh output folder: without Ray, then ``--ray --workers 1`` and
``--ray --workers 2`` (a local Ray instance started by the command itself, its start-up
included). Prints sentences per second, the speed-up over one process, and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "translate"))
CACHE = ROOT / ".cache" / "bench"
SONGNGU = [sys.executable, "-m", "songngu"]


def write_archive(folder: Path, documents: int) -> int:
    """``documents`` articles of 20 sentences from the seeds, numbers changed; the sentence count."""
    from songngu.documents.segment import split_sentences

    sentences = [
        s
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        for s in split_sentences(line)
        if len(s.split()) > 4
    ]
    chance = random.Random(11)
    total = 0
    for number in range(documents):
        lines = []
        for _ in range(20):
            sentence = chance.choice(sentences)
            # A number the sentence did not have: no two sentences of the archive are alike.
            sentence = re.sub(r"[.!?]?$", f", năm {1000 + chance.randrange(9000)}.", sentence, count=1)
            lines.append(sentence)
            total += 1
        (folder / f"article_{number:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return total


def tiny_model() -> Path:
    from songngu.backends.tiny import build_marian, corpus_lines

    model = CACHE / "tiny-marian"
    if not (model / "config.json").is_file():
        shutil.rmtree(model, ignore_errors=True)
        build_marian(model, *corpus_lines(ROOT / "seeds", ROOT / "seeds" / "references"))
    return model


def timed_run(archive: Path, model: Path, out: Path, beams: int, *extra: str) -> float:
    command = [*SONGNGU, "translate", str(archive), "--model", str(model), "--out", str(out)]
    command += ["--glossary", str(ROOT / "glossary" / "terms.tsv"), "--beams", str(beams), "--quiet"]
    command += ["--refs", str(out / "none"), *extra]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--beams", type=int, default=4)
    args = parser.parse_args()
    model = tiny_model()
    with tempfile.TemporaryDirectory() as work:
        archive = Path(work) / "archive"
        archive.mkdir()
        sentences = write_archive(archive, args.documents)
        runs = {
            "one process": timed_run(archive, model, Path(work) / "plain", args.beams),
            "ray, 1 worker": timed_run(
                archive, model, Path(work) / "ray1", args.beams, "--ray", "--workers", "1"
            ),
            "ray, 2 workers": timed_run(
                archive, model, Path(work) / "ray2", args.beams, "--ray", "--workers", "2"
            ),
        }
    base = runs["one process"]
    print(f"{args.documents} articles, {sentences} sentences, tiny random model, {args.beams} beams, 2 CPUs")
    print(f"{'run':<16} {'seconds':>8} {'sent/s':>8} {'vs one process':>15}")
    for label, seconds in runs.items():
        print(f"{label:<16} {seconds:>8.1f} {sentences / seconds:>8.1f} {base / seconds:>14.2f}x")
    print(json.dumps({"sentences": sentences, **{k: round(v, 2) for k, v in runs.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
