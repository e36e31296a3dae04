"""DOCX and PDF downloads: the court's styles, Kazakh letters, clause numbers, same bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess
import sys

import pytest

from generator.builders import BuildContext, rulings, safe_markdown
from generator.corpus import Corpus
from generator.documents import DocumentMaker, dejavu_dir, to_docx, to_pdf
from generator.load import load_root
from generator.public import public_view
from tests.conftest import GOOD, ROOT

docx = pytest.importorskip("docx")
pypdf = pytest.importorskip("pypdf")

KAZAKH = "әғқңөұүһі ӘҒҚҢӨҰҮҺІ"
TITLE = "Қаулы № 6001-26-00-3гп/1"
RECORD = (
    f"Алқа {KAZAKH} әріптерін сақтайды.\n\n"
    "Алқа ҚАУЛЫ ЕТЕДІ:\n\n"
    "1) талапкердің кассациялық өтінішхаты қанағаттандырылсын;\n\n"
    "3) іс жаңадан қарауға жіберілсін.\n\n"
    "5. Қаулы заңды күшіне енеді.\n"
)
BODY = safe_markdown(RECORD)
DAY = dt.date(2026, 10, 14)


@pytest.fixture(scope="module")
def maker():
    return DocumentMaker(None)


@pytest.fixture(scope="module")
def docx_bytes(maker):
    return maker.docx(BODY, "kk", TITLE, DAY)


@pytest.fixture(scope="module")
def pdf_bytes(maker):
    return maker.pdf(BODY, "kk", TITLE, DAY)


def _paragraphs(data: bytes) -> list:
    return docx.Document(io.BytesIO(data)).paragraphs


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_docx_has_the_title_and_the_kazakh_text(docx_bytes):
    document = docx.Document(io.BytesIO(docx_bytes))
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == TITLE
    assert document.core_properties.title == TITLE
    assert f"Алқа {KAZAKH} әріптерін сақтайды." in [p.text for p in paragraphs]


def test_docx_keeps_clause_numbers_as_written(docx_bytes):
    texts = [p.text for p in _paragraphs(docx_bytes)]
    assert "1) талапкердің кассациялық өтінішхаты қанағаттандырылсын;" in texts
    assert "3) іс жаңадан қарауға жіберілсін." in texts  # not renumbered to 2)
    assert "5. Қаулы заңды күшіне енеді." in texts
    # and no Word list numbering was made of them
    document = docx.Document(io.BytesIO(docx_bytes))
    assert not document.element.body.xpath(".//w:numPr")


def test_without_escaping_pandoc_would_renumber_the_clauses(maker):
    """Why record text must go through safe_markdown before a document is made."""
    data = maker.docx(RECORD, "kk", TITLE, DAY)
    document = docx.Document(io.BytesIO(data))
    assert document.element.body.xpath(".//w:numPr")  # a Word list: "3)" would show as "2)"
    assert "3) іс жаңадан қарауға жіберілсін." not in [p.text for p in document.paragraphs]


def test_docx_carries_the_courts_styles(docx_bytes):
    document = docx.Document(io.BytesIO(docx_bytes))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30


def test_pdf_text_has_every_kazakh_letter_and_the_clause_numbers(pdf_bytes):
    text = _pdf_text(pdf_bytes)
    assert TITLE in text
    assert KAZAKH in text
    assert "1) талапкердің" in text and "3) іс жаңадан" in text


def test_pdf_embeds_dejavu_sans(pdf_bytes):
    from fontTools.ttLib import TTFont

    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = []
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        names.append(TTFont(io.BytesIO(program))["name"].getDebugName(1))
        assert "DejaVu" in str(font["/BaseFont"])
    assert "DejaVu Sans" in names
    assert (dejavu_dir() / "DejaVuSans.ttf").is_file()


def test_the_pdf_has_the_title_and_language_but_no_dates(pdf_bytes):
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    assert reader.metadata.title == TITLE
    assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata
    assert reader.trailer["/Root"]["/Lang"] == "kk"


def test_the_same_document_twice_gives_the_same_bytes(maker, docx_bytes, pdf_bytes):
    assert maker.docx(BODY, "kk", TITLE, DAY) == docx_bytes
    assert maker.pdf(BODY, "kk", TITLE, DAY) == pdf_bytes
    assert to_docx(BODY, "kk", TITLE, DAY) == docx_bytes  # a new maker, too


def test_another_process_makes_the_same_bytes(docx_bytes, pdf_bytes):
    """No clock, no hash seed, no temporary path may reach the bytes."""
    script = (
        "import datetime as dt, hashlib, sys\n"
        "from generator.documents import DocumentMaker\n"
        "body, title = sys.stdin.read().split('\\x00')\n"
        "m = DocumentMaker(None)\n"
        "day = dt.date(2026, 10, 14)\n"
        "for data in (m.docx(body, 'kk', title, day), m.pdf(body, 'kk', title, day)):\n"
        "    print(hashlib.sha256(data).hexdigest())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        input=f"{BODY}\x00{TITLE}",
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    assert out == [hashlib.sha256(docx_bytes).hexdigest(), hashlib.sha256(pdf_bytes).hexdigest()]


def test_documents_are_reused_from_the_cache(tmp_path, monkeypatch, docx_bytes, pdf_bytes):
    cached = DocumentMaker(tmp_path)
    assert cached.docx(BODY, "kk", TITLE, DAY) == docx_bytes
    assert cached.pdf(BODY, "kk", TITLE, DAY) == pdf_bytes
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".pdf"]

    def no_conversion(*args):
        raise AssertionError("converted again")

    monkeypatch.setattr(cached, "_make_docx", no_conversion)
    monkeypatch.setattr(cached, "_make_pdf", no_conversion)
    assert cached.docx(BODY, "kk", TITLE, DAY) == docx_bytes
    assert cached.pdf(BODY, "kk", TITLE, DAY) == pdf_bytes
    assert to_pdf(BODY, "kk", TITLE, DAY, cache_dir=tmp_path) == pdf_bytes
    # another text, title or date is another document
    assert cached.key("docx", BODY, "kk", TITLE, DAY) != cached.key("docx", BODY, "kk", "x", DAY)
    assert cached.key("pdf", BODY, "kk", TITLE, DAY) != cached.key("pdf", BODY, "kk", TITLE, None)


def test_ruling_pages_link_their_documents_and_the_builder_makes_them(tmp_path):
    view = public_view(Corpus.from_loaded(load_root(GOOD)))
    ctx = BuildContext(today=dt.date(2026, 11, 24), cache_dir=tmp_path)
    pages = {p.path: p for p in rulings.build(view, "kk", ctx)}
    page = pages["rulings/2026/6001-26-00-3gp-1.md"].render().decode()
    assert "[DOCX](6001-26-00-3gp-1.kk.docx)" in page and "[PDF](6001-26-00-3gp-1.kk.pdf)" in page

    data = pages["rulings/2026/6001-26-00-3gp-1.kk.docx"].content
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "Қаулы № 6001-26-00-3гп/1"
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "Іс нөмірі" in cells and "6001-26-00-3гп/1" in cells
    text = "\n".join(p.text for p in document.paragraphs)
    assert "нақты ерік-жігерін анықтауға міндетті" in text  # the headnote
    assert "Талапкер С.А.Б." in text and "Серікбаев" not in text  # depersonalised text

    pdf_text = _pdf_text(pages["rulings/2026/6001-26-00-3gp-1.kk.pdf"].content)
    assert "Талапкер С.А.Б." in pdf_text and "Серікбаев" not in pdf_text
    assert (tmp_path / "documents").is_dir()  # ROOT/.alqa-cache/documents/<sha256>.<ext>

    quick = BuildContext(today=dt.date(2026, 11, 24), with_documents=False)
    assert not [p for p in rulings.build(view, "kk", quick) if isinstance(p.content, bytes)]
