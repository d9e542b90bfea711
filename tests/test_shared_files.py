"""Files a team shares, under attack and load: the glossary, the review folder and the workbench.

Twenty writers at once (glossary commands and the workbench's term panel), twenty saves at once
in the workbench, a save while a command holds the folder, oversized requests, hostile names,
links and markup, and hostile Word files and web pages. Each check runs the real command or the
real ``songngu review serve`` and reads the files back with the project's readers, polib and
gettext's ``msgfmt -c``.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polib
import pytest

from conftest import GLOSSARY, SEEDS, Server, launched_chromium, request, require_tool, serving
from songngu.cli.main import main
from songngu.documents.reader import read_document
from songngu.documents.segment import segment_document
from songngu.glossary.terms import check_glossary, load_glossary
from songngu.review.po import format_po, new_po
from songngu.review.tsv import read_tsv

SENTENCES = 24


def write_review_folder(folder: Path, names: tuple[str, ...] = ("bai_a", "bai_b")) -> Path:
    """Review files for ``names`` as songngu writes them, from seed 001's sentences (no model needed)."""
    sentences = segment_document(read_document(SEEDS / "001_fcb7318a1ebb5922.txt"))[:SENTENCES]
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        po = new_po(name, {})
        for sentence in sentences:
            po.append(
                polib.POEntry(
                    msgctxt=sentence.id, msgid=sentence.text, msgstr=f"machine {sentence.id}", flags=["fuzzy"]
                )
            )
        (folder / f"{name}.po").write_text(format_po(po), encoding="utf-8")
    return folder


def ids(folder: Path, name: str) -> list[str]:
    return [e.msgctxt for e in polib.pofile(str(folder / f"{name}.po"))]


def save(server: Server, name: str, sentence: str, english: str) -> int:
    body = json.dumps({"english": english, "base": f"machine {sentence}", "status": "reviewed"}).encode()
    path = f"/api/documents/{name}/sentences/{sentence}"
    return request(server, "POST", path, server.headers(), body)[0]


def msgfmt_check(po: Path) -> None:
    msgfmt = require_tool("msgfmt")
    subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(po)], check=True, capture_output=True)


@contextlib.contextmanager
def folder_held_by_another_process(folder: Path) -> Iterator[None]:
    """Another process holds ``folder``'s lock for the block, as a running ``songngu translate`` does."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom pathlib import Path\nfrom songngu.lock import folder_lock\n"
         f"with folder_lock(Path({str(folder)!r})):\n    print('held', flush=True)\n    sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.communicate("", timeout=60)


@pytest.fixture()
def served(tmp_path: Path):
    folder = write_review_folder(tmp_path / "aligned")
    glossary = tmp_path / "terms.tsv"
    glossary.write_bytes(GLOSSARY.read_bytes())
    with serving(folder, glossary) as server:
        yield server


# -- the glossary: twenty writers at once ---------------------------------------------------------


def test_twenty_parallel_glossary_writers_lose_no_entry(served: Server, tmp_path: Path) -> None:
    """Commands (add, set, import) and the workbench's term panel write terms.tsv at the same moment."""
    glossary = served.glossary
    before = load_glossary(glossary)
    imports = []
    for number in range(2):
        csv = tmp_path / f"import{number}.csv"
        csv.write_text(
            f"Nhập khẩu {number} một,Import {number} one\nNhập khẩu {number} hai,Import {number} two\n"
        )
        imports.append(csv)
    commands = [
        *(["glossary", "add", f"Thuật ngữ dòng lệnh {n}", f"Command term {n}", "--kind", "org"] for n in range(10)),
        *(["glossary", "import", str(csv)] for csv in imports),
        ["glossary", "set", "FCM", "--note", "changed by a colleague"],
        ["glossary", "set", "UCLG World", "--add-variant", "Liên đoàn UCLG Thế giới"],
    ]  # fmt: skip
    web_terms = [f"Thuật ngữ trang {n}" for n in range(6)]

    def run_command(argv: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "songngu", "glossary", "--glossary", str(glossary), *argv[1:]],
            capture_output=True,
            text=True,
            timeout=300,
        )

    def add_in_page(source: str) -> int:
        body = json.dumps({"source": source, "target": f"Page {source[-1]}", "kind": "org", "note": ""})
        return request(served, "POST", "/api/terms/add", served.headers(), body.encode())[0]

    with ThreadPoolExecutor(max_workers=20) as pool:
        runs = [pool.submit(run_command, argv) for argv in commands]
        pages = [pool.submit(add_in_page, source) for source in web_terms]
        results = [run.result() for run in runs]
        statuses = [page.result() for page in pages]

    assert [r.returncode for r in results] == [0] * len(commands), [r.stderr for r in results]
    assert statuses == [200] * len(web_terms)
    after = load_glossary(glossary)
    sources = {entry.source for entry in after.entries}
    expected = {f"Thuật ngữ dòng lệnh {n}" for n in range(10)} | set(web_terms)
    expected |= {f"Nhập khẩu {n} {k}" for n in range(2) for k in ("một", "hai")}
    assert expected <= sources
    assert len(after.entries) == len(before.entries) + len(expected)
    assert after.find("FCM").note == "changed by a colleague"
    assert "Liên đoàn UCLG Thế giới" in after.find("UCLG World").variants
    assert check_glossary(after) == []
    # The comments of the file are all still there, in their places.
    comments = [row for row in before.rows if isinstance(row, str)]
    assert [row for row in after.rows if isinstance(row, str)][: len(comments)] == comments


