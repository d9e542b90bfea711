"""Reviewers' edits are never lost: merging, TSV edits, interrupted runs, bad review files."""

import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import GLOSSARY, SEEDS, translate_argv
from songngu.cli.main import main
from songngu.errors import InputError
from songngu.review.merge import MachineSentence, entry_terms, merge_catalog
from songngu.review.po import parse_po
from songngu.review.tsv import parse_tsv

DOC = "004_95d0cc854cd163db"


def translate(model: Path, docs: Path, out: Path, glossary: Path = GLOSSARY) -> int:
    return main(
        [
            *translate_argv(docs, model, out, beams=1, glossary=glossary),
        ]
    )


def entry(po_path: Path, context: str) -> polib.POEntry:
    return next(e for e in polib.pofile(str(po_path)) if e.msgctxt == context and not e.obsolete)


@pytest.fixture()
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS / f"{DOC}.txt", docs)
    return docs, tmp_path / "aligned"


@pytest.fixture(scope="module")
def translated_once(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review")
    (root / "docs").mkdir()
    shutil.copy(SEEDS / f"{DOC}.txt", root / "docs")
    assert translate(tiny_model, root / "docs", root / "aligned") == 0
    return root


@pytest.fixture()
def translated(translated_once: Path, tmp_path: Path) -> tuple[Path, Path]:
    """docs/ and aligned/ as the first run left them, a fresh copy a test (the model ran once a module)."""
    for folder in ("docs", "aligned"):
        shutil.copytree(translated_once / folder, tmp_path / folder)
    return tmp_path / "docs", tmp_path / "aligned"


def test_reviewed_entry_survives_rerun_and_glossary_change(
    tiny_model: Path, translated, glossary_copy: Path
) -> None:
    docs, out = translated
    po_path = out / f"{DOC}.po"
    po = polib.pofile(str(po_path))
    first, second = po[0], po[1]
    first.msgstr = (
        "As the largest urban organisation in Asia-Pacific, CityNet is committed to urban solutions."
    )
    first.flags.remove("fuzzy")  # signed off
    second.msgstr = "An edit not yet signed off."  # still fuzzy
    po.save()
    machine_third = po[2].msgstr

    assert main(["glossary", "--glossary", str(glossary_copy), "set", "CityNet", "--target", "CITYNET"]) == 0
    assert translate(tiny_model, docs, out, glossary_copy) == 0
    assert entry(po_path, first.msgctxt).msgstr == first.msgstr
    assert "fuzzy" not in entry(po_path, first.msgctxt).flags
    assert entry(po_path, second.msgctxt).msgstr == "An edit not yet signed off."
    refreshed = entry(po_path, po[2].msgctxt)
    assert (
        "fuzzy" in refreshed.flags and refreshed.msgstr != machine_third
    )  # untouched machine output was refreshed
    assert "CITYNET" in refreshed.msgstr
    english = (out / f"{DOC}.en.txt").read_text("utf-8")
    assert english.startswith(first.msgstr)


def test_changed_source_becomes_fuzzy_with_previous_msgid_and_vanished_become_obsolete(
    tiny_model: Path, translated
) -> None:
    docs, out = translated
    po_path = out / f"{DOC}.po"
    po = polib.pofile(str(po_path))
    po[0].msgstr, po[0].flags = "Reviewed first sentence.", []
    po.save()
    lines = (docs / f"{DOC}.txt").read_text("utf-8").splitlines()
    old_first = lines[0]
    lines[0] = lines[0].replace("lớn nhất", "lớn thứ hai")
    removed = lines.pop(3)  # "Quang cảnh cuộc họp"
    (docs / f"{DOC}.txt").write_text("\n".join(lines), encoding="utf-8")

    assert translate(tiny_model, docs, out) == 0
    merged = polib.pofile(str(po_path))
    changed = entry(po_path, "1.1")
    assert changed.previous_msgid == old_first and "fuzzy" in changed.flags
    assert changed.msgstr == "Reviewed first sentence."  # kept for the reviewer to adapt
    obsolete = [e for e in merged if e.obsolete]
    assert [e.msgid for e in obsolete] == [removed]
    assert "#~ msgid" in po_path.read_text("utf-8")


def test_reviewed_sentence_is_reused_where_it_appears_again(tiny_model: Path, translated) -> None:
    docs, out = translated
    po_path = out / f"{DOC}.po"
    po = polib.pofile(str(po_path))
    repeated = next(e for e in po if e.msgctxt == "1.1")  # the seed repeats this paragraph as 5.1
    terms = [term.split(" -> ")[1] for term in entry_terms(repeated.comment)]
    review = f"Reviewed once: {'; '.join(terms)}."  # with its terms: a review to reuse as it is
    repeated.msgstr, repeated.flags = review, []
    po.save()
    other = docs / "other.txt"
    other.write_text(repeated.msgid + "\n", encoding="utf-8")
    assert translate(tiny_model, docs, out) == 0
    reused = entry(out / "other.po", "1.1")
    assert reused.msgstr == review and "fuzzy" not in reused.flags


def test_tsv_edits_are_folded_in_and_applied(tiny_model: Path, translated, capsys) -> None:
    docs, out = translated
    tsv = out / f"{DOC}.tsv"
    rows = tsv.read_text("utf-8").splitlines()
    cells = rows[1].split("\t")
    cells[2] = "Edited in a spreadsheet."
    rows[1] = "\t".join(cells)
    tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["review", "apply", str(tsv)]) == 0
    assert (out / f"{DOC}.en.txt").read_text("utf-8").startswith("Edited in a spreadsheet.")
    assert translate(tiny_model, docs, out) == 0
    kept = entry(out / f"{DOC}.po", "1.1")
    assert kept.msgstr == "Edited in a spreadsheet." and "fuzzy" not in kept.flags


