"""Make the pictures in docs/: the review workbench, and a Word document and web page before/after.

    python scripts/screenshots.py

Needs Debian's chromium, LibreOffice and poppler-utils (as CI installs them). The real model
cannot be downloaded where this runs, so the documents are translated with the tests' tiny random
model and then "reviewed" by this script: each sentence of seed 001 gets the reference sentence it
aligns to (as ``songngu score`` aligns them), the few blocks the reference lacks (caption, list,
table, page furniture) get the English below, and ``review apply`` rebuilds the documents. Three
sentences are left wrong on purpose so that the workbench has warnings to show. The pictures show
songngu's layout and review flow, not a model's quality.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SEEDS = ROOT / "seeds"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-sync",
]


def translate(work: Path) -> Path:
    from songngu.backends.tiny import build_marian, corpus_lines
    from songngu.cli.main import main

    model = build_marian(work / "model", *corpus_lines(SEEDS, SEEDS / "references"))
    docs = work / "docs"
    docs.mkdir()
    for name in ("001_fcb7318a1ebb5922.txt", "news_001_word.docx", "news_001_web.html"):
        shutil.copyfile(SEEDS / name, docs / name)
    out = work / "aligned"
    main(["translate", str(docs), "--model", str(model), "--out", str(out), "--beams", "1", "--quiet",
          "--refs", str(work / "none")])  # fmt: skip
    return out


# What a reviewer would write for the blocks the reference edition does not have.
BLOCKS_WITHOUT_REFERENCE = {
    "Toàn cảnh Lễ khai mạc Hội nghị tại Hà Nội.": "The opening ceremony of the Conference in Hà Nội.",
    "Lễ khai mạc Hội nghị tại Hà Nội": "Opening ceremony of the Conference in Hà Nội",
    "Hơn 30 năm hợp tác": "More than 30 years of cooperation",
    "Hội nghị tập trung vào 4 chuyên đề:": "The Conference focused on four themes:",
    "Đô thị bền vững.": "Sustainable cities.",
    "Môi trường, nước và xử lý nước.": "Environment, water and water treatment.",
    "Văn hóa, di sản và du lịch.": "Culture, heritage and tourism.",
    "Thành phố thông minh và số hóa.": "Smart cities and digitalisation.",
    "Địa phương": "Localities",
    "Số lượng": "Number",
    "Tỉnh, thành phố Việt Nam": "Vietnamese provinces and cities",
    "Địa phương của Pháp": "French local authorities",
    "Hiệp hội các thành phố Việt Nam": "Association of Cities of Vietnam",
    "Trang": "Page",
    "Ban biên tập ACVN": "ACVN editorial team",
    "Trang chủ": "Home",
    "Tin tức": "News",
    "Liên hệ": "Contact",
    "Liên hệ với chúng tôi": "Contact us",
    "Logo Hiệp hội các thành phố Việt Nam": "Logo of the Association of Cities of Vietnam",
    "Tin liên quan": "Related news",
    "FCM và ACVN ký kết hợp tác giai đoạn mới": "FCM and ACVN sign a new phase of cooperation",
    "Đại hội UCLG ASPAC tại Hàn Quốc": "UCLG ASPAC Congress in Korea",
    "Mã nhúng bản tin:": "Embed code for this story:",
}


def review_as_a_person_would(out: Path) -> None:
    """Put the reference English into the review files (see the module's docstring)."""
    import polib

    from songngu.scoring.references import reference_sentences
    from songngu.scoring.score import ScoringInput, score_document

    name = "001_fcb7318a1ebb5922"
    po = polib.pofile(str(out / f"{name}.po"), wrapwidth=0)
    entries = [e for e in po if not e.obsolete]
    sentences, paragraphs = reference_sentences(SEEDS / "references" / f"{name}.en.txt")
    scored = score_document(
        ScoringInput(
            name, [e.msgctxt for e in entries], [e.msgid for e in entries], [e.msgstr for e in entries],
            sentences, paragraphs, [[] for _ in entries],
        )
    )  # fmt: skip
    english: dict[str, str] = {}
    for segment in scored.segments:
        for number, sentence_id in enumerate(segment.source_ids):
            english[sentence_id] = segment.reference if number == 0 else ""
    for position, entry in enumerate(entries):
        entry.msgstr = english.get(entry.msgctxt, entry.msgstr)
        entry.flags = [] if position < 4 else ["fuzzy"]
    wrong = po.find("3.1", by="msgctxt")
    wrong.msgstr = wrong.msgstr.replace("French Senate", "Senate")  # a term the reviewer must restore
    po.save()
    by_source = {e.msgid: e.msgstr for e in entries} | BLOCKS_WITHOUT_REFERENCE
    title = next(e.msgstr for e in entries if e.msgctxt == "1.1")
    by_source[f"{entries[0].msgid} - Hiệp hội các thành phố Việt Nam"] = (
        f"{title} - Association of Cities of Vietnam"
    )
    for other in ("news_001_word", "news_001_web"):
        catalogue = polib.pofile(str(out / f"{other}.po"), wrapwidth=0)
        for entry in catalogue:
            if entry.msgid in by_source:
                entry.msgstr, entry.flags = by_source[entry.msgid], []
        catalogue.save()


def first_page_png(docx: Path, target: Path, work: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), str(docx)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdf = work / f"{docx.stem}.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(target.with_suffix(""))], check=True)  # fmt: skip


def main() -> int:
    from playwright.sync_api import sync_playwright

    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        out = translate(work)
        review_as_a_person_would(out)
        from songngu.cli.main import main as songngu

        songngu(
            [
                "review",
                "apply",
                str(out),
                "--refs",
                str(work / "none"),
                "--glossary",
                str(ROOT / "glossary" / "terms.tsv"),
            ]
        )
        first_page_png(SEEDS / "news_001_word.docx", DOCS / "docx-before.png", work)
        first_page_png(out / "news_001_word.en.docx", DOCS / "docx-after.png", work)
        server = subprocess.Popen(
            [sys.executable, "-m", "songngu", "review", "serve", str(out), "--port", "0", "--no-browser",
             "--refs", str(SEEDS / "references"), "--glossary", str(ROOT / "glossary" / "terms.tsv")],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        url = server.stdout.readline().split(": ", 1)[1].strip()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
                page = browser.new_page(viewport={"width": 1000, "height": 900})
                for name, path in (
                    ("html-before", SEEDS / "news_001_web.html"),
                    ("html-after", out / "news_001_web.en.html"),
                ):
                    page.goto(path.as_uri())
                    page.screenshot(path=str(DOCS / f"{name}.png"))
                page = browser.new_page(viewport={"width": 1500, "height": 820})
                page.goto(url)
                page.wait_for_selector("#rows tr")
                page.select_option("#document", "001_fcb7318a1ebb5922")
                page.wait_for_selector("#rows tr[data-id='8.3']")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(DOCS / "workbench-document.png"))
                page.click("[data-filter='warnings']")
                page.screenshot(path=str(DOCS / "workbench-warnings.png"))
                page.click("[data-filter='all']")
                page.click("#glossary-toggle")
                page.wait_for_selector("#terms tr")
                page.fill("#term-source", "Hợp tác địa phương")
                page.fill("#term-target", "decentralised cooperation")
                page.screenshot(path=str(DOCS / "workbench-glossary.png"))
                browser.close()
        finally:
            server.terminate()
    print("wrote", ", ".join(sorted(p.name for p in DOCS.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
