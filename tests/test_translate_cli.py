"""End to end: ``songngu translate`` with the tiny model writes the four review files per document."""

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from conftest import DATA, DEV_DOCS, GLOSSARY, SEEDS, translate_argv
from songngu.cli.main import main
from songngu.review.tsv import read_tsv

SEED_NAMES = sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def translated(translated_seeds: Path) -> Path:
    return translated_seeds


def test_every_seed_has_its_review_files_each_with_every_sentence(translated: Path) -> None:
    """Each file is read back by its reader and holds the seed's sentences (it checked only that
    four of the files were not empty)."""
    from songngu.documents.reader import read_document
    from songngu.documents.segment import segment_document
    from songngu.review.tmx import read_tmx_pairs
    from songngu.review.xliff import parse_xliff

    assert len(SEED_NAMES) == 5
    for name in SEED_NAMES:
        document = read_document(SEEDS / f"{name}.txt")
        sentences = [s.text for s in segment_document(document)]
        po = polib.pofile(str(translated / f"{name}.po"))
        assert [e.msgid for e in po if not e.obsolete] == sentences and all(e.msgstr for e in po)
        assert [row.source for row in read_tsv(translated / f"{name}.tsv")] == sentences
        assert [vi for vi, _ in read_tmx_pairs(translated / f"{name}.mt.tmx")] == sentences
        assert read_tmx_pairs(translated / f"{name}.tmx") == []  # nothing reviewed yet
        _, units = parse_xliff((translated / f"{name}.xlf").read_bytes(), name)
        assert [u.id for u in units] == [e.msgctxt for e in po]
        english = (translated / f"{name}.en.txt").read_text("utf-8").splitlines()
        assert len(english) == len(document.paragraphs) and all(english)


@pytest.mark.parametrize("name", DEV_DOCS)
def test_po_has_one_fuzzy_entry_per_reference_sentence(translated: Path, name: str) -> None:
    po = polib.pofile(str(translated / f"{name}.po"))
    sentences = (DATA / f"{name}.vi.sents").read_text("utf-8").splitlines()
    assert [e.msgid for e in po] == sentences
    assert all("fuzzy" in e.flags and e.msgstr and e.msgctxt for e in po)
    assert po.metadata["X-Songngu-Model"].endswith("tiny-marian0")
    assert po.metadata["X-Generator"].startswith("songngu ")


def test_po_comments_list_enforced_terms(translated: Path) -> None:
    po = polib.pofile(str(translated / "000_df3434ea04ffe04a.po"))
    entry = next(e for e in po if e.msgctxt == "1.1")
    assert entry.comment.startswith("terms: ")
    assert "UCLG World -> UCLG World" in entry.comment and "MISSING" not in entry.comment


def test_every_term_in_the_five_seeds_is_enforced(translated: Path) -> None:
    from songngu.glossary.hits import find_hits
    from songngu.glossary.matching import TermMatcher
    from songngu.glossary.terms import load_glossary

    matcher = TermMatcher(load_glossary(GLOSSARY))
    entries = [e for name in SEED_NAMES for e in polib.pofile(str(translated / f"{name}.po"))]
    # Each distinct term of a sentence is named once ("Hà Nội" twice in a sentence is one line).
    required = sum(len({(h.text, h.target) for h in find_hits(e.msgid, matcher)}) for e in entries)
    assert required > 100  # the seeds are full of names: the check below is not vacuous
    assert sum(e.comment.count(" -> ") for e in entries) == required
    assert not [e.comment for e in entries if "MISSING" in e.comment]


