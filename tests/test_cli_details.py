"""The small things reviewers hit: folders, JSON, searching, presets, pipes, offline models, reports."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import GLOSSARY, SEEDS, translate_argv
from songngu.cli.main import main

DOC = "000_df3434ea04ffe04a"
REFS = SEEDS / "references"


@pytest.fixture(scope="module")
def aligned(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("aligned")
    docs = out.parent / "docs-details"
    docs.mkdir(exist_ok=True)
    for name in (DOC, "003_51d24c9f3e5c9daa"):
        shutil.copy(SEEDS / f"{name}.txt", docs)
    assert main(translate_argv(docs, tiny_model, out, "--refs", str(REFS))) == 0
    return out


def test_review_status_json(aligned: Path, capsys) -> None:
    capsys.readouterr()
    main(["review", "status", str(aligned), "--glossary", str(GLOSSARY), "--json"])
    documents = json.loads(capsys.readouterr().out)
    assert [d["document"] for d in documents] == [DOC, "003_51d24c9f3e5c9daa"]
    assert all(d["machine"] == d["sentences"] > 0 and d["violations"] == [] for d in documents)


@pytest.mark.parametrize("with_po", [True, False])
def test_align_takes_the_english_document_songngu_wrote(
    aligned: Path, tmp_path: Path, capsys, with_po: bool
) -> None:
    mt = aligned / f"{DOC}.en.txt"
    if not with_po:
        mt = shutil.copy(mt, tmp_path / f"{DOC}.en.txt")
    args = ["align", str(SEEDS / f"{DOC}.txt"), str(REFS / f"{DOC}.en.txt"), "--mt", str(mt), "--json"]
    capsys.readouterr()
    assert main(args) == 0
    links = json.loads(capsys.readouterr().out)
    assert links[0] == [[0], [0]] and len(links) > 10


def test_glossary_grep_ignores_accents_and_tone_marks(capsys) -> None:
    assert main(["glossary", "--glossary", str(GLOSSARY), "list", "--grep", "lien doan do thi"]) == 0
    out = capsys.readouterr().out
    assert "Liên đoàn đô thị Canada" in out and "Federation of Canadian Municipalities" in out


def test_glossary_set_variant_says_what_it_did(glossary_copy: Path, capsys) -> None:
    base = ["glossary", "--glossary", str(glossary_copy), "set", "Liên đoàn đô thị Canada"]
    assert main([*base, "--add-variant", "LĐĐT Canada"]) == 0
    out = capsys.readouterr().out
    assert "variants now: " in out and "LĐĐT Canada" in out.split("variants now: ")[1].split(" (were")[0]
    assert main([*base, "--remove-variant", "LĐĐT Canada"]) == 0
    assert "LĐĐT Canada" not in capsys.readouterr().out.split("variants now: ")[1].split(" (were")[0]
    assert main([*base, "--variant", "FCM Canada"]) == 0
    assert "variants replaced: FCM Canada (were: " in capsys.readouterr().out
    assert main([*base, "--variant", "x", "--add-variant", "y"]) == 2


@pytest.mark.parametrize(("preset", "first"), [("amazon", ["vi", "en"]), ("deepl", None)])
def test_csv_presets(tmp_path: Path, preset: str, first: list[str] | None) -> None:
    target = tmp_path / f"{preset}.csv"
    assert main(["glossary", "--glossary", str(GLOSSARY), "export", str(target), "--preset", preset]) == 0
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8"))))
    if first:
        assert rows[0] == first and all(len(r) == 2 for r in rows)
    else:
        assert all(len(r) == 4 and r[2:] == ["vi", "en"] for r in rows)
    assert ["Liên đoàn đô thị Canada", "Federation of Canadian Municipalities"] in [r[:2] for r in rows]


def test_piping_into_head_ends_quietly() -> None:
    command = f"{sys.executable} -m songngu glossary --glossary {GLOSSARY} list | head -n 1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert result.stdout.startswith("line") and result.stderr == ""


def test_match_and_suggest_take_a_folder(capsys) -> None:
    assert main(["glossary", "--glossary", str(GLOSSARY), "match", str(SEEDS), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    documents = {p.stem for p in SEEDS.glob("*.txt")} | {"news_001_word", "news_001_web"}
    assert {h["document"] for h in hits} == documents  # Word and web pages are documents too
    assert main(["glossary", "--glossary", str(GLOSSARY), "suggest", str(SEEDS), "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)


def test_model_download_without_a_network_fails_at_once(tmp_path: Path) -> None:
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "HF_ENDPOINT": "http://127.0.0.1:9"}
    env.pop("HF_HUB_OFFLINE", None)
    result = subprocess.run(
        [sys.executable, "-m", "songngu", "model", "download", str(tmp_path / "m")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "cannot reach 127.0.0.1" in result.stderr
    # It told the user to run 'songngu model download DIR': the very command that just failed.
    assert "run the same 'songngu model download' on a machine that reaches" in result.stderr
    assert "songngu model download DIR" not in result.stderr
    assert not (tmp_path / "m").exists()


def test_report_explains_its_colours_and_names_unscored_documents(aligned: Path, tmp_path: Path) -> None:
    refs = tmp_path / "refs"
    refs.mkdir()
    shutil.copy(REFS / f"{DOC}.en.txt", refs)  # 003 has no reference here
    assert main(["score", str(aligned), "--refs", str(refs), "--glossary", str(GLOSSARY)]) == 0
    page = (aligned / "report.html").read_text("utf-8")
    assert 'class="legend"' in page and "font-weight:bold" not in page
    assert "<th>Vietnamese</th>" in page
    assert "Not scored (no reference translation): 003_51d24c9f3e5c9daa." in page
    markdown = (aligned / "report.md").read_text("utf-8")
    assert "| document | sentence | chrF++ | Vietnamese | machine | reference |" in markdown


def test_tmx_and_po_headers_record_the_backend(aligned: Path) -> None:
    header = ET.parse(aligned / f"{DOC}.mt.tmx").getroot().find("header")
    props = {p.get("type"): p.text for p in header.findall("prop")}
    assert props["x-songngu-backend"] == "transformers, float32, 1 beams"
    assert "X-Songngu-Backend: transformers, float32, 1 beams" in (aligned / f"{DOC}.po").read_text("utf-8")


@pytest.mark.parametrize("command", [["score"], ["review", "status"], ["review", "apply"]])
def test_a_missing_glossary_is_an_error_not_terms_0_of_0(
    aligned: Path, tmp_path: Path, monkeypatch, capsys, command: list[str]
) -> None:
    """Outside the project these ran without a glossary, said 'terms 0/0', exited 0 and rewrote
    report.md with 'glossary none'."""
    folder = tmp_path / "aligned"
    shutil.copytree(aligned, folder)
    reports = {p.name: p.read_bytes() for p in folder.glob("report.*")}
    monkeypatch.chdir(tmp_path)  # a folder with no glossary/terms.tsv
    assert main([*command, str(folder)]) == 2
    assert capsys.readouterr().err == (
        f"songngu: glossary/terms.tsv: glossary not found (looked in {tmp_path}); run songngu in the "
        "project folder, or pass --glossary FILE, or --no-glossary to go without one\n"
    )
    assert {p.name: p.read_bytes() for p in folder.glob("report.*")} == reports
    # Going without one is a choice the user makes out loud.
    refs = [] if command == ["review", "status"] else ["--refs", str(REFS)]
    assert main([*command, str(folder), "--no-glossary", *refs]) == 0


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["translate"], "--device"),
        (["score"], "--glossary"),
        (["glossary", "suggest"], "--min-count"),
        (["glossary", "suggest"], "--json"),
        (["model", "download"], "--model"),
        (["segment"], "file"),
    ],
)
def test_every_option_says_what_it_does(command: list[str], option: str, capsys) -> None:
    """These options had no help text: --help listed the bare name."""
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    described = text.split(f" {option} ", 1)[1] if f" {option} " in text else ""
    assert described and not described.startswith(("-", "[")), text


def test_review_apply_help_and_match_columns_name_what_they_show(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["review", "apply", "--help"])
    assert "NNN.en.docx / NNN.en.html" in " ".join(capsys.readouterr().out.split())
    assert (
        main(["glossary", "--glossary", str(GLOSSARY), "match", str(SEEDS / "003_51d24c9f3e5c9daa.txt")]) == 0
    )
    assert capsys.readouterr().out.splitlines()[0].split() == ["sentence", "Vietnamese", "English", "match"]


def test_quiet_turns_off_the_hubs_download_bars_too(tmp_path: Path) -> None:
    """--quiet left the Hugging Face Hub's weight-download bars on."""
    code = (
        "import sys\nfrom songngu.cli.main import main\n"
        f"main(['translate', {str(SEEDS / '003_51d24c9f3e5c9daa.txt')!r}, '--model', {str(tmp_path / 'none')!r} + '/', "
        f"'--out', {str(tmp_path / 'o')!r}, '--quiet'])\n"
        "from huggingface_hub.utils import are_progress_bars_disabled\nprint(are_progress_bars_disabled())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.stdout.strip() == "True", result.stderr