def test_review_status_counts_and_violations(tiny_model: Path, translated, capsys) -> None:
    _, out = translated
    po_path = out / f"{DOC}.po"
    po = polib.pofile(str(po_path))
    with_term = next(e for e in po if "CityNet" in e.comment)
    with_term.msgstr, with_term.flags = "A reviewer forgot the network's name.", []
    po.save()
    capsys.readouterr()
    assert main(["review", "status", str(out), "--glossary", str(GLOSSARY)]) == 1
    out_text = capsys.readouterr().out
    assert f"{DOC} {with_term.msgctxt}: reviewed English lacks the required term 'CityNet'" in out_text
    header, _, row = out_text.splitlines()[:3]
    assert header.split() == [
        "document",
        "sentences",
        "reviewed",
        "machine",
        "untranslated",
        "violations",
        "done",
    ]
    assert row.split()[2:6] == ["1", str(len(po) - 1), "0", "1"]


def test_apply_writes_reviewed_english(tiny_model: Path, translated, capsys) -> None:
    _, out = translated
    po_path = out / f"{DOC}.po"
    po = polib.pofile(str(po_path))
    for e in po:
        e.msgstr, e.flags = f"Reviewed {e.msgctxt}.", []
    po.save()
    assert main(["review", "apply", str(po_path)]) == 0
    english = (out / f"{DOC}.en.txt").read_text("utf-8").splitlines()
    assert english[0] == "Reviewed 1.1." and english[1] == "Reviewed 2.1. Reviewed 2.2."


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("\n", "the file is empty; delete it to start again"),
        ('msgid "a"\nmsgstr "b"\nmsgid\n', "malformed PO file"),
        ('msgctxt "1.1"\nmsgid "a"\nmsgstr "b"\nfoo bar\n', "Syntax error in po file (line 4)"),
        (
            'msgid ""\nmsgstr ""\n"X-Songngu-Document: 000_other\\n"\n\nmsgctxt "1.1"\nmsgid "a"\nmsgstr "b"\n',
            "belongs to document '000_other'",
        ),
    ],
)
def test_bad_po_files_exit_2_with_one_line(
    tiny_model: Path, workspace, content: str, words: str, capsys
) -> None:
    _, out = workspace
    out.mkdir()
    po_path = out / f"{DOC}.po"
    po_path.write_text(content, encoding="utf-8")
    assert main(["review", "apply", str(po_path)]) == 2
    err = capsys.readouterr().err
    assert words in err and str(po_path) in err and err.count("\n") == 1
    assert po_path.read_text("utf-8") == content  # untouched


