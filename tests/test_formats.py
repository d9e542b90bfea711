"""Word documents and web pages in and out: blocks, structure kept, glossary terms, real clients.

The fixtures are seeds/news_001_word.docx (written by python-docx, saved again by LibreOffice:
scripts/make_format_seeds.py) and seeds/news_001_web.html (a news page with header, navigation,
figure, related news and footer). A random tiny model translates them, so the tests check what
the files are made of, never the quality of the English.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import lxml.html
import polib
import pytest

from conftest import GLOSSARY, SEEDS, require_tool, translate_argv
from songngu.cli.main import main
from songngu.documents.inline import Run, SentenceText, carry_runs
from songngu.documents.reader import read_document
from songngu.documents.text import document_paths

WORD = SEEDS / "news_001_word.docx"
WEB = SEEDS / "news_001_web.html"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def translated(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    for source in (WORD, WEB):
        shutil.copyfile(source, docs / source.name)
    out = tmp_path_factory.mktemp("aligned")
    assert main(translate_argv(docs, tiny_model, out)) == 0
    return out


def docx_counts(path: Path) -> dict[str, int]:
    document = docx.Document(str(path))
    body = document.element.body
    return {
        "headings": sum(p.style.name.startswith("Heading") for p in document.paragraphs),
        "list items": sum(
            p._p.find(f"{W}pPr/{W}numPr") is not None or "List" in p.style.name for p in document.paragraphs
        ),
        "tables": len(document.tables),
        "cells": sum(len(row.cells) for table in document.tables for row in table.rows),
        "images": len(list(body.iter(f"{W}drawing"))),
        "links": len(list(body.iter(f"{W}hyperlink"))),
        "fields": len(list(document.sections[0].footer._element.iter(f"{W}fldChar"))),
        "paragraphs": len(document.paragraphs),
    }


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(parts)


def html_counts(root: lxml.html.HtmlElement) -> dict[str, int]:
    tags = ("h1", "h2", "p", "li", "a", "img", "figure", "figcaption", "nav", "header", "footer", "script")
    return {tag: len(root.findall(f".//{tag}")) for tag in tags}


# -- reading -------------------------------------------------------------------------------------


def test_word_blocks_are_paragraphs_cells_headers_and_footers_in_order() -> None:
    document = read_document(WORD)
    where = dict(zip(document.locations, document.paragraphs))
    assert document.locations[0] == "body/p[1]" and document.paragraphs[0].startswith("Hợp tác địa phương")
    assert where["table1/r2c1"] == "Tỉnh, thành phố Việt Nam" and where["table1/r3c2"] == "22"
    assert where["header1/p[1]"] == "Hiệp hội các thành phố Việt Nam"
    assert where["footer1/p[1]"] == "Trang"  # the page-number field is computed, not text
    assert "Thành phố thông minh và số hóa." in document.paragraphs  # a numbered list item
    assert "body/p[3]" not in where  # the paragraph holding only the picture


def test_web_page_blocks_include_title_alt_and_caption_but_no_code_or_script() -> None:
    document = read_document(WEB)
    where = dict(zip(document.locations, document.paragraphs))
    assert where["title[1]"].endswith("Hiệp hội các thành phố Việt Nam")
    assert where["img[2]/@alt"] == "Lễ khai mạc Hội nghị tại Hà Nội"
    assert where["figcaption[1]"] == "Toàn cảnh Lễ khai mạc Hội nghị tại Hà Nội."
    assert where["a[3]/@title"] == "Liên hệ với chúng tôi"
    assert [where[f"li[{n}]"] for n in (1, 2, 3)] == ["Trang chủ", "Tin tức", "Liên hệ"]
    text = " ".join(document.paragraphs)
    assert "dataLayer" not in text and "font-family" not in text and "iframe" not in text


def test_a_folder_contributes_text_word_and_web_documents(tmp_path: Path) -> None:
    for name in ("a.txt", "b.docx", "c.html", "d.htm", "a.en.txt", "b.en.docx", "~$b.docx", "e.pdf"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in document_paths([tmp_path], tmp_path)] == ["a.txt", "b.docx", "c.html", "d.htm"]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "save it as .docx"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "remove the password"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable .docx"),
        (
            "empty.html",
            b"<html><body><script>x()</script><img src=a.png></body></html>",
            "no text to translate",
        ),
    ],
)
def test_bad_documents_get_one_line_and_the_others_are_translated(
    tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, words: str
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    (docs / name).write_bytes(data)
    shutil.copyfile(WEB, docs / WEB.name)
    assert main(translate_argv(docs, tiny_model, out)) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if name in line]
    assert len(errors) == 1 and words in errors[0], errors
    assert (out / "news_001_web.en.html").is_file()
    assert not any(p.name.startswith(Path(name).stem) for p in out.iterdir())


# -- writing: structure, terms, language ---------------------------------------------------------


def test_word_output_keeps_the_structure(translated: Path) -> None:
    english = translated / "news_001_word.en.docx"
    assert docx_counts(english) == docx_counts(WORD)
    document = docx.Document(str(english))
    assert document.sections[0].page_width == docx.Document(str(WORD)).sections[0].page_width
    assert "Hiệp hội" not in document.sections[0].header.paragraphs[0].text  # headers are translated too


def test_word_output_has_every_required_term_and_is_english(translated: Path) -> None:
    po = polib.pofile(str(translated / "news_001_word.po"))
    text = docx_text(translated / "news_001_word.en.docx")
    required = [line.split(" -> ", 1)[1] for e in po for line in e.comment.split("; ") if " -> " in line]
    assert "Vietnam-France Decentralised Cooperation Conference" in required
    for target in required:
        assert target.removesuffix(" (MISSING)").split("\n")[0] in text
    with zipfile.ZipFile(translated / "news_001_word.en.docx") as archive:
        xml = archive.read("word/document.xml").decode()
        styles = archive.read("word/styles.xml").decode()
    assert 'w:val="vi-VN"' not in xml and 'w:lang w:val="en-GB"' in styles.replace("<w:lang ", "<w:lang ")


def test_word_formatting_follows_the_term_it_was_on(translated: Path) -> None:
    paragraph = docx.Document(str(translated / "news_001_word.en.docx")).paragraphs[1]
    bold = [run.text for run in paragraph.runs if run.bold]
    assert bold == ["Vietnam-France Decentralised Cooperation Conference"]
    caption = next(
        p
        for p in docx.Document(str(translated / "news_001_word.en.docx")).paragraphs
        if p.style.name == "Caption"
    )
    assert all(run.italic for run in caption.runs if run.text.strip())


def test_po_entries_say_where_each_block_is(translated: Path) -> None:
    po = polib.pofile(str(translated / "news_001_word.po"))
    places = {entry.msgctxt: entry.occurrences[0][0] for entry in po}
    assert places["1.1"] == "body/p[1]"
    assert "table1/r2c1" in places.values() and "footer1/p[1]" in places.values()
    web = polib.pofile(str(translated / "news_001_web.po"))
    assert {"figcaption[1]", "img[2]/@alt", "title[1]"} <= {e.occurrences[0][0] for e in web}


def test_web_output_keeps_the_structure_and_untranslatable_parts(translated: Path) -> None:
    source = lxml.html.parse(str(WEB)).getroot()
    english = lxml.html.parse(str(translated / "news_001_web.en.html")).getroot()
    assert html_counts(english) == html_counts(source)
    assert english.get("lang") == "en-GB"
    assert english.find(".//script").text == source.find(".//script").text
    assert english.find(".//style").text == source.find(".//style").text
    assert english.find(".//code").text == source.find(".//code").text
    assert [a.get("href") for a in english.iter("a")] == [a.get("href") for a in source.iter("a")]
    assert [i.get("src") for i in english.iter("img")] == [i.get("src") for i in source.iter("img")]
    assert english.find(".//figcaption").text != source.find(".//figcaption").text
    assert english.find(".//img[@src='hoi-nghi.png']").get("alt") != "Lễ khai mạc Hội nghị tại Hà Nội"
    assert "data-songngu" not in (translated / "news_001_web.en.html").read_text(encoding="utf-8")
    strong = english.find(".//strong")
    assert strong.text == "Vietnam-France Decentralised Cooperation Conference"


def test_review_apply_rebuilds_the_documents_from_the_reviewed_entries(
    translated: Path, tmp_path: Path
) -> None:
    out = tmp_path / "aligned"
    shutil.copytree(translated, out)
    for name in ("news_001_word", "news_001_web"):
        po = polib.pofile(str(out / f"{name}.po"), wrapwidth=0)
        entry = po.find("1.1", by="msgctxt")  # the heading; the page's title
        entry.msgstr = "Reviewed by a person."
        entry.flags = []
        po.save()
    assert (
        main(["review", "apply", str(out), "--refs", str(tmp_path / "none"), "--glossary", str(GLOSSARY)])
        == 0
    )
    assert "Reviewed by a person." in docx_text(out / "news_001_word.en.docx")
    page = lxml.html.parse(str(out / "news_001_web.en.html")).getroot()
    assert page.find(".//title").text == "Reviewed by a person."
    assert page.find(".//strong").text == "Vietnam-France Decentralised Cooperation Conference"  # still bold
    paragraph = docx.Document(str(out / "news_001_word.en.docx")).paragraphs[1]
    bold = [run.text for run in paragraph.runs if run.bold]
    assert bold == ["Vietnam-France Decentralised Cooperation Conference"]


def test_formatting_that_cannot_be_placed_is_listed_in_the_entry(tmp_path: Path, tiny_model: Path) -> None:
    page = tmp_path / "docs" / "note.html"
    page.parent.mkdir()
    page.write_text("<html><body><p>Đây là <em>một ghi chú</em> ngắn.</p></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    assert main(translate_argv(page.parent, tiny_model, out)) == 0
    entry = polib.pofile(str(out / "note.po"))[0]
    assert "formatting not carried over: <em> on 'một ghi chú'" in entry.comment


def test_carrying_runs_places_known_spans_and_reports_the_rest() -> None:
    runs = [
        Run("Hôm qua ông ", 0),
        Run("Nguyễn Văn A", 1),
        Run(" đã tới dự ", 0),
        Run("hội nghị", 2),
        Run(".", 0),
    ]
    text = "".join(r.text for r in runs)
    english, dropped = carry_runs(runs, [SentenceText(0, len(text), "Mr Nguyễn Văn A attended the meeting.")])
    assert Run("Nguyễn Văn A", 1) in english
    assert "".join(r.text for r in english) == "Mr Nguyễn Văn A attended the meeting."
    assert [(d.text, d.style) for d in dropped] == [("hội nghị", 2)]
    english, dropped = carry_runs(
        runs, [SentenceText(0, len(text), "He attended the conference.")], {"hội nghị": "conference"}.get
    )
    assert Run("conference", 2) in english and [d.text for d in dropped] == ["Nguyễn Văn A"]


# -- real clients ----------------------------------------------------------------------------------


def test_the_word_fixture_was_saved_by_libreoffice() -> None:
    with zipfile.ZipFile(WORD) as archive:
        assert b"LibreOffice" in archive.read("docProps/app.xml")


def test_libreoffice_renders_the_english_word_document_with_its_terms(
    translated: Path, tmp_path: Path
) -> None:
    soffice = require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(translated / "news_001_word.en.docx")],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    text = subprocess.run(
        [pdftotext, str(tmp_path / "news_001_word.en.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    for target in (
        "Vietnam-France Decentralised Cooperation Conference",
        "Ile-de-France Region",
        "French Senate",
    ):
        assert target in flat
    assert "Hợp tác địa phương" not in flat


TEXT_BOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:v="urn:schemas-microsoft-com:vml">
 <mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>
   <w:p><w:r><w:t>Trích dẫn trong khung.</w:t></w:r></w:p>
  </w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
   <w:p><w:r><w:t>Trích dẫn trong khung.</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
 </mc:AlternateContent>
</w:r>"""


