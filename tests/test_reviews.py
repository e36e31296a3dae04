"""Practice reviews (7.3.6): the page of a review, its rulings, its languages, its documents.

The golden tests/goldens/review.kk.md is the reviewed page of the good test court's review;
after a deliberate change rewrite it with
`pytest tests/test_reviews.py --update-goldens` and read the diff before committing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest

from generator.builders import BuildContext, reviews
from generator.corpus import Corpus
from generator.load import load_root
from generator.models import Language
from generator.public import public_view
from tests.conftest import GOOD

GOLDENS = Path(__file__).parent / "goldens"
TODAY = dt.date(2026, 11, 24)
QUICK = BuildContext(today=TODAY, with_documents=False)
PAGE = "reviews/housing-2026.md"


@pytest.fixture(scope="module")
def view():
    return public_view(Corpus.from_loaded(load_root(GOOD)))


@pytest.fixture(scope="module")
def kk_pages(view, tmp_path_factory):
    ctx = BuildContext(today=TODAY, cache_dir=tmp_path_factory.mktemp("cache"))
    return {p.path: p for p in reviews.build(view, "kk", ctx)}


def _text(pages, path=PAGE) -> str:
    return pages[path].render().decode("utf-8")


def _pages(view, lang, ctx=QUICK) -> dict:
    return {p.path: p for p in reviews.build(view, lang, ctx)}


def _with_review(view, **meta):
    """The view with its one review changed (meta fields, or text=...)."""
    review = view.reviews[0]
    text = meta.pop("text", review.text)
    changed = review.model_copy(update={"meta": review.meta.model_copy(update=meta), "text": text})
    return dataclasses.replace(view, reviews=(changed,))


def test_review_page(kk_pages, update_goldens):
    target = GOLDENS / "review.kk.md"
    actual = _text(kk_pages)
    if update_goldens or not target.exists():
        target.write_text(actual, encoding="utf-8")
    assert actual == target.read_text(encoding="utf-8"), "review.kk.md changed"


def test_the_page_has_the_text_then_the_rulings_with_headnote_norms_and_link(kk_pages):
    text = _text(kk_pages)
    assert text.index("Алқа 2026 жылы тұрғын үй") < text.index("## Кезеңдегі практика")
    assert "### Тұрғын үй даулары" in text
    assert "[№ 6001-26-00-3гп/1](../rulings/2026/6001-26-00-3gp-1.md)" in text
    assert "сот тараптардың нақты ерік-жігерін анықтауға міндетті" in text
    assert "**Қолданылған нормалар:** АПК 427, АК 272" in text
    assert "[DOCX](housing-2026.kk.docx) · [PDF](housing-2026.kk.pdf)" in text


def test_the_index_lists_reviews_with_titles_in_the_page_language(view):
    kk = _text(_pages(view, "kk"), reviews.INDEX)
    ru = _text(_pages(view, "ru"), reviews.INDEX)
    assert "[Тұрғын үй даулары бойынша шолу](housing-2026.md)" in kk
    assert "[Обзор по жилищным спорам](housing-2026.md)" in ru


def test_a_text_in_one_language_is_shown_on_the_other_page_with_a_note(view):
    ru = _text(_pages(view, "ru"))
    assert "# Обзор по жилищным спорам" in ru
    assert "*(текст на казахском языке)*" in ru
    assert "Алқа 2026 жылы тұрғын үй даулары бойынша" in ru
    assert "(мәтін орыс тілінде)" not in _text(_pages(view, "kk"))
    russian_only = _with_review(view, language=Language.RU, text="Коллегия вынесла акты.")
    assert "*(мәтін орыс тілінде)*" in _text(_pages(russian_only, "kk"))


def test_a_review_in_two_files_uses_each_languages_own_text(view):
    kk = view.reviews[0]
    ru = kk.model_copy(
        update={
            "meta": kk.meta.model_copy(update={"language": Language.RU}),
            "text": "Коллегия в 2026 году вынесла практикообразующие акты.",
            "path": "reviews/housing-2026.ru.md",
        }
    )
    both = dataclasses.replace(view, reviews=(kk, ru))
    kk_page, ru_page = _pages(both, "kk"), _pages(both, "ru")
    assert [p for p in kk_page if p.endswith(".md")] == [PAGE, reviews.INDEX]
    assert "Коллегия в 2026 году" in _text(ru_page) and "Алқа 2026" not in _text(ru_page)
    assert "Алқа 2026" in _text(kk_page) and "Коллегия" not in _text(kk_page)
    assert "текст на казахском" not in _text(ru_page)


def test_a_ruling_in_the_other_language_is_linked_across_the_language_root(view):
    ru = _text(_pages(view, "ru"))
    # /ru/reviews/housing-2026/ -> /rulings/2026/6001-26-00-3gp-1/ (the kk site is the root)
    assert "[№ 6001-26-00-3гп/1](../../../rulings/2026/6001-26-00-3gp-1/)" in ru
    assert "(на казахском языке)" in ru
    ruling = view.rulings[0]
    in_russian = dataclasses.replace(ruling, language="ru")
    assert reviews.ruling_link(PAGE, "kk", in_russian) == "../../ru/rulings/2026/6001-26-00-3gp-1/"
    assert reviews.ruling_link(PAGE, "kk", ruling) == "../rulings/2026/6001-26-00-3gp-1.md"


def test_only_practice_forming_rulings_of_the_period_and_categories(view):
    def listed(v) -> bool:
        return "6001-26-00-3гп/1" in _text(_pages(v, "kk"))

    assert listed(view)
    from_ = view.reviews[0].meta.period.model_copy(update={"to": dt.date(2026, 6, 30)})
    assert not listed(_with_review(view, period=from_))
    assert not listed(_with_review(view, categories=["land"]))
    assert listed(_with_review(view, categories=[]))  # no categories: all of them
    ordinary = dataclasses.replace(view.rulings[0], practice_forming=False)
    assert not listed(dataclasses.replace(view, rulings=(ordinary,)))
    empty = _text(_pages(_with_review(view, categories=["land"]), "kk"))
    assert "Бұл кезеңде практика құратын актілер жоқ." in empty
    assert "**Санаттар:** Жер даулары" in empty
    assert "**Санаттар:** барлық санаттар" in _text(_pages(_with_review(view, categories=[]), "kk"))


def test_the_review_is_exported_as_docx_and_pdf(kk_pages):
    docx = pytest.importorskip("docx")
    pypdf = pytest.importorskip("pypdf")
    document = docx.Document(io.BytesIO(kk_pages["reviews/housing-2026.kk.docx"].content))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Тұрғын үй даулары бойынша шолу")
    assert ("Heading 1", "Кезеңдегі практика құратын актілер") in paragraphs
    assert ("Heading 2", "Тұрғын үй даулары") in paragraphs
    text = "\n".join(t for _, t in paragraphs)
    assert "Алқа 2026 жылы тұрғын үй даулары" in text
    assert "№ 6001-26-00-3гп/1 · 2026 жылғы 14 қазан" in text
    assert "Қолданылған нормалар: АПК 427, АК 272" in text
    reader = pypdf.PdfReader(io.BytesIO(kk_pages["reviews/housing-2026.kk.pdf"].content))
    pdf = "\n".join(page.extract_text() for page in reader.pages)
    assert "Тұрғын үй даулары бойынша шолу" in pdf and "ерік-жігерін" in pdf


def test_building_twice_gives_the_same_pages(view):
    ctx = BuildContext(today=TODAY, cache_dir=None)
    first = [(p.path, p.render()) for p in reviews.build(view, "ru", ctx)]
    second = [(p.path, p.render()) for p in reviews.build(view, "ru", ctx)]
    assert first == second
