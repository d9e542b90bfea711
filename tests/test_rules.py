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
            [("161", "161", "number"), ("1,5", "1,5", "number"), ("2.000", "2.000", "number")],
        ),
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
