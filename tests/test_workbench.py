"""The review workbench, end to end: the real ``songngu review serve`` driven in headless Chromium.

Each test starts the command on a copy of review files the tiny model wrote, drives the page
as a reviewer does (open, filter, edit, accept with the keyboard, undo, add a term, rebuild),
and then reads the PO, TSV, en.txt and terms.tsv on disk with polib and the project's readers.
The security checks talk HTTP to the same server.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest

from conftest import GLOSSARY, REFERENCES, SEEDS, Server, launched_chromium, request, serving, translate_argv
from songngu.cli.main import main
from songngu.glossary.terms import check_glossary, load_glossary
from songngu.lock import LOCK_FILE, folder_lock
from songngu.review.tsv import read_tsv

DOC = "001_fcb7318a1ebb5922"


@pytest.fixture(scope="module")
def review_files(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    for name in (DOC, "002_3bbdf00f9f92c039"):
        shutil.copyfile(SEEDS / f"{name}.txt", docs / f"{name}.txt")
    out = tmp_path_factory.mktemp("aligned")
    assert main(translate_argv(docs, tiny_model, out, "--refs", str(out / "none"))) == 0
    return out


def fresh_files(review_files: Path, folder: Path, glossary: Path) -> None:
    """The review files as translated, with one sentence without English (a warning to filter on).

    The shared server may still be answering the last test's page. Removing the whole folder then
    failed in CI ("Directory not empty": the server had created a file meanwhile), so the files are
    replaced under the folder's lock, which every write of the server takes too.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with folder_lock(folder, wait=30):
        for path in folder.iterdir():
            if path.name == LOCK_FILE:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        shutil.copytree(review_files, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(LOCK_FILE))
        shutil.copyfile(GLOSSARY, glossary)
        po = polib.pofile(str(folder / f"{DOC}.po"), wrapwidth=0)
        po.find("3.1", by="msgctxt").msgstr = ""
        po.save()


@pytest.fixture(scope="module")
def shared_server(review_files: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the module's page tests: starting one (and aligning the document with its
    reference) took two seconds a test. Each test gets the files afresh (``server``)."""
    root = tmp_path_factory.mktemp("served")
    folder, glossary = root / "aligned", root / "terms.tsv"
    fresh_files(review_files, folder, glossary)
    with serving(folder, glossary, "--refs", str(REFERENCES)) as started:
        yield started


@pytest.fixture()
def server(shared_server: Server, review_files: Path) -> Server:
    """The shared server, its folder and glossary put back as translated (it reads them afresh)."""
    fresh_files(review_files, shared_server.folder, shared_server.glossary)
    return shared_server


@pytest.fixture()
def own_server(review_files: Path, tmp_path: Path) -> Iterator[Server]:
    """A server of the test's own, for a test that stops it."""
    folder, glossary = tmp_path / "aligned", tmp_path / "terms.tsv"
    fresh_files(review_files, folder, glossary)
    with serving(folder, glossary, "--refs", str(REFERENCES)) as started:
        yield started


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with launched_chromium() as launched:
        yield launched


@contextlib.contextmanager
def opened_page(browser, server: Server) -> Iterator:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    # Accepting English that lacks a required term asks first; the tests answer yes and keep the question.
    opened.dialogs, opened.answer = [], True
    opened.on(
        "dialog",
        lambda dialog: (
            opened.dialogs.append(dialog.message),
            dialog.accept() if opened.answer else dialog.dismiss(),
        ),
    )
    opened.goto(server.url)
    opened.wait_for_selector("#rows tr")
    opened.select_option("#document", DOC)
    opened.wait_for_selector("#rows tr[data-id='8.3']")
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture()
def page(browser, server: Server) -> Iterator:
    with opened_page(browser, server) as opened:
        yield opened


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def entry(server: Server, sentence: str) -> polib.POEntry:
    return polib.pofile(str(server.folder / f"{DOC}.po")).find(sentence, by="msgctxt")


# -- what the reviewer sees ------------------------------------------------------------------------


