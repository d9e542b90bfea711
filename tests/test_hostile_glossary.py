"""Crafted glossary files: nothing a CSV, TBX or command-line field holds can add entries or break terms.tsv."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from songngu.cli.main import main
from songngu.errors import SongnguError
from songngu.glossary.exchange import export_csv, export_tbx, import_terms, parse_csv, parse_tbx
from songngu.glossary.hits import find_hits
from songngu.glossary.matching import TermMatcher
from songngu.glossary.terms import (
    HEADER,
    Glossary,
    GlossaryEntry,
    add_entry,
    clean_entry,
    format_glossary,
    load_glossary,
    parse_glossary,
)

EMPTY = "\t".join(HEADER) + "\n"


@pytest.fixture()
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "terms.tsv"
    path.write_text(EMPTY + "# partner names\nBộ Y tế\tMinistry of Health\torg\t\t\n", encoding="utf-8")
    return path


def rows(path: Path) -> list[tuple[str, str, str, tuple[str, ...], str]]:
    return [(e.source, e.target, e.kind, e.variants, e.note) for e in load_glossary(path).entries]


def test_tbx_note_with_tab_and_line_break_adds_no_entry(glossary: Path, tmp_path: Path, capsys) -> None:
    tbx = tmp_path / "partner.tbx"
    tbx.write_text(
        '<?xml version="1.0"?><martif type="TBX-Basic"><text><body><termEntry>'
        "<note>Official&#10;Evil\tEvil Org\torg\t\t&#9;x</note>"
        '<langSet xml:lang="vi"><tig><term>Bộ Tài chính</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>Ministry of Finance</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    assert main(["glossary", "--glossary", str(glossary), "import", str(tbx)]) == 0
    out = capsys.readouterr().out
    assert rows(glossary) == [
        ("Bộ Y tế", "Ministry of Health", "org", (), ""),
        ("Bộ Tài chính", "Ministry of Finance", "other", (), "Official Evil Evil Org org x"),
    ]
    assert "new entry: 'Bộ Tài chính' -> 'Ministry of Finance' (other)" in out
    assert main(["glossary", "--glossary", str(glossary), "check"]) == 0


def test_csv_cell_with_a_line_break_adds_no_entry(glossary: Path, tmp_path: Path) -> None:
    csv = tmp_path / "partner.csv"
    csv.write_text('"Bộ Tài chính","Ministry of Finance\nEvil\tEvil Org"\n', encoding="utf-8")
    assert main(["glossary", "--glossary", str(glossary), "import", str(csv)]) == 0
    assert [r[:2] for r in rows(glossary)] == [
        ("Bộ Y tế", "Ministry of Health"),
        ("Bộ Tài chính", "Ministry of Finance Evil Evil Org"),
    ]


def test_add_with_a_tab_in_the_note_keeps_the_file_loadable(glossary: Path) -> None:
    argv = ["glossary", "--glossary", str(glossary), "add", "Bộ Tài chính", "Ministry of Finance"]
    assert main([*argv, "--note", "a\tb\nEvil\tEvil"]) == 0
    assert rows(glossary)[-1] == ("Bộ Tài chính", "Ministry of Finance", "other", (), "a b Evil Evil")


@pytest.mark.parametrize(
    ("source", "variant", "words"),
    [
        ("Bộ | Tài chính", "", "'|'"),
        ("#Bộ Tài chính", "", "starts with '#'"),
        ("Bộ Tài chính", "Bộ\x01TC", "U+0001"),
    ],
)
def test_names_that_terms_tsv_cannot_hold_are_refused(
    glossary: Path, capsys, source: str, variant: str, words: str
) -> None:
    before = glossary.read_bytes()
    argv = ["glossary", "--glossary", str(glossary), "add", source, "Ministry of Finance"]
    assert main([*argv, *(["--variant", variant] if variant else [])]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert glossary.read_bytes() == before


def test_tbx_with_entity_declarations_is_refused(glossary: Path, tmp_path: Path, capsys) -> None:
    tbx = tmp_path / "bomb.tbx"
    tbx.write_text(
        '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        '<martif><text><body><termEntry><langSet xml:lang="vi"><tig><term>&b;</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>',
        encoding="utf-8",
    )
    before = glossary.read_bytes()
    assert main(["glossary", "--glossary", str(glossary), "import", str(tbx)]) == 2
    err = capsys.readouterr().err
    assert "declares XML entities" in err and err.count("\n") == 1
    assert glossary.read_bytes() == before


def test_a_tbx_with_a_dtd_reference_still_imports(glossary: Path, tmp_path: Path) -> None:
    tbx = tmp_path / "plain.tbx"
    text = export_tbx(parse_glossary(EMPTY + "Bộ Tài chính\tMinistry of Finance\torg\t\t\n"))
    tbx.write_text(text.replace("?>\n", '?>\n<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n', 1), "utf-8")
    assert main(["glossary", "--glossary", str(glossary), "import", str(tbx)]) == 0
    assert rows(glossary)[-1][:2] == ("Bộ Tài chính", "Ministry of Finance")


def test_a_line_separator_in_a_note_does_not_split_the_entry() -> None:
    glossary = parse_glossary(EMPTY + "Bộ Tài chính\tMinistry of Finance\torg\t\tsee\u2028also\x85this\n")
    assert len(glossary.entries) == 1 and glossary.entries[0].note == "see\u2028also\x85this"


def test_a_term_inside_a_url_or_number_yields_to_it() -> None:
    glossary = parse_glossary(EMPTY + "TTXVN\tVietnam News Agency\torg\t\t\n12\tTwelve\tother\t\t\n")
    text = "Xem https://baotintuc.vn/TTXVN/bai-12.htm và TTXVN, 12.500 người."
    hits = find_hits(text, TermMatcher(glossary))
    assert [(h.kind, h.target) for h in hits] == [
        ("url", "https://baotintuc.vn/TTXVN/bai-12.htm"),
        ("org", "Vietnam News Agency"),
        ("number", "12,500"),  # as English writes it
    ]


# ---------------------------------------------------------------- property: what goes in comes back

FIELD = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


def given_entries(draw_entries: list[tuple[str, str, str, list[str]]]) -> list[GlossaryEntry]:
    return [GlossaryEntry(s, t, "org", tuple(v), n) for s, t, n, v in draw_entries]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(FIELD, FIELD, FIELD, st.lists(FIELD, max_size=2)), max_size=4))
@example(raw=[("è", "0", "", ["È"])])  # a variant that is its source to the matcher: stored once
def test_any_fields_through_add_export_import_come_back_exactly(raw: list) -> None:
    glossary = parse_glossary(EMPTY)
    accepted: list[GlossaryEntry] = []
    for entry in given_entries(raw):
        try:
            glossary = add_entry(glossary, entry)
        except SongnguError as error:
            assert "\n" not in str(error)
            continue
        accepted.append(clean_entry(entry))
    expected = [(e.source, e.target, e.kind, e.variants, e.note) for e in accepted]
    # add -> save -> load
    reloaded = parse_glossary(format_glossary(glossary))
    assert [(e.source, e.target, e.kind, e.variants, e.note) for e in reloaded.entries] == expected
    # export TBX -> import into an empty glossary -> save -> load
    if accepted:
        imported = import_terms(parse_glossary(EMPTY), parse_tbx(export_tbx(glossary), "x.tbx"))
        assert not imported.conflicts
        again = parse_glossary(format_glossary(imported.glossary))
        pairs = {(name, e.target) for e in again.entries for name in e.sources}
        assert pairs == {(name, e.target) for e in accepted for name in e.sources}
        assert len(again.entries) <= len(accepted)
        # export CSV -> import: the same (name, target) pairs
        from_csv = import_terms(parse_glossary(EMPTY), parse_csv(export_csv(glossary), "x.csv"))
        assert not from_csv.conflicts
        assert {(n, e.target) for e in from_csv.glossary.entries for n in e.sources} == pairs


def test_glossary_with_only_its_header_round_trips() -> None:
    assert format_glossary(Glossary(rows=(EMPTY.rstrip("\n"),))) == EMPTY
