"""Real bilingual editions, imitated: the dev documents with what published English editions drop or add.

Each edition starts from a dev document's gold sentences (tests/data) and applies edits that
news sites make: photo captions and credits on the Vietnamese side, a pull quote, the headline
repeated, a "Tin liên quan" list, an English byline and "Related news" list, a paragraph the
English edition dropped (or the Vietnamese one), a paragraph the English edition moved, and
several at once. The gold links follow mechanically: what one side gained is a 1-0 or 0-1 link,
what it lost turns the other side's sentences into 1-0 or 0-1 links, what moved keeps its links.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Link = tuple[tuple[int, ...], tuple[int, ...]]
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
DOCS = ("000_df3434ea04ffe04a", "001_fcb7318a1ebb5922", "002_3bbdf00f9f92c039")

# Each line the Vietnamese page adds, with its English (what the simulated MT starts from).
CAPTIONS = (
    ("Quang cảnh hội thảo", "View of the workshop"),
    ("Toàn cảnh phiên khai mạc. Ảnh: TTXVN", "An overview of the opening session. Photo: VNA"),
    ("(Ảnh: Hoàng Hiếu/TTXVN)", "(Photo: Hoàng Hiếu/VNA)"),
    ("Các đại biểu chụp ảnh lưu niệm", "Delegates pose for a souvenir photo"),
    ("Ảnh: ACVN", "Photo: ACVN"),
)
VI_HEADLINES = (
    (
        "Đẩy mạnh chương trình Đối tác đô thị phát triển kinh tế",
        "Promoting the Municipal Partnership for Economic Development programme",
    ),
    (
        "Hà Nội và Toulouse ký kết biên bản ghi nhớ hợp tác",
        "Hà Nội and Toulouse sign a cooperation memorandum",
    ),
    ("Đà Nẵng chủ trì hội nghị mạng lưới CityNet", "Đà Nẵng hosts a CityNet network meeting"),
)
EN_HEADLINES = (  # the English site's own related stories, not translations of the Vietnamese list
    "Investment forum opens in Hải Phòng",
    "New metro line to link the airport with the city centre",
    "Viet Nam News weekly digest",
)


@dataclass(frozen=True)
class Unit:
    text: str
    origin: int | None  # index in the original side, None for added text
    link: int | None = None  # the gold link an original sentence belongs to
    english: str = ""  # a source line's English, for the simulated MT
    both: str | None = None  # added text both editions carry ("Tin liên quan" / "Related news"): a pair


def _boundaries(units: list[Unit]) -> list[int]:
    """Positions between two gold links: where an editor can cut or insert a paragraph."""
    return [p for p in range(1, len(units)) if units[p].link is None or units[p].link != units[p - 1].link]


@dataclass(frozen=True)
class Edition:
    document: str
    condition: str
    src: list[str]
    ref: list[str]
    gold: list[Link]
    translations: list[str]  # each source sentence's English by hand, which the simulated MT garbles


Edit = Callable[[list[Unit], list[Unit], random.Random], None]


def caption(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    for text, english in rng.sample(CAPTIONS, 2):
        src.insert(rng.randrange(1, len(src)), Unit(text, None, english=english))


def pull_quote(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    quoted = src[rng.randrange(2, len(src))]
    words = quoted.text.rstrip(".").split()
    share = min(12, len(words)) / len(words)
    english = quoted.english.rstrip(".").split()
    excerpt = "“" + " ".join(english[: max(1, round(share * len(english)))]) + "…”"
    src.insert(
        rng.randrange(1, 3), Unit("“" + " ".join(words[: min(12, len(words))]) + "…”", None, english=excerpt)
    )


def heading_again(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    src.insert(len(src) // 2, Unit(src[0].text.rstrip("."), None, english=src[0].english.rstrip(".")))


def related_news(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    """Both editions head a list of related stories, each its own (the two headings are a pair)."""
    src += [
        Unit("Tin liên quan", None, english="Related news", both="related"),
        *(Unit(h, None, english=e) for h, e in rng.sample(VI_HEADLINES, 2)),
    ]
    ref.insert(0, Unit("By our correspondent in Hà Nội", None))
    ref += [Unit("Related news", None, both="related"), *(Unit(h, None) for h in rng.sample(EN_HEADLINES, 2))]


def english_dropped_a_paragraph(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    start = rng.randrange(2, len(ref) - 3)
    del ref[start : start + rng.choice((2, 3))]


def vietnamese_dropped_a_paragraph(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    start = rng.randrange(2, len(src) - 3)
    del src[start : start + 2]


def english_moved_a_paragraph(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    """Two or so sentences from the second half moved into the first third, whole translations only:
    an editor moves a paragraph, not one of the two English sentences of a Vietnamese one."""
    cuts = _boundaries(ref)
    start = rng.choice([p for p in cuts if len(ref) // 2 <= p < len(ref) - 2])
    end = next(p for p in [*cuts, len(ref)] if p >= start + 2)
    block = ref[start:end]
    del ref[start:end]
    at = rng.choice([p for p in _boundaries(ref) if p < max(2, len(ref) // 3)])
    ref[at:at] = block


CONDITIONS: dict[str, tuple[Edit, ...]] = {
    "captions": (caption,),
    "pull quote": (pull_quote,),
    "headline repeated": (heading_again,),
    "related news, byline": (related_news,),
    "English dropped a paragraph": (english_dropped_a_paragraph,),
    "Vietnamese dropped a paragraph": (vietnamese_dropped_a_paragraph,),
    "English moved a paragraph": (english_moved_a_paragraph,),
    "several at once": (caption, pull_quote, related_news, english_dropped_a_paragraph),
}


def read_gold(document: str) -> list[Link]:
    links = []
    for line in (DATA / f"{document}.gold.tsv").read_text("utf-8").splitlines():
        a, b = line.split("\t")
        links.append((tuple(int(x) for x in a.split(",") if x), tuple(int(x) for x in b.split(",") if x)))
    return links


def sentences(document: str) -> tuple[list[str], list[str]]:
    return (
        (DATA / f"{document}.vi.sents").read_text("utf-8").splitlines(),
        (DATA / f"{document}.en.sents").read_text("utf-8").splitlines(),
    )


def edition(document: str, condition: str, seed: int = 0) -> Edition:
    vi, en = sentences(document)
    gold = read_gold(document)
    link_of = {j: k for k, (_, b) in enumerate(gold) for j in b}
    english = translations_from_gold(vi, en, gold)
    src = [Unit(t, i, english=english[i]) for i, t in enumerate(vi)]
    ref = [Unit(t, j, link_of.get(j)) for j, t in enumerate(en)]
    rng = random.Random(f"{document}|{condition}|{seed}")
    for edit in CONDITIONS[condition]:
        edit(src, ref, rng)
    return Edition(
        document,
        condition,
        [u.text for u in src],
        [u.text for u in ref],
        _gold(document, src, ref),
        [u.english for u in src],
    )


def _gold(document: str, src: list[Unit], ref: list[Unit]) -> list[Link]:
    new_src = {u.origin: k for k, u in enumerate(src) if u.origin is not None}
    new_ref = {u.origin: k for k, u in enumerate(ref) if u.origin is not None}
    links: list[Link] = []
    for a, b in read_gold(document):
        kept_a = tuple(new_src[i] for i in a if i in new_src)
        kept_b = tuple(new_ref[j] for j in b if j in new_ref)
        if kept_a and kept_b:
            links.append((kept_a, kept_b))
        else:  # the other side lost its half: what is left stands alone
            links += [((i,), ()) for i in kept_a] + [((), (j,)) for j in kept_b]
    paired = {u.both: k for k, u in enumerate(ref) if u.both}
    for k, u in enumerate(src):
        if u.origin is None and u.both in paired:
            links.append(((k,), (paired.pop(u.both),)))
        elif u.origin is None:
            links.append(((k,), ()))
    taken = {b[0] for a, b in links if a and b}
    links += [((), (k,)) for k, u in enumerate(ref) if u.origin is None and k not in taken]
    return sorted(links, key=lambda link: (link[0][0] if link[0] else -1, link[1][0] if link[1] else -1))


def editions() -> list[Edition]:
    return [edition(d, c, seed) for c in CONDITIONS for d in DOCS for seed in range(3)]


# ---------------------------------------------------------------- editions written by hand

# See its README.md: not made by this module. dev/ may be tuned on; test/ is read once, to report.
HAND = DATA / "hand_editions"
SPLITS = ("dev", "test")


def hand_editions(split: str) -> list[Edition]:
    return [hand_edition(path) for path in sorted((HAND / split).glob("*.txt"))]


def article_sentences(document: str) -> tuple[list[str], list[str]]:
    """A document's sentences and one English translation of each (for the simulated MT): a
    reference document's from its gold links, a held-out article's from its hand translation."""
    matches = sorted((HAND / "articles").glob(f"{document}_*.vi.sents"))
    if matches:
        stem = matches[0].name.removesuffix(".vi.sents")
        vi = matches[0].read_text("utf-8").splitlines()
        en = (HAND / "articles" / f"{stem}.en.sents").read_text("utf-8").splitlines()
        return vi, en
    seed = next(d for d in DOCS if d.startswith(document + "_"))
    vi, en = sentences(seed)
    return vi, translations_from_gold(vi, en, read_gold(seed))


def translations_from_gold(vi: list[str], en: list[str], gold: list[Link]) -> list[str]:
    """Each source sentence's English by the gold links; a link's English is shared out over its
    source sentences by length (whole words), as a translator of each sentence would have split it."""
    out = [""] * len(vi)
    for a, b in gold:
        words = " ".join(en[j] for j in b).split()
        total = sum(len(vi[i]) for i in a) or 1
        start = 0
        for k, i in enumerate(a):
            end = len(words) if k == len(a) - 1 else start + round(len(words) * len(vi[i]) / total)
            out[i] = " ".join(words[start:end])
            start = end
    return out


def hand_edition(path: Path) -> Edition:
    """An edition written by hand: blocks of ``v N`` / ``v: text`` (``m: English``) / ``e N`` /
    ``e: text`` lines, one gold link a block; ``moved: NAME`` puts a block's English at the block
    ``slot: NAME`` (tests/data/hand_editions/README.md)."""
    document = path.stem.split("_")[0]
    vi, en = article_sentences(document)
    seed_en = _seed_english(document)
    blocks = []
    for number, block in enumerate(path.read_text("utf-8").split("\n\n"), start=1):
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
        if lines:
            blocks.append((number, lines))
    src: list[str] = []
    translations: list[str] = []
    src_ids: list[list[int]] = []
    ref_texts: list[list[str]] = []  # each block's English lines, before they are placed
    moved_to: dict[int, str] = {}
    slots: dict[str, int] = {}
    for k, (number, lines) in enumerate(blocks):
        a: list[int] = []
        english: list[str] = []
        for line in lines:
            side, _, rest = line.partition(" ")
            if side == "v":
                a.append(len(src))
                src.append(vi[int(rest)])
                translations.append(en[int(rest)])
            elif side == "v:":
                a.append(len(src))
                src.append(rest.strip())
                translations.append("")
            elif side == "m:" and a:
                translations[a[-1]] = rest.strip()
            elif side == "e":
                english.append(seed_en[int(rest)])
            elif side == "e:":
                english.append(rest.strip())
            elif side == "moved:":
                moved_to[k] = rest.strip()
            elif side == "slot:":
                slots[rest.strip()] = k
            else:
                raise ValueError(
                    f"{path}: block {number}: a line must start with v, v:, m:, e, e:, moved: or slot:: {line!r}"
                )
        src_ids.append(a)
        ref_texts.append(english)
    missing = [i for i, t in enumerate(translations) if not t]
    if missing:
        raise ValueError(f"{path}: the Vietnamese line {src[missing[0]]!r} needs an m: line (its English)")
    # The English edition's order: each block's English where the block stands, or at its slot.
    order = [k for k in range(len(blocks)) if k not in moved_to]
    for k, name in sorted(moved_to.items(), reverse=True):
        order.insert(order.index(slots[name]) + 1, k)
    ref: list[str] = []
    ref_ids: dict[int, list[int]] = {}
    for k in order:
        ref_ids[k] = list(range(len(ref), len(ref) + len(ref_texts[k])))
        ref += ref_texts[k]
    gold: list[Link] = []
    for k in range(len(blocks)):
        a, b = src_ids[k], ref_ids[k]
        if a and b:
            gold.append((tuple(a), tuple(b)))
        else:  # what one edition alone carries: each line stands alone
            gold += [((i,), ()) for i in a] + [((), (j,)) for j in b]
    return Edition(document, f"hand: {path.parent.name}/{path.stem}", src, ref, gold, translations)


def _seed_english(document: str) -> list[str]:
    """The English sentences ``e N`` refers to: the reference's, or the held-out article's translation."""
    matches = sorted((HAND / "articles").glob(f"{document}_*.en.sents"))
    if matches:
        return matches[0].read_text("utf-8").splitlines()
    return sentences(next(d for d in DOCS if d.startswith(document + "_")))[1]
