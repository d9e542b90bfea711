"""A run never ends in a traceback and one bad document never costs the others.

Failures of the disk (full, read-only) are simulated by making the system call fail, since the
tests run as root, whom permission bits do not stop; everything else is the real thing.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from conftest import GLOSSARY, SEEDS, translate_argv
from songngu.app import run as pipeline
from songngu.backends import load_backend
from songngu.cli.main import main
from songngu.translation.memory import TranslationMemory

DOC = "003_51d24c9f3e5c9daa"


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEEDS / f"{DOC}.txt", folder)
    return folder


def test_a_word_longer_than_the_model_takes_is_passed_through(short_model: Path, tmp_path: Path) -> None:
    url = "https://example.org/" + "tai-lieu-" * 60 + "end"
    backend = load_backend("transformers", str(short_model), device="cpu", beams=2)
    assert backend.count_tokens(url) > 64
    from songngu.translation.requests import TranslationRequest

    reports: list[int] = []
    english = backend.translate(
        [TranslationRequest(url, (url,)), TranslationRequest(f"Xem {url} để biết thêm.", (url,))],
        progress=reports.append,
    )
    assert english[0] == url and url in english[1]
    assert sum(reports) == 2


def test_one_document_the_model_fails_on_costs_only_that_document(
    tiny_model: Path, docs: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    (docs / "bad.txt").write_text("Câu này làm hỏng mô hình.\n", encoding="utf-8")
    real = pipeline.run

    def run_with_a_failing_sentence(paths, backend, *args, **kwargs):
        translate = backend.translate

        def failing(requests, progress=None, finished=None):
            if any("hỏng" in r.model_input for r in requests):
                raise IndexError("index out of range in self")
            return translate(requests, progress, finished)

        backend.translate = failing
        return real(paths, backend, *args, **kwargs)

    monkeypatch.setattr("songngu.app.run.run", run_with_a_failing_sentence)
    out = tmp_path / "aligned"
    assert main(translate_argv(docs, tiny_model, out)) == 1
    err = capsys.readouterr().err
    assert "bad: sentence 1.1 could not be translated (IndexError: index out of range in self)" in err
    assert (out / f"{DOC}.po").exists() and not (out / "bad.po").exists()


def test_a_document_name_too_long_for_the_disk_is_one_line(
    tiny_model: Path, docs: Path, tmp_path: Path, capsys
) -> None:
    (docs / ("x" * 250 + ".txt")).write_text("Xin chào Hà Nội.\n", encoding="utf-8")
    out = tmp_path / "aligned"
    assert main(translate_argv(docs, tiny_model, out)) == 1
    err = capsys.readouterr().err
    assert "File name too long" in err and "Traceback" not in err
    assert (out / f"{DOC}.en.txt").exists()


def test_out_naming_a_file_is_one_line(tiny_model: Path, docs: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    assert main(translate_argv(docs, tiny_model, target)) == 2
    assert (
        capsys.readouterr().err == f"songngu: --out {target} is a file; give a folder for the review files\n"
    )
    assert target.read_text("utf-8") == "mine\n"


def test_a_corrupt_memory_is_moved_aside_and_the_run_goes_on(
    tiny_model: Path, docs: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "aligned"
    out.mkdir()
    (out / ".songngu-memory.sqlite").write_bytes(b"this is not a database" * 100)
    assert main(translate_argv(docs, tiny_model, out)) == 0
    err = capsys.readouterr().err
    assert "was not a readable translation memory; moved it to .songngu-memory.sqlite.corrupt-" in err
    assert [p.read_bytes()[:22] for p in out.glob(".songngu-memory.sqlite.corrupt-*")] == [
        b"this is not a database"
    ]
    assert (
        sqlite3.connect(out / ".songngu-memory.sqlite").execute("SELECT COUNT(*) FROM machine").fetchone()[0]
    )


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_full_or_read_only_folder_leaves_files_as_they_were(
    tiny_model: Path, docs: Path, tmp_path: Path, monkeypatch, capsys, code: int
) -> None:
    out = tmp_path / "aligned"
    assert main(translate_argv(docs, tiny_model, out)) == 0
    before = (out / f"{DOC}.po").read_bytes()
    capsys.readouterr()

    def no_space(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", no_space)
    assert main([*translate_argv(docs, tiny_model, out), "--no-glossary"]) == 1
    err = capsys.readouterr().err
    assert f"cannot write ({os.strerror(code)})" in err and "Traceback" not in err
    assert (out / f"{DOC}.po").read_bytes() == before
    assert not list(out.glob(".*.tmp"))


def test_a_glossary_in_a_read_only_folder_is_one_line(glossary_copy: Path, monkeypatch, capsys) -> None:
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    before = glossary_copy.read_bytes()
    argv = ["glossary", "--glossary", str(glossary_copy), "add", "Bộ Tài chính", "Ministry of Finance"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == (
        f"songngu: {glossary_copy}: cannot write (Permission denied); check the folder's permissions; "
        "the file was left as it was\n"
    )
    assert glossary_copy.read_bytes() == before


def test_truncated_model_weights_are_one_line(tiny_model: Path, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model, broken)
    weights = broken / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
    assert main(translate_argv(SEEDS / f"{DOC}.txt", broken, tmp_path / "o")) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"songngu: cannot load the translation model from the directory {broken}")
    assert err.count("\n") == 1


def test_control_characters_are_removed_with_a_warning(tiny_model: Path, tmp_path: Path, capsys) -> None:
    doc = tmp_path / "ctl.txt"
    doc.write_text("Xin chào\x01 Hà Nội.\nDòng hai\x1b[31m đỏ.\n", encoding="utf-8")
    assert main(["segment", str(doc)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Xin chào Hà Nội.\n\nDòng hai[31m đỏ.\n"
    assert captured.err == f"songngu: {doc}: removed control characters (not text) on line 1, 2\n"
    out = tmp_path / "aligned"
    assert main(translate_argv(doc, tiny_model, out)) == 0
    ET.parse(out / "ctl.tmx")  # well-formed XML: CAT tools accept it
    assert "\x01" not in (out / "ctl.po").read_text("utf-8")


def test_a_term_the_model_cannot_spell_fails_the_run_and_names_it(
    tiny_model: Path, tmp_path: Path, capsys
) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("source\ttarget\tkind\tvariants\tnote\nHà Nội\tꙮꙮꙮ\tplace\t\t\n", encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("Xin chào Hà Nội và Hà Nội.\n", encoding="utf-8")
    assert main(translate_argv(doc, tiny_model, tmp_path / "aligned", glossary=glossary)) == 1
    captured = capsys.readouterr()
    # On stderr (it was on stdout, among the table), and once though the sentence asks for it twice.
    assert captured.err.count("missing term: doc 1.1: the model's English lacks the required term 'ꙮꙮꙮ'") == 1
    assert "missing term" not in captured.out
    assert "term success 0.0%" in captured.out


def test_symbolic_links_in_the_output_folder_are_replaced_not_written_through(
    tiny_model: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.sqlite").write_bytes(b"precious")
    out = tmp_path / "aligned"
    out.mkdir()
    (out / ".songngu-memory.sqlite").symlink_to(outside / "keep.sqlite")
    (out / "scores").symlink_to(outside, target_is_directory=True)
    doc = SEEDS / "000_df3434ea04ffe04a.txt"
    assert main(translate_argv(doc, tiny_model, out, glossary=GLOSSARY)) == 0
    assert (outside / "keep.sqlite").read_bytes() == b"precious"
    assert sorted(p.name for p in outside.iterdir()) == ["keep.sqlite"]
    assert not (out / ".songngu-memory.sqlite").is_symlink() and not (out / "scores").is_symlink()
    assert (out / "scores" / "000_df3434ea04ffe04a.hyp.txt").exists()
    TranslationMemory(out / ".songngu-memory.sqlite").close()
    assert len(polib.pofile(str(out / "000_df3434ea04ffe04a.po"))) > 0


# ---------------------------------------------------------------- read-only folders, full disks (#32)


@pytest.mark.parametrize("command", ["translate", "review apply", "glossary add"])
def test_a_read_only_folder_is_one_line_for_every_command_that_writes(
    tiny_model: Path, docs: Path, tmp_path: Path, glossary_copy: Path, monkeypatch, capsys, command: str
) -> None:
    """The lock file was the first thing written, and EROFS on it was a 17-frame traceback."""
    import filelock

    out = tmp_path / "aligned"
    assert main(translate_argv(docs, tiny_model, out, glossary=glossary_copy)) == 0
    before = {p.name: p.read_bytes() for p in (*out.iterdir(), glossary_copy) if p.is_file()}
    capsys.readouterr()

    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(filelock.FileLock, "acquire", read_only)
    argv = {
        "translate": translate_argv(docs, tiny_model, out, glossary=glossary_copy),
        "review apply": ["review", "apply", str(out), "--glossary", str(glossary_copy)],
        "glossary add": [
            "glossary",
            "--glossary",
            str(glossary_copy),
            "add",
            "Bộ Tài chính",
            "Ministry of Finance",
        ],
    }[command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"cannot write ({os.strerror(errno.EROFS)}); the file system is read-only" in err
    assert {p.name: p.read_bytes() for p in (*out.iterdir(), glossary_copy) if p.is_file()} == before


def test_a_full_disk_under_the_memory_is_one_line(
    tiny_model: Path, docs: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """SQLite's 'database or disk is full' came out as sqlite3.OperationalError and a traceback."""
    opened = TranslationMemory.__init__

    def full(self: TranslationMemory, path) -> None:
        opened(self, path)
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        self._db.execute(f"PRAGMA max_page_count = {pages}")  # what a full disk does to the next write

    monkeypatch.setattr(TranslationMemory, "__init__", full)
    out = tmp_path / "aligned"
    assert main(translate_argv(docs, tiny_model, out)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "cannot write the translation memory (database or disk is full)" in err
    assert not list(out.glob(f"{DOC}.*"))  # nothing half-written


def test_a_line_without_full_stops_is_cut_and_the_summary_says_so(
    tiny_model: Path, tmp_path: Path, capsys
) -> None:
    from songngu.documents.segment import MAX_SENTENCE_CHARS

    doc = tmp_path / "table.txt"
    doc.write_text(
        "Tiêu đề\n" + ", ".join(["đại biểu các thành phố và hiệp hội"] * 120) + "\n", encoding="utf-8"
    )
    out = tmp_path / "aligned"
    assert main(translate_argv(doc, tiny_model, out, "--no-glossary")) == 0
    entries = [e for e in polib.pofile(str(out / "table.po")) if not e.obsolete]
    assert [e.msgctxt for e in entries] == ["1.1", "2.1", "2.2", "2.3"]
    assert all(len(e.msgid) <= MAX_SENTENCE_CHARS for e in entries)
    assert f"3 sentences cut from lines of over {MAX_SENTENCE_CHARS:,} characters" in capsys.readouterr().out
