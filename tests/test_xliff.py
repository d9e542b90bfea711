"""XLIFF 1.2 and 2.1 out and back in, checked with translate-toolkit's readers, gettext and the
rules of XLIFF 2 written down here (no package on this machine ships the OASIS schemas).

The Word document is small and made here, so that each test knows which word is bold; the
English comes from the tiny random model, and the tests edit it as a CAT tool would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import polib
import pytest
from lxml import etree

from conftest import GLOSSARY, SEEDS, require_tool, translate_argv
from songngu.cli.main import main

X1 = "{urn:oasis:names:tc:xliff:document:1.2}"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"


def news_docx(path: Path) -> Path:
    """Two paragraphs; 'ACVN' bold in the first sentence, 'Nguyễn Văn A' italic in the second."""
    document = docx.Document()
    paragraph = document.add_paragraph("Hội nghị của ")
    paragraph.add_run("ACVN").bold = True
    paragraph.add_run(" diễn ra tại Hà Nội. Ông ")
    paragraph.add_run("Nguyễn Văn A").italic = True
    paragraph.add_run(" phát biểu.")
    document.add_paragraph("Chương trình hợp tác với FCM.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def exported(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A review folder with news.docx and the seed 000 translated (XLIFF 1.2)."""
    docs = tmp_path_factory.mktemp("docs")
    news_docx(docs / "news.docx")
    shutil.copyfile(SEEDS / "000_df3434ea04ffe04a.txt", docs / "000_df3434ea04ffe04a.txt")
    out = tmp_path_factory.mktemp("aligned")
    assert main(translate_argv(docs, tiny_model, out)) == 0
    return out


def fresh(exported: Path, tmp_path: Path) -> Path:
    out = tmp_path / "aligned"
    shutil.copytree(exported, out)
    return out


def apply(*arguments: str | Path, out: Path, xliff: str = "1.2") -> int:
    return main(
        [
            *("review", "apply", *map(str, arguments), "--out", str(out), "--refs", str(out / "no-refs")),
            *("--glossary", str(GLOSSARY), "--xliff", xliff, "--translator", "Lan <lan@example.org>"),
        ]
    )


def po_entry(out: Path, name: str, sentence: str) -> polib.POEntry:
    return polib.pofile(str(out / f"{name}.po"), wrapwidth=0).find(sentence, by="msgctxt")


def units_of(tree: etree._ElementTree) -> dict[str, etree._Element]:
    root = tree.getroot()
    if root.tag == f"{X1}xliff":
        return {u.get("id"): u for u in root.iter(f"{X1}trans-unit")}
    return {u.get("id"): u for u in root.iter(f"{X2}unit")}


def set_target(unit: etree._Element, markup: str, state: str) -> None:
    """Replace a unit's target with ``markup`` (inline elements in the file's namespace), as a CAT tool saves."""
    x2 = unit.tag == f"{X2}unit"
    namespace = X2 if x2 else X1
    parent = unit.find(f"{X2}segment") if x2 else unit
    target = parent.find(f"{namespace}target")
    if target is None:
        target = etree.SubElement(parent, f"{namespace}target")
    fragment = etree.fromstring(f'<target xmlns="{namespace[1:-1]}">{markup}</target>')
    target.text, target[:] = fragment.text, list(fragment)
    if x2:
        parent.set("state", state)
        parent.attrib.pop("subState", None)
    else:
        target.set("state", state)
        target.attrib.pop("state-qualifier", None)


def bold_and_italic(path: Path) -> list[list[tuple[str, bool, bool]]]:
    return [
        [(run.text, bool(run.bold), bool(run.italic)) for run in p.runs if run.text]
        for p in docx.Document(str(path)).paragraphs
    ]


# -- out -------------------------------------------------------------------------------------------


