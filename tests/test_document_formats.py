"""What every document format songngu reads must do, run over the registry (documents/registry.py),
as test_backends.py runs one contract over every backend: a format added to the registry is held
to the same tests without a line here but its writer."""

from __future__ import annotations

import html
import io
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from songngu.documents.formats import ReviewedSentence, open_layout, render_english
from songngu.documents.reader import read_document
from songngu.documents.registry import DOCUMENT_SUFFIXES, FORMATTED_SUFFIXES
from songngu.documents.segment import segment_document
from songngu.errors import InputError

# A paragraph is a list of (text, bold) parts: how the tests' own writers put emphasis in a file.
Paragraph = list[tuple[str, bool]]


def write_text(paragraphs: list[Paragraph]) -> bytes:
    return "".join("".join(text for text, _ in p) + "\n" for p in paragraphs).encode("utf-8")


def write_docx(paragraphs: list[Paragraph]) -> bytes:
    import docx

    document = docx.Document()
    for parts in paragraphs:
        paragraph = document.add_paragraph()
        for text, bold in parts:
            paragraph.add_run(text).bold = bold or None
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def write_html(paragraphs: list[Paragraph]) -> bytes:
    body = "".join(
        "<p>" + "".join(f"<b>{html.escape(t)}</b>" if bold else html.escape(t) for t, bold in p) + "</p>"
        for p in paragraphs
    )
    return f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode()


WRITERS: dict[str, Callable[[list[Paragraph]], bytes]] = {
    ".txt": write_text,
    ".docx": write_docx,
    ".html": write_html,
    ".htm": write_html,
}

PARAGRAPHS = [
    [("Hội nghị của ", False), ("ACVN", True), (" được tổ chức tại Hà Nội.", False)],
    [("Đại biểu thảo luận về ngân sách năm 2026.", False)],
]
ENGLISH = ["The ACVN conference was held in Hanoi.", "Delegates discussed the 2026 budget."]


def test_every_format_the_registry_names_has_a_writer_here() -> None:
    assert set(WRITERS) == set(DOCUMENT_SUFFIXES)


def saved(tmp_path: Path, suffix: str, paragraphs: list[Paragraph]) -> Path:
    path = tmp_path / f"bai{suffix}"
    path.write_bytes(WRITERS[suffix](paragraphs))
    return path


@pytest.mark.parametrize("suffix", DOCUMENT_SUFFIXES)
def test_paragraphs_are_read_in_order_as_nfc(tmp_path: Path, suffix: str) -> None:
    decomposed = [[(unicodedata.normalize("NFD", text), bold) for text, bold in p] for p in PARAGRAPHS]
    document = read_document(saved(tmp_path, suffix, decomposed))
    assert document.paragraphs == tuple("".join(text for text, _ in p) for p in PARAGRAPHS)
    assert document.name == "bai" and document.format == suffix.lstrip(".")
    assert [s.id for s in segment_document(document)] == ["1.1", "2.1"]


@pytest.mark.parametrize("suffix", DOCUMENT_SUFFIXES)
def test_a_document_without_text_is_one_line_naming_the_file(tmp_path: Path, suffix: str) -> None:
    path = saved(tmp_path, suffix, [])
    with pytest.raises(InputError) as error:
        read_document(path)
    assert str(error.value).startswith(str(path)) and "\n" not in str(error.value)


def rebuilt(tmp_path: Path, suffix: str, english: list[str]) -> Path:
    source = saved(tmp_path, suffix, PARAGRAPHS)
    layout = open_layout(source.read_bytes(), suffix, str(source))
    sentences = [
        ReviewedSentence(f"{p}.1", "".join(text for text, _ in parts), text)
        for p, (parts, text) in enumerate(zip(PARAGRAPHS, english), start=1)
    ]
    data, dropped = render_english(layout, sentences, lambda text: text if text == "ACVN" else None)
    assert dropped == {}
    path = tmp_path / f"bai.en{suffix}"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("suffix", FORMATTED_SUFFIXES)
def test_the_english_rebuild_reads_back_as_the_english_block_for_block(tmp_path: Path, suffix: str) -> None:
    assert read_document(rebuilt(tmp_path, suffix, ENGLISH)).paragraphs == tuple(ENGLISH)


@pytest.mark.parametrize("suffix", FORMATTED_SUFFIXES)
def test_a_rebuild_with_the_source_as_english_gives_the_source_back(tmp_path: Path, suffix: str) -> None:
    source = ["".join(text for text, _ in p) for p in PARAGRAPHS]
    assert read_document(rebuilt(tmp_path, suffix, source)).paragraphs == tuple(source)


@pytest.mark.parametrize("suffix", FORMATTED_SUFFIXES)
def test_emphasis_follows_the_term_it_was_on(tmp_path: Path, suffix: str) -> None:
    path = rebuilt(tmp_path, suffix, ENGLISH)
    layout = open_layout(path.read_bytes(), suffix, str(path))
    runs = layout.blocks()[0][1]

    def emphasised(style: int) -> bool:
        return any(mark in layout.style_name(style) for mark in ("bold", "<b>", "<strong>"))

    assert [run.text for run in runs if emphasised(run.style)] == ["ACVN"]
    assert "".join(run.text for run in runs) == ENGLISH[0]
