"""Build the Word and web-page versions of seed 001 that songngu translates beside the text seeds.

    python scripts/make_format_seeds.py [--out seeds/]

``news_001_word.docx`` is written by python-docx, then opened and saved again by LibreOffice
(headless), so that the file songngu reads is one a real word processor wrote. It has a
heading, bold and italic names, a link, a numbered list, a table, an image, a header and a
footer with a page-number field. ``news_001_web.html`` is a news page as a city network's site
publishes it: header and navigation, the article with a figure and caption, related news, a
footer, a script and a style, and an inline code sample.

The text is seed 001's, line for line where the layout allows.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "seeds" / "001_fcb7318a1ebb5922.txt"
CONFERENCE = "Hội nghị hợp tác giữa các địa phương Việt Nam - Pháp"


def png(width: int, height: int) -> bytes:
    """A small solid-colour PNG (the article's photo stand-in), made without an imaging library."""
    row = b"\x00" + bytes((40, 110, 160)) * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def build_docx(lines: list[str], image: Path, target: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    document.styles["Normal"].font.name = "DejaVu Sans"
    document.styles["Normal"].font.size = Pt(11)
    section.header.paragraphs[0].text = "Hiệp hội các thành phố Việt Nam"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Trang ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = footer.add_run()
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        elif text == " PAGE ":
            code = OxmlElement("w:instrText")
            code.text = text
            run._r.append(code)
        else:
            run.text = text

    document.add_heading(lines[0], level=1)
    first = document.add_paragraph()
    head, rest = lines[1].split(CONFERENCE, 1)
    first.add_run(head)
    first.add_run(CONFERENCE).bold = True
    first.add_run(rest)
    document.add_paragraph().add_run().add_picture(str(image), width=Cm(8))
    caption = document.add_paragraph("Toàn cảnh Lễ khai mạc Hội nghị tại Hà Nội.", style="Caption")
    caption.runs[0].italic = True
    for line in lines[2:5]:
        document.add_paragraph(line)
    document.add_heading("Hơn 30 năm hợp tác", level=2)
    paragraph = document.add_paragraph()
    head, rest = lines[5].split("Vùng Ile-de-France", 1)
    paragraph.add_run(head)
    link = OxmlElement("w:hyperlink")
    rid = document.part.relate_to(
        "https://www.iledefrance.fr/", RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "Vùng Ile-de-France"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(rest)
    for line in lines[6:8]:
        document.add_paragraph(line)
    document.add_paragraph("Hội nghị tập trung vào 4 chuyên đề:")
    for topic in (
        "Đô thị bền vững.",
        "Môi trường, nước và xử lý nước.",
        "Văn hóa, di sản và du lịch.",
        "Thành phố thông minh và số hóa.",
    ):
        document.add_paragraph(topic, style="List Number")
    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for r, (a, b) in enumerate(
        (("Địa phương", "Số lượng"), ("Tỉnh, thành phố Việt Nam", "33"), ("Địa phương của Pháp", "22"))
    ):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    table.cell(0, 0).paragraphs[0].runs[0].bold = True
    document.save(str(target))


def build_html(lines: list[str]) -> str:
    head, rest = lines[1].split(CONFERENCE, 1)
    paragraphs = "\n".join(f"      <p>{line}</p>" for line in lines[2:5])
    later = "\n".join(f"      <p>{line}</p>" for line in lines[6:8])
    link_head, link_rest = lines[5].split("Vùng Ile-de-France", 1)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>{lines[0]} - Hiệp hội các thành phố Việt Nam</title>
  <style>body {{ font-family: DejaVu Sans, sans-serif; max-width: 46em; margin: 2em auto; }}
  nav a {{ margin-right: 1em; }} figure {{ margin: 1em 0; }} figcaption {{ font-style: italic; }}</style>
  <script>window.dataLayer = [{{"trang": "tin tức"}}];</script>
</head>
<body>
  <header>
    <div class="logo"><img src="logo.png" alt="Logo Hiệp hội các thành phố Việt Nam"></div>
    <nav><ul>
      <li><a href="/">Trang chủ</a></li>
      <li><a href="/tin-tuc">Tin tức</a></li>
      <li><a href="/lien-he" title="Liên hệ với chúng tôi">Liên hệ</a></li>
    </ul></nav>
  </header>
  <main>
    <article>
      <h1>{lines[0]}</h1>
      <p class="byline">Ban biên tập ACVN</p>
      <p>{head}<strong>{CONFERENCE}</strong>{rest}</p>
      <figure>
        <img src="hoi-nghi.png" alt="Lễ khai mạc Hội nghị tại Hà Nội" width="320">
        <figcaption>Toàn cảnh Lễ khai mạc Hội nghị tại Hà Nội.</figcaption>
      </figure>
{paragraphs}
      <h2>Hơn 30 năm hợp tác</h2>
      <p>{link_head}<a href="https://www.iledefrance.fr/">Vùng Ile-de-France</a>{link_rest}</p>
{later}
      <p>Mã nhúng bản tin: <code>&lt;iframe src="/embed/123"&gt;</code></p>
    </article>
    <aside>
      <h2>Tin liên quan</h2>
      <ul>
        <li><a href="/tin-tuc/fcm">FCM và ACVN ký kết hợp tác giai đoạn mới</a></li>
        <li><a href="/tin-tuc/uclg">Đại hội UCLG ASPAC tại Hàn Quốc</a></li>
      </ul>
    </aside>
  </main>
  <footer>
    <p>Liên hệ: <a href="mailto:acvn@acvn.vn">acvn@acvn.vn</a> · https://acvn.vn</p>
  </footer>
</body>
</html>
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SEED.parent)
    args = parser.parse_args()
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("needs LibreOffice (apt-get install libreoffice-writer-nogui)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        image = folder / "photo.png"
        image.write_bytes(png(320, 180))
        made = folder / "made" / "news_001_word.docx"
        made.parent.mkdir()
        build_docx(lines, image, made)
        saved = folder / "saved"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
             "docx:MS Word 2007 XML", "--outdir", str(saved), str(made)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        shutil.copyfile(saved / made.name, args.out / made.name)
    (args.out / "news_001_web.html").write_text(build_html(lines), encoding="utf-8")
    print(f"wrote {args.out / made.name} (saved by LibreOffice) and {args.out / 'news_001_web.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
