import unicodedata
from pathlib import Path

import pytest

from songngu.documents.reader import read_document
from songngu.errors import InputError


def test_nfc_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(unicodedata.normalize("NFD", "Hà Nội\n\n  \nĐà Nẵng\n"), encoding="utf-8")
    document = read_document(path)
    assert document.name == "a"
    assert document.paragraphs == ("Hà Nội", "Đà Nẵng")
    assert all(unicodedata.is_normalized("NFC", p) for p in document.paragraphs)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        ("dòng một\ndòng hai".encode("utf-16-le"), "binary"),  # UTF-16 without a byte order mark
        (b"d\xf2ng m\xf4t\nd\xf2ng hai", "not UTF-8"),
    ],
)
def test_unreadable_files_raise_one_clear_line(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as error:
        read_document(path)
    message = str(error.value)
    assert str(path) in message and words in message and "\n" not in message


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("một\nhai\n".encode() + b"ba \xf4")
    with pytest.raises(InputError, match=r"bad.txt:3: not UTF-8"):
        read_document(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "windows.txt"
    data = "Hội nghị tại Hà Nội.\nDòng hai.\n".encode(encoding)
    path.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
    assert read_document(path).paragraphs == ("Hội nghị tại Hà Nội.", "Dòng hai.")
