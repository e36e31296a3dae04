"""Generated Markdown of the public site, compared with golden files.

The goldens in tests/goldens/ are the reviewed output for the good test court; after a
deliberate change, rewrite them with `pytest tests/test_pages.py --update-goldens` and read
the diff before committing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.builders import BuildContext, press, rulings, safe_markdown, schedule
from generator.corpus import Corpus
from generator.load import load_root
from generator.public import public_view
from tests.conftest import GOOD

GOLDENS = Path(__file__).parent / "goldens"
CTX = BuildContext(today=dt.date(2026, 11, 24), with_documents=False)


@pytest.fixture(scope="module")
def view():
    return public_view(Corpus.from_loaded(load_root(GOOD)))


def _page(pages, path):
    return next(p for p in pages if p.path == path)


def _compare(page, golden: str, update: bool):
    target = GOLDENS / golden
    actual = page.render().decode("utf-8")
    if update or not target.exists():
        target.write_text(actual, encoding="utf-8")
    assert actual == target.read_text(encoding="utf-8"), f"{golden} changed"


def test_ruling_page(view, update_goldens):
    pages = list(rulings.build(view, "kk", CTX))
    _compare(_page(pages, "rulings/2026/6001-26-00-3gp-1.md"), "ruling.kk.md", update_goldens)


def test_schedule_week(view, update_goldens):
    pages = list(schedule.build(view, "ru", CTX))
    _compare(_page(pages, "schedule/2026-W48.md"), "schedule-2026-W48.ru.md", update_goldens)


def test_press_release(view, update_goldens):
    pages = list(press.build(view, "kk", CTX))
    _compare(_page(pages, "press/2026-W42.md"), "press-2026-W42.kk.md", update_goldens)


def test_the_ruling_page_shows_no_person_but_initials(view):
    page = _page(list(rulings.build(view, "kk", CTX)), "rulings/2026/6001-26-00-3gp-1.md")
    text = page.render().decode()
    assert "Серікбаев" not in text and "С.А.Б." in text
    assert "«Астана Құрылыс» ЖШС" in text  # organisations keep their names


def test_confidential_hearings_show_only_number_time_and_closed(view):
    closed = [h for h in view.hearings if h.closed]
    assert all(not h.parties and h.category is None and not h.panel for h in closed)


def test_ruling_urls_are_stable_and_latin():
    from generator.public import url_slug

    assert url_slug("6001-26-00-3гп/123") == "6001-26-00-3gp-123"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[тыңдау](javascript:alert(1))", "[тыңдау](#)"),
        ("[x]( JavaScript:alert(1))", "[x](#)"),
        ("[x]: javascript:alert(1)", "[x]: #"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("1) бірінші;\n3) үшінші.", "1\\) бірінші;  \n3\\) үшінші."),  # a line of its own
        ("2. Екінші тармақ", "2\\. Екінші тармақ"),
        ("[ҚР заңы](https://adilet.zan.kz/)", "[ҚР заңы](https://adilet.zan.kz/)"),
    ],
)
def test_ruling_text_cannot_run_code_and_keeps_clause_numbers(raw, safe):
    assert safe_markdown(raw) == safe


def test_each_press_release_has_a_docx_for_the_press_office(view, tmp_path):
    import io

    import docx

    ctx = BuildContext(today=dt.date(2026, 11, 24), with_documents=True, cache_dir=tmp_path)
    pages = {p.path: p for p in press.build(view, "kk", ctx)}
    assert "[DOCX](2026-W42.kk.docx)" in pages["press/2026-W42.md"].content
    document = docx.Document(io.BytesIO(pages["press/2026-W42.kk.docx"].content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Баспасөз релизі" in text and "6001-26-00-3гп/1" in text
    assert "](" not in text  # links reduced to their text