def test_translate_writes_xliff_12_that_translate_toolkit_reads_as_the_po_says(exported: Path) -> None:
    from translate.storage import xliff

    for name in ("news", "000_df3434ea04ffe04a"):
        store = xliff.xlifffile.parsefile(str(exported / f"{name}.xlf"))
        po = [e for e in polib.pofile(str(exported / f"{name}.po")) if not e.obsolete]
        units = [u for u in store.units if not u.isheader()]
        # translate-toolkit names a unit by its file and id, joined by \x04 as gettext joins a context
        assert [u.getid().rsplit("\x04", 1)[-1] for u in units] == [e.msgctxt for e in po]
        assert [str(u.source) for u in units] == [e.msgid for e in po]
        assert [str(u.target) for u in units] == [e.msgstr for e in po]
        assert [u.isfuzzy() for u in units] == ["fuzzy" in e.flags for e in po]
    pocount = subprocess.run(
        [require_tool("pocount"), str(exported / "news.xlf")], capture_output=True, text=True
    )
    assert pocount.returncode == 0 and re.search(r"Total:\s+3\b", pocount.stdout), pocount.stdout


def test_xliff2po_of_our_file_passes_msgfmt_check(exported: Path, tmp_path: Path) -> None:
    converted = tmp_path / "news.po"
    subprocess.run(
        [require_tool("xliff2po"), str(exported / "news.xlf"), str(converted)],
        check=True,
        capture_output=True,
    )
    subprocess.run([require_tool("msgfmt"), "-c", "-o", "/dev/null", str(converted)], check=True)
    assert "Hội nghị của ACVN diễn ra tại Hà Nội." in converted.read_text()


def test_units_carry_state_place_terms_and_the_formatting_as_inline_codes(exported: Path) -> None:
    units = units_of(etree.parse(str(exported / "news.xlf")))
    first = units["1.1"]
    source = first.find(f"{X1}source")
    assert source.text == "Hội nghị của "
    assert [(g.get("id"), g.get("ctype"), g.text) for g in source.iter(f"{X1}g")] == [("1", "bold", "ACVN")]
    target = first.find(f"{X1}target")
    assert target.get("state") == "needs-review-translation" and first.get("approved") == "no"
    assert target.get("state-qualifier") == "mt-suggestion"
    assert first.find(f"{X1}context-group/{X1}context").text == "body/p[1]"
    notes = [n.text for n in first.iter(f"{X1}note")]
    assert "term: ACVN -> ACVN" in notes
    second = units["1.2"].find(f"{X1}source")
    assert [(g.get("ctype"), g.text) for g in second.iter(f"{X1}g")] == [("italic", "Nguyễn Văn A")]


XLIFF2_STATES = {"initial", "translated", "reviewed", "final"}
XLIFF2_ELEMENTS = {"xliff", "file", "unit", "notes", "note", "segment", "ignorable", "source", "target"}
XLIFF2_INLINE = {"pc", "ph", "sc", "ec", "mrk", "sm", "em", "cp"}
NMTOKEN = re.compile(r"[\w.\-:]+")


def test_xliff_21_keeps_the_rules_of_the_xliff_2_core(exported: Path, tmp_path: Path) -> None:
    """The XLIFF 2.1 core's constraints that a schema check would catch, and the processing
    requirements it cannot (unique ids per unit, codes in the target that the source has)."""
    out = fresh(exported, tmp_path)
    assert apply(out=out, xliff="2.1") == 0
    for name in ("news", "000_df3434ea04ffe04a"):
        root = etree.parse(str(out / f"{name}.xlf")).getroot()
        assert root.tag == f"{X2}xliff" and root.get("version") == "2.1"
        assert root.get("srcLang") == "vi" and root.get("trgLang") == "en"
        files = root.findall(f"{X2}file")
        assert len(files) == 1 and files[0].get("id")
        unit_ids = [u.get("id") for u in root.iter(f"{X2}unit")]
        assert len(unit_ids) == len(set(unit_ids)) and all(NMTOKEN.fullmatch(i) for i in unit_ids)
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            qname = etree.QName(element)
            assert qname.namespace == X2[1:-1], element.tag
            assert qname.localname in XLIFF2_ELEMENTS | XLIFF2_INLINE, qname.localname
        for unit in root.iter(f"{X2}unit"):
            segments = unit.findall(f"{X2}segment")
            assert segments, unit.get("id")
            ids = [s.get("id") for s in segments] + [c.get("id") for c in unit.iter(f"{X2}pc")]
            for segment in segments:
                state = segment.get("state")
                assert state in XLIFF2_STATES
                if segment.get("subState") is not None:
                    assert state is not None and ":" in segment.get("subState")
                if state != "initial":
                    assert segment.find(f"{X2}target") is not None
                source_codes = [c.get("id") for c in segment.find(f"{X2}source").iter(f"{X2}pc")]
                target = segment.find(f"{X2}target")
                target_codes = [c.get("id") for c in target.iter(f"{X2}pc")] if target is not None else []
                assert len(set(source_codes)) == len(source_codes)
                assert set(target_codes) <= set(source_codes)
                ids = [s.get("id") for s in segments] + source_codes
                assert len(ids) == len(set(ids))
            for code in unit.iter(f"{X2}pc"):
                assert code.get("type") in {"fmt", "ui", "quote", "link", "image", "other"}
                if code.get("subType") is not None:
                    assert code.get("subType") in {"xlf:b", "xlf:i", "xlf:u"}
        for note in root.iter(f"{X2}note"):
            assert note.get("category") in {"location", "glossary"}