def test_a_document_side_by_side_with_terms_references_and_paragraphs(page, server: Server) -> None:
    po = polib.pofile(str(server.folder / f"{DOC}.po"))
    entries = [e for e in po if not e.obsolete]
    assert page.locator("#rows tr").count() == len(entries)
    paragraphs = {e.msgctxt.split(".")[0] for e in entries}
    assert page.locator("#rows tr.paragraph-start").count() == len(paragraphs)
    targets = page.locator("#rows tr[data-id='2.1'] mark.term").evaluate_all(
        "marks => marks.map(m => m.dataset.target)"
    )
    assert "Vietnam-France Decentralised Cooperation Conference" in targets and "14 April" in targets
    assert page.locator("#rows tr[data-id='2.1'] td.reference").inner_text().strip()
    assert float(page.locator("#rows tr[data-id='2.1'] td.score").inner_text()) >= 0
    assert page.locator("#count-machine").inner_text() == str(len(entries) - 1)
    assert page.locator("#count-reviewed").inner_text() == "0"


def test_filters_show_warnings_machine_entries_and_the_lowest_scores_first(page) -> None:
    page.click("[data-filter='warnings']")
    rows = page.locator("#rows tr")
    assert rows.count() == int(page.locator("#count-warnings").inner_text()) >= 1
    assert "no English yet" in page.locator("#rows tr[data-id='3.1']").inner_text()
    page.click("[data-filter='machine']")
    assert page.locator("#rows tr[data-id='3.1']").count() == 0
    page.click("[data-filter='lowest']")
    scores = [float(s) for s in page.locator("#rows td.score").all_inner_texts() if s.strip()]
    assert scores == sorted(scores) and len(scores) > 5


# -- editing ---------------------------------------------------------------------------------------


def test_ctrl_enter_accepts_saves_to_po_and_tsv_and_moves_on(page, server: Server) -> None:
    area = page.locator("#rows tr[data-id='1.1'] textarea")
    area.fill("Local cooperation drives recovery after COVID-19")
    area.press("Control+Enter")
    page.wait_for_selector("#message.ok")
    expect(page.locator("#rows tr.current")).to_have_attribute("data-id", "2.1")  # moved on
    assert page.evaluate("() => document.activeElement.closest('tr').dataset.id") == "2.1"
    saved = entry(server, "1.1")
    assert saved.msgstr == "Local cooperation drives recovery after COVID-19" and "fuzzy" not in saved.flags
    rows = {row.id: row for row in read_tsv(server.folder / f"{DOC}.tsv")}
    assert rows["1.1"].english == saved.msgstr and rows["1.1"].status == "reviewed"
    assert page.locator("#count-reviewed").inner_text() == "1"
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        subprocess.run([msgfmt, "-c", "-o", os.devnull, str(server.folder / f"{DOC}.po")], check=True)

    reference = page.locator("#rows tr[data-id='2.1'] td.reference").inner_text().strip()
    area = page.locator("#rows tr[data-id='2.1'] textarea")
    area.fill(reference)
    area.press("Control+Enter")
    expect(page.locator("#rows tr[data-id='2.1'] td.score")).to_have_text("100.0")  # re-scored at once
    expect(page.locator("#rows tr[data-id='2.1'] td.reference")).to_have_text(reference)

    page.click("#undo")
    expect(page.locator("#message")).to_contain_text("undid the change to 2.1")
    page.click("#undo")
    expect(page.locator("#message")).to_contain_text("undid the change to 1.1")
    undone = entry(server, "1.1")
    assert undone.msgstr != saved.msgstr and "fuzzy" in undone.flags


def test_two_tabs_editing_different_sentences_both_keep_their_edits(page, browser, server: Server) -> None:
    other = browser.new_context().new_page()
    other.goto(server.url)
    other.select_option("#document", DOC)
    other.wait_for_selector("#rows tr[data-id='8.3']")
    other.wait_for_load_state("networkidle")
    page.locator("#rows tr[data-id='2.1'] textarea").fill("First tab.")
    page.locator("#rows tr[data-id='2.1'] textarea").press("Control+Enter")
    page.wait_for_selector("#message.ok")
    other.locator("#rows tr[data-id='4.1'] textarea").fill("Second tab.")
    other.locator("#rows tr[data-id='4.1'] textarea").press("Control+Enter")
    other.wait_for_selector("#message.ok")
    assert entry(server, "2.1").msgstr == "First tab." and entry(server, "4.1").msgstr == "Second tab."


def test_an_edit_of_a_sentence_changed_on_disk_is_refused_not_written_over(page, server: Server) -> None:
    po = polib.pofile(str(server.folder / f"{DOC}.po"), wrapwidth=0)
    po.find("5.1", by="msgctxt").msgstr = "Saved in Poedit meanwhile."
    po.save()
    area = page.locator("#rows tr[data-id='5.1'] textarea")
    area.fill("Typed in the page.")
    area.press("Control+Enter")
    expect(page.locator("#message")).to_contain_text("changed elsewhere")
    assert entry(server, "5.1").msgstr == "Saved in Poedit meanwhile."


