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
