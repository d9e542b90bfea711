"""Our PO files are what gettext itself would write: msgcat changes nothing, msgfmt -c finds nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import SEEDS, require_tool, translate_argv
from songngu.cli.main import main


@pytest.fixture(scope="module")
def translated(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("aligned")
    assert main(translate_argv(SEEDS, tiny_model, out, "--refs", str(out / "none"))) == 0
    return out


def test_msgcat_of_every_po_file_is_byte_identical(translated: Path) -> None:
    msgcat = require_tool("msgcat")
    files = sorted(translated.glob("*.po"))
    assert len(files) == 7  # the five text seeds, the Word document and the web page
    for po in files:
        result = subprocess.run([msgcat, str(po)], capture_output=True, check=True)
        assert result.stdout == po.read_bytes(), po.name


def test_msgfmt_check_finds_no_problem(translated: Path) -> None:
    msgfmt = require_tool("msgfmt")
    for po in sorted(translated.glob("*.po")):
        result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert result.returncode == 0 and result.stderr == "", result.stderr


def test_an_editor_save_then_a_rerun_changes_only_what_changed(
    tiny_model: Path, translated: Path, tmp_path: Path
) -> None:
    msgcat = require_tool("msgcat")
    out = tmp_path / "aligned"
    shutil.copytree(translated, out)
    po = out / "003_51d24c9f3e5c9daa.po"
    # What a reviewer's editor does: accept one sentence, sign the header, save as gettext does.
    text = po.read_text("utf-8").replace("#, fuzzy\n", "", 1)
    text = text.replace(
        "Last-Translator: songngu machine translation", "Last-Translator: Lan Nguyen <lan@example.org>"
    )
    po.write_text(text, encoding="utf-8")
    subprocess.run([msgcat, "-o", str(po), str(po)], check=True)
    assert "fuzzy" not in polib.pofile(str(po))[0].flags
    saved = po.read_bytes()
    assert (
        main(translate_argv(SEEDS / "003_51d24c9f3e5c9daa.txt", tiny_model, out, "--refs", str(out / "none")))
        == 0
    )
    assert po.read_bytes() == saved


def test_obsolete_and_previous_entries_are_written_as_gettext_does(tmp_path: Path) -> None:
    msgcat = require_tool("msgcat")
    from songngu.review.po import format_po, new_po

    catalog = new_po("doc", {})
    long = "Hội nghị hợp tác giữa các địa phương Việt Nam-Pháp lần thứ 12 (14/4) sẽ chính thức khai mạc tại Hà Nội; “trực tuyến”."
    entry = polib.POEntry(
        msgctxt="1.1", msgid=long, msgstr=long.upper(), flags=["fuzzy"], previous_msgid=long[::-1]
    )
    entry.tcomment, entry.comment = "reviewer note", "terms: Hà Nội -> Hà Nội"
    catalog.append(entry)
    catalog.append(polib.POEntry(msgctxt="2.1", msgid="a\nb " * 30, msgstr="x\ny " * 30, obsolete=True))
    catalog.append(polib.POEntry(msgctxt="3.1", msgid="untranslated", msgstr="", flags=["fuzzy"]))
    path = tmp_path / "doc.po"
    path.write_text(format_po(catalog), encoding="utf-8")
    assert subprocess.run([msgcat, str(path)], capture_output=True, check=True).stdout == path.read_bytes()