# -- the glossary and the rebuild -----------------------------------------------------------------


def test_a_term_added_from_a_selection_is_saved_and_highlighted(page, server: Server) -> None:
    comments = [
        line for line in server.glossary.read_text(encoding="utf-8").splitlines() if line.startswith("#")
    ]
    page.evaluate(
        """() => {
        const cell = document.querySelector("#rows tr[data-id='1.1'] td.vi");
        const text = cell.firstChild;
        const range = document.createRange();
        range.setStart(text, 0);
        range.setEnd(text, "Hợp tác địa phương".length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        cell.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
    }"""
    )
    assert page.input_value("#term-source") == "Hợp tác địa phương"
    page.fill("#term-target", "decentralised cooperation")
    page.select_option("#term-kind", "other")
    page.click("#term-save")
    page.wait_for_selector("#rows tr[data-id='1.1'] mark[data-target='decentralised cooperation']")
    glossary = load_glossary(server.glossary)
    added = glossary.find("Hợp tác địa phương")
    assert added is not None and added.target == "decentralised cooperation"
    assert check_glossary(glossary) == []
    assert [
        line for line in server.glossary.read_text(encoding="utf-8").splitlines() if line.startswith("#")
    ] == comments

    page.click(f"#terms button[data-edit='{len(glossary.entries) - 1}']")
    page.fill("#term-target", "local cooperation")
    page.click("#term-save")
    page.wait_for_selector("#rows tr[data-id='1.1'] mark[data-target='local cooperation']")
    page.click(f"#terms button[data-remove='{len(glossary.entries) - 1}']")
    expect(page.locator("#rows tr[data-id='1.1'] mark[data-target='local cooperation']")).to_have_count(0)
    assert load_glossary(server.glossary).find("Hợp tác địa phương") is None


def test_rebuild_writes_the_english_document_from_the_reviewed_entries(page, server: Server) -> None:
    area = page.locator("#rows tr[data-id='1.1'] textarea")
    area.fill("A reviewed title")
    area.press("Control+Enter")
    page.wait_for_selector("#message.ok")
    page.click("#rebuild")
    expect(page.locator("#message")).to_contain_text("rebuilt")
    assert (server.folder / f"{DOC}.en.txt").read_text(encoding="utf-8").splitlines()[0] == "A reviewed title"
    # Re-scored as review apply does (it was not): the TSV's chrF++, the PO's score comment, the reports.
    lines = (server.folder / f"{DOC}.tsv").read_text(encoding="utf-8").splitlines()
    header, row = lines[0].split("\t"), next(line for line in lines if line.startswith("1.1\t")).split("\t")
    assert row[header.index("chrf")].strip()
    assert "score: chrF++ " in entry(server, "1.1").comment
    assert "| corpus |" in (server.folder / "report.md").read_text(encoding="utf-8")


# -- what a newcomer hits ---------------------------------------------------------------------------


def test_the_document_list_shows_progress_and_a_reload_stays_on_the_document(page, server: Server) -> None:
    """The list said "0/21" after accepting, and a reload jumped back to the first document."""
    option = page.locator(f"#document option[value='{DOC}']")
    total = len([e for e in polib.pofile(str(server.folder / f"{DOC}.po")) if not e.obsolete])
    reviewed = sum(
        1 for e in polib.pofile(str(server.folder / f"{DOC}.po")) if e.msgstr and "fuzzy" not in e.flags
    )
    page.locator("#rows tr[data-id='2.1'] textarea").press("Control+Enter")
    expect(option).to_have_text(f"{DOC} ({reviewed + 1}/{total})")
    page.reload()
    page.wait_for_selector("#rows tr[data-id='8.3']")  # 8.3 is a sentence of DOC, not of the first document
    assert page.input_value("#document") == DOC


def test_text_typed_while_the_server_is_stopped_is_kept_and_comes_back(browser, own_server: Server) -> None:
    """A stopped server showed "Failed to fetch" and the text typed was lost."""
    with opened_page(browser, own_server) as page:
        _typed_while_stopped(page, own_server)


