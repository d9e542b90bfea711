from pathlib import Path

import pytest

from conftest import DATA, DEV_DOCS, SEEDS
from songngu.cli.main import main
from songngu.documents.reader import read_document
from songngu.documents.segment import segment_document, split_sentences


@pytest.mark.parametrize("name", DEV_DOCS)
def test_reproduces_reference_segmentation(name: str) -> None:
    sentences = [s.text for s in segment_document(read_document(SEEDS / f"{name}.txt"))]
    assert sentences == (DATA / f"{name}.vi.sents").read_text("utf-8").splitlines()


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị tại TP. Hà Nội đã kết thúc.",
        "Công cụ họp trực tuyến (như zoom, skype, website vv...) để tổ chức.",
        "Ứng dụng công nghệ thông tin… để tối ưu hóa.",
        "Đoàn gồm có: Bà Nguyễn Thị A và ông B.",
    ],
)
def test_traps_that_do_not_split(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "như Bolivia, Ecuador vv....Trên hết, tất cả.",
            ["như Bolivia, Ecuador vv....", "Trên hết, tất cả."],
        ),
        ("phát triển bền vững… Chủ đề chính là.", ["phát triển bền vững…", "Chủ đề chính là."]),
        ("bình đẳng./. Văn Sơn", ["bình đẳng./.", "Văn Sơn"]),
        ("Câu một. Câu hai!", ["Câu một.", "Câu hai!"]),
    ],
)
def test_splits(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_ids_count_non_empty_lines_and_sentences(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Tiêu đề\n\nCâu một. Câu hai.\n", encoding="utf-8")
    assert [s.id for s in segment_document(read_document(path))] == ["1.1", "2.1", "2.2"]


def test_segment_command_prints_sentences_with_blank_line_between_paragraphs(tmp_path: Path, capsys) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Tiêu đề\nCâu một. Câu hai.\n", encoding="utf-8")
    assert main(["segment", str(path)]) == 0
    assert capsys.readouterr().out == "Tiêu đề\n\nCâu một.\nCâu hai.\n"


class CountingStr(str):
    """A str that counts the characters copied out of it by slicing."""

    copied = 0

    def __getitem__(self, key):  # type: ignore[override]
        piece = super().__getitem__(key)
        CountingStr.copied += len(piece) if isinstance(key, slice) else 0
        return piece


def test_splitting_copies_each_character_a_bounded_number_of_times() -> None:
    # Slicing the whole prefix at every full stop made splitting quadratic: 20,000 sentences in one
    # paragraph took over 300 s. Counting copied characters proves linearity without a clock.
    sentence = "Ông Nguyễn Văn A (TP. Hà Nội) phát biểu tại hội nghị ngày 14/4. "
    paragraph = CountingStr(sentence * 2000)
    CountingStr.copied = 0
    sentences = split_sentences(paragraph)
    assert len(sentences) == 2000
    assert CountingStr.copied < 3 * len(paragraph)


def test_a_line_without_full_stops_is_cut_into_pieces_of_the_stated_limit() -> None:
    """A 1.4 MB line with no full stop never finished translating (#32)."""
    from songngu.documents.segment import MAX_SENTENCE_CHARS, cut_long

    clause = "đại biểu các thành phố, hiệp hội và tổ chức quốc tế"
    line = " ".join([clause] * 28_000)  # 1.4 MB, one sentence by the full-stop rules
    pieces = split_sentences(line)
    assert len(line) > 1_400_000 and len(pieces) > len(line) // MAX_SENTENCE_CHARS
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert " ".join(pieces) == line  # nothing lost or added
    assert all(p.endswith(",") for p in pieces[:-1])  # cut after a clause mark where there is one
    assert cut_long("x" * 4500) == ["x" * 2000, "x" * 2000, "x" * 500]  # no space at all: at the limit
    assert split_sentences("Câu ngắn. Câu thứ hai.") == ["Câu ngắn.", "Câu thứ hai."]


def test_clause_groups_count_each_word_once() -> None:
    """Counting every growing group again cost words x group size: 9.5 s for a 96 KB line."""
    from songngu.translation.pieces import split_clauses

    calls = []

    def count_tokens(text: str) -> int:
        calls.append(text)
        return len(text.split())

    words = [f"w{i}" for i in range(20_000)]
    groups = split_clauses(" ".join(words), count_tokens, 500)
    assert [len(g.split()) for g in groups] == [500] * 40
    assert " ".join(groups) == " ".join(words)
    assert len(calls) <= len(words) + 2 * len(groups) + 1