# -- back in ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_a_word_document_goes_through_a_cat_tool_and_its_english_keeps_the_moved_formatting(
    exported: Path, tmp_path: Path, version: str
) -> None:
    out = fresh(exported, tmp_path)
    if version != "1.2":
        assert apply(out=out, xliff=version) == 0
    tree = etree.parse(str(out / "news.xlf"))
    units = units_of(tree)
    code = "g" if version == "1.2" else "pc"
    done = "translated" if version == "1.2" else "reviewed"
    # The bold code moves from ACVN to "meeting"; the italic code from the name to "Mr".
    set_target(units["1.1"], f'The <{code} id="1">meeting</{code}> of ACVN was held in Hanoi.', done)
    set_target(units["1.2"], f'<{code} id="1">Mr</{code}> Nguyen Van A spoke.', done)
    returned = tmp_path / "from-the-cat-tool" / "news.xlf"
    returned.parent.mkdir()
    tree.write(str(returned), xml_declaration=True, encoding="UTF-8")

    assert apply(returned, out=out, xliff=version) == 0
    entry = po_entry(out, "news", "1.2")
    assert entry.msgstr == "Mr Nguyen Van A spoke." and "fuzzy" not in entry.flags
    assert polib.pofile(str(out / "news.po")).metadata["Last-Translator"] == "Lan <lan@example.org>"
    first = bold_and_italic(out / "news.en.docx")[0]
    assert [text for text, bold, _ in first if bold] == ["meeting"]
    assert ("Mr", False, True) in first
    assert not any(italic for text, _, italic in first if "Nguyen" in text)
    # The next export carries the codes where the translator put them.
    again = units_of(etree.parse(str(out / "news.xlf")))["1.2"]
    target = again.find(f"{X1}target") if version == "1.2" else again.find(f"{X2}segment/{X2}target")
    assert [(c.text, c.get("id")) for c in target] == [("Mr", "1")]


def test_the_placed_formatting_survives_a_second_translate_run(
    exported: Path, tmp_path: Path, tiny_model: Path
) -> None:
    out = fresh(exported, tmp_path)
    tree = etree.parse(str(out / "news.xlf"))
    set_target(units_of(tree)["1.2"], '<g id="1">Mr</g> Nguyen Van A spoke.', "translated")
    tree.write(str(out / "news.xlf"), xml_declaration=True, encoding="UTF-8")
    assert apply(out / "news.xlf", out=out) == 0
    docs = tmp_path / "docs"
    news_docx(docs / "news.docx")
    assert main(translate_argv(docs, tiny_model, out)) == 0
    assert ("Mr", False, True) in bold_and_italic(out / "news.en.docx")[0]


def test_translate_toolkit_as_the_cat_tool(exported: Path, tmp_path: Path) -> None:
    """translate-toolkit's own XLIFF store edits a target and approves it; the PO takes both."""
    from translate.storage import xliff

    out = fresh(exported, tmp_path)
    store = xliff.xlifffile.parsefile(str(out / "000_df3434ea04ffe04a.xlf"))
    unit = next(u for u in store.units if u.getid().endswith("\x042.1"))
    unit.target = "Edited in a CAT tool."
    unit.markfuzzy(False)
    unit.markapproved(True)
    returned = tmp_path / "000_df3434ea04ffe04a.xlf"
    store.savefile(str(returned))
    assert apply(returned, out=out) == 0
    entry = po_entry(out, "000_df3434ea04ffe04a", "2.1")
    assert entry.msgstr == "Edited in a CAT tool." and "fuzzy" not in entry.flags
    assert "Edited in a CAT tool." in (out / "000_df3434ea04ffe04a.en.txt").read_text()


