"""Finding glossary terms in Vietnamese text.

Text and terms are cut into tokens (words and single punctuation marks) and
compared by a *key* that folds what should not matter: Unicode form (NFC/NFD),
case (with Vietnamese Đ/đ), tone-mark placement (hoà = hòa, thuỷ = thủy), the
amount of white space and line breaks, and the kind of dash. Acronyms (tokens of
two or more capitals and no lower-case letter: FCM, ACVN, PMI LED) match
case-sensitively. Names of three or more words also match with one slipped
character ("Hội dồng", "Nouvelle-Anquitaine"), flagged fuzzy. The longest match
wins and matches never overlap.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from songngu.documents.text import fold_spaces
from songngu.glossary.terms import Glossary, GlossaryEntry

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook above, dot below
_TOKEN = re.compile(r"\w+|[^\w\s]")
_DASHES = str.maketrans(
    {"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "“": '"', "”": '"', "’": "'", "‘": "'"}
)
FUZZY_MIN_WORDS = 3
_PAIRS = ((0, 1), (0, 2), (1, 2))  # of the first three tokens, one pair is exact in a one-slip match


@dataclass(frozen=True)
class TermHit:
    """A span of a segment with the English text it must come out as.

    ``start``/``end`` are character offsets in the segment's NFC text. ``kind`` is
    the glossary kind, or ``date``/``url``/``email``/``number`` for rule-based hits.
    """

    start: int
    end: int
    text: str
    source: str
    target: str
    fuzzy: bool = False
    kind: str = "other"

    def overlaps(self, other: TermHit) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Token:
    key: str  # folded form for case-insensitive comparison
    exact: str  # NFC form, for acronyms
    start: int
    end: int
    is_word: bool


def tone_key(word: str) -> str:
    """Fold a word: NFC, lower case, the tone mark moved to the end of the syllable."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = "".join(ch for ch in decomposed if ch in TONE_MARKS)
    base = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", base) + tones


def search_key(text: str) -> str:
    """Text folded for searching by hand: case, accents, tone marks, đ and extra spaces ignored."""
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(ch)
    )
    return fold_spaces(stripped.replace("đ", "d"))


def tokenize(text: str) -> list[Token]:
    """Tokens of NFC ``text`` with offsets into it."""
    tokens = []
    for match in _TOKEN.finditer(text):
        piece = match.group()
        is_word = piece[0].isalnum() or piece[0] == "_"
        key = tone_key(piece) if is_word else piece.translate(_DASHES)
        tokens.append(Token(key, piece, match.start(), match.end(), is_word))
    return tokens


def is_acronym(token: str) -> bool:
    letters = [ch for ch in token if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@dataclass(frozen=True)
class _Pattern:
    tokens: tuple[Token, ...]
    entry: GlossaryEntry
    fuzzy_ok: bool

    def token_matches(self, index: int, token: Token) -> bool:
        wanted = self.tokens[index]
        if is_acronym(wanted.exact):
            return token.exact == wanted.exact
        return token.key == wanted.key


@dataclass
class _Node:
    """A node of the token trie: the patterns that end here, and the tokens that continue them."""

    children: dict[str, _Node] = field(default_factory=dict)
    patterns: list[_Pattern] = field(default_factory=list)


class TermMatcher:
    """Compiled once per glossary; ``match(text)`` finds every term in a segment.

    Exact matches walk a trie of folded tokens from each position of the text, so the
    work grows with the text and the depth of the trie, not with the size of the glossary.
    A fuzzy match differs from its pattern in one token, and a pattern has three or more
    tokens, so two of its first three tokens match exactly: fuzzy candidates are looked up
    by those pairs, which few patterns share.
    """

    def __init__(self, glossary: Glossary | None) -> None:
        self._root = _Node()
        self._fuzzy: dict[tuple[int, int, str, str], list[_Pattern]] = defaultdict(list)
        for entry in glossary.entries if glossary else ():
            if not entry.source.strip() or not entry.target.strip():
                continue
            for name in entry.sources:
                tokens = tuple(tokenize(unicodedata.normalize("NFC", name.strip())))
                if not tokens:
                    continue
                words = sum(token.is_word for token in tokens)
                pattern = _Pattern(tokens, entry, fuzzy_ok=words >= FUZZY_MIN_WORDS)
                node = self._root
                for token in tokens:
                    node = node.children.setdefault(token.key, _Node())
                node.patterns.append(pattern)
                if pattern.fuzzy_ok:
                    for a, b in _PAIRS:
                        self._fuzzy[(a, b, tokens[a].key, tokens[b].key)].append(pattern)

    def match(self, text: str) -> list[TermHit]:
        text = unicodedata.normalize("NFC", text)
        tokens = tokenize(text)
        candidates = [*self._exact_candidates(text, tokens), *self._fuzzy_candidates(text, tokens)]
        return select_longest(candidates)

    def _exact_candidates(self, text: str, tokens: list[Token]) -> list[TermHit]:
        hits = []
        for i in range(len(tokens)):
            node: _Node | None = self._root
            j = i
            while j < len(tokens) and node is not None:
                node = node.children.get(tokens[j].key)
                j += 1
                for pattern in node.patterns if node is not None else ():
                    window = tokens[i:j]
                    if all(pattern.token_matches(k, t) for k, t in enumerate(window)):  # acronyms: exact case
                        hits.append(_hit(text, window, pattern.entry, fuzzy=False))
        return hits

    def _fuzzy_candidates(self, text: str, tokens: list[Token]) -> list[TermHit]:
        hits = []
        for i in range(len(tokens)):
            candidates: dict[int, _Pattern] = {}
            for a, b in _PAIRS:
                if i + b < len(tokens):
                    key = (a, b, tokens[i + a].key, tokens[i + b].key)
                    candidates.update({id(p): p for p in self._fuzzy.get(key, ())})
            for pattern in candidates.values():
                n = len(pattern.tokens)
                window = tokens[i : i + n]
                if len(window) < n:
                    continue
                differing = [j for j, t in enumerate(window) if not pattern.token_matches(j, t)]
                if len(differing) != 1:
                    continue  # exact matches are found above; two slips are too many
                j = differing[0]
                wanted, got = pattern.tokens[j], window[j]
                if (
                    wanted.is_word
                    and got.is_word
                    and not is_acronym(wanted.exact)
                    and one_edit_apart(wanted.key, got.key)
                ):
                    hits.append(_hit(text, window, pattern.entry, fuzzy=True))
        return hits


def _hit(text: str, window: list[Token], entry: GlossaryEntry, *, fuzzy: bool) -> TermHit:
    start, end = window[0].start, window[-1].end
    return TermHit(start, end, text[start:end], entry.source, entry.target, fuzzy, entry.kind)


def select_longest(candidates: list[TermHit]) -> list[TermHit]:
    """Keep the longest candidates (exact before fuzzy, leftmost first) that do not overlap."""
    chosen: list[TermHit] = []
    for hit in sorted(candidates, key=lambda h: (-(h.end - h.start), h.fuzzy, h.start)):
        if not any(hit.overlaps(other) for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(shorter) and shorter[i] == longer[i]:
        i += 1
    return shorter[i:] == longer[i + 1 :]
