"""`make bench-startup`: how long the everyday commands take to start, and how much memory they take.

Runs each command several times in a fresh process and reports the median wall time
and the peak resident memory. Commands that never translate must not load torch.
Usage: python bench/startup.py [--runs N] [--prefix "python -m songngu"]
"""

from __future__ import annotations

import argparse
import json
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "translate"))  # the source root, for a run without an install

from songngu.table import render_table  # noqa: E402

COMMANDS = {
    "glossary list": ["glossary", "list"],
    "glossary check": ["glossary", "check"],
    "segment": ["segment", "seeds/000_df3434ea04ffe04a.txt"],
    "align": ["align", "seeds/000_df3434ea04ffe04a.txt", "seeds/references/000_df3434ea04ffe04a.en.txt"],
    "--help": ["--help"],
}


def measure(prefix: list[str], argv: list[str], runs: int) -> tuple[float, float, int]:
    """Median seconds, the largest peak RSS (MB) and the last exit code of ``runs`` runs."""
    seconds, peaks, code = [], [], 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        code = subprocess.run([*prefix, *argv], cwd=ROOT, capture_output=True, check=False).returncode
        seconds.append(time.perf_counter() - started)
        # ru_maxrss of children is the largest child so far: it grows only when this one was larger.
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
    return statistics.median(seconds), max(peaks), code


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--prefix", default=f"{sys.executable} -m songngu", help="how to start songngu")
    args = parser.parse_args()
    prefix = shlex.split(args.prefix)
    results = {name: measure(prefix, argv, args.runs) for name, argv in COMMANDS.items()}
    rows = [(name, f"{s:.2f}", f"{mb:.0f}", code) for name, (s, mb, code) in results.items()]
    print(render_table(("command", "median s", "peak MB", "exit"), rows))
    print(
        json.dumps({name: {"seconds": s, "peak_mb": mb, "exit": c} for name, (s, mb, c) in results.items()})
    )
    return 1 if any(code for _, _, code in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
