"""Alignment against the gold links, and scores that equal the sacrebleu command line's."""

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import DATA, DEV_DOCS, GLOSSARY, REFERENCES, SEEDS
from songngu.cli.main import main
from songngu.documents.segment import split_english
from songngu.scoring.align import align_sentences, dp_align
from songngu.scoring.signals.length import gale_church_cost


def gold_links(name: str) -> list[list[list[int]]]:
    links = []
    for line in (DATA / f"{name}.gold.tsv").read_text("utf-8").splitlines():
        src, ref = line.split("\t")
        links.append([[int(x) for x in src.split(",") if x], [int(x) for x in ref.split(",") if x]])
    return links


@pytest.mark.parametrize("name", DEV_DOCS)
def test_english_splitter_reproduces_reference_segmentation(name: str) -> None:
    paragraphs = [p for p in (REFERENCES / f"{name}.en.txt").read_text("utf-8").splitlines() if p.strip()]
    assert [s for p in paragraphs for s in split_english(p)] == (DATA / f"{name}.en.sents").read_text(
        "utf-8"
    ).splitlines()


@pytest.mark.parametrize("name", DEV_DOCS)
def test_align_command_finds_the_gold_links_without_mt(name: str, capsys) -> None:
    assert (
        main(
            [
                "align",
                str(SEEDS / f"{name}.txt"),
                str(REFERENCES / f"{name}.en.txt"),
                "--glossary",
                str(GLOSSARY),
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == gold_links(name)


def test_presegmented_with_mt(tmp_path: Path, capsys) -> None:
    name = "002_3bbdf00f9f92c039"
    gold = gold_links(name)
    english = (DATA / f"{name}.en.sents").read_text("utf-8").splitlines()
    mt = tmp_path / "mt.txt"  # the reference itself as a stand-in MT, one line per source sentence
    mt.write_text("".join(" ".join(english[j] for j in ref) + "\n" for _, ref in gold), encoding="utf-8")
    args = [
        "align",
        str(DATA / f"{name}.vi.sents"),
        str(DATA / f"{name}.en.sents"),
        "--presegmented",
        "--mt",
        str(mt),
        "--json",
    ]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == gold


def test_dp_produces_every_link_type() -> None:
    # Costs that favour exactly: 1-1, 2-1, 1-2, 1-0, 0-1, 2-2, 3-1, 1-3.
    wanted = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3)), ((4,), ()), ((), (4,)), ((5, 6), (5, 6))]
    wanted += [((7, 8, 9), (7,)), ((10,), (8, 9, 10))]
    good = {(a[0] if a else None, len(a), b[0] if b else None, len(b)) for a, b in wanted}

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        key = (i0 if i1 > i0 else None, i1 - i0, j0 if j1 > j0 else None, j1 - j0)
        return 0.0 if key in good else 10.0

    assert set(dp_align(11, 11, cost)) == set(wanted)  # 1-0 and 0-1 at one point may come in either order


def test_a_missing_reference_sentence_becomes_a_1_0_link() -> None:
    name = "000_df3434ea04ffe04a"
    vi = (DATA / f"{name}.vi.sents").read_text("utf-8").splitlines()
    en = (DATA / f"{name}.en.sents").read_text("utf-8").splitlines()
    del en[8]
    links = align_sentences(vi, en)
    assert ((8,), ()) in links
    assert ((9,), (8,)) in links and ((7,), (7,)) in links


def test_gale_church_prefers_proportional_lengths() -> None:
    assert gale_church_cost(100, 90, 0.9) < gale_church_cost(100, 40, 0.9)


@pytest.fixture(scope="module")
def scored(translated_seeds: Path) -> Path:
    return translated_seeds


def sacrebleu_cli(ref: Path, hyp: Path, *extra: str) -> list[float]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sacrebleu",
            str(ref),
            "-i",
            str(hyp),
            "-m",
            "bleu",
            "chrf",
            "ter",
            "--chrf-word-order",
            "2",
            "-b",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(x) for x in json.loads(result.stdout)]


