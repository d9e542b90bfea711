import json
import unicodedata
from pathlib import Path

import pytest

from conftest import GLOSSARY, SEEDS
from songngu.cli.main import main
from songngu.glossary.matching import TermMatcher, one_edit_apart
from songngu.glossary.terms import GlossaryEntry, parse_glossary

GLOSSARY_TEXT = """source	target	kind	variants	note
Liên đoàn đô thị Canada	Federation of Canadian Municipalities	org		
FCM	FCM	org		
PMI LED	PMI LED	programme		
Hiệp hội các đô thị Việt Nam	Association of Cities of Vietnam	org		
Văn phòng Hiệp hội các đô thị Việt Nam	Office of the Association of Cities of Vietnam	org		
Hội đồng tỉnh Val-de-Marne	Val-de-Marne Departmental Council	org		
Hội đồng Vùng Nouvelle-Aquitaine	Nouvelle-Aquitaine Regional Council	org		
Ủy ban hòa giải	Conciliation Committee	org	Uỷ ban hoà giải	
"""


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    return TermMatcher(parse_glossary(GLOSSARY_TEXT))


def targets(matcher: TermMatcher, text: str) -> list[str]:
    return [hit.target for hit in matcher.match(text)]


def test_offsets_point_into_the_nfc_text(matcher: TermMatcher) -> None:
    text = "Đại diện Liên đoàn đô thị Canada (FCM) phát biểu."
    hits = matcher.match(text)
    assert [(text[h.start : h.end], h.fuzzy) for h in hits] == [
        ("Liên đoàn đô thị Canada", False),
        ("FCM", False),
    ]


def test_nfd_input_gives_the_same_hits(matcher: TermMatcher) -> None:
    text = "Hội nghị của Liên đoàn đô thị Canada."
    assert matcher.match(unicodedata.normalize("NFD", text)) == matcher.match(text)


@pytest.mark.parametrize("text", ["Uỷ ban hoà giải", "Ủy ban hòa giải", "UỶ BAN HOÀ GIẢI", "uỷ ban hòa giải"])
def test_old_and_new_tone_placement_and_case(matcher: TermMatcher, text: str) -> None:
    assert targets(matcher, f"Họp {text} hôm nay") == ["Conciliation Committee"]


def test_several_spaces_and_line_break_inside_a_name(matcher: TermMatcher) -> None:
    assert targets(matcher, "của Liên  đoàn\nđô   thị Canada") == ["Federation of Canadian Municipalities"]


def test_vietnamese_case_folding_of_d_with_stroke(matcher: TermMatcher) -> None:
    assert targets(matcher, "LIÊN ĐOÀN ĐÔ THỊ CANADA") == ["Federation of Canadian Municipalities"]


@pytest.mark.parametrize("text", ["fcm", "Fcm", "FCMs", "AFCM", "pmi led"])
def test_acronyms_match_case_sensitively_on_word_boundaries(matcher: TermMatcher, text: str) -> None:
    assert targets(matcher, f"theo {text} năm nay") == []


def test_acronyms_match_when_exact(matcher: TermMatcher) -> None:
    assert targets(matcher, "chương trình PMI LED (FCM)") == ["PMI LED", "FCM"]


def test_longest_match_wins_without_overlap(matcher: TermMatcher) -> None:
    hits = matcher.match("Văn phòng Hiệp hội các đô thị Việt Nam và Hiệp hội các đô thị Việt Nam")
    assert [h.target for h in hits] == [
        "Office of the Association of Cities of Vietnam",
        "Association of Cities of Vietnam",
    ]
    assert hits[0].end < hits[1].start


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Hội dồng tỉnh Val-de-Marne", "Val-de-Marne Departmental Council"),
        ("Hội đồng Vùng Nouvelle-Anquitaine", "Nouvelle-Aquitaine Regional Council"),
    ],
)
def test_one_character_slips_in_long_names_are_fuzzy(matcher: TermMatcher, text: str, target: str) -> None:
    hits = matcher.match(f"cùng {text} ký kết")
    assert [(h.target, h.fuzzy, h.text) for h in hits] == [(target, True, text)]


def test_two_slips_or_short_names_do_not_match(matcher: TermMatcher) -> None:
    assert targets(matcher, "Hội dồng tỉnh Val-de-Marme") == []
    assert targets(matcher, "Uỷ bam hoà giảy") == []
    assert targets(matcher, "FCN và PMI LEF") == []  # acronyms never match fuzzily
    assert targets(matcher, "Uỷ ban hoà giảy") == ["Conciliation Committee"]


def test_one_edit_apart() -> None:
    assert one_edit_apart("aquitaine", "anquitaine")
    assert one_edit_apart("đông", "dông")
    assert not one_edit_apart("abc", "abc")
    assert not one_edit_apart("abcd", "abdc")


