"""``songngu review check``: each problem class found in a corpus written for it, nothing in a clean
one, and the same findings in the workbench (its API and its filter in Chromium).

tests/data/checks/dirty/qa.po has one sentence (two for a pair) per problem, each marked with
the check that must find it (``# expected: CHECK``); clean/qa.po has the same Vietnamese,
translated without a problem. Both were written by hand.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from conftest import DATA, GLOSSARY, launched_chromium, serving
from songngu.cli.main import main
from songngu.review.checks import CHECKS

CORPUS = DATA / "checks"


def copied(kind: str, tmp_path: Path) -> Path:
    folder = tmp_path / kind
    shutil.copytree(CORPUS / kind, folder)
    return folder


def expected() -> dict[str, set[str]]:
    po = polib.pofile(str(CORPUS / "dirty" / "qa.po"))
    return {e.msgctxt: {e.tcomment.removeprefix("expected: ")} for e in po}


def check_json(folder: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[dict]]:
    status = main(["review", "check", str(folder), "--glossary", str(GLOSSARY), "--json", *extra])
    return status, json.loads(capsys.readouterr().out)


def test_every_problem_class_is_found_where_it_is_and_nowhere_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, documents = check_json(copied("dirty", tmp_path), capsys)
    assert status == 1
    found: dict[str, set[str]] = {}
    for finding in documents[0]["findings"]:
        found.setdefault(finding["sentence"], set()).add(finding["check"])
    assert found == expected()
    assert set().union(*found.values()) == set(CHECKS)


def test_a_clean_corpus_has_no_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, documents = check_json(copied("clean", tmp_path), capsys)
    assert status == 0 and documents[0]["findings"] == [] and documents[0]["sentences"] == 15
    assert (
        main(["review", "check", str(copied("clean", tmp_path / "again")), "--glossary", str(GLOSSARY)]) == 0
    )


def test_only_lists_the_checks_asked_for_and_an_unknown_one_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copied("dirty", tmp_path)
    status, documents = check_json(folder, capsys, "--only", "quotes")
    assert status == 1 and {f["sentence"] for f in documents[0]["findings"]} == {"5.1", "5.2"}
    assert main(["review", "check", str(folder), "--only", "spelling"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--only spelling: no such check" in err[0]


def test_the_table_names_each_finding_with_its_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "check", str(copied("dirty", tmp_path)), "--glossary", str(GLOSSARY)]) == 1
    out = capsys.readouterr().out
    assert "qa 8.1 [spaces] double space in the English" in out
    assert "qa 1.2 [number] lacks the number '125' (125)" in out


def test_the_workbench_shows_the_same_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from songngu.app.workbench import Workbench, document

    folder = copied("dirty", tmp_path)
    _, documents = check_json(folder, capsys)
    shown = document(Workbench(folder, GLOSSARY), "qa")
    assert {(s["id"], c) for s in shown["sentences"] for c in s["checks"]} == {
        (f["sentence"], f["check"]) for f in documents[0]["findings"]
    }
    assert shown["checks"] == CHECKS


def test_the_workbench_filters_by_one_check(tmp_path: Path) -> None:
    folder = copied("dirty", tmp_path)
    with serving(folder, GLOSSARY) as server, launched_chromium() as browser:
        page = browser.new_page()
        page.goto(server.url)
        page.wait_for_selector("#rows tr[data-id='9.1']")
        assert (
            page.locator("#check option[value='quotes']").inner_text() == "quotes or brackets unbalanced (2)"
        )
        page.select_option("#check", "quotes")
        page.wait_for_function("document.querySelectorAll('#rows tr').length === 2")
        assert page.locator("#rows tr").evaluate_all("rows => rows.map(r => r.dataset.id)") == ["5.1", "5.2"]
        assert "unbalanced ()" in page.locator("#rows tr[data-id='5.2']").inner_text()
        page.select_option("#check", "")
        page.wait_for_function("document.querySelectorAll('#rows tr').length === 15")


def test_no_glossary_means_nothing_is_required_in_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`review check` and the workbench checked numbers and dates without a glossary, while
    `review status`, `score` and `translate --no-glossary` required nothing: the same sentence was
    flagged in one and passed in the other. "No glossary" now means nothing is required, everywhere;
    a glossary with no entries still requires the numbers and dates."""
    from songngu.app.workbench import Workbench, document
    from songngu.review.po import format_po, new_po

    folder = tmp_path / "aligned"
    folder.mkdir()
    po = new_po("bai", {})
    po.append(polib.POEntry(msgctxt="1.1", msgid="Có 125 đơn vị tham dự.", msgstr="Many units took part."))
    (folder / "bai.po").write_text(format_po(po), encoding="utf-8")
    empty = tmp_path / "empty.tsv"
    empty.write_text("source\ttarget\tkind\tvariants\tnote\n", encoding="utf-8")

    def flagged(glossary: list[str], workbench_glossary: Path) -> dict[str, bool]:
        capsys.readouterr()
        main(["review", "check", str(folder), "--json", *glossary])
        check = any(f["check"] == "number" for f in json.loads(capsys.readouterr().out)[0]["findings"])
        main(["review", "status", str(folder), "--json", *glossary])
        status = json.loads(capsys.readouterr().out)[0]["violations"] != []
        shown = document(Workbench(folder, workbench_glossary), "bai")["sentences"][0]
        return {"check": check, "status": status, "workbench": "number" in shown["checks"]}

    nowhere = tmp_path / "no-such-terms.tsv"  # the workbench before the first term is added
    assert flagged(["--no-glossary"], nowhere) == {"check": False, "status": False, "workbench": False}
    assert flagged(["--glossary", str(empty)], empty) == {"check": True, "status": True, "workbench": True}
