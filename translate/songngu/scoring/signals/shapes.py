"""The shapes of what one edition alone carries: captions, credits, related-news lists, bylines,
pull quotes, repeated headlines, short unpunctuated lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

_ONE_EDITION_ONLY = re.compile(
    r"\bẢnh\s*:|^\(?\s*ảnh\b|\bphoto\s*:|^\(?\s*photo\b|^tin liên quan|^xem thêm|^related (news|articles|stories)"
    r"|^related\s*:|^read more|^see also|^\(?nguồn\s*:|^source\s*:|^media contact",
    re.IGNORECASE,
)
# "(Theo TTXVN)", "By Minh Anh": a credit is a short line, and the name's capital matters ("Theo thông
# báo…" is a sentence, and so is "Theo Phó Thủ tướng …, cơ chế …" however it starts).
_CREDIT = re.compile(r"^by (?-i:[A-Z])|^\(?theo (?-i:[A-ZĐ])", re.IGNORECASE)
CREDIT_UNDER = 60  # characters
_LIST_HEAD = re.compile(
    r"^(tin liên quan|xem thêm|related (news|articles|stories)|read more|see also)", re.IGNORECASE
)
_WORD = re.compile(r"\w+")
_PULL_QUOTE = re.compile(r"^[“\"«].*[”\"»]$|^[“\"«].*…[”\"»]?$")


def boilerplate_scores(sentences: Sequence[str]) -> list[float]:
    """How much each sentence looks like what only one edition carries, from 0 to 1.

    Captions and photo credits, related-news and see-also lines, bylines and sources score 1;
    a pull quote (a sentence wholly in quotation marks) 0.9; a sentence the document already
    had (a repeated headline) 0.6; a short line without final punctuation (a caption, a
    headline of a list) 0.5. Real headings look like that too, so 0.5 only tips the balance.
    """
    seen: set[str] = set()
    scores = []
    in_list = False  # the lines after "Tin liên quan" / "Related news" are the list's headlines
    for sentence in sentences:
        text = sentence.strip()
        key = text.rstrip(".!?…").casefold()
        short_line = len(text) < 100 and not text.endswith((".", "!", "?", "…", "”", '"', ":", ";"))
        score = 0.0
        if _ONE_EDITION_ONLY.search(text) or (len(text) < CREDIT_UNDER and _CREDIT.search(text)):
            score = 1.0
            in_list = bool(_LIST_HEAD.search(text))
        elif in_list and short_line:
            score = 1.0
        elif _PULL_QUOTE.match(text):
            score = 0.9
        elif key in seen:
            score = 0.6
        elif short_line and len(text) < 80:
            score = 0.5
        if score < 1.0:
            in_list = False
        seen.add(key)
        scores.append(score)
    return scores


# A line is an echo of a sentence near it when most of its words are in that sentence and it is
# clearly the shorter of the two: a pull quote or subheading restating the body ("Những năm qua, TP
# … đã phối hợp tích cực với …" above the sentence that says it at length).
ECHO_WITHIN = 3  # sentences on either side
ECHO_CONTAINED = 0.75  # of the line's words
ECHO_SHORTER = 0.8  # of the echoed sentence's words at most
ECHO_SCORE = 0.9


def echo_scores(sentences: Sequence[str]) -> list[float]:
    # Digits count, unlike the word table's words(): "lần thứ 12" and "14/4" are what make two
    # sentences about one event different sentences (without them the lead of seed 002 is an "echo").
    bags = [set(_WORD.findall(s.casefold())) for s in sentences]
    scores = []
    for i, bag in enumerate(bags):
        near = range(max(0, i - ECHO_WITHIN), min(len(bags), i + ECHO_WITHIN + 1))
        echoed = len(bag) >= 4 and any(
            k != i
            and len(bag) <= ECHO_SHORTER * len(bags[k])
            and len(bag & bags[k]) >= ECHO_CONTAINED * len(bag)
            for k in near
        )
        scores.append(ECHO_SCORE if echoed else 0.0)
    return scores