def test_a_text_box_is_one_block_and_is_rebuilt_in_english(tmp_path: Path) -> None:
    from lxml import etree

    from songngu.documents.formats import ReviewedSentence, open_layout, render_english

    made = docx.Document()
    anchor = made.add_paragraph("Đoạn có khung.")
    anchor._p.append(etree.fromstring(TEXT_BOX))
    path = tmp_path / "box.docx"
    made.save(str(path))
    document = read_document(path)
    assert list(zip(document.locations, document.paragraphs)) == [
        ("body/p[1]", "Đoạn có khung."),
        ("textbox1/p[1]", "Trích dẫn trong khung."),  # once: Word's fallback copy is not a second box
    ]
    layout = open_layout(path.read_bytes(), ".docx", str(path))
    data, _ = render_english(
        layout,
        [ReviewedSentence("1.1", "Đoạn có khung.", "A framed paragraph."),
         ReviewedSentence("2.1", "Trích dẫn trong khung.", "A quote in a box.")],
    )  # fmt: skip
    (tmp_path / "box.en.docx").write_bytes(data)
    rebuilt = docx.Document(str(tmp_path / "box.en.docx"))
    xml = rebuilt.element.body.xml
    assert rebuilt.paragraphs[0].text == "A framed paragraph."
    assert xml.count("A quote in a box.") == 2 and "Trích dẫn" not in xml  # the box and its fallback copy