def test_a_term_changed_elsewhere_since_the_page_loaded_it_is_not_written_over(served: Server) -> None:
    assert (
        main(["glossary", "--glossary", str(served.glossary), "set", "FCM", "--target", "FCM (Canada)"]) == 0
    )
    current = load_glossary(served.glossary).find("FCM")
    stale = {"target": "FCM", "kind": current.kind, "note": current.note}  # what the page showed
    body = {"source": "FCM", "target": "Mine", "kind": "org", "note": "", "base": stale}
    status, answer = request(served, "POST", "/api/terms/change", served.headers(), json.dumps(body).encode())
    assert status == 409 and "was changed in" in answer["error"]
    status, answer = request(
        served,
        "POST",
        "/api/terms/remove",
        served.headers(),
        json.dumps({"source": "FCM", "base": stale}).encode(),
    )
    assert status == 409
    assert load_glossary(served.glossary).find("FCM").target == "FCM (Canada)"
    # With the base it now has, the same change goes through.
    body["base"] = {"target": "FCM (Canada)", "kind": current.kind, "note": current.note}
    assert request(served, "POST", "/api/terms/change", served.headers(), json.dumps(body).encode())[0] == 200
    assert load_glossary(served.glossary).find("FCM").target == "Mine"


def test_a_glossary_saved_in_an_editor_during_an_edit_is_not_written_over(glossary_copy: Path) -> None:
    """A writer that takes no lock (an editor) is caught by the file's stamp, not overwritten."""
    from songngu.atomic import ChangedOnDisk
    from songngu.glossary.terms import GlossaryEntry, add_entry, change_glossary

    def colleague_saves_meanwhile(glossary):
        glossary_copy.write_text(glossary_copy.read_text(encoding="utf-8") + "# saved in an editor\n")
        return add_entry(glossary, GlossaryEntry("Sở Nội vụ", "Department of Home Affairs", "org"))

    with pytest.raises(ChangedOnDisk):
        change_glossary(glossary_copy, colleague_saves_meanwhile)
    text = glossary_copy.read_text(encoding="utf-8")
    assert text.endswith("# saved in an editor\n") and "Sở Nội vụ" not in text


def test_a_translation_memory_written_by_two_processes_at_once_keeps_every_row(tmp_path: Path) -> None:
    """Two runs whose folders share one memory (a linked folder): SQLite's own locking keeps both."""
    memory = tmp_path / "shared.sqlite"
    script = textwrap.dedent(
        """
        import sys
        from songngu.translation.memory import TranslationMemory
        memory = TranslationMemory(sys.argv[1])
        for n in range(200):
            memory.store_machine([(f"{sys.argv[2]}-{n}", f"nguồn {sys.argv[2]} {n}", f"source {n}")])
        memory.close()
        """
    )
    writers = [subprocess.Popen([sys.executable, "-c", script, str(memory), tag]) for tag in ("a", "b")]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    from songngu.translation.memory import TranslationMemory

    keys = [f"{tag}-{n}" for tag in ("a", "b") for n in range(200)]
    assert len(TranslationMemory(memory).machine(keys)) == 400


