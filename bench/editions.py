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

CAPTIONS = (
    "Quang cảnh hội thảo",
    "Toàn cảnh phiên khai mạc. Ảnh: TTXVN",
    "(Ảnh: Hoàng Hiếu/TTXVN)",
    "Các đại biểu chụp ảnh lưu niệm",
    "Ảnh: ACVN",
)
VI_HEADLINES = (
    "Đẩy mạnh chương trình Đối tác đô thị phát triển kinh tế",
    "Hà Nội và Toulouse ký kết biên bản ghi nhớ hợp tác",
    "Đà Nẵng chủ trì hội nghị mạng lưới CityNet",
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


Edit = Callable[[list[Unit], list[Unit], random.Random], None]


def caption(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    for text in rng.sample(CAPTIONS, 2):
        src.insert(rng.randrange(1, len(src)), Unit(text, None))


def pull_quote(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    quoted = src[rng.randrange(2, len(src))]
    words = quoted.text.rstrip(".").split()
    src.insert(rng.randrange(1, 3), Unit("“" + " ".join(words[: min(12, len(words))]) + "…”", None))


def heading_again(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    src.insert(len(src) // 2, Unit(src[0].text.rstrip("."), None))


def related_news(src: list[Unit], ref: list[Unit], rng: random.Random) -> None:
    src += [Unit("Tin liên quan", None), *(Unit(h, None) for h in rng.sample(VI_HEADLINES, 2))]
    ref.insert(0, Unit("By our correspondent in Hà Nội", None))
    ref += [Unit("Related news", None), *(Unit(h, None) for h in rng.sample(EN_HEADLINES, 2))]


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
    link_of = {j: k for k, (_, b) in enumerate(read_gold(document)) for j in b}
    src = [Unit(t, i) for i, t in enumerate(vi)]
    ref = [Unit(t, j, link_of.get(j)) for j, t in enumerate(en)]
    rng = random.Random(f"{document}|{condition}|{seed}")
    for edit in CONDITIONS[condition]:
        edit(src, ref, rng)
    return Edition(
        document, condition, [u.text for u in src], [u.text for u in ref], _gold(document, src, ref)
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
    links += [((k,), ()) for k, u in enumerate(src) if u.origin is None]
    links += [((), (k,)) for k, u in enumerate(ref) if u.origin is None]
    return links


def editions() -> list[Edition]:
    return [edition(d, c, seed) for c in CONDITIONS for d in DOCS for seed in range(3)]


# ---------------------------------------------------------------- editions written by hand

HAND = DATA / "hand_editions"  # see its README.md: not made by this module, and not tuned on


def hand_editions() -> list[Edition]:
    return [hand_edition(path) for path in sorted(HAND.glob("*.txt"))]


def hand_edition(path: Path) -> Edition:
    """An edition written by hand: blocks of ``v N`` / ``v: text`` / ``e N`` / ``e: text`` lines, one
    gold link a block, in document order (tests/data/hand_editions/README.md)."""
    document = path.stem.split("_")[0]
    seed = next(d for d in DOCS if d.startswith(document + "_"))
    vi, en = sentences(seed)
    src: list[str] = []
    ref: list[str] = []
    gold: list[Link] = []
    for number, block in enumerate(path.read_text("utf-8").split("\n\n"), start=1):
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
        a: list[int] = []
        b: list[int] = []
        for line in lines:
            side, _, rest = line.partition(" ")
            if side in ("v", "e"):
                text = (vi if side == "v" else en)[int(rest)]
            elif side in ("v:", "e:"):
                text = rest.strip()
            else:
                raise ValueError(f"{path}: block {number}: a line must start with v, v:, e or e:: {line!r}")
            target, ids = (src, a) if side.startswith("v") else (ref, b)
            ids.append(len(target))
            target.append(text)
        if a and b:
            gold.append((tuple(a), tuple(b)))
        else:  # what one edition alone carries: each line stands alone
            gold += [((i,), ()) for i in a] + [((), (j,)) for j in b]
    return Edition(seed, f"hand: {path.stem}", src, ref, gold)