def test_empty_tsv_says_how_to_get_it_back(tmp_path: Path, capsys) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("\n", encoding="utf-8")
    assert main(["review", "apply", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: the file is empty" in err and "songngu translate" in err and err.count("\n") == 1


def test_tsv_with_carriage_return_line_ends_is_read() -> None:
    # Classic Mac line ends, as some spreadsheet exports still write them.
    pairs = parse_tsv("id\tvi\ten\tstatus\r1.1\tXin chào.\tHello.\treviewed\r", "x.tsv")
    assert [(p.id, p.english, p.status) for p in pairs] == [("1.1", "Hello.", "reviewed")]


def test_tsv_with_a_very_long_cell_is_read() -> None:
    # The csv module refused cells over 128 KB; the line-based reader takes them as they are.
    pairs = parse_tsv("id\tvi\ten\n1.1\t" + "a" * 200_000 + "\tb\n", "x.tsv")
    assert len(pairs[0].source) == 200_000 and pairs[0].english == "b"


def test_tsv_with_wrong_columns(tmp_path: Path, capsys) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("a\tb\n1\t2\n", encoding="utf-8")
    assert main(["review", "apply", str(path)]) == 2
    assert f"{path}:1: wrong columns" in capsys.readouterr().err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400))
@example(data=b"\r\x01")  # a lone carriage return once made the TSV reader raise csv.Error
def test_readers_survive_random_bytes(data: bytes) -> None:
    from songngu.documents.text import decode_text

    for parse in (lambda text: parse_po(text, "x.po", "doc"), lambda text: parse_tsv(text, "x.tsv")):
        try:
            parse(decode_text(data, "x"))
        except InputError as error:
            assert str(error).startswith("x") and "\n" not in str(error)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from('msgidtrx"\\ \n#~|,:.0123'), max_size=200))
def test_po_parser_survives_po_like_noise(text: str) -> None:
    try:
        parse_po(text, "x.po", "doc")
    except InputError as error:
        assert str(error).startswith("x.po") and "\n" not in str(error)


def test_merge_without_existing_file_is_all_new() -> None:
    sentences = [MachineSentence("1.1", "Xin chào.", "Hello.")]
    po, stats = merge_catalog(None, sentences, "doc", {}, lambda s, e: True)
    assert stats.new == 1 and [e.msgstr for e in po] == ["Hello."] and po[0].flags == ["fuzzy"]


# Run songngu in a child process that kills itself (SIGKILL: no clean-up, as from the OOM killer or a
# power cut) right after its first commit to the translation memory: a known point, not a time guess.
KILL_AFTER_FIRST_COMMIT = """
import os, signal, sys
from songngu.cli.main import main
from songngu.translation.memory import TranslationMemory

store = TranslationMemory.store_machine

def store_then_die(self, rows):
    store(self, rows)
    os.kill(os.getpid(), signal.SIGKILL)

TranslationMemory.store_machine = store_then_die
sys.exit(main(sys.argv[1:]))
"""


