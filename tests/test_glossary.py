import hashlib
from pathlib import Path

import pytest

from conftest import GLOSSARY, SEEDS
from songngu.cli.main import main
from songngu.glossary.terms import check_glossary, load_glossary, parse_glossary

HEADER = "source\ttarget\tkind\tvariants\tnote\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_project_glossary_passes_check_and_covers_seed_names() -> None:
    assert main(["glossary", "--glossary", str(GLOSSARY), "check"]) == 0
    sources = {e.source for e in load_glossary(GLOSSARY).entries}
    assert {"Liên đoàn đô thị Canada", "ACVN", "PMI LED", "MPED", "CityNet", "Thượng viện Pháp"} <= sources


def test_check_reports_each_problem_with_its_line(tmp_path: Path) -> None:
    text = HEADER + (
        "FCM\tFCM\torg\t\t\n"  # line 2
        "FCM\tFederation\torg\t\t\n"  # 3: duplicate, two targets
        "Hà Nội\tHà Nội\tcity\t\t\n"  # 4: unknown kind
        "Quốc hội\t\torg\t\t\n"  # 5: empty target
        "Ha\u0300 Tây\tHà Tây\tplace\t\t\n"  # 6: not NFC
        "Bộ  Chính trị\tPolitburo \torg\t\t\n"  # 7: stray spaces
        "Thành ủy\tParty Committee\torg\tFCM\t\n"  # 8: variant claimed by two entries
    )
    problems = {
        (p.line, p.message.split(" ")[0] + " " + p.message.split(" ")[1])
        for p in check_glossary(parse_glossary(text))
    }
    lines = {line for line, _ in problems}
    assert lines == {2, 3, 4, 5, 6, 7, 8} - {2} | {2}  # line 2 owns the "two targets" report
    path = tmp_path / "terms.tsv"
    path.write_text(text, encoding="utf-8")
    assert main(["glossary", "--glossary", str(path), "check"]) == 1


def test_check_messages(tmp_path: Path, capsys) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text(HEADER + "FCM\tFCM\torg\t\t\nFCM\tFCM\torgg\t\t\n", encoding="utf-8")
    assert main(["glossary", "--glossary", str(path), "check"]) == 1
    out = capsys.readouterr().out
    assert f"{path}:3: duplicate source 'FCM' (first on line 2)" in out
    assert f"{path}:3: unknown kind 'orgg'" in out


def test_check_lists_every_malformed_line_not_only_the_first(tmp_path: Path, capsys) -> None:
    """check stopped at the first line with the wrong number of fields."""
    path = tmp_path / "terms.tsv"
    path.write_text(
        HEADER + "only one field\nFCM\tFCM\torg\t\t\na\tb\tc\td\te\tf\nFCM\tFCM\torg\t\t\n", "utf-8"
    )
    assert main(["glossary", "--glossary", str(path), "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert "found 1" in lines[0] and "found 6" in lines[1] and "duplicate source 'FCM'" in lines[2]
    # Every other command still refuses such a file, at its first bad line.
    assert main(["glossary", "--glossary", str(path), "list"]) == 2
    assert capsys.readouterr().err.startswith(f"songngu: {path}:2: expected 2 to 5 tab-separated fields")


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["add", "FCM", "Something else"], 1),  # refused by what the glossary holds: 1
        (["remove", "Không có"], 1),
        (["set", "Không có", "--target", "x"], 1),
        (["set", "FCM", "--remove-variant", "Không có"], 1),  # was 2, unlike its neighbours
        (["set", "FCM"], 2),  # bad usage: 2
        (["set", "FCM", "--variant", "a", "--add-variant", "b"], 2),
        (["add", "Bộ Y tế", "  "], 2),
    ],
)
def test_refused_edits_exit_1_and_bad_usage_exits_2(glossary_copy: Path, argv: list[str], code: int) -> None:
    assert main(["glossary", "--glossary", str(glossary_copy), *argv]) == code


def test_add_remove_set_keep_order_and_comments(glossary_copy: Path) -> None:
    before = glossary_copy.read_text("utf-8")
    assert (
        main(
            [
                "glossary",
                "--glossary",
                str(glossary_copy),
                "add",
                "Bộ Y tế",
                "Ministry of Health",
                "--kind",
                "org",
                "--variant",
                "Bộ y tế Việt Nam",
            ]
        )
        == 0
    )
    after = glossary_copy.read_text("utf-8")
    assert after.startswith(before)  # nothing above moved, comments kept
    assert after.endswith("Bộ Y tế\tMinistry of Health\torg\tBộ y tế Việt Nam\t\n")
    assert (
        main(
            [
                "glossary",
                "--glossary",
                str(glossary_copy),
                "set",
                "Bộ Y tế",
                "--target",
                "Ministry of Health of Vietnam",
            ]
        )
        == 0
    )
    assert load_glossary(glossary_copy).find("bộ y tế").target == "Ministry of Health of Vietnam"
    assert main(["glossary", "--glossary", str(glossary_copy), "remove", "Bộ Y tế"]) == 0
    assert glossary_copy.read_text("utf-8") == before