def test_project_glossary_finds_the_seed_typos() -> None:
    from songngu.documents.reader import read_document
    from songngu.documents.segment import segment_document
    from songngu.glossary.terms import load_glossary

    matcher = TermMatcher(load_glossary(GLOSSARY))
    document = read_document(SEEDS / "001_fcb7318a1ebb5922.txt")
    fuzzy = [h.text for s in segment_document(document) for h in matcher.match(s.text) if h.fuzzy]
    assert fuzzy == ["Hội đồng Vùng Nouvelle-Anquitaine", "Hội dồng tỉnh Val-de-Marne"]


def test_match_json_shape(tmp_path: Path, capsys) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text(GLOSSARY_TEXT, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("Tiêu đề FCM\nCâu một. Theo Liên đoàn đô thị Canada thì.\n", encoding="utf-8")
    assert main(["glossary", "match", str(doc), "--glossary", str(glossary), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits == [
        {
            "segment": "1.1",
            "start": 8,
            "end": 11,
            "text": "FCM",
            "source": "FCM",
            "target": "FCM",
            "fuzzy": False,
        },
        {
            "segment": "2.2",
            "start": 5,
            "end": 28,
            "text": "Liên đoàn đô thị Canada",
            "source": "Liên đoàn đô thị Canada",
            "target": "Federation of Canadian Municipalities",
            "fuzzy": False,
        },
    ]


def many_names(count: int) -> str:
    """A glossary of ``count`` distinct three-word names over a vocabulary of 48 syllables."""
    words = [
        "Hội",
        "đồng",
        "Sở",
        "Ban",
        "Viện",
        "Trung",
        "tâm",
        "Quỹ",
        "phát",
        "triển",
        "đô",
        "thị",
        "xanh",
        "Liên",
        "minh",
        "Hiệp",
        "hội",
        "Cục",
        "Vụ",
        "Tổng",
        "Công",
        "ty",
        "Mạng",
        "lưới",
        "Dự",
        "án",
        "Chương",
        "trình",
        "Quốc",
        "gia",
        "Thành",
        "phố",
        "Tỉnh",
        "Huyện",
        "Xã",
        "Phường",
        "Khu",
        "Kinh",
        "tế",
        "Văn",
        "hóa",
        "Giáo",
        "dục",
        "Y",
        "tế",
        "Nông",
        "nghiệp",
        "Môi",
    ]
    names = [f"{words[i % 48]} {words[(i // 48) % 48]} {words[(i // 2304) % 48]} {i}" for i in range(count)]
    return "source\ttarget\tkind\tvariants\tnote\n" + "".join(
        f"{n}\tName {i}\torg\t\t\n" for i, n in enumerate(names)
    )


def test_matching_work_grows_with_the_text_not_the_glossary(monkeypatch) -> None:
    from songngu.glossary import matching
    from songngu.glossary.terms import parse_glossary

    name = many_names(100).splitlines()[43].split("\t")[0]  # entry 42, in both glossaries
    first = name.split()[0]
    slipped = name.replace(first, first[:-1] + "x", 1)  # one slipped letter in the first word
    sentence = f"Đại diện {name} và {slipped} họp tại Hà Nội về phát triển đô thị xanh."
    comparisons: list[int] = []
    original = matching._Pattern.token_matches

    def counted(self, index, token):
        comparisons.append(1)
        return original(self, index, token)

    monkeypatch.setattr(matching._Pattern, "token_matches", counted)
    work = []
    for size in (100, 5_000):
        matcher = TermMatcher(parse_glossary(many_names(size)))
        comparisons.clear()
        hits = matcher.match(sentence)
        work.append(len(comparisons))
        assert [(h.target, h.fuzzy) for h in hits] == [("Name 42", False), ("Name 42", True)]
    # Trying every fuzzy pattern at every position compared tokens ~ glossary x text times.
    assert work[1] <= 3 * work[0] + 50


def test_import_work_grows_with_the_import_not_the_glossary(monkeypatch) -> None:
    from songngu.glossary import exchange
    from songngu.glossary.terms import parse_glossary

    glossary = parse_glossary(many_names(3_000))
    rows = [GlossaryEntry(f"Tên mới số {i}", f"New name {i}") for i in range(500)]
    calls: list[int] = []
    original = exchange.name_key
    monkeypatch.setattr(exchange, "name_key", lambda text: calls.append(1) or original(text))
    result = exchange.import_terms(glossary, rows)
    assert len(result.added) == 500
    assert len(calls) < 2 * (3_000 + 500)  # one pass over the glossary, one look-up per row