def trados_file(ours: Path, edits: dict[str, str]) -> bytes:
    """Our 1.2 file as Trados Studio saves it: sdl namespace and doc-info, seg-source with segment
    marks, the target inside a segment mark, confirmation in sdl:seg-defs."""
    text = ours.read_text()
    tree = etree.fromstring(text.split("\n", 2)[2].encode())  # no declaration or comment: Trados drops ours
    root = etree.Element(tree.tag, nsmap={**tree.nsmap, "sdl": SDL}, attrib=dict(tree.attrib))
    root[:] = list(tree)
    header = root.find(f"{X1}file/{X1}header")
    etree.SubElement(header, f"{{{SDL}}}doc-info").text = "Trados Studio"
    for unit in root.iter(f"{X1}trans-unit"):
        source = unit.find(f"{X1}source")
        seg_source = etree.Element(f"{X1}seg-source")
        mark = etree.SubElement(seg_source, f"{X1}mrk", mtype="seg", mid="1")
        mark.text, mark[:] = source.text, [etree.fromstring(etree.tostring(c)) for c in source]
        source.addnext(seg_source)
        target = unit.find(f"{X1}target")
        english = edits.get(unit.get("id"))
        if english is not None:
            target.text, target[:] = None, []
            etree.SubElement(target, f"{X1}mrk", mtype="seg", mid="1").text = english
            target.attrib.pop("state", None)
            target.attrib.pop("state-qualifier", None)
            defs = etree.SubElement(unit, f"{{{SDL}}}seg-defs")
            etree.SubElement(defs, f"{{{SDL}}}seg", id="1", conf="Translated", origin="interactive")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_a_file_saved_the_way_trados_saves_it_applies_and_its_extras_are_ignored(
    exported: Path, tmp_path: Path
) -> None:
    out = fresh(exported, tmp_path)
    returned = tmp_path / "000_df3434ea04ffe04a.sdlxliff"
    returned.write_bytes(trados_file(out / "000_df3434ea04ffe04a.xlf", {"1.1": "Edited in Trados."}))
    assert apply(returned, out=out) == 0
    entry = po_entry(out, "000_df3434ea04ffe04a", "1.1")
    assert entry.msgstr == "Edited in Trados." and "fuzzy" not in entry.flags
    assert "fuzzy" in po_entry(out, "000_df3434ea04ffe04a", "1.2").flags  # untouched: still machine


def test_units_the_cat_tool_split_or_merged_are_named_and_not_applied(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = fresh(exported, tmp_path)
    name = "000_df3434ea04ffe04a"
    before = {e.msgctxt: e.msgstr for e in polib.pofile(str(out / f"{name}.po"))}
    tree = etree.parse(str(out / f"{name}.xlf"))
    units = units_of(tree)
    # 1.1 split in two segments; 3.1 took 3.2's Vietnamese (merged) and 3.2 is gone; 4.1 renamed.
    split = units["1.1"]
    seg_source = etree.Element(f"{X1}seg-source")
    for number, half in enumerate(split.find(f"{X1}source").text.split(" ", 1), start=1):
        etree.SubElement(seg_source, f"{X1}mrk", mtype="seg", mid=str(number)).text = half
    split.find(f"{X1}source").addnext(seg_source)
    set_target(split, "First half. Second half.", "translated")
    merged, gone = units["3.1"], units["3.2"]
    merged.find(f"{X1}source").text += " " + gone.find(f"{X1}source").text
    set_target(merged, "Both sentences at once.", "translated")
    gone.getparent().remove(gone)
    units["4.1"].set("id", "4.1_a")
    set_target(units["4.1"], "Renamed.", "translated")
    returned = tmp_path / f"{name}.xlf"
    tree.write(str(returned), xml_declaration=True, encoding="UTF-8")

    assert apply(returned, out=out) == 0
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(returned))}:\d+: unit 1.1 was split into 2 segments", err)
    assert re.search(r":\d+: the Vietnamese of unit 3.1 is not sentence 3.1's", err)
    assert re.search(r":\d+: unit '4.1_a' is not a sentence of this document", err)
    assert "sentence(s) 3.2, 4.1 have no unit in this file" in err
    after = {e.msgctxt: e.msgstr for e in polib.pofile(str(out / f"{name}.po"))}
    assert after == before