def _typed_while_stopped(page, server: Server) -> None:
    port = server.host.split(":")[1]
    server.process.terminate()
    server.process.wait(timeout=30)
    area = page.locator("#rows tr[data-id='2.1'] textarea")
    area.fill("Typed while the server was down.")
    area.press("Control+Enter")
    expect(page.locator("#message")).to_contain_text("not answering")
    assert "Failed to fetch" not in page.inner_text("#message")
    # Started again on the same address (the browser keeps the draft per address), the text is there.
    with serving(server.folder, server.glossary, "--port", port) as again:
        fresh = page.context.new_page()
        fresh.on("dialog", lambda dialog: dialog.accept())
        fresh.goto(f"{again.url}#{DOC}")
        fresh.wait_for_selector("#rows tr[data-id='2.1']")
        assert fresh.input_value("#rows tr[data-id='2.1'] textarea") == "Typed while the server was down."
        expect(fresh.locator("#rows tr[data-id='2.1'] p.draft")).to_have_count(1)
        fresh.locator("#rows tr[data-id='2.1'] textarea").press("Control+Enter")
        fresh.wait_for_selector("#message.ok")
        assert entry(again, "2.1").msgstr == "Typed while the server was down."
        expect(fresh.locator("#rows tr[data-id='2.1'] p.draft")).to_have_count(0)


def test_advice_on_the_page_names_its_buttons_not_commands(page, server: Server) -> None:
    page.click("#glossary-toggle")
    page.wait_for_selector("#terms tr")
    page.fill("#term-source", "FCM")
    page.fill("#term-target", "Something else")
    page.click("#term-save")
    expect(page.locator("#message")).to_contain_text("'edit' button")
    assert "songngu glossary" not in page.inner_text("#message")


def test_the_page_explains_itself_to_someone_who_never_used_poedit(page, server: Server) -> None:
    """A legend for the highlights and the words "machine" and "chrF++", and the keys on "?"."""
    legend = page.inner_text("#legend")
    for words in ("glossary term", "date, number or address", "not yet accepted", "chrF++", "reference"):
        assert words in legend
    assert page.locator("#keys").is_hidden()
    page.locator("body").press("?")
    expect(page.locator("#keys")).to_be_visible()
    assert "Ctrl+Enter" in " ".join(page.inner_text("#keys").split()).replace(" + ", "+").replace(
        "Ctrl +", "Ctrl+"
    )


def test_english_boxes_grow_with_their_text_and_search_finds_sentences(page, server: Server) -> None:
    area = page.locator("#rows tr[data-id='1.1'] textarea")
    area.fill("Short.")
    short = area.evaluate("a => a.clientHeight")
    area.fill("A long English sentence that a reviewer keeps typing. " * 12)
    grown = area.evaluate("a => [a.clientHeight, a.scrollHeight]")
    assert grown[0] > 2 * short and grown[1] <= grown[0] + 2  # all of it shows, no scrolling inside
    total = page.locator("#rows tr").count()
    page.fill("#search", "ha noi")  # accents and tone marks aside
    shown = page.locator("#rows td.vi").all_inner_texts()
    assert 0 < len(shown) < total and all("Hà Nội" in text for text in shown)


def test_usable_at_1024_pixels_with_the_glossary_open(browser, server: Server) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    narrow = context.new_page()
    narrow.goto(f"{server.url}#{DOC}")
    narrow.wait_for_selector("#rows tr[data-id='8.3']")
    narrow.click("#glossary-toggle")
    narrow.wait_for_selector("#terms tr")
    assert narrow.evaluate("() => document.documentElement.scrollWidth") <= 1024  # nothing off the side
    assert narrow.locator("#rows textarea").first.evaluate("a => a.getBoundingClientRect().width") >= 180
    assert narrow.locator("#glossary").evaluate("a => a.getBoundingClientRect().right") <= 1024
    context.close()


def test_a_selection_inside_words_takes_the_whole_words(page) -> None:
    page.evaluate(
        """() => {
        const cell = document.querySelector("#rows tr[data-id='1.1'] td.vi");
        const range = document.createRange();
        range.setStart(cell.firstChild, 1);  // "ợp tác đị": inside "Hợp" and inside "địa"
        range.setEnd(cell.firstChild, "Hợp tác đị".length);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        cell.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
    }"""
    )
    assert page.input_value("#term-source") == "Hợp tác địa"


def test_accepting_english_without_a_required_term_asks_first(page, server: Server) -> None:
    row = next(e for e in polib.pofile(str(server.folder / f"{DOC}.po")) if " -> " in e.comment and e.msgstr)
    term = row.comment.split(" -> ", 1)[1].split(";")[0].split(" (MISSING)")[0].strip()
    area = page.locator(f"#rows tr[data-id='{row.msgctxt}'] textarea")
    page.answer = False  # the reviewer says no
    area.fill("A sentence without the required name.")
    area.press("Control+Enter")
    expect(page.locator("#message")).to_contain_text(term)
    assert any("lacks the " in message and f"'{term}'" in message for message in page.dialogs)
    assert "fuzzy" in entry(server, row.msgctxt).flags  # not accepted