def test_a_folder_reached_through_a_link_is_locked_like_the_folder(tmp_path: Path) -> None:
    from songngu.lock import Busy, folder_lock

    folder = write_review_folder(tmp_path / "aligned")
    (tmp_path / "shared").symlink_to(folder)
    with folder_held_by_another_process(folder), pytest.raises(Busy), folder_lock(tmp_path / "shared"):
        pass


# -- the workbench under load ----------------------------------------------------------------------


def test_twenty_concurrent_saves_on_one_document_and_on_two_lose_no_edit(served: Server) -> None:
    sentences = ids(served.folder, "bai_a")[:20]
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda s: save(served, "bai_a", s, f"reviewed {s}"), sentences))
    assert statuses == [200] * 20
    rest = ids(served.folder, "bai_a")[20:]
    spread = [("bai_a", s) for s in rest] + [
        ("bai_b", s) for s in ids(served.folder, "bai_b")[: 20 - len(rest)]
    ]
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda item: save(served, item[0], item[1], f"reviewed {item[1]}"), spread))
    assert statuses == [200] * 20
    saved = {("bai_a", s) for s in sentences} | set(spread)
    for name in ("bai_a", "bai_b"):
        po = polib.pofile(str(served.folder / f"{name}.po"))
        for entry in po:
            if (name, entry.msgctxt) in saved:
                assert entry.msgstr == f"reviewed {entry.msgctxt}" and "fuzzy" not in entry.flags
            else:
                assert entry.msgstr == f"machine {entry.msgctxt}" and "fuzzy" in entry.flags
        rows = {row.id: row for row in read_tsv(served.folder / f"{name}.tsv")}
        assert all(rows[e.msgctxt].english == e.msgstr for e in po)
        msgfmt_check(served.folder / f"{name}.po")


def test_a_save_while_a_command_holds_the_folder_is_refused_and_nothing_is_lost(tmp_path: Path) -> None:
    """``songngu translate`` holds the folder's lock for its whole run: a save waits (--wait), then is refused."""
    folder = write_review_folder(tmp_path / "aligned")
    with serving(folder, GLOSSARY, "--wait", "1") as served:
        _save_while_held(served)


def _save_while_held(served: Server) -> None:
    po = served.folder / "bai_a.po"
    before = po.read_bytes()
    with folder_held_by_another_process(served.folder):
        body = json.dumps({"english": "mine", "base": "machine 1.1", "status": "reviewed"}).encode()
        status, answer = request(served, "POST", "/api/documents/bai_a/sentences/1.1", served.headers(), body)
    assert status == 409 and "another songngu command is writing" in answer["error"]
    assert po.read_bytes() == before
    assert save(served, "bai_a", "1.1", "mine") == 200  # once the command is done, the same save goes through


