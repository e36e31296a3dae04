"""Make reference.docx: pandoc's default styles adjusted to the court's document styles.

pandoc takes every style (and the page set-up) of a DOCX it writes from this file. Run it
again after changing the styles below, and commit the result:

    .venv/bin/python generator/templates/documents/make_reference_docx.py

The court's documents: A4, margins 30 mm left, 15 mm right, 20 mm top and bottom;
Times New Roman (it has every Kazakh letter) 14 pt, headings bold, black, no colour.
Needs python-docx (a test dependency) and pandoc (pypandoc-binary).
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
TARGET = HERE / "reference.docx"
FONT = "Times New Roman"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entry times: the file is the same on every run


def default_reference() -> bytes:
    import pypandoc

    return subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        check=True,
        capture_output=True,
    ).stdout


def adjust(data: bytes) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Document(io.BytesIO(data))

    def font_of(style, size: float, bold: bool | None = None) -> None:
        font = style.font
        font.name = FONT
        font.size = Pt(size)
        font.color.rgb = RGBColor(0, 0, 0)
        if bold is not None:
            font.bold = bold
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)

    styles = {s.name: s for s in doc.styles}
    names = set(styles)
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text"):
        if name in names:
            font_of(styles[name], 14)
    for name in ("Body Text", "First Paragraph"):
        if name in names:
            fmt = styles[name].paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent = Mm(12.5)
            fmt.space_before = Pt(0)
            fmt.space_after = Pt(6)
    if "Title" in names:
        font_of(styles["Title"], 16, bold=True)
        styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for level, size in ((1, 15), (2, 14), (3, 14), (4, 14)):
        name = f"Heading {level}"
        if name in names:
            font_of(styles[name], size, bold=True)
            styles[name].font.italic = level >= 3
    for name in ("Table", "Footnote Text", "Caption", "Table Caption"):
        if name in names:
            font_of(styles[name], 12)

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)

    out = io.BytesIO()
    doc.save(out)
    return _fixed_times(out.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same zip with fixed entry times, so regenerating gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in sorted(src.infolist(), key=lambda i: (i.filename != "[Content_Types].xml",)):
            entry = zipfile.ZipInfo(info.filename, FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(entry, src.read(info.filename))
    return out.getvalue()


def main() -> int:
    TARGET.write_bytes(adjust(default_reference()))
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