def test_scores_equal_the_sacrebleu_command_line(scored: Path, capsys) -> None:
    assert main(["score", str(scored), "--refs", str(REFERENCES), "--glossary", str(GLOSSARY), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    hyps, refs = [], []
    for doc in report["documents"]:
        hyp, ref = scored / "scores" / f"{doc['name']}.hyp.txt", scored / "scores" / f"{doc['name']}.ref.txt"
        assert sacrebleu_cli(ref, hyp) == pytest.approx(
            [round(doc["bleu"], 1), round(doc["chrf"], 1), round(doc["ter"], 1)], abs=0.051
        )
        hyps += hyp.read_text("utf-8").splitlines()
        refs += ref.read_text("utf-8").splitlines()
        segment = doc["segments"][0]
        one_hyp, one_ref = scored / "one.hyp", scored / "one.ref"
        one_hyp.write_text(segment["hypothesis"] + "\n", encoding="utf-8")
        one_ref.write_text(segment["reference"] + "\n", encoding="utf-8")
        chrf = sacrebleu_cli(one_ref, one_hyp)[1]
        assert chrf == pytest.approx(segment["chrf"], abs=0.051)
    all_hyp, all_ref = scored / "all.hyp", scored / "all.ref"
    all_hyp.write_text("\n".join(hyps) + "\n", encoding="utf-8")
    all_ref.write_text("\n".join(refs) + "\n", encoding="utf-8")
    corpus = report["corpus"]
    assert sacrebleu_cli(all_ref, all_hyp) == pytest.approx(
        [round(corpus["bleu"], 1), round(corpus["chrf"], 1), round(corpus["ter"], 1)], abs=0.051
    )
    assert corpus["terms_found"] == corpus["terms_required"] > 50
    assert "nrefs:1" in report["signatures"]["BLEU"] and report["model"].endswith("tiny-marian0")


def test_scores_land_in_po_tsv_and_reports(scored: Path) -> None:
    po = polib.pofile(str(scored / "000_df3434ea04ffe04a.po"))
    assert all("score: chrF++ " in e.comment for e in po)
    rows = (scored / "000_df3434ea04ffe04a.tsv").read_text("utf-8").splitlines()
    column = rows[0].split("\t").index("chrf")
    assert all(row.split("\t")[column] for row in rows[1:])
    html = (scored / "report.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 3 and "000_df3434ea04ffe04a" in html
    assert "| corpus |" in (scored / "report.md").read_text("utf-8")
    assert not (scored / "003_51d24c9f3e5c9daa.hyp.txt").exists()


def test_compare_two_runs(scored: Path, tiny_model: Path, tmp_path: Path, capsys) -> None:
    other = tmp_path / "no-glossary"
    assert (
        main(
            [
                "translate",
                str(SEEDS / "000_df3434ea04ffe04a.txt"),
                "--model",
                str(tiny_model),
                "--out",
                str(other),
                "--no-glossary",
                "--beams",
                "1",
                "--quiet",
                "--refs",
                str(tmp_path / "none"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    argv = [
        "score",
        "--compare",
        str(other),
        str(scored),
        "--refs",
        str(REFERENCES),
        "--glossary",
        str(GLOSSARY),
    ]
    assert main([*argv, "--json"]) == 0
    comparisons = {c["metric"]: c for c in json.loads(capsys.readouterr().out)}
    assert set(comparisons) == {"BLEU", "chrF++", "TER", "term success"}
    terms = comparisons.pop("term success")
    # The run without the glossary got some terms by chance; the constrained run got them all.
    assert terms["B"] == terms["required"] > terms["A"] and terms["system"] == 100.0
    assert main(argv) == 0
    assert (
        f"term success: {terms['A']} and {terms['B']} of {terms['required']} required terms"
        in capsys.readouterr().out
    )
    for c in comparisons.values():
        assert c["difference"] == pytest.approx(c["system"] - c["baseline"])
        assert c["ci_low"] <= c["ci_high"] and 0 <= c["p_value"] <= 1


def test_long_documents_align_in_a_band_of_bounded_memory() -> None:
    import tracemalloc

    from songngu.scoring.align import dp_align

    n = 1000
    deleted = 350  # the reference lacks source sentence 350

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        if (i1 - i0, j1 - j0) == (1, 1):
            return 0.0 if i0 != deleted and j0 == (i0 if i0 < deleted else i0 - 1) else 5.0
        return 2.0 if (i1 - i0, j1 - j0) in ((1, 0), (0, 1)) else 9.0

    tracemalloc.start()
    links = dp_align(n, n - 1, cost)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert ((deleted,), ()) in links and len(links) == n
    # The whole 2,000 x 2,000 matrix took over 60 MB (and 3,000 x 3,000 ran out of memory), so about
    # 15 MB at this size; the band takes under half of that (4.4 MB measured). 1,000 sentences, not
    # 2,000: tracemalloc slows every allocation, and this test took 9 s.
    assert peak < 8 * 2**20


def test_the_band_widens_when_the_path_leaves_the_diagonal() -> None:
    from songngu.scoring.align import dp_align

    extra = 200  # the reference starts with 200 sentences the source lacks

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        if (i1 - i0, j1 - j0) == (1, 1):
            return 0.0 if j0 == i0 + extra else 5.0
        return 1.0 if (i1 - i0, j1 - j0) in ((1, 0), (0, 1)) else 9.0

    links = dp_align(1000, 1000 + extra, cost)
    assert links[:extra] == [((), (j,)) for j in range(extra)]
    assert links[extra:] == [((i,), (i + extra,)) for i in range(1000)]


def test_a_bar_in_a_sentence_is_escaped_in_report_md_not_replaced() -> None:
    """report.md turned "|" into "/"; Markdown's escape keeps the text and the table's columns."""
    import re

    from songngu.scoring.report import ReportContext, to_markdown
    from songngu.scoring.score import CorpusScore, DocumentScore, SegmentScore

    segment = SegmentScore(
        ("1.1",), "Chủ đề | Hà Nội", "Theme | Hanoi", r"Theme: Hanoi \ Hue", 10.0, 20.0, 80.0
    )
    corpus = CorpusScore((DocumentScore("bai", (segment,), 10.0, 20.0, 80.0, 0, 0),), 10.0, 20.0, 80.0)
    row = next(
        line for line in to_markdown(corpus, ReportContext("m", "g", "t")).splitlines() if "Hà Nội" in line
    )
    cells = [c.strip().replace("\\|", "|").replace("\\\\", "\\") for c in re.split(r"(?<!\\)\|", row)[1:-1]]
    assert cells == ["bai", "1.1", "20.0", "Chủ đề | Hà Nội", "Theme | Hanoi", r"Theme: Hanoi \ Hue"]


def test_compare_with_a_folder_that_is_not_there_is_exit_2(tmp_path: Path, capsys) -> None:
    """`score --compare A missing/` said the two folders "share no document" and exited 1."""
    (tmp_path / "a").mkdir()
    assert main(["score", "--compare", str(tmp_path / "a"), str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err == (
        f"songngu: {tmp_path / 'missing'}: no such folder; give two folders of review files (as aligned/)\n"
    )