def test_the_rebuilt_documents_open_from_the_page(page, server: Server) -> None:
    page.click("#rebuild")
    link = page.locator("#message a", has_text=f"{DOC}.en.txt")
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == (server.folder / f"{DOC}.en.txt").read_bytes()
    good = {"Host": server.host}
    assert request(server, "GET", href, good)[0] == 200
    assert request(server, "GET", href.split("?")[0], good)[0] == 403  # the token is needed
    assert (
        request(server, "GET", f"/files/{DOC}.po?token={server.token}", good)[0] == 404
    )  # English documents only
    assert request(server, "GET", f"/files/..%2F{DOC}.en.txt?token={server.token}", good)[0] == 404


def test_a_thousand_sentence_document_shows_in_pages(browser, tmp_path: Path) -> None:
    from songngu.review.po import format_po, new_po

    folder = tmp_path / "aligned"
    folder.mkdir()
    po = new_po("dai", {})
    for n in range(1, 1001):
        po.append(
            polib.POEntry(msgctxt=f"{n}.1", msgid=f"Câu số {n}.", msgstr=f"Sentence {n}.", flags=["fuzzy"])
        )
    (folder / "dai.po").write_text(format_po(po), encoding="utf-8")
    glossary = tmp_path / "terms.tsv"
    glossary.write_bytes(GLOSSARY.read_bytes())
    with serving(folder, glossary) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        long_page = context.new_page()
        long_page.goto(server.url)
        long_page.wait_for_selector("#rows tr")
        assert long_page.locator("#rows tr").count() == 100
        expect(long_page.locator("#pager-top")).to_contain_text("sentences 1–100 of 1000")
        long_page.locator("#pager-top button[data-page='1']").click()
        expect(long_page.locator("#rows tr").first).to_have_attribute("data-id", "101.1")
        long_page.locator("#rows tr[data-id='200.1'] textarea").press("Control+Enter")  # the last of the page
        expect(long_page.locator("#rows tr").first).to_have_attribute("data-id", "201.1")  # on to the next
        assert long_page.evaluate("() => document.activeElement.closest('tr').dataset.id") == "201.1"
        assert "fuzzy" not in polib.pofile(str(folder / "dai.po")).find("200.1", by="msgctxt").flags
        context.close()


# -- security --------------------------------------------------------------------------------------


def test_requests_without_token_host_or_origin_are_refused(server: Server) -> None:
    host = urlsplit(server.url).netloc
    good = {"Host": host, "X-Songngu-Token": server.token}
    origin = {"Origin": server.base}
    assert request(server, "GET", "/api/documents", good)[0] == 200
    status, body = request(server, "GET", "/", {"Host": host})  # the page needs ?token=
    assert (
        status == 403 and "the address <code>songngu review serve</code> printed" in body
    )  # a page, not JSON
    assert request(server, "GET", "/api/documents", {"Host": host})[0] == 403
    assert request(server, "GET", "/api/documents", {**good, "X-Songngu-Token": "guess"})[0] == 403
    assert (
        request(server, "GET", "/api/documents", {**good, "Host": "attacker.example:80"})[0] == 403
    )  # rebinding
    assert request(server, "POST", "/api/rebuild", good, b"{}")[0] == 403  # no Origin
    status, body = request(
        server, "POST", "/api/rebuild", {**good, "Origin": "http://attacker.example"}, b"{}"
    )
    assert status == 403 and "cross-site" in body["error"]
    save = f"/api/documents/{DOC}/sentences/1.1"
    status, body = request(server, "POST", save, {**good, **origin}, b"not json")
    assert status == 400 and body["error"] == "the request body is not JSON"
    assert request(server, "GET", "/api/documents/..%2F..%2Fetc%2Fpasswd", good)[0] == 404
    assert request(server, "GET", "/api/documents/../../etc/passwd", good)[0] == 404
    assert request(server, "GET", "/api/rebuild", good)[0] == 405
    assert not (server.folder / f"{DOC}.en.txt").read_text(encoding="utf-8").startswith("{")


def test_serving_a_folder_without_review_files_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["review", "serve", str(tmp_path), "--no-browser"]) == 2
    assert capsys.readouterr().err.strip().endswith("run 'songngu translate' first")