@pytest.mark.parametrize(
    "argv",
    [
        ["add", "FCM", "Something else"],  # already there
        ["add", "City Net", "CityNet"],  # already a variant
        ["add", "Bộ Y tế", "Ministry of Health", "--kind", "ministry"],  # bad kind (argparse)
        ["remove", "Không có"],
        ["set", "Không có", "--target", "x"],
        ["set", "FCM"],  # nothing to change
    ],
)
def test_failing_edits_change_nothing(glossary_copy: Path, argv: list[str], capsys) -> None:
    before = digest(glossary_copy)
    with pytest.raises(SystemExit) if "--kind" in argv else _no_raise():
        code = main(["glossary", "--glossary", str(glossary_copy), *argv])
        assert code != 0
        err = capsys.readouterr().err
        assert err.startswith("songngu: ") and err.count("\n") == 1
    assert digest(glossary_copy) == before
    # No temp file is left; the glossary's lock file stays, as lock files do.
    assert {p.name for p in glossary_copy.parent.iterdir()} <= {"terms.tsv", ".terms.tsv.lock"}


class _no_raise:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


def test_malformed_glossary_is_one_line_with_the_line_number(tmp_path: Path, capsys) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text(HEADER + "only one field\n", encoding="utf-8")
    assert main(["glossary", "--glossary", str(path), "list"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"songngu: {path}:2: expected 2 to 5 tab-separated fields (source, target, kind, variants, note), "
        "found 1; separate fields with one tab"
    )


def test_list_filters(capsys) -> None:
    assert (
        main(["glossary", "--glossary", str(GLOSSARY), "list", "--kind", "programme", "--grep", "mped"]) == 0
    )
    out = capsys.readouterr().out
    assert "Municipal Partnership for Economic Development" in out and "MPED" in out
    assert "Federation of Canadian Municipalities" not in out


def test_csv_round_trip_and_conflicts(glossary_copy: Path, tmp_path: Path, capsys) -> None:
    exported = tmp_path / "terms.csv"
    assert main(["glossary", "--glossary", str(glossary_copy), "export", str(exported)]) == 0
    rows = exported.read_text("utf-8").splitlines()
    assert "CityNet,CityNet" in rows and "City Net,CityNet" in rows  # variants get rows of their own

    empty = tmp_path / "empty.tsv"
    empty.write_text(HEADER, encoding="utf-8")
    assert main(["glossary", "--glossary", str(empty), "import", str(exported)]) == 0
    original, imported = load_glossary(glossary_copy), load_glossary(empty)
    assert {(e.target, frozenset(e.sources)) for e in imported.entries} == {
        (e.target, frozenset(e.sources)) for e in original.entries
    }

    conflicting = tmp_path / "conflict.csv"
    conflicting.write_text("vi,en\nFCM,Canadian Federation\nBộ Y tế,Ministry of Health\n", encoding="utf-8")
    before = digest(glossary_copy)
    assert main(["glossary", "--glossary", str(glossary_copy), "import", str(conflicting)]) == 1
    assert "'FCM' -> 'Canadian Federation', but the glossary has 'FCM'" in capsys.readouterr().err
    assert digest(glossary_copy) == before
    assert (
        main(["glossary", "--glossary", str(glossary_copy), "import", str(conflicting), "--skip-conflicts"])
        == 0
    )
    glossary = load_glossary(glossary_copy)
    assert glossary.find("FCM").target == "FCM" and glossary.find("Bộ Y tế").target == "Ministry of Health"


def test_tbx_round_trip(glossary_copy: Path, tmp_path: Path) -> None:
    exported = tmp_path / "terms.tbx"
    assert main(["glossary", "--glossary", str(glossary_copy), "export", str(exported)]) == 0
    text = exported.read_text("utf-8")
    assert (
        "<martif" in text
        and 'xml:lang="vi"' in text
        and "<term>Federation of Canadian Municipalities</term>" in text
    )
    empty = tmp_path / "empty.tsv"
    empty.write_text(HEADER, encoding="utf-8")
    assert main(["glossary", "--glossary", str(empty), "import", str(exported)]) == 0
    assert [(e.source, e.target, e.kind, e.variants, e.note) for e in load_glossary(empty).entries] == [
        (e.source, e.target, e.kind, tuple(v.strip() for v in e.variants), e.note)
        for e in load_glossary(glossary_copy).entries
    ]


def test_import_rejects_bad_files(glossary_copy: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif><text><body><termEntry>", encoding="utf-8")
    assert main(["glossary", "--glossary", str(glossary_copy), "import", str(bad)]) == 2
    assert "not well-formed XML" in capsys.readouterr().err
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("only-one-column\n", encoding="utf-8")
    assert main(["glossary", "--glossary", str(glossary_copy), "import", str(bad_csv)]) == 2
    assert f"{bad_csv}:1: expected 'source,target'" in capsys.readouterr().err


def test_suggest_finds_missing_names_with_counts(tmp_path: Path, capsys) -> None:
    small = tmp_path / "terms.tsv"
    small.write_text(HEADER + "FCM\tFCM\torg\t\t\n", encoding="utf-8")
    assert (
        main(["glossary", "--glossary", str(small), "suggest", *map(str, sorted(SEEDS.glob("*.txt")))]) == 0
    )
    out = capsys.readouterr().out
    assert "Hiệp hội các đô thị Việt Nam (ACVN)" in out  # expansion + acronym
    assert "Viện Giao thông Vận tải Hàn Quốc" in out  # capitalised name
    assert "MPED" in out and "FCM  " not in out  # acronyms, known ones left out
    assert (
        main(
            [
                "glossary",
                "--glossary",
                str(GLOSSARY),
                "suggest",
                str(SEEDS / "004_95d0cc854cd163db.txt"),
                "--json",
            ]
        )
        == 0
    )
    assert "Viện Giao thông Vận tải Hàn Quốc" not in capsys.readouterr().out


def test_csv_with_carriage_return_line_ends_imports(tmp_path: Path, capsys) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text(HEADER, encoding="utf-8")
    spreadsheet = tmp_path / "mac.csv"  # classic Mac line ends, as some spreadsheet exports write them
    spreadsheet.write_bytes("vi,en\rBộ Y tế,Ministry of Health\r".encode())
    assert main(["glossary", "--glossary", str(glossary), "import", str(spreadsheet)]) == 0
    assert "imported: new entries 1, new variants 0;" in capsys.readouterr().out
    assert [(e.sources, e.target) for e in load_glossary(glossary).entries] == [
        (("Bộ Y tế",), "Ministry of Health")
    ]


def test_csv_error_names_the_line_where_a_quoted_cell_spans_lines(tmp_path: Path, capsys) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text(HEADER, encoding="utf-8")
    spreadsheet = tmp_path / "quoted.csv"
    spreadsheet.write_text('vi,en\n"Bộ\nY tế",Ministry of Health\nUBND,\n', encoding="utf-8")
    assert main(["glossary", "--glossary", str(glossary), "import", str(spreadsheet)]) == 2
    err = capsys.readouterr().err
    assert f"{spreadsheet}:4:" in err and err.count("\n") == 1  # line 4 of the file, the third row


def test_import_starts_a_new_glossary_file(tmp_path: Path, capsys) -> None:
    """`glossary import` into a file that does not exist yet said "glossary not found"."""
    csv = tmp_path / "partner.csv"
    csv.write_text("Hiệp hội Đô thị Việt Nam,Association of Cities of Vietnam\n", encoding="utf-8")
    new = tmp_path / "new" / "terms.tsv"
    assert main(["glossary", "--glossary", str(new), "import", str(csv)]) == 0
    assert [(e.source, e.target) for e in load_glossary(new).entries] == [
        ("Hiệp hội Đô thị Việt Nam", "Association of Cities of Vietnam")
    ]
    assert check_glossary(load_glossary(new)) == []


def test_suggest_ends_candidates_on_name_boundaries_and_leaves_known_terms_out(capsys) -> None:
    """It suggested "Chủ tịch Ủy", "Theo Phó Thủ tướng Chính phủ Trần Lưu Quang" and the like:
    precision on the seeds was 0.51 against the hand-labelled names in tests/data."""
    import json

    from conftest import DATA

    assert main(["glossary", "--glossary", str(GLOSSARY), "suggest", str(SEEDS), "--json"]) == 0
    suggested = [s["text"] for s in json.loads(capsys.readouterr().out)]
    names = {
        line.strip()
        for line in (DATA / "suggest_names.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    precision = sum(text in names for text in suggested) / len(suggested)
    assert precision >= 0.9, [text for text in suggested if text not in names]
    for junk in ("Chủ tịch Ủy", "Hội nghị Hợp", "Toàn cảnh Lễ", "Bà Catherine Deroche"):
        assert junk not in suggested
    assert "Catherine Deroche" in suggested and "Trần Lưu Quang" in suggested  # the name, not its title
    known = {name.casefold() for entry in load_glossary(GLOSSARY).entries for name in entry.sources}
    assert not [text for text in suggested if text.casefold() in known]


def test_remove_variant_removes_that_spelling_only_and_says_so(tmp_path: Path, capsys) -> None:
    """--remove-variant "Hà Nam" also removed "Hạ Nam": variants were compared with tone marks stripped."""
    path = tmp_path / "terms.tsv"
    path.write_text(
        HEADER + "Sở Ngoại vụ\tDepartment of Foreign Affairs\torg\tHà Nam | Hạ Nam | HÀ  NAM\t\n", "utf-8"
    )
    assert (
        main(["glossary", "--glossary", str(path), "set", "Sở Ngoại vụ", "--remove-variant", "hà nam"]) == 0
    )
    # The same name (case and spaces aside) goes, "HÀ  NAM" with it; the other place stays.
    assert load_glossary(path).find("Sở Ngoại vụ").variants == ("Hạ Nam",)
    out = capsys.readouterr().out
    assert (
        "removed variant 'Hà Nam'" in out
        and "removed variant 'HÀ  NAM'" in out
        and "'Hạ Nam'" not in out.split("variants now")[0]
    )


def test_a_glossary_saved_as_unicode_text_by_a_spreadsheet_loads(tmp_path: Path, capsys) -> None:
    """A UTF-16 glossary (Excel's "Unicode text") failed with 'not UTF-8', though documents read it."""
    path = tmp_path / "terms.tsv"
    path.write_bytes(b"\xff\xfe" + (HEADER + "Bộ Y tế\tMinistry of Health\torg\t\t\n").encode("utf-16-le"))
    assert main(["glossary", "--glossary", str(path), "list"]) == 0
    assert "Ministry of Health" in capsys.readouterr().out
    nul = tmp_path / "nul.tsv"
    nul.write_bytes(HEADER.encode() + b"B\x00 Y t\n")
    assert main(["glossary", "--glossary", str(nul), "list"]) == 2
    assert capsys.readouterr().err.startswith(f"songngu: {nul}:2: binary data (NUL byte)")


@pytest.mark.parametrize("target", ["=1+1", "+SUM(A1)", "-cmd", "@A1", "'=already"])
def test_export_neutralises_formulas_and_import_reads_them_back(
    glossary_copy: Path, tmp_path: Path, target: str
) -> None:
    """glossary export wrote cells starting with = + - @ raw: a spreadsheet runs them (OWASP CSV injection)."""
    import csv

    assert main(["glossary", "--glossary", str(glossary_copy), "add", "--", "Tên thử", target]) == 0
    for preset in ([], ["--preset", "deepl"]):
        exported = tmp_path / f"terms{len(preset)}.csv"
        assert main(["glossary", "--glossary", str(glossary_copy), "export", str(exported), *preset]) == 0
        cells = [row[1] for row in csv.reader(exported.open(encoding="utf-8")) if row and row[0] == "Tên thử"]
        assert cells == ["'" + target]
        fresh = tmp_path / f"fresh{len(preset)}.tsv"
        assert main(["glossary", "--glossary", str(fresh), "import", str(exported)]) == 0
        assert next(e for e in load_glossary(fresh).entries if e.source == "Tên thử").target == target


def test_glossary_add_stores_nfc_and_ignores_zero_width_spaces(glossary_copy: Path, capsys) -> None:
    """An NFD source was stored as typed (then glossary check failed), and 'ACVN\\u200b' was a second term."""
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Sở Ngoại vụ Huế")
    assert (
        main(["glossary", "--glossary", str(glossary_copy), "add", nfd, "Hue Department of Foreign Affairs"])
        == 0
    )
    assert main(["glossary", "--glossary", str(glossary_copy), "check"]) == 0
    assert load_glossary(glossary_copy).find("Sở Ngoại vụ Huế") is not None
    capsys.readouterr()
    assert main(["glossary", "--glossary", str(glossary_copy), "add", "ACVN\u200b", "Other"]) == 1
    assert "'ACVN' is already in the glossary" in capsys.readouterr().err


def test_an_import_conflict_within_the_file_names_both_lines(
    glossary_copy: Path, tmp_path: Path, capsys
) -> None:
    """The second of two rows for one new name said 'the glossary has … (line 0)'."""
    rows = tmp_path / "new.csv"
    rows.write_text("Tên mới,New Name\nTên mới,Another Name\n", encoding="utf-8")
    assert main(["glossary", "--glossary", str(glossary_copy), "import", str(rows)]) == 1
    err = capsys.readouterr().err
    assert "line 2: 'Tên mới' -> 'Another Name', but line 1 of this import gives 'New Name'" in err
    assert "line 0" not in err
