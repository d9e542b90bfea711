import pytest

from songngu.glossary.hits import merge_hits
from songngu.glossary.matching import TermHit
from songngu.glossary.rules import rule_hits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 7/4/2020, FCM", [("7/4/2020", "7 April 2020", "date")]),
        ("Sáng nay (14-4), tại", [("14-4", "14 April", "date")]),
        ("Chiều 21-11, tại TP", [("21-11", "21 November", "date")]),
        ("từ ngày 11-10-2005 và", [("11-10-2005", "11 October 2005", "date")]),
        ("Đơn cử, tháng 7-2015, UBND", [("tháng 7-2015", "July 2015", "date")]),
        ("Ngày 13/3, tại", [("13/3", "13 March", "date")]),
        (
            "khảo sát https://www.mentimeter.com/ của",
            [("https://www.mentimeter.com/", "https://www.mentimeter.com/", "url")],
        ),
        ("gửi thư tới vanphong@acvn.vn.", [("vanphong@acvn.vn", "vanphong@acvn.vn", "email")]),
        (
            "có 161 đại biểu, tỷ lệ 1,5 và 2.000",
            [("161", "161", "number"), ("1,5", "1.5", "number"), ("2.000", "2,000", "number")],
        ),
        # Vietnamese numbers come out as English writes them (they were forced in Vietnamese form).
        (
            "1.500 người, 2,5 triệu, 18,5%, 1.234.567,89 đồng",
            [
                ("1.500", "1,500", "number"),
                ("2,5", "2.5", "number"),
                ("18,5", "18.5", "number"),
                ("1.234.567,89", "1,234,567.89", "number"),
            ],
        ),
        (
            "bản 3.5, mã 0243.123 và 1,234,567",
            [
                ("3.5", "3.5", "number"),
                ("0243.123", "0243.123", "number"),
                ("1,234,567", "1,234,567", "number"),
            ],
        ),
        # A written-out date is one span and one English date, not three numbers.
        ("ngày 3 tháng 4 năm 2024, tại", [("3 tháng 4 năm 2024", "3 April 2024", "date")]),
        ("Sáng 15 tháng 10, hội nghị", [("15 tháng 10", "15 October", "date")]),
        ("Trong tháng 4 năm 2024 có", [("tháng 4 năm 2024", "April 2024", "date")]),
        (
            "tỷ số 3-2 và 45/13",
            [("3", "3", "number"), ("2", "2", "number"), ("45", "45", "number"), ("13", "13", "number")],
        ),
    ],
)
def test_rule_hits(text: str, expected: list[tuple[str, str, str]]) -> None:
    hits = rule_hits(text)
    assert [(h.text, h.target, h.kind) for h in hits] == expected
    assert all(text[h.start : h.end] == h.text for h in hits)


def test_glossary_hits_win_over_rules() -> None:
    glossary = [TermHit(0, 10, "COVID – 19", "COVID – 19", "COVID-19")]
    assert merge_hits(glossary, rule_hits("COVID – 19 năm 2020")) == [
        glossary[0],
        *rule_hits("COVID – 19 năm 2020")[1:],
    ]


def test_only_text_with_letters_goes_to_the_model() -> None:
    from songngu.documents.text import has_words
    from songngu.translation.requests import build_request

    assert not has_words("33") and not has_words("1.500 – 2.000 (%)") and has_words("33 tỷ")
    assert build_request("1.500", rule_hits("1.500")).model_input == "1,500"  # copied in English form