def test_tsv_tmx_and_english_document_agree_with_the_po(translated: Path) -> None:
    name = "001_fcb7318a1ebb5922"
    po = polib.pofile(str(translated / f"{name}.po"))
    tsv = read_tsv(translated / f"{name}.tsv")
    assert [(p.id, p.source, p.english) for p in tsv] == [(e.msgctxt, e.msgid, e.msgstr) for e in po]
    reviewed = ET.parse(translated / f"{name}.tmx").getroot()
    assert reviewed.get("version") == "1.4" and reviewed.find("header").get("srclang") == "vi"
    assert reviewed.findall("body/tu") == []  # nothing is reviewed yet: no unit passes as human work
    machine = ET.parse(translated / f"{name}.mt.tmx").getroot()
    units = machine.findall("body/tu")
    assert len(units) == len(po)
    assert {(u.get("creationid"), u.find("prop").text) for u in units} == {("MT", "machine-translation")}
    first = [seg.text for seg in units[0].iter("seg")]
    assert first == [po[0].msgid, po[0].msgstr]
    english = (translated / f"{name}.en.txt").read_text("utf-8").splitlines()
    assert len(english) == len((SEEDS / f"{name}.txt").read_text("utf-8").strip().splitlines())
    assert english[0] == " ".join(e.msgstr for e in po if e.msgctxt.startswith("1."))


