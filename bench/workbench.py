"""How fast the review workbench starts and saves, and what the page weighs.

    python bench/workbench.py [--runs 5]

Review files for the five seeds (plus the Word and web seeds) are written with the tests' tiny
model; then, each in a fresh process, ``songngu review serve`` is started and timed until it
answers (median of --runs), and against one server: loading the page, loading a document with
references (alignment and chrF++ included), and saving an edit (the PO re-read, one entry changed,
PO and TSV written), each the median of 20 requests. A document of 1,000 sentences is served
too: its load through the API, and in Debian's Chromium (when installed) the time from opening
the page to its first 100 rows and from "Next" to the following 100. Last, memory matches: a
memory of 100,000 units (the seeds' sentences, each varied by swapping, dropping and adding
words) is indexed, and 200 varied sentences are looked up in it (median and 95th percentile).
Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DOC = "001_fcb7318a1ebb5922"


def review_files(work: Path) -> Path:
    from songngu.backends.tiny import build_marian, corpus_lines
    from songngu.cli.main import main

    model = build_marian(work / "model", *corpus_lines(SEEDS, SEEDS / "references"))
    out = work / "aligned"
    main(["translate", str(SEEDS), "--model", str(model), "--out", str(out), "--beams", "1", "--quiet",
          "--refs", str(work / "none")])  # fmt: skip
    return out


LONG = "dai_1000"  # a document of 1,000 sentences


def long_document(folder: Path) -> None:
    import polib

    from songngu.review.po import format_po, new_po

    po = new_po(LONG, {})
    for n in range(1, 1001):
        text = f"Câu số {n} của một tài liệu dài về hợp tác địa phương Việt Nam - Pháp."
        po.append(polib.POEntry(msgctxt=f"{n}.1", msgid=text, msgstr=f"Sentence {n}.", flags=["fuzzy"]))
    (folder / f"{LONG}.po").write_text(format_po(po), encoding="utf-8")


def browser_times(url: str) -> tuple[float, float] | None:
    """Seconds from opening the long document to its rows, and from "Next" to the next page's rows."""
    import shutil

    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        began = time.perf_counter()
        page.goto(f"{url}#{LONG}")
        page.wait_for_selector("#rows tr[data-id='100.1']")
        opened = time.perf_counter() - began
        began = time.perf_counter()
        page.click("#pager-top button[data-page='1']")
        page.wait_for_selector("#rows tr[data-id='200.1']")
        turned = time.perf_counter() - began
        browser.close()
    return opened, turned