def test_killed_run_leaves_no_damaged_file_and_resumes(tiny_model: Path, tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "aligned"
    docs.mkdir()
    for seed in ("003_51d24c9f3e5c9daa", DOC):
        shutil.copy(SEEDS / f"{seed}.txt", docs)
    out.mkdir()
    before = out / f"{DOC}.po"
    before.write_text(
        '# reviewer notes\nmsgid ""\nmsgstr ""\n"X-Songngu-Document: ' + DOC + '\\n"\n', encoding="utf-8"
    )
    argv = translate_argv(docs, tiny_model, out, beams=2)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIRST_COMMIT, *argv], capture_output=True, text=True, timeout=600
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert before.read_text("utf-8").startswith("# reviewer notes")  # as it was, or complete
    memory = out / ".songngu-memory.sqlite"

    def rows_in_memory() -> int:
        return sqlite3.connect(memory).execute("SELECT COUNT(*) FROM machine").fetchone()[0]

    # The first backend batch was committed and survived the kill; it is a batch, not the whole run
    # (sentences used to be committed 256 at a time, so a run this size restarted from zero).
    finished_before_kill = rows_in_memory()
    assert finished_before_kill > 0
    result = subprocess.run(
        [sys.executable, "-m", "songngu", *argv], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    numbers = re.search(r"(\d+) sentences \((\d+) sentences? translated by the model", result.stdout)
    total_sentences, translated = int(numbers.group(1)), int(numbers.group(2))
    # Exactly the sentences the killed run had not finished were translated; nothing twice.
    assert translated == rows_in_memory() - finished_before_kill
    assert 0 < translated < total_sentences
    assert len(polib.pofile(str(before))) > 0


def test_every_check_agrees_that_three_is_the_number_3(tmp_path: Path, capsys) -> None:
    """The workbench accepted "Three" for 3 while review status flagged the same sentence: the
    rule "the English holds the required term" lived in seven places. It lives in one now."""
    from songngu.glossary.hits import find_hits, term_in
    from songngu.glossary.matching import TermMatcher
    from songngu.glossary.terms import load_glossary
    from songngu.review.merge import terms_note
    from songngu.review.po import format_po, new_po

    source, english = "Có 3 đơn vị của Pháp tham dự.", "Three French units took part."
    hits = find_hits(source, TermMatcher(load_glossary(GLOSSARY)))
    assert [h.target for h in hits] == ["3"] and term_in(english, "3") and not term_in("Thirty units.", "3")
    from songngu.review.checks import missing_required

    assert missing_required(english, hits) == [] and "MISSING" not in (terms_note(hits, english) or "")
    folder = tmp_path / "aligned"
    folder.mkdir()
    po = new_po("bai", {})
    po.append(polib.POEntry(msgctxt="1.1", msgid=source, msgstr=english))  # reviewed: no fuzzy flag
    (folder / "bai.po").write_text(format_po(po), encoding="utf-8")
    assert main(["review", "status", str(folder), "--glossary", str(GLOSSARY)]) == 0
    assert "lacks" not in capsys.readouterr().out


def test_a_reused_review_is_one_that_holds_the_terms_or_it_is_left_for_review() -> None:
    """The memory kept one review a sentence, the latest, and it was reused accepted though it lacked
    a glossary term another review of the sentence had (#32)."""
    from songngu.glossary.matching import TermHit
    from songngu.translation.memory import TranslationMemory

    memory = TranslationMemory(":memory:")
    source = "ACVN họp tại Huế."
    memory.store_reviewed([(source, "The Association of Cities of Vietnam met in Hue.", "a.po")])
    memory.store_reviewed([(source, "The association met in Hue.", "b.po")])
    assert memory.reviewed(source) == [
        "The association met in Hue.",
        "The Association of Cities of Vietnam met in Hue.",
    ]
    term = TermHit(0, 4, "ACVN", "ACVN", "Association of Cities of Vietnam")
    sentence = MachineSentence("1.1", source, "Machine English.", (term,))
    po, stats = merge_catalog(None, [sentence], "doc", {}, lambda s, e: True, memory.reviewed)
    assert stats.reused_reviews == 1 and po[0].flags == []
    assert po[0].msgstr == "The Association of Cities of Vietnam met in Hue."

    only_without = lambda s: ["The association met in Hue."]  # noqa: E731
    po, _ = merge_catalog(None, [sentence], "doc", {}, lambda s, e: True, only_without)
    assert po[0].msgstr == "The association met in Hue." and po[0].flags == ["fuzzy"]
    assert "lacks the required 'Association of Cities of Vietnam'" in po[0].tcomment