def _raw(server: Server, head: str, body: bytes) -> tuple[int, dict]:
    """Send a request by hand (a lying Content-Length, chunks) and read the status and JSON answer."""
    with socket.create_connection(
        (server.host.split(":")[0], int(server.host.split(":")[1])), timeout=60
    ) as s:
        s.sendall(head.encode() + body)
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, json.loads(data.split(b"\r\n\r\n", 1)[1] or b"null")


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def test_a_body_over_the_limit_is_refused_before_it_is_read(served: Server) -> None:
    headers = served.headers()
    head = (
        "POST /api/terms/add HTTP/1.1\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        + "Content-Type: application/json\r\nContent-Length: 500000000\r\n\r\n"
    )
    # 500 MB announced, 1 KB sent: an answer now proves the server did not wait to read it all.
    status, answer = _raw(served, head, b"{" + b" " * 1000)
    assert status == 413 and "request too large" in answer["error"]
    chunked = (
        "POST /api/terms/add HTTP/1.1\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    piece = b" " * 65536
    chunks = b"".join(b"%x\r\n" % len(piece) + piece + b"\r\n" for _ in range(20))  # 1.3 MB, no length given
    status, answer = _raw(served, chunked, chunks)
    assert status == 413
    assert load_glossary(served.glossary).entries == load_glossary(GLOSSARY).entries


def test_names_that_lead_outside_the_folder_are_refused(served: Server, tmp_path: Path) -> None:
    outside = write_review_folder(tmp_path / "elsewhere", ("secret",))
    po = polib.pofile(str(outside / "secret.po"))
    po[0].msgstr = "SECRET TEXT"
    po.save()
    (served.folder / "linked.po").symlink_to(outside / "secret.po")
    (served.folder / "bai_c.po").write_bytes(
        (served.folder / "bai_a.po").read_bytes().replace(b"bai_a", b"bai_c")
    )
    (served.folder / "bai_c.tsv").symlink_to(outside / "secret.po")
    good = {"Host": served.host, "X-Songngu-Token": served.token}
    status, listed = request(served, "GET", "/api/documents", good)
    assert status == 200 and [d["name"] for d in listed] == ["bai_a", "bai_b"]
    for name in (
        "linked",
        "bai_c",
        "..",
        "%2e%2e",
        "%2E%2E%2Fsecret",
        "..%2Felsewhere%2Fsecret",
        "bai_a%00",
        "%00",
    ):
        status, answer = request(served, "GET", f"/api/documents/{name}", good)
        assert status == 404, (name, answer)
        assert "SECRET" not in json.dumps(answer)
    body = json.dumps({"english": "x", "base": "machine 1.1"}).encode()
    assert request(served, "POST", "/api/documents/linked/sentences/1.1", served.headers(), body)[0] == 404
    assert b"SECRET TEXT" in (outside / "secret.po").read_bytes()  # not written through either


def test_markup_in_sentences_and_terms_is_shown_never_run(tmp_path: Path) -> None:
    folder = write_review_folder(tmp_path / "aligned", ("bai_a",))
    po = polib.pofile(str(folder / "bai_a.po"))
    po[0].msgid = 'Hội nghị <img src=x onerror="window.pwned=1"> <script>window.pwned=2</script>'
    po[0].msgstr = '<img src=x onerror="window.pwned=3"><b>English</b>'
    po[1].occurrences = [('<img src=x onerror="window.pwned=4">', "")]
    po.save()
    glossary = tmp_path / "terms.tsv"
    glossary.write_text(
        "source\ttarget\tkind\tvariants\tnote\n"
        'Hội nghị\t<img src=x onerror="window.pwned=5">\t<img src=x onerror="window.pwned=6">\t\t'
        "<script>window.pwned=7</script>\n",
        encoding="utf-8",
    )
    with serving(folder, glossary) as server, launched_chromium() as browser:
        page = browser.new_page()
        page.goto(server.url)
        page.wait_for_selector("#rows tr")
        page.click("#glossary-toggle")
        page.wait_for_selector("#terms tr")
        page.hover("#rows mark")  # a title with markup in it
        assert page.evaluate("() => window.pwned") is None
        assert page.locator("#rows td.vi").first.inner_text().endswith("<script>window.pwned=2</script>")
        assert page.locator("#rows textarea").first.input_value().startswith("<img src=x")
        assert page.locator("#terms td").nth(2).inner_text() == '<img src=x onerror="window.pwned=6">'
        assert page.locator("#rows td.id small").first.inner_text().startswith("<img")
        assert page.locator("img").count() == 0


# -- hostile Word files and web pages --------------------------------------------------------------


def _bomb(path: Path, megabytes: int) -> None:
    """A .docx whose document.xml unpacks to ``megabytes`` MB from a few hundred KB."""
    with zipfile.ZipFile(SEEDS / "news_001_word.docx") as source, zipfile.ZipFile(path, "w") as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info))
        member_info = zipfile.ZipInfo("word/document.xml")
        member_info.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(member_info, "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                         b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')  # fmt: skip
            block = b"A" * 2**20
            for _ in range(megabytes):
                member.write(block)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")


def _with_document_xml(path: Path, xml: bytes) -> None:
    with zipfile.ZipFile(SEEDS / "news_001_word.docx") as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            out.writestr(info, xml if info.filename == "word/document.xml" else source.read(info))


ENTITIES = (
    b'<?xml version="1.0"?>\n<!DOCTYPE w:document [\n<!ENTITY a "HA HA HA HA HA HA HA HA HA HA">\n'
    + b"".join(
        b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">\n' % ((c, c - 1) + (c - 1,) * 9)
        for c in range(ord("b"), ord("k"))
    )
    + b'<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    b"<w:p><w:r><w:t>&j;&secret;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("bomb.docx", lambda path: _bomb(path, 1024), "unpacks to 1,024 MB"),
        ("laughs.docx", lambda path: _with_document_xml(path, ENTITIES), "declares a DOCTYPE"),
        ("huge.html", lambda path: path.write_bytes(b"<p>" + b"Xin ch\xc3\xa0o. " * 5_000_000 + b"</p>"), "split it"),
        ("deep.html", lambda path: path.write_text("<div>" * 100_000 + "Xin chào" + "</div>" * 100_000), "nested"),
    ],
)  # fmt: skip
def test_hostile_documents_are_one_line_in_bounded_memory(
    tmp_path: Path, name: str, make, words: str
) -> None:
    """Read in a fresh process, so that its peak memory is this document's alone."""
    path = tmp_path / name
    make(path)
    code = textwrap.dedent(
        f"""
        import re
        from pathlib import Path
        from songngu.documents.reader import read_document
        from songngu.errors import InputError
        try:
            read_document(Path({str(path)!r}))
            print("read")
        except InputError as error:
            print(error)
        # VmHWM is this program's own peak; ru_maxrss would count pytest's pages that the fork copied.
        status = Path("/proc/self/status").read_text()
        print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    message, peak_mb = result.stdout.splitlines()
    assert result.stderr == "" and message.startswith(str(path)) and words in message
    assert int(peak_mb) < 200, f"peak memory {peak_mb} MB"


def test_hostile_documents_leave_the_others_translated(tiny_model: Path, tmp_path: Path, capsys) -> None:
    from conftest import translate_argv

    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    _bomb(docs / "bomb.docx", 128)
    _with_document_xml(docs / "laughs.docx", ENTITIES)
    (docs / "deep.html").write_text("<div>" * 100_000 + "Xin chào" + "</div>" * 100_000)
    (docs / "bai.txt").write_text("Hội nghị hợp tác phi tập trung Việt - Pháp.\n", encoding="utf-8")
    assert main(translate_argv(docs, tiny_model, out)) == 1
    errors = capsys.readouterr().err.splitlines()
    for name in ("bomb.docx", "laughs.docx", "deep.html"):
        assert len([line for line in errors if name in line]) == 1, errors
    assert (out / "bai.en.txt").is_file() and not (out / "bomb.po").exists()


def test_a_save_in_the_workbench_stamps_the_revision_and_the_translator(tmp_path: Path) -> None:
    """PO-Revision-Date and Last-Translator kept the machine's values after a review."""
    folder = write_review_folder(tmp_path / "aligned", ("bai_a",))
    po_path = folder / "bai_a.po"
    po = polib.pofile(str(po_path))
    po.metadata["PO-Revision-Date"] = "2020-01-01 00:00+0000"
    po.save()
    glossary = tmp_path / "terms.tsv"
    glossary.write_bytes(GLOSSARY.read_bytes())
    with serving(folder, glossary, "--translator", "Lan Nguyễn <lan@acvn.vn>") as server:
        assert save(server, "bai_a", "1.1", "Reviewed.") == 200
    metadata = polib.pofile(str(po_path)).metadata
    assert metadata["Last-Translator"] == "Lan Nguyễn <lan@acvn.vn>"
    assert metadata["PO-Revision-Date"] > "2026" and metadata["PO-Revision-Date"].endswith("+0000")
    msgfmt_check(po_path)