def test_an_xliff_edit_wins_when_made_from_the_pos_english_and_loses_to_a_later_po_edit(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = fresh(exported, tmp_path)
    name = "000_df3434ea04ffe04a"
    po = polib.pofile(str(out / f"{name}.po"), wrapwidth=0)
    for sentence in ("1.1", "1.2"):
        po.find(sentence, by="msgctxt").msgstr = f"Reviewed {sentence}."
        po.find(sentence, by="msgctxt").flags = []
    po.save()
    assert apply(out=out) == 0  # the export now holds the reviewed English
    tree = etree.parse(str(out / f"{name}.xlf"))
    set_target(units_of(tree)["1.1"], "Changed by the translator.", "translated")
    set_target(units_of(tree)["1.2"], "Changed by the translator too.", "translated")
    tree.write(str(tmp_path / f"{name}.xlf"), xml_declaration=True, encoding="UTF-8")
    po = polib.pofile(str(out / f"{name}.po"), wrapwidth=0)  # meanwhile, 1.2 is edited in Poedit
    po.find("1.2", by="msgctxt").msgstr = "Changed in Poedit."
    po.save()

    assert apply(tmp_path / f"{name}.xlf", out=out) == 1  # a true conflict: named, and exit 1 (#32)
    assert po_entry(out, name, "1.1").msgstr == "Changed by the translator."
    assert po_entry(out, name, "1.2").msgstr == "Changed in Poedit."
    err = capsys.readouterr().err
    assert "sentence 1.2 was changed in the PO since this file was written, and edited here too" in err
    assert "'Changed in Poedit.'" in err and "'Changed by the translator too.'" in err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'><file>", "not well-formed XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><xliff/>',
            "DOCTYPE or entity declarations",
        ),
        (b"<tmx version='1.4'/>", "not an XLIFF 1.2 or 2.x file"),
    ],
)
def test_a_broken_xliff_is_one_line_and_nothing_is_written(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, says: str
) -> None:
    out = fresh(exported, tmp_path)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    returned = tmp_path / "news.xlf"
    returned.write_bytes(content)
    assert apply(returned, out=out) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0] and str(returned) in err[0] and "Traceback" not in err[0]
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_an_xliff_file_of_another_document_is_refused(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = fresh(exported, tmp_path)
    returned = tmp_path / "news.xlf"  # named after news, but exported for 000
    shutil.copyfile(out / "000_df3434ea04ffe04a.xlf", returned)
    (out / "000_df3434ea04ffe04a.po").unlink()
    (out / "000_df3434ea04ffe04a.tsv").unlink()
    assert apply(returned, out=out) != 0
    assert "has no review files" in capsys.readouterr().err


def test_a_web_page_keeps_its_link_and_bold_where_the_translator_put_them(
    tiny_model: Path, tmp_path: Path
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "aligned"
    docs.mkdir()
    (docs / "page.html").write_text(
        "<html><head><title>Tin</title></head><body><p>Hội nghị của <strong>ACVN</strong> diễn ra tại "
        '<a href="https://acvn.vn">Hà Nội</a>.</p></body></html>'
    )
    assert main(translate_argv(docs, tiny_model, out)) == 0
    tree = etree.parse(str(out / "page.xlf"))
    source = units_of(tree)["2.1"].find(f"{X1}source")
    assert [(g.get("id"), g.get("ctype")) for g in source] == [("1", "bold"), ("2", "link")]
    set_target(
        units_of(tree)["2.1"],
        'The <g id="1">conference</g> of ACVN was held in <g id="2">Hà Nội</g>.',
        "translated",
    )
    tree.write(str(tmp_path / "page.xlf"), xml_declaration=True, encoding="UTF-8")
    assert apply(tmp_path / "page.xlf", out=out) == 0
    page = (out / "page.en.html").read_text()
    assert (
        '<p>The <strong>conference</strong> of ACVN was held in <a href="https://acvn.vn">Hà Nội</a>.</p>'
        in page
    )
