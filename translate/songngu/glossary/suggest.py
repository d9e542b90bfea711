"""Names in documents that the glossary lacks: candidates for a user to add.

Three signals, counted over all documents: an expansion followed by an acronym
in parentheses ("Liên đoàn đô thị Canada (FCM)"), runs of capitalised words
("Viện Giao thông Vận tải Hàn Quốc"), and acronyms ("UCLG"). Candidates that the
glossary already matches are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
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
    ]
)


@dataclass(frozen=True)
class Suggestion:
    text: str
    signal: str  # "expansion", "name" or "acronym"
    count: int


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _expansion(before: str, acronym: str) -> str | None:
    words = before.split()[-MAX_EXPANSION_WORDS:]
    # Start at the first capitalised word: "tham gia chương trình Sáng kiến ..." -> "Sáng kiến ...".
    while words and not _capitalised(words[0]):
        words.pop(0)
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
        for first, last in _name_runs(sentence, words):
            starts_sentence = words[first].start() == 0
            size = last - first + 1
            if size >= (3 if starts_sentence else 2) and not known(words[first].start(), words[last].end()):
                counts[(sentence[words[first].start() : words[last].end()], "name")] += 1
        for word in words:
            if is_acronym(word.group()) and not known(word.start(), word.end()):
                counts[(word.group(), "acronym")] += 1
    return [Suggestion(text, signal, count) for (text, signal), count in counts.most_common()]


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