def start(folder: Path) -> tuple[subprocess.Popen, str, float]:
    """A server, its address, and the seconds from starting the process to its first answer."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "songngu", "review", "serve", str(folder), "--port", "0", "--no-browser",
         "--refs", str(SEEDS / "references")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    url = process.stdout.readline().split(": ", 1)[1].strip()
    parts = urlsplit(url)
    while True:
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port)
            connection.request("GET", "/ping")
            connection.getresponse().read()
            return process, url, time.perf_counter() - began
        except ConnectionRefusedError:
            time.sleep(0.005)


def timed(url: str, method: str, path: str, body: dict | None = None) -> tuple[float, int]:
    parts = urlsplit(url)
    token = url.split("token=", 1)[1]
    headers = {
        "X-Songngu-Token": token,
        "Origin": f"http://{parts.netloc}",
        "Content-Type": "application/json",
    }
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    began = time.perf_counter()
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    assert response.status == 200, data[:200]
    return time.perf_counter() - began, len(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = review_files(Path(folder))
        long_document(out)
        starts = []
        for _ in range(args.runs):
            process, url, seconds = start(out)
            starts.append(seconds)
            process.terminate()
            process.wait()
        process, url, _ = start(out)
        try:
            token = url.split("token=", 1)[1]
            page = [timed(url, "GET", f"/?token={token}") for _ in range(20)]
            document = [timed(url, "GET", f"/api/documents/{DOC}") for _ in range(20)]
            current = json.loads(
                http_get(url, f"/api/documents/{DOC}"),
            )["sentences"][0]["en"]
            saves = []
            for number in range(20):
                english = f"Edit number {number}."
                saves.append(
                    timed(
                        url,
                        "POST",
                        f"/api/documents/{DOC}/sentences/1.1",
                        {"english": english, "base": current, "status": "reviewed"},
                    )
                )
                current = english
            long = [timed(url, "GET", f"/api/documents/{LONG}") for _ in range(5)]
            in_browser = browser_times(url)
        finally:
            process.terminate()
            process.wait()
    memory = memory_times()
    figures = {
        **memory,
        "start_s": statistics.median(starts),
        "page_bytes": page[0][1],
        "page_ms": 1000 * statistics.median(t for t, _ in page),
        "document_bytes": document[0][1],
        "document_first_ms": 1000 * document[0][0],  # aligns it with its reference
        "document_ms": 1000 * statistics.median(t for t, _ in document),
        "save_ms": 1000 * statistics.median(t for t, _ in saves),
        "long_document_ms": 1000 * statistics.median(t for t, _ in long),
        "long_open_ms": 1000 * in_browser[0] if in_browser else None,
        "long_next_page_ms": 1000 * in_browser[1] if in_browser else None,
    }
    rows = [
        ("start-up, process start to first answer", f"{figures['start_s']:.2f} s", "target < 1 s"),
        (
            "page (HTML, CSS and JS in one response)",
            f"{figures['page_bytes'] / 1024:.1f} KiB",
            f"{figures['page_ms']:.1f} ms",
        ),
        (
            f"document {DOC} with references",
            f"{figures['document_bytes'] / 1024:.1f} KiB",
            f"{figures['document_ms']:.1f} ms",
        ),
        ("save an edit (PO re-read, PO + TSV written)", "", f"{figures['save_ms']:.1f} ms"),
        (
            "1,000-sentence document through the API",
            f"{long[0][1] / 1024:.0f} KiB",
            f"{figures['long_document_ms']:.0f} ms",
        ),
    ]
    rows += [
        (f"memory of {memory['memory_units']:,} units: index built", "", f"{memory['memory_build_s']:.1f} s"),
        ("  one sentence's matches (median / 95th percentile)", f"{memory['memory_query_ms']:.1f} ms",
         f"{memory['memory_query_p95_ms']:.1f} ms"),
    ]  # fmt: skip
    if in_browser:
        rows += [
            ("  in Chromium: open, first 100 rows shown", "", f"{figures['long_open_ms']:.0f} ms"),
            ("  in Chromium: Next, the following 100 rows", "", f"{figures['long_next_page_ms']:.0f} ms"),
        ]
    for row in rows:
        print(f"{row[0]:<48} {row[1]:>10} {row[2]:>14}")
    print(json.dumps(figures))
    return 0


def memory_times(size: int = 100_000, queries: int = 200) -> dict[str, float]:
    """Index ``size`` varied seed sentences, then time the matches of ``queries`` varied ones."""
    import random

    sys.path.insert(0, str(ROOT / "translate"))
    from songngu.documents.segment import split_sentences
    from songngu.review.matches import MatchIndex, MemoryUnit

    sentences = [s for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text().splitlines()
                 for s in split_sentences(line) if len(s.split()) > 3]  # fmt: skip
    vocabulary = sorted({w for s in sentences for w in s.split()})
    chance = random.Random(7)

    def varied(sentence: str) -> str:
        words = sentence.split()
        for _ in range(chance.randint(1, 4)):
            at = chance.randrange(len(words))
            action = chance.random()
            if action < 0.5:
                words[at] = chance.choice(vocabulary)
            elif action < 0.75 and len(words) > 4:
                del words[at]
            else:
                words.insert(at, chance.choice(vocabulary))
        return " ".join(words)

    units = [MemoryUnit(varied(chance.choice(sentences)), f"English {n}", f"memory {n}") for n in range(size)]
    started = time.perf_counter()
    index = MatchIndex()
    index.add(units)
    build = time.perf_counter() - started
    times = []
    for _ in range(queries):
        query = varied(chance.choice(sentences))
        started = time.perf_counter()
        index.search(query)
        times.append(time.perf_counter() - started)
    times.sort()
    return {
        "memory_units": size,
        "memory_build_s": build,
        "memory_query_ms": 1000 * statistics.median(times),
        "memory_query_p95_ms": 1000 * times[int(0.95 * len(times))],
    }


def http_get(url: str, path: str) -> bytes:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    connection.request("GET", path, headers={"X-Songngu-Token": url.split("token=", 1)[1]})
    return connection.getresponse().read()


if __name__ == "__main__":
    sys.exit(main())