def test_warnings_name_each_missing_term_once_and_accept_small_numbers_as_words() -> None:
    from songngu.glossary.matching import TermHit
    from songngu.review.checks import CheckedSentence, check_sentence

    def warnings_of(english: str, hits: tuple[TermHit, ...]) -> list[str]:
        return [
            f.message
            for f in check_sentence(CheckedSentence("1.1", "Thượng viện Pháp có 3 đơn vị.", english, hits))
        ]

    senate = TermHit(0, 5, "Thượng viện Pháp", "Thượng viện Pháp", "French Senate", kind="org")
    three = TermHit(10, 11, "3", "3", "3", kind="number")
    assert warnings_of("Three units and the Senate.", (senate, senate, three)) == [
        "lacks the term 'French Senate' (Thượng viện Pháp)"
    ]
    assert warnings_of("Units of the French Senate.", (three,)) == ["lacks the number '3' (3)"]
    assert warnings_of("  ", (senate,)) == ["no English yet"]


def test_the_workbench_never_loads_torch(review_files: Path) -> None:
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from songngu.app import web, workbench\n"
        f"bench = workbench.Workbench(Path({str(review_files)!r}), Path({str(GLOSSARY)!r}), Path({str(REFERENCES)!r}))\n"
        f"workbench.document(bench, {DOC!r})\n"
        "web.create_app(bench, 'token', {'127.0.0.1:1'})\n"
        "print(json.dumps(sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'{"english": "\\ud800", "base": "", "status": null}', "half of a surrogate pair"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_a_lone_surrogate_or_deep_nesting_is_a_400_not_a_500(
    review_files: Path, tmp_path: Path, body: bytes, error: str
) -> None:
    from starlette.testclient import TestClient

    from songngu.app.web import create_app
    from songngu.app.workbench import Workbench

    folder = tmp_path / "aligned"
    shutil.copytree(review_files, folder)
    before = (folder / f"{DOC}.po").read_bytes()
    client = TestClient(
        create_app(Workbench(folder, GLOSSARY), "t", {"testserver"}), raise_server_exceptions=False
    )
    headers = {"X-Songngu-Token": "t", "Origin": "http://testserver", "Content-Type": "application/json"}
    response = client.post(f"/api/documents/{DOC}/sentences/1.1", content=body, headers=headers)
    assert response.status_code == 400 and error in response.json()["error"]
    assert (folder / f"{DOC}.po").read_bytes() == before


def test_a_save_into_a_read_only_folder_is_a_4xx(review_files: Path, tmp_path: Path, monkeypatch) -> None:
    import errno
    import json

    import filelock
    from starlette.testclient import TestClient

    from songngu.app.web import create_app
    from songngu.app.workbench import Workbench

    folder = tmp_path / "aligned"
    shutil.copytree(review_files, folder)

    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(filelock.FileLock, "acquire", read_only)
    client = TestClient(
        create_app(Workbench(folder, GLOSSARY), "t", {"testserver"}), raise_server_exceptions=False
    )
    headers = {"X-Songngu-Token": "t", "Origin": "http://testserver", "Content-Type": "application/json"}
    body = json.dumps({"english": "New.", "base": "", "status": "reviewed"}).encode()
    response = client.post(f"/api/documents/{DOC}/sentences/1.1", content=body, headers=headers)
    assert 400 <= response.status_code < 500 and "read-only" in response.json()["error"]


def test_a_connection_that_sends_nothing_is_closed(server: Server) -> None:
    """uvicorn started its keep-alive timer only after a first response: an idle connection stayed open."""
    import socket

    host, port = urlsplit(server.url).hostname, urlsplit(server.url).port
    assert host is not None and port is not None
    with socket.create_connection((host, port), timeout=60) as idle:
        assert idle.recv(1) == b""  # closed by the server (a timeout here would raise instead)


def test_selecting_one_syllable_of_a_name_warns_before_the_term_is_added(page) -> None:
    """Selecting 'Hà' of 'Hà Nội' silently made a term of one syllable, found inside every name with it."""
    page.evaluate(
        """() => {
        const cell = document.querySelector("#rows tr[data-id='2.1'] td.vi");
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        let node = walker.nextNode();
        while (node && !node.textContent.includes("Hà Nội")) node = walker.nextNode();
        const at = node.textContent.indexOf("Hà Nội");
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 2);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        cell.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
    }"""
    )
    assert page.input_value("#term-source") == "Hà"
    expect(page.locator("#term-hint")).to_contain_text("'Hà' is part of the name 'Hà Nội'")
