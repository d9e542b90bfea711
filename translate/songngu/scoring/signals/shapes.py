"""The shapes of what one edition alone carries: captions, credits, related-news lists, bylines,
pull quotes, repeated headlines, short unpunctuated lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

_ONE_EDITION_ONLY = re.compile(
    r"\bẢnh\s*:|^\(?\s*ảnh\b|\bphoto\s*:|^\(?\s*photo\b|^tin liên quan|^xem thêm|^related (news|articles|stories)"
    # "(Theo TTXVN)", "By Minh Anh": the name's capital matters ("Theo thông báo…" is a sentence).
    r"|^read more|^see also|^by (?-i:[A-Z])|^\(?theo (?-i:[A-ZĐ])|^\(?nguồn\s*:|^source\s*:",
    re.IGNORECASE,
)
_LIST_HEAD = re.compile(
    r"^(tin liên quan|xem thêm|related (news|articles|stories)|read more|see also)", re.IGNORECASE
)
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
        if _ONE_EDITION_ONLY.search(text):
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
