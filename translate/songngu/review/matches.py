"""Fuzzy matches from earlier work, as CAT tools give them: the reviewed sentences closest to a new one.

The memory is every reviewed sentence of a review folder and of the TMX files a reviewer
names. Finding candidates is indexed: an inverted index from word to the units holding it,
in which a query counts only its rarer words (the commonest Vietnamese syllables, "của", "và",
"các", would touch most of the memory for nothing), so a memory of 100,000 units answers in
milliseconds. The candidates are then scored the CAT tools' way, by the words the two
sentences share in order (difflib's ratio over word lists, as a percentage), and the
difference is returned word by word for the page to highlight, as the texts are written
("1.500", never the tokens "1 . 500"). 100% means the same text: sentences whose words agree
but whose spacing or punctuation marks do not ("CityNet ." and "CityNet.") score 99, as CAT
tools score a match that differs only in formatting.
"""

from __future__ import annotations

import difflib
import heapq
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)
# A query counts at most this many of its words (the rarest) and scores this many candidates.
QUERY_WORDS = 12
CANDIDATES = 40


@dataclass(frozen=True)
class MemoryUnit:
    source: str
    english: str
    origin: str  # where it comes from: "NAME p.s" of the folder, or a TMX file's name


@dataclass(frozen=True)
class Match:
    """A unit and how close its Vietnamese is; ``diff`` is the unit's Vietnamese against the query's,
    word by word: ("same" | "theirs" (only in the unit) | "ours" (only in the query), text)."""

    unit: MemoryUnit
    score: int  # percent
    diff: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Tokens:
    """A text (NFC) cut into words, with where each word lies in it."""

    text: str
    words: list[str]
    spans: list[tuple[int, int]]

    @classmethod
    def of(cls, text: str) -> _Tokens:
        text = unicodedata.normalize("NFC", text)
        found = list(_WORD.finditer(text))
        return cls(text, [m.group() for m in found], [m.span() for m in found])

    def between(self, first: int, last: int) -> str:
        """The text from word ``first`` to word ``last - 1``, as written."""
        return self.text[self.spans[first][0] : self.spans[last - 1][1]]


def _key(word: str) -> str:
    return word.casefold()


@dataclass
class MatchIndex:
    """Units and the inverted index over their words."""

    units: list[MemoryUnit] = field(default_factory=list)
    _postings: dict[str, list[int]] = field(default_factory=dict)
    _words: list[_Tokens] = field(default_factory=list)
    _exact: dict[str, int] = field(default_factory=dict)

    def add(self, units: Iterable[MemoryUnit]) -> None:
        for unit in units:
            if not unit.source.strip() or not unit.english.strip():
                continue
            number = len(self.units)
            self.units.append(unit)
            tokens = _Tokens.of(unit.source)
            self._words.append(tokens)
            self._exact.setdefault(" ".join(tokens.words), number)
            for key in {_key(t) for t in tokens.words}:
                self._postings.setdefault(key, []).append(number)

    def __len__(self) -> int:
        return len(self.units)

    def search(self, query: str, limit: int = 3, minimum: int = 50, exclude: str = "") -> list[Match]:
        """The ``limit`` closest units scoring at least ``minimum`` percent, best first; a unit whose
        origin is ``exclude`` (the sentence itself) is left out."""
        asked = _Tokens.of(query)
        tokens = asked.words
        if not tokens or not self.units:
            return []
        keys = sorted({_key(t) for t in tokens}, key=lambda k: len(self._postings.get(k, ())))
        counted = [k for k in keys if k in self._postings][:QUERY_WORDS]
        hits: Counter[int] = Counter()
        for key in counted:
            hits.update(self._postings[key])
        exact = self._exact.get(" ".join(tokens))
        if exact is not None:
            hits[exact] += len(counted) + 1
        matches = []
        for number, _ in heapq.nlargest(CANDIDATES, hits.items(), key=lambda item: (item[1], -item[0])):
            unit = self.units[number]
            if unit.origin == exclude:
                continue
            theirs = self._words[number]
            matcher = difflib.SequenceMatcher(
                None, [_key(t) for t in theirs.words], [_key(t) for t in tokens], autojunk=False
            )
            score = round(100 * matcher.ratio())
            if score == 100 and theirs.text.split() != asked.text.split():
                score = 99  # the same words, written otherwise
            if score >= minimum:
                matches.append(Match(unit, score, _diff(matcher, theirs, asked)))
        matches.sort(key=lambda m: (-m.score, m.unit.origin))
        return _distinct(matches)[:limit]


def _diff(matcher: difflib.SequenceMatcher, theirs: _Tokens, ours: _Tokens) -> tuple[tuple[str, str], ...]:
    parts: list[tuple[str, str]] = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(("same", theirs.between(a1, a2)))
            continue
        if a2 > a1:
            parts.append(("theirs", theirs.between(a1, a2)))
        if b2 > b1:
            parts.append(("ours", ours.between(b1, b2)))
    return tuple(parts)


def _distinct(matches: list[Match]) -> list[Match]:
    """One match per (Vietnamese, English): a sentence reviewed alike in three documents shows once."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for match in matches:
        key = (match.unit.source, match.unit.english)
        if key not in seen:
            seen.add(key)
            kept.append(match)
    return kept
