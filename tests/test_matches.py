"""Memory matches: the reviewed sentences closest to one not reviewed yet, from the review folder
and from TMX files, with a percentage and the difference, in the API and on the page."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from conftest import GLOSSARY, launched_chromium, serving
from songngu.errors import InputError
from songngu.review.matches import MatchIndex, MemoryUnit
from songngu.review.pairs import SentencePair
from songngu.review.po import format_po, new_po
from songngu.review.tmx import format_tmx, parse_tmx_pairs

PARIS = "Hội nghị hợp tác giữa các đô thị Việt Nam và Pháp diễn ra tại Hà Nội."
PARIS_EN = "The conference on cooperation between Vietnamese and French cities took place in Hà Nội."
CANADA = "Hội nghị hợp tác giữa các đô thị Việt Nam và Canada diễn ra tại Huế."
OTHER = "Đoàn công tác thăm trường học."


def write_po(folder: Path, name: str, entries: list[tuple[str, str, str, bool]]) -> None:
    po = new_po(name, {})
    for sentence, source, english, reviewed in entries:
        po.append(
            polib.POEntry(msgctxt=sentence, msgid=source, msgstr=english, flags=[] if reviewed else ["fuzzy"])
        )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.po").write_text(format_po(po))


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "aligned"
    write_po(
        out, "a", [("1.1", PARIS, PARIS_EN, True), ("1.2", OTHER, "The delegation visited a school.", True)]
    )
    write_po(out, "b", [("1.1", CANADA, "machine words", False), ("2.1", "Xin chào.", "Hello.", False)])
    return out


def test_the_closest_unit_comes_first_with_its_percentage_and_the_words_that_differ() -> None:
    index = MatchIndex()
    index.add(
        [MemoryUnit(PARIS, PARIS_EN, "a 1.1"), MemoryUnit(OTHER, "The delegation visited a school.", "a 1.2")]
    )
    [match] = index.search(CANADA)
    assert match.unit.origin == "a 1.1" and 70 <= match.score < 100
    assert ("theirs", "Pháp") in match.diff and ("ours", "Canada") in match.diff
    assert ("theirs", "Hà Nội") in match.diff and ("ours", "Huế") in match.diff
    assert index.search(PARIS)[0].score == 100
    assert index.search(PARIS, exclude="a 1.1") == []  # a sentence is never its own match
    assert index.search("Một câu hoàn toàn khác về thời tiết hôm nay.") == []  # nothing reaches 50 %


def test_the_same_pair_reviewed_in_several_places_shows_once() -> None:
    index = MatchIndex()
    index.add(MemoryUnit(PARIS, PARIS_EN, f"doc{n} 1.1") for n in range(5))
    index.add([MemoryUnit(PARIS, "Another English.", "doc9 1.1")])
    assert [m.unit.english for m in index.search(CANADA)] == [PARIS_EN, "Another English."]


def test_a_tmx_file_gives_its_units_and_a_hostile_one_is_one_line() -> None:
    ours = format_tmx([SentencePair("1.1", PARIS, PARIS_EN, "reviewed")], "a", "model")
    assert parse_tmx_pairs(ours, "a.tmx") == [(PARIS, PARIS_EN)]
    other_tool = (
        '<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4"><header srclang="vi-VN"/>'
        '<body><tu><tuv xml:lang="vi-VN"><seg>Xin <bpt i="1">&lt;b&gt;</bpt>chào<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>'
        '<tuv xml:lang="en-GB"><seg>Hello.</seg></tuv></tu><tu><tuv xml:lang="fr"><seg>Bonjour.</seg></tuv></tu></body></tmx>'
    )
    assert parse_tmx_pairs(other_tool, "x.tmx") == [("Xin chào.", "Hello.")]
    with pytest.raises(InputError, match="declares XML entities"):
        parse_tmx_pairs('<!DOCTYPE tmx [<!ENTITY e "x">]><tmx>&e;</tmx>', "bomb.tmx")
    with pytest.raises(InputError, match=r"broken.tmx:1: not well-formed XML"):
        parse_tmx_pairs("<tmx><body>", "broken.tmx")


def test_the_workbench_offers_the_folders_reviews_and_the_tm_files(folder: Path, tmp_path: Path) -> None:
    from songngu.app.workbench import Workbench, matches

    memory = tmp_path / "partner.tmx"
    memory.write_text(
        format_tmx([SentencePair("9.9", "Xin chào các bạn.", "Hello, friends.", "reviewed")], "p", "m")
    )
    bench = Workbench(folder, GLOSSARY, memories=(memory,))
    found = matches(bench, "b", "1.1")["matches"]
    assert [(m["origin"], m["english"]) for m in found] == [("a 1.1", PARIS_EN)]
    assert found[0]["diff"][0] == ["same", "Hội nghị hợp tác giữa các đô thị Việt Nam và"]
    assert [m["origin"] for m in matches(bench, "b", "2.1")["matches"]] == ["partner.tmx"]
    # A review saved meanwhile is in the next answer (the index follows the files).
    write_po(folder, "c", [("1.1", "Xin chào.", "Hello there.", True)])
    assert matches(bench, "b", "2.1")["matches"][0]["english"] == "Hello there."


def test_a_match_is_shown_under_the_sentence_and_taken_with_a_click_or_alt_1(folder: Path) -> None:
    with serving(folder, GLOSSARY) as server, launched_chromium() as browser:
        page = browser.new_page()
        page.goto(server.url)
        page.wait_for_selector("#rows tr")
        page.select_option("#document", "b")
        page.wait_for_selector("#rows tr[data-id='2.1']")
        row = page.locator("#rows tr[data-id='1.1']")
        row.locator("textarea").click()
        page.wait_for_selector("#rows tr[data-id='1.1'] .matches .match")
        match = row.locator(".matches .match").first
        assert match.locator(".score").inner_text() == f"{row_score(folder)}%"
        assert match.locator("del").all_inner_texts() == ["Pháp", "Hà Nội"]
        assert match.locator("ins").all_inner_texts() == ["Canada", "Huế"]
        match.locator("button").click()
        assert row.locator("textarea").input_value() == PARIS_EN
        row.locator("textarea").fill("")
        row.locator("textarea").press("Alt+1")
        assert row.locator("textarea").input_value() == PARIS_EN
        row.locator("textarea").press("Control+Enter")
        page.wait_for_selector("#message.ok")
    saved = polib.pofile(str(folder / "b.po")).find("1.1", by="msgctxt")
    assert saved.msgstr == PARIS_EN and "fuzzy" not in saved.flags


def row_score(folder: Path) -> int:
    from songngu.app.workbench import Workbench, matches

    return matches(Workbench(folder, GLOSSARY), "b", "1.1")["matches"][0]["score"]


def test_a_match_shows_the_text_as_written_and_100_only_for_the_same_text() -> None:
    """Matches showed tokens ('1 . 500', 'CityNet .') and called them 100% (#32)."""
    index = MatchIndex()
    index.add([MemoryUnit("Có 1.500 người dự hội nghị CityNet.", "1,500 people attended CityNet.", "a 1.1")])
    same_words = index.search("Có 1.500 người dự hội nghị CityNet .")[0]
    assert same_words.score == 99
    assert (
        "".join(text for kind, text in same_words.diff if kind != "ours")
        == "Có 1.500 người dự hội nghị CityNet."
    )
    assert all(" . " not in text for _, text in same_words.diff)
    assert index.search("Có 1.500 người dự hội nghị CityNet.")[0].score == 100
