"""The shapes of what one edition alone carries: captions, credits, related-news lists, bylines,
pull quotes, repeated headlines, short unpunctuated lines, and (mildly) very short sentences."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_PHOTO = re.compile(r"\bẢnh\s*:|^\(?\s*ảnh\b|\bphoto\s*:|^\(?\s*photo\b", re.IGNORECASE)
# The heading of a list of other stories, in either language ("More on this topic" stood alone
# beside "Tin cùng chuyên mục" in a dev edition).
_LIST_HEAD = re.compile(
    r"^(tin liên quan|tin cùng chuyên mục|tin khác|bài liên quan|xem thêm|đọc thêm"
    r"|related( news| articles| stories)?\s*:?|read more|see also|more (news|stories|on this (topic|story))"
    r"|other news)",
    re.IGNORECASE,
)
# A link to one other story, its headline after the heading's words ("Related: Đà Nẵng hosts …",
# "Read more: …", "Xem thêm: …"): what one edition adds, not the heading of a list both carry.
_RELATED_LINK = re.compile(_LIST_HEAD.pattern + r"\s*:\s*\S", re.IGNORECASE)
# Whose story it is: "Nguồn: Báo Đà Nẵng", "Source: VNA", "(Theo TTXVN)" (a short line, and the
# name's capital matters: "Theo thông báo…" is a sentence, and so is "Theo Phó Thủ tướng …, cơ chế …"
# however it starts).
_SOURCE = re.compile(r"^\(?nguồn\s*:|^source\s*:|^media contact", re.IGNORECASE)
_SOURCE_CREDIT = re.compile(r"^\(?(theo|according to) (?-i:[A-ZĐ])", re.IGNORECASE)
# Who wrote it: "By Minh Anh", or a name that ends with its agency's acronym: "Văn Sơn (TTXVN)",
# "Văn Sơn (VNA)".
_BYLINE = re.compile(r"^by (?-i:[A-Z])|^[^.!?]{2,40}[(–-]\s*(?-i:[A-Z]{2,})\s*\)?$", re.IGNORECASE)
CREDIT_UNDER = 60  # characters
# Who translated it: "Translated by the ACVN secretariat.", "This article was translated from the
# Vietnamese edition." Only a translation has one, so it is never the translation of a line.
_TRANSLATOR = re.compile(
    r"^(this (article|story|report) (was|has been) )?translated (by|from)\b|^(english )?translation( by)?\s*:",
    re.IGNORECASE,
)
TRANSLATOR_UNDER = 100  # characters: a credit line, not a sentence that mentions a translation
# A sentence this short is often a caption written as one ("Toàn cảnh hội thảo."), though a body
# has short sentences too ("Phiên làm việc buổi chiều gồm 4 hội thảo."): a little cheaper alone and
# a little dearer to fold into a neighbour's link, no more.
SHORT_SENTENCE_UNDER = 60
SHORT_SENTENCE_SCORE = 0.5
_WORD = re.compile(r"\w+")
_PULL_QUOTE = re.compile(r"^[“\"«].*[”\"»]$|^[“\"«].*…[”\"»]?$")

# The kinds of line one edition may carry alone. Two lines of the same kind, one in each edition, may
# well be a pair (both editions credit the photo, head a related-news list, sign with the agency);
# a line of one kind is not the translation of a line of another, nor of a sentence of the body.
PHOTO, RELATED, BYLINE, SOURCE, LIST_ITEM = "photo", "related", "byline", "source", "list item"
RELATED_LINK, TRANSLATOR = "related link", "translator"
PAIRABLE_KINDS = (PHOTO, RELATED, BYLINE, SOURCE)
# A byline and a source line are both credits: an edition may sign with its agency where the other
# names its writer ("Văn Sơn (TTXVN)" / "Source: VNA"), so they pair, though less surely than two
# lines of one kind.
CREDITS = (BYLINE, SOURCE)


def line_kinds(sentences: Sequence[str]) -> list[str | None]:
    """Each sentence's kind of one-edition line (``PHOTO``, ``RELATED``, ``RELATED_LINK``, ``BYLINE``,
    ``SOURCE``, ``TRANSLATOR``, ``LIST_ITEM``), or None."""
    kinds: list[str | None] = []
    in_list = False  # the lines after "Tin liên quan" / "Related news" are the list's headlines
    for sentence in sentences:
        text = sentence.strip()
        kind: str | None = None
        if _PHOTO.search(text):
            kind = PHOTO
        elif _LIST_HEAD.search(text):
            kind = RELATED_LINK if _RELATED_LINK.search(text) else RELATED
        elif _SOURCE.search(text) or (len(text) < CREDIT_UNDER and _SOURCE_CREDIT.search(text)):
            kind = SOURCE
        elif len(text) < CREDIT_UNDER and _BYLINE.search(text):
            kind = BYLINE
        elif len(text) < TRANSLATOR_UNDER and _TRANSLATOR.search(text):
            kind = TRANSLATOR
        elif in_list and _short_line(text):
            kind = LIST_ITEM
        in_list = kind == RELATED or (in_list and kind == LIST_ITEM)
        kinds.append(kind)
    return kinds


def _short_line(text: str) -> bool:
    """Under 100 characters and without final punctuation: a caption, a headline of a list, a heading."""
    return len(text) < 100 and not text.endswith((".", "!", "?", "…", "”", '"', ":", ";"))


def boilerplate_scores(sentences: Sequence[str], kinds: Sequence[str | None] | None = None) -> list[float]:
    """How much each sentence looks like what only one edition carries, from 0 to 1.

    Captions and photo credits, related-news and see-also lines, bylines and sources score 1;
    a pull quote (a sentence wholly in quotation marks) 0.9; a sentence the document already
    had (a repeated headline) 0.6; a short line without final punctuation (a caption, a
    headline of a list) 0.5, and so does a sentence under SHORT_SENTENCE_UNDER characters (a
    caption written as a sentence). Real headings and short sentences of the body look like that
    too, so 0.5 only tips the balance. ``kinds`` are ``line_kinds(sentences)``, when already found.
    """
    seen: set[str] = set()
    scores = []
    for text, kind in zip(
        (s.strip() for s in sentences), kinds if kinds is not None else line_kinds(sentences)
    ):
        key = repeat_key(text)
        score = 0.0
        if kind is not None:
            score = 1.0
        elif _PULL_QUOTE.match(text):
            score = 0.9
        elif key in seen:
            score = 0.6
        elif _short_line(text) and len(text) < 80:
            score = 0.5
        elif len(text) < SHORT_SENTENCE_UNDER:
            score = SHORT_SENTENCE_SCORE
        seen.add(key)
        scores.append(score)
    return scores


def repeat_key(sentence: str) -> str:
    """What two sentences share when one repeats the other (a headline again, without its full stop)."""
    return sentence.strip().rstrip(".!?…").casefold()


def repeated(sentences: Sequence[str]) -> set[int]:
    """The sentences whose text the document has more than once, every copy of it."""
    keys = [repeat_key(s) for s in sentences]
    counts = Counter(keys)
    return {i for i, key in enumerate(keys) if counts[key] > 1}


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
