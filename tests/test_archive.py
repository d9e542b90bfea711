"""Runs over an archive: a second run skips what is current, and files appear group by group."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from conftest import GLOSSARY, SEEDS, translate_argv
from songngu.cli.main import main

NAMES = ("000_df3434ea04ffe04a", "001_fcb7318a1ebb5922", "002_3bbdf00f9f92c039", "004_95d0cc854cd163db")


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    docs = tmp_path / "archive"
    docs.mkdir()
    for name in NAMES:
        shutil.copy(SEEDS / f"{name}.txt", docs)
    return docs


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each review file's inode and modification time: a rewrite changes one of them."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith((".songngu", "report."))
    }


def test_a_second_run_over_the_same_archive_skips_every_current_document(
    tiny_model: Path, archive: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "aligned"
    assert main(translate_argv(archive, tiny_model, out)) == 0
    capsys.readouterr()
    before = stamps(out)
    assert len(before) == 6 * len(NAMES)
    assert main(translate_argv(archive, tiny_model, out)) == 0
    summary = capsys.readouterr().out
    assert "4 documents already current" in summary and "skipped" in summary
    assert "translated by the model" not in summary  # nothing was read, matched or translated
    assert stamps(out) == before  # and not one file was written again


def test_only_what_changed_is_merged_again(
    tiny_model: Path, archive: Path, tmp_path: Path, glossary_copy: Path, capsys
) -> None:
    from songngu.app.run import run
    from songngu.backends import load_backend
    from songngu.glossary.terms import load_glossary

    out = tmp_path / "aligned"
    backend = load_backend("transformers", str(tiny_model), device="cpu", beams=1)
    glossary = load_glossary(GLOSSARY)
    paths = sorted(archive.iterdir())
    first = run(paths, backend, glossary, out)
    assert [d.name for d in first.documents] == list(NAMES) and not first.current

    reviewed, edited, lost, untouched = NAMES
    po = polib.pofile(str(out / f"{reviewed}.po"), wrapwidth=0)  # a reviewer saves in Poedit
    po[0].msgstr, po[0].flags = "A reviewer's English.", []
    po.save()
    source = archive / f"{edited}.txt"  # the newsroom corrects the source
    source.write_text(source.read_text("utf-8") + "Một câu mới.\n", encoding="utf-8")
    (out / f"{lost}.en.txt").unlink()  # someone deletes the English document
    second = run(paths, backend, glossary, out)
    assert [d.name for d in second.documents] == [reviewed, edited, lost]
    assert second.current == [untouched]
    assert polib.pofile(str(out / f"{reviewed}.po")).find(po[0].msgctxt, by="msgctxt").msgstr == (
        "A reviewer's English."
    )
    assert (out / f"{lost}.en.txt").is_file()
    assert second.translated == 1  # the one new sentence; the rest came from the memory

    # Another glossary decides other English: nothing is current under it.
    glossary_copy.write_text(
        glossary_copy.read_text("utf-8") + "Một câu mới\tA new sentence\torg\t\t\n", encoding="utf-8"
    )
    third = run(paths, backend, load_glossary(glossary_copy), out)
    assert [d.name for d in third.documents] == list(NAMES) and not third.current


def test_documents_are_written_as_their_group_is_translated(
    tiny_model: Path, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An archive's files appear as the run goes (a killed run keeps every group it finished),
    not all at the end of a 55-hour run."""
    import songngu.app.run as run_module
    from songngu.backends import load_backend

    monkeypatch.setattr(run_module, "GROUP", 1)  # a group a document
    out = tmp_path / "aligned"
    seen: list[tuple[int, int, list[str]]] = []

    def documents_done(written: int, total: int) -> None:
        seen.append((written, total, sorted(p.stem for p in out.glob("*.po"))))

    backend = load_backend("transformers", str(tiny_model), device="cpu", beams=1)
    run_module.run(sorted(archive.iterdir()), backend, None, out, documents_done=documents_done)
    assert seen == [(i, len(NAMES), list(NAMES[:i])) for i in range(1, len(NAMES) + 1)]


def test_a_file_whose_content_is_unchanged_is_not_written_again(tmp_path: Path) -> None:
    """`score` rewrote every PO and TSV of a folder with the same bytes, so every document looked
    changed to the next run; and a reviewer's editor or git saw every file touched."""
    from songngu.atomic import atomic_write_text, stamp_of

    path = tmp_path / "bai.tsv"
    atomic_write_text(path, "id\tvi\ten\n")
    first = stamp_of(path)
    atomic_write_text(path, "id\tvi\ten\n")
    assert stamp_of(path) == first
    atomic_write_text(path, "id\tvi\ten\n1.1\tXin chào\tHello\n")
    assert stamp_of(path) != first and path.read_text("utf-8").endswith("Hello\n")
    path.chmod(0o444)  # a read-only file is still refused, whatever it holds
    with pytest.raises(Exception, match="read-only"):
        atomic_write_text(path, path.read_text("utf-8"))


def test_a_source_saved_again_during_the_run_is_translated_again_next_time(
    tiny_model: Path, archive: Path, tmp_path: Path
) -> None:
    """The state took the source's digest after writing: a source saved while the model worked was
    recorded as translated, and the next run skipped it with the old English."""
    from songngu.app.run import run
    from songngu.backends import load_backend

    out = tmp_path / "aligned"
    backend = load_backend("transformers", str(tiny_model), device="cpu", beams=1)
    source = archive / f"{NAMES[0]}.txt"

    def progress_factory(total: int):
        def progress(n: int) -> None:  # the newsroom saves a correction while the model works
            if "Một câu mới." not in source.read_text("utf-8"):
                source.write_text(source.read_text("utf-8") + "Một câu mới.\n", encoding="utf-8")

        return progress

    run(sorted(archive.iterdir()), backend, None, out, progress_factory=progress_factory)
    again = run(sorted(archive.iterdir()), backend, None, out)
    assert NAMES[0] not in again.current and [d.name for d in again.documents] == [NAMES[0]]
    assert "Một câu mới." in (out / f"{NAMES[0]}.po").read_text("utf-8")