def test_a_second_run_merges_word_and_web_sources_and_keeps_the_review(
    tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second `make translate` refused every .en.docx/.en.html as "not written by songngu"."""
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    for source in (WORD, WEB):
        shutil.copyfile(source, docs / source.name)
    assert main(translate_argv(docs, tiny_model, out)) == 0
    po_path = out / "news_001_web.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    first = next(e for e in po if not e.obsolete)
    first.msgstr, first.flags = "A title a reviewer wrote", []
    po.save()
    capsys.readouterr()
    assert main(translate_argv(docs, tiny_model, out)) == 0, capsys.readouterr().err
    kept = polib.pofile(str(po_path)).find(first.msgctxt, by="msgctxt")
    assert kept.msgstr == "A title a reviewer wrote" and "fuzzy" not in kept.flags
    assert "A title a reviewer wrote" in (out / "news_001_web.en.html").read_text(encoding="utf-8")
    assert docx_text(out / "news_001_word.en.docx")


def test_a_link_title_inside_a_block_is_written_back_in_english(translated: Path) -> None:
    """A title attribute was translated in the PO but the .en.html kept the Vietnamese."""
    po = polib.pofile(str(translated / "news_001_web.po"))
    entry = next(e for e in po if e.msgid == "Liên hệ với chúng tôi")
    assert entry.occurrences[0][0].endswith("/@title") and entry.msgstr
    page = lxml.html.fromstring((translated / "news_001_web.en.html").read_bytes())
    assert [a.get("title") for a in page.iter("a") if a.get("href") == "/lien-he"] == [entry.msgstr]


def test_the_run_summary_names_the_english_word_and_web_documents(
    tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copyfile(WEB, docs / WEB.name)
    assert main(translate_argv(docs, tiny_model, tmp_path / "out")) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("review files:"))
    assert line.endswith("NNN.en.txt, NNN.en.html")


def test_a_number_only_cell_is_copied_not_translated_or_flagged(translated: Path) -> None:
    """A table cell of "33" went through the model and came back fuzzy (and random)."""
    po = polib.pofile(str(translated / "news_001_word.po"))
    numbers = [e for e in po if e.msgid in ("33", "22")]
    assert len(numbers) == 2
    for entry in numbers:
        assert entry.msgstr == entry.msgid and "fuzzy" not in entry.flags
    cells = [
        c.text
        for t in docx.Document(str(translated / "news_001_word.en.docx")).tables
        for r in t.rows
        for c in r.cells
    ]
    assert "33" in cells and "22" in cells


def test_the_space_before_a_page_number_field_is_kept(translated: Path) -> None:
    """The footer "Trang <PAGE>" came back as "Page1": the block is translated trimmed."""
    footer = docx.Document(str(translated / "news_001_word.en.docx")).sections[0].footer._element
    paragraph = next(p for p in footer.iter(f"{W}p") if list(p.iter(f"{W}fldChar")))
    before_field = ""
    for element in paragraph.iter(f"{W}t", f"{W}fldChar"):
        if element.tag == f"{W}fldChar":
            break
        before_field += element.text or ""
    assert before_field.strip() and before_field.endswith(" ")


def test_a_linked_url_keeps_its_link_on_the_url_not_the_sentence(tiny_model: Path, tmp_path: Path) -> None:
    """A link around a URL that is most of a sentence spread over the whole English sentence."""
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    url = "https://www.acvn.vn/hoi-nghi-hop-tac"
    (docs / "lien_ket.html").write_text(
        f'<html><body><p>Xem tại <a href="{url}">{url}</a></p></body></html>', encoding="utf-8"
    )
    assert main(translate_argv(docs, tiny_model, out)) == 0
    page = lxml.html.fromstring((out / "lien_ket.en.html").read_bytes())
    paragraph = next(page.iter("p"))
    assert [a.text_content() for a in paragraph.iter("a")] == [url]
    assert paragraph.text_content() != url  # the rest of the English is outside the link
    assert "formatting not carried over" not in (out / "lien_ket.po").read_text(encoding="utf-8")


def test_a_layout_is_opened_only_for_a_format_the_registry_names() -> None:
    """open_layout read any suffix but .docx as HTML: a .txt or .odt became a 'web page'."""
    from songngu.documents.formats import open_layout
    from songngu.documents.registry import FORMATTED_SUFFIXES
    from songngu.errors import InputError

    assert FORMATTED_SUFFIXES == (".docx", ".html", ".htm")
    for suffix in (".txt", ".odt"):
        with pytest.raises(
            InputError, match=f"songngu rebuilds .docx, .html, .htm documents, not '{suffix}'"
        ):
            open_layout(b"<p>Xin chao</p>", suffix, f"bai{suffix}")
    assert open_layout(WEB.read_bytes(), ".htm", "news.htm").blocks()


def test_the_same_english_gives_the_same_word_file_byte_for_byte(tmp_path: Path) -> None:
    """python-docx dated every member of the package with the second it was saved."""
    import time

    from songngu.documents.formats import open_layout

    made = []
    for attempt in range(2):
        if attempt:
            time.sleep(2.1)  # past the zip format's two-second resolution
        layout = open_layout(WORD.read_bytes(), ".docx", str(WORD))
        made.append(layout.render({0: [Run("The same English.", 0)]}))
    assert made[0] == made[1]
    with zipfile.ZipFile(io.BytesIO(made[0])) as package:
        assert package.testzip() is None and "word/document.xml" in package.namelist()


def test_a_doctype_with_an_internal_subset_is_not_text_of_the_page(tmp_path: Path) -> None:
    """libxml2 ended the DOCTYPE at its first '>', and ']>' came out in the English as a paragraph."""
    from songngu.documents.html import HtmlLayout
    from songngu.documents.inline import Run
    from songngu.documents.reader import read_document

    page = tmp_path / "news.html"
    page.write_bytes('<!DOCTYPE html [<!ENTITY x "y">]><html><body><p>Xin chào.</p></body></html>'.encode())
    assert read_document(page).paragraphs == ("Xin chào.",)
    english = HtmlLayout(page.read_bytes(), str(page)).render({0: [Run("Hello.", 0)]}).decode()
    assert "]&gt;" not in english and "]>" not in english and "<p>Hello.</p>" in english


def test_bold_on_a_name_with_its_acronym_or_a_number_with_its_noun_is_carried() -> None:
    """Bold or a link on 'term (ACRONYM)' or '1.500 người' was dropped and reported (#32)."""
    known = {
        "Hiệp hội các đô thị Việt Nam": "Association of Cities of Vietnam",
        "ACVN": "ACVN",
        "1.500": "1,500",
    }
    runs = [Run("Đại diện ", 0), Run("Hiệp hội các đô thị Việt Nam (ACVN)", 1), Run(" phát biểu.", 0)]
    english_text = "A representative of the Association of Cities of Vietnam (ACVN) spoke."
    text = "".join(r.text for r in runs)
    emphasis = {0: 0, 1: 1}.get
    english, dropped = carry_runs(runs, [SentenceText(0, len(text), english_text)], known.get, emphasis)
    assert Run("Association of Cities of Vietnam (ACVN)", 1) in english and dropped == []
    runs = [Run("Có ", 0), Run("1.500 người", 1), Run(" tham dự.", 0)]
    text = "".join(r.text for r in runs)
    english, dropped = carry_runs(
        runs, [SentenceText(0, len(text), "1,500 people attended.")], known.get, emphasis
    )
    assert Run("1,500", 1) in english and dropped == []


def test_italic_on_half_a_sentence_stays_off_the_rest_and_the_note_names_the_italic_words() -> None:
    """The majority style became the whole English's, and the note named the plain words (#32)."""
    runs = [
        Run("Ông nói rằng ", 0),
        Run("hợp tác địa phương là động lực chính của phát triển", 1),
        Run(".", 0),
    ]
    text = "".join(r.text for r in runs)
    emphasis = {0: 0, 1: 1}.get
    english, dropped = carry_runs(
        runs, [SentenceText(0, len(text), "He said local cooperation drives development.")], emphasis=emphasis
    )
    assert english == [Run("He said local cooperation drives development.", 0)]
    assert [(d.text, d.style) for d in dropped] == [
        ("hợp tác địa phương là động lực chính của phát triển", 1)
    ]
    # A quotation in italic up to a plain full stop is still all italic.
    runs = [Run("Hợp tác là động lực", 1), Run(".", 0)]
    english, dropped = carry_runs(runs, [SentenceText(0, 20, "Cooperation is a driver.")], emphasis=emphasis)
    assert english == [Run("Cooperation is a driver.", 1)] and dropped == []