def test_summary_reports_full_term_success(tiny_model: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "aligned"
    args = [
        *translate_argv(SEEDS / "004_95d0cc854cd163db.txt", tiny_model, out, beams=1),
    ]
    assert main(args) == 0
    summary = capsys.readouterr().out
    assert "term success 100.0%" in summary
    assert "review files:" in summary
    assert main([*args, "--no-glossary"]) == 0
    assert "term success -" in capsys.readouterr().out


def test_unreadable_document_is_reported_and_the_rest_translated(
    tiny_model: Path, tmp_path: Path, capsys
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS / "004_95d0cc854cd163db.txt", docs)
    (docs / "bad.txt").write_bytes(b"Ha\xf4 N\xf4i\n")
    (docs / "empty.txt").write_bytes(b"")
    out = tmp_path / "aligned"
    code = main(
        [
            *translate_argv(docs, tiny_model, out, beams=1),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert f"songngu: {docs / 'bad.txt'}:1: not UTF-8" in err
    assert f"songngu: {docs / 'empty.txt'}: the file is empty" in err
    assert "Traceback" not in err
    assert (out / "004_95d0cc854cd163db.po").exists()
    assert not (out / "bad.po").exists()


@pytest.mark.parametrize(
    ("model", "words"),
    [
        ("missing-dir/", "--model missing-dir/: no such directory"),
        # make users set MODEL=DIR, not --model DIR
        ("Helsinki-NLP/opus-mt-vi-en", "('make translate MODEL=DIR' with make)"),
    ],
)
def test_model_that_cannot_load_gives_one_line(tmp_path: Path, model: str, words: str) -> None:
    # A fresh process: huggingface_hub reads HF_HUB_OFFLINE when it is first imported, and a process
    # that already imported it would try the network (and wait for it) instead.
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    argv = ["translate", str(SEEDS), "--model", model, "--out", str(tmp_path / "o"), "--quiet"]
    result = subprocess.run(
        [sys.executable, "-m", "songngu", *argv], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 2
    assert (
        words in result.stderr
        and result.stderr.count("\n") == 1
        and "songngu model download DIR" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


def test_wrong_kind_of_model(tmp_path: Path, capsys) -> None:
    from transformers import BertConfig

    BertConfig(
        vocab_size=10, hidden_size=8, num_hidden_layers=1, num_attention_heads=1, intermediate_size=8
    ).save_pretrained(tmp_path / "bert")
    assert main(["translate", str(SEEDS), "--model", str(tmp_path / "bert"), "--quiet"]) == 2
    assert "is a 'bert' model, not a MarianMT model" in capsys.readouterr().err


def test_model_download_saves_a_loadable_copy(tiny_model: Path, tmp_path: Path) -> None:
    target = tmp_path / "saved"
    assert main(["model", "download", str(target), "--model", str(tiny_model)]) == 0
    assert {"config.json", "source.spm", "target.spm", "vocab.json"} <= {p.name for p in target.iterdir()}
    out = tmp_path / "aligned"
    assert (
        main(
            [
                "translate",
                str(SEEDS / "003_51d24c9f3e5c9daa.txt"),
                "--model",
                str(target),
                "--out",
                str(out),
                "--beams",
                "1",
                "--quiet",
                "--glossary",
                str(GLOSSARY),
            ]
        )
        == 0
    )


def test_python_dash_m_is_the_same_program(monkeypatch: pytest.MonkeyPatch) -> None:
    from songngu.cli.main import build_parser

    env = {**os.environ, "COLUMNS": "100"}
    result = subprocess.run(
        [sys.executable, "-m", "songngu", "--help"], capture_output=True, text=True, check=True, env=env
    )
    parser = build_parser()
    parser.prog = "songngu"
    monkeypatch.setenv("COLUMNS", "100")
    assert result.stdout == parser.format_help()


def test_bfloat16_weights_are_a_separate_memory_key(tiny_model: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "aligned"
    doc = SEEDS / "003_51d24c9f3e5c9daa.txt"
    assert main(translate_argv(doc, tiny_model, out)) == 0
    assert main([*translate_argv(doc, tiny_model, out), "--dtype", "bfloat16"]) == 0
    summary = capsys.readouterr().out.splitlines()
    translated = [line for line in summary if "translated by the model" in line]
    counts = [int(line.split("(")[1].split(" ")[0]) for line in translated]
    assert counts[0] == counts[1] == 20  # the bfloat16 run is not served from the float32 memory
    po = polib.pofile(str(out / "003_51d24c9f3e5c9daa.po"))
    assert po.metadata["X-Songngu-Model"].endswith("(bfloat16)") and "term success 100.0%" in translated[1]


def test_a_document_that_is_not_there_is_exit_2_before_any_model_or_folder(tmp_path: Path) -> None:
    """`translate nope.txt` loaded the model, made the output folder and exited 1."""
    out = tmp_path / "aligned"
    code = (
        "import sys\nfrom songngu.cli.main import main\n"
        f"code = main(['translate', {str(tmp_path / 'nope.txt')!r}, '--model', 'never/loaded', '--out', {str(out)!r}])\n"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))\nsys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and result.stdout.strip() == "[]"
    assert (
        result.stderr
        == f"songngu: {tmp_path / 'nope.txt'}: no such file or folder; give a .txt, .docx or .html document, or a folder\n"
    )
    assert not out.exists()


def test_model_download_never_replaces_a_folder_without_force_and_leaves_files_readable(
    tiny_model: Path, short_model: Path, tmp_path: Path, capsys
) -> None:
    """It overwrote a model folder without a word, and safetensors left the weights 0600."""
    import stat

    target = tmp_path / "models" / "opus"
    assert main(["model", "download", str(target), "--model", str(tiny_model)]) == 0
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    capsys.readouterr()
    assert main(["model", "download", str(target), "--model", str(short_model)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"songngu: {target} already holds files (another model?); give a new or empty folder, or add --force to replace it\n"
    )
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert main(["model", "download", str(target), "--model", str(short_model), "--force"]) == 0
    assert json.loads((target / "config.json").read_text())["max_position_embeddings"] == 64
    assert sorted(p.name for p in target.parent.iterdir()) == ["opus"]  # no staging folder left
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o044 == 0o044 for p in target.iterdir())


def test_the_summary_counts_in_good_english_and_names_the_memory_only_when_it_served(
    tiny_model: Path, tmp_path: Path, capsys
) -> None:
    """It said "1 documents, 1 sentences (1 translated by the model, the rest from the memory)"."""
    doc = tmp_path / "bai.txt"
    doc.write_text("Xin chào Hà Nội.\n", encoding="utf-8")
    out = tmp_path / "aligned"
    assert main(translate_argv(doc, tiny_model, out)) == 0
    first = capsys.readouterr().out
    assert "1 document, 1 sentence (1 sentence translated by the model) in " in first
    doc.write_text("Xin chào Hà Nội.\nHẹn gặp lại.\n", encoding="utf-8")
    assert main(translate_argv(doc, tiny_model, out)) == 0
    second = capsys.readouterr().out
    assert (
        "1 document, 2 sentences (1 sentence translated by the model, 1 from the translation memory) in "
        in second
    )
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("source\ttarget\tkind\tvariants\tnote\nFCM\tFCM\torg\t\t\n", encoding="utf-8")
    assert main(["glossary", "--glossary", str(glossary), "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 entry"
