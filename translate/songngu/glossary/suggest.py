"""Names in documents that the glossary lacks: candidates for a user to add.

Three signals, counted over all documents: an expansion followed by an acronym
in parentheses ("Liên đoàn đô thị Canada (FCM)"), runs of capitalised words
("Viện Giao thông Vận tải Hàn Quốc"), and acronyms ("UCLG"). Candidates that the
glossary already matches are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from songngu.glossary.matching import TermMatcher, is_acronym

_WORD = re.compile(r"[\w-]+")
_EXPANSION_ACRONYM = re.compile(r"([^(),;:.“”\"]{3,}?)\s*\(\s*([A-ZĐ][A-ZĐ0-9 -]*[A-ZĐ0-9])\s*\)")
MAX_EXPANSION_WORDS = 12
# Function words that never sit inside a name, so a run of capitals does not bridge them.
_NOT_IN_NAMES = frozenset(
    [
        "và",
        "với",
        "của",
        "cho",
        "tại",
        "theo",
        "là",
        "các",
        "những",
        "trong",
        "gồm",
        "có",
        "ông",
        "bà",
        "đã",
        "sẽ",
        "được",
        "từ",
        "đến",
        "về",
        "như",
        "bởi",
        "tới",
        "nhằm",
        "-",  # "Maimunah Modh Shariff - Phó Tổng Thư ký": a dash ends a name
    ]
)
# Titles and sentence openers that precede a name but are not part of it ("Bà Catherine Deroche",
# "Theo Phó Thủ tướng Trần Lưu Quang", "Toàn cảnh Lễ khai mạc"): stripped from a candidate's start.
# Gathered from the seeds, the only documents at hand: a list to extend, not a rule.
_LEADING = tuple(
    phrase.split()
    for phrase in sorted(
        " | ".join(
            [
                "bà | ông | ngài | theo | tham dự | chủ trì | toàn cảnh | đại diện | phát biểu | tại | sau",
                "trong | ở | chủ tịch | phó chủ tịch | phó | thủ tướng | tổng thư ký | tổng giám đốc",
                "giám đốc | bí thư | trưởng đoàn | trưởng | đại sứ | chính phủ | thị trưởng | thứ trưởng",
            ]
        ).split(" | "),
        key=lambda phrase: -len(phrase.split()),  # the longest title first: "phó chủ tịch" before "phó"
    )
)
# The first syllable of a word whose other syllables are lower case ("Ủy ban", "Hợp tác", "Nghị sĩ",
# "Thư ký", "Hội nghị"): a capitalised run that ends on one was cut off inside a longer name.
_WORD_HEADS = frozenset(
    ["ủy", "hợp", "nghị", "thư", "giám", "hội", "tổ", "lễ", "ban", "tổng", "đối", "phát", "hiệp"]
)


@dataclass(frozen=True)
class Suggestion:
    text: str
    signal: str  # "expansion", "name" or "acronym"
    count: int


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _expansion(before: str, acronym: str) -> str | None:
    before = re.split(r"\s[-–]\s", before)[-1]  # "Nguyễn Thị Phương Thảo - Liên đoàn … (FCM)"
    words = before.split()[-MAX_EXPANSION_WORDS:]
    # Start at the first capitalised word: "tham gia chương trình Sáng kiến ..." -> "Sáng kiến ...".
    while words and not _capitalised(words[0]):
        words.pop(0)
    lowered = [word.lower() for word in words]
    for phrase in _LEADING:  # "Đại diện Văn phòng …": the title is not part of the name
        if lowered[: len(phrase)] == phrase:
            words = words[len(phrase) :]
            break
    if len(words) < 2:
        return None
    return " ".join(words)


def suggest_terms(sentences: Iterable[str], matcher: TermMatcher) -> list[Suggestion]:
    counts: Counter[tuple[str, str]] = Counter()
    for sentence in sentences:
        covered = [(h.start, h.end) for h in matcher.match(sentence)]

        def known(start: int, end: int, spans: list[tuple[int, int]] = covered) -> bool:
            return any(s <= start and end <= e for s, e in spans)

        for match in _EXPANSION_ACRONYM.finditer(sentence):
            expansion = _expansion(match.group(1), match.group(2))
            if expansion:
                start = match.start(1) + match.group(1).rfind(expansion.split()[0])
                if not known(start, match.end(1)):
                    counts[(f"{expansion} ({match.group(2)})", "expansion")] += 1
        words = list(_WORD.finditer(sentence))
        for run in _name_runs(sentence, words):
            for first, last in _unknown_parts(run, words, known):
                first = _after_leading_words(words, first, last)
                if last - first + 1 < 2 or _cut_off(sentence, words, last):
                    continue
                if all(_capitalised(words[i].group()) for i in (first, last)):  # names start and end so
                    counts[(sentence[words[first].start() : words[last].end()], "name")] += 1
        for word in words:
            if is_acronym(word.group()) and not known(word.start(), word.end()):
                counts[(word.group(), "acronym")] += 1
    return [Suggestion(text, signal, count) for (text, signal), count in counts.most_common()]


def _unknown_parts(
    run: tuple[int, int], words: list[re.Match[str]], known: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """The stretches of a run that no glossary term covers: "Bí thư Thành ủy Hà Nội Đinh Tiến Dũng"
    holds a known term and an unknown name; the name alone is the candidate."""
    parts: list[tuple[int, int]] = []
    start = None
    for i in range(run[0], run[1] + 1):
        if known(words[i].start(), words[i].end()):
            if start is not None:
                parts.append((start, i - 1))
            start = None
        elif start is None:
            start = i
    if start is not None:
        parts.append((start, run[1]))
    return parts


def _after_leading_words(words: list[re.Match[str]], first: int, last: int) -> int:
    """The index of the first word after any titles or openers at the start of ``first..last``."""
    stripped = True
    while stripped:
        stripped = False
        for phrase in _LEADING:
            end = first + len(phrase)
            if end <= last + 1 and [w.group().lower() for w in words[first:end]] == phrase:
                first, stripped = end, True
                break
    return first


def _cut_off(sentence: str, words: list[re.Match[str]], last: int) -> bool:
    """Whether the run ends on the first syllable of a word that goes on in lower case."""
    if words[last].group().lower() not in _WORD_HEADS or last + 1 >= len(words):
        return False
    following = words[last + 1]
    adjacent = not sentence[words[last].end() : following.start()].strip()
    return adjacent and following.group()[:1].islower()


def _name_runs(sentence: str, words: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Index ranges of capitalised runs; one lower-case syllable may sit between two capitalised
    ones, as in Vietnamese names ("Viện Giao thông Vận tải Hàn Quốc")."""

    def name_word(i: int) -> bool:
        return _capitalised(words[i].group()) and not is_acronym(words[i].group())

    def adjacent(i: int) -> bool:  # words i-1 and i are separated by white space only
        return not sentence[words[i - 1].end() : words[i].start()].strip()

    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if not name_word(i):
            i += 1
            continue
        first = last = i
        j = i + 1
        while j < len(words) and adjacent(j):
            if name_word(j):
                last = j
            elif words[j].group().lower() in _NOT_IN_NAMES or not (
                j + 1 < len(words) and adjacent(j + 1) and name_word(j + 1) and name_word(j - 1)
            ):
                break
            j += 1
        runs.append((first, last))
        i = last + 1
    return runs
