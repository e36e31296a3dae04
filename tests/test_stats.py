"""Public statistics: counts by outcome, category and region, per year, with SVG charts.

The good test court has one case considered in cassation (6001-26-00-3гп/1: remanded on
2026-10-14, housing, lower court in Astana); /2 awaits its hearing and /3 is confidential
and only received, so neither is counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from generator.builders import BuildContext, stats
from generator.corpus import Corpus
from generator.load import load_root
from generator.models import Outcome
from generator.public import public_view
from tests.conftest import GOOD

CTX = BuildContext(today=dt.date(2026, 11, 24))


@pytest.fixture(scope="module")
def view():
    return public_view(Corpus.from_loaded(load_root(GOOD)))


@pytest.fixture(scope="module")
def kk(view):
    return {p.path: p for p in stats.build(view, "kk", CTX)}


def _md(pages, path) -> str:
    return pages[path].render().decode("utf-8")


def _more(view):
    """The good court's decision plus three made by hand: 2026 twice more, 2025 once."""
    one = view.decisions[0]
    land, family = view.categories["land"], view.categories["family"]
    almaty = view.regions["almaty-city"]
    return dataclasses.replace(
        view,
        decisions=(
            dataclasses.replace(one, case_number="x/2", outcome=Outcome.UPHELD, region=None),
            dataclasses.replace(one, case_number="x/3", category=land, region=almaty),
            dataclasses.replace(
                one,
                case_number="x/4",
                date=dt.date(2025, 3, 1),
                outcome=Outcome.UPHELD,
                category=family,
            ),
            one,
        ),
    )


def test_the_good_court_counts(kk):
    assert sorted(kk) == [
        "statistics/2026-category.kk.svg",
        "statistics/2026-outcome.kk.svg",
        "statistics/2026-region.kk.svg",
        "statistics/2026.md",
        "statistics/index.md",
    ]
    page = _md(kk, "statistics/2026.md")
    assert "Қаралған істер: **1**" in page
    assert "| жойылып, іс жаңадан қарауға жіберілді | 1 | 100,0\u00a0% |" in page
    assert "| Тұрғын үй даулары | 1 | 100,0\u00a0% |" in page
    assert "| Астана қаласы | 1 | 100,0\u00a0% |" in page
    assert page.count("| **Барлығы** | **1** |") == 3
    assert "*2026 жылғы 24 қарашадағы жағдай бойынша*" in page
    assert "![Нәтижелер бойынша (2026)](2026-outcome.kk.svg)" in page
    assert "| [2026 жыл](2026.md) | 1 |" in _md(kk, "statistics/index.md")


def test_counts_by_outcome_category_and_region(view):
    more = _more(view)
    in_2026 = [d for d in more.decisions if d.date.year == 2026]
    assert stats.counts(in_2026, "outcome", more, "ru") == [
        ("отменены, дело направлено на новое рассмотрение", 2),
        ("судебные акты оставлены без изменения", 1),
    ]
    assert stats.counts(in_2026, "category", more, "kk") == [
        ("Тұрғын үй даулары", 2),
        ("Жер даулары", 1),
    ]
    # the most first; a decision without a known lower court last
    assert stats.counts(in_2026, "region", more, "ru") == [
        ("город Астана", 1),
        ("город Алматы", 1),
        ("регион не указан", 1),
    ]
    pages = {p.path: p for p in stats.build(more, "ru", CTX)}
    page = _md(pages, "statistics/2026.md")
    assert "| отменены, дело направлено на новое рассмотрение | 2 | 66,7\u00a0% |" in page
    assert "| **Всего** | **3** | 100,0\u00a0% |" in page
    assert "| Семейные споры |" not in page  # 2025's
    index = _md(pages, "statistics/index.md")
    assert "| [2026 год](2026.md) | 3 |" in index and "| [2025 год](2025.md) | 1 |" in index
    assert index.index("2026 год") < index.index("2025 год")
    assert "| Семейные споры | 1 | 100,0\u00a0% |" in _md(pages, "statistics/2025.md")


def test_the_current_year_has_a_page_even_without_decisions(view):
    ctx = BuildContext(today=dt.date(2027, 1, 10))
    pages = {p.path: p for p in stats.build(view, "ru", ctx)}
    assert "statistics/2027.md" in pages and "statistics/2026.md" in pages
    page = _md(pages, "statistics/2027.md")
    assert "В этом году дел, рассмотренных в кассационном порядке, нет." in page
    assert "По состоянию на 10 января 2027 года" in page
    assert not [p for p in pages if p.startswith("statistics/2027-")]  # no empty charts
    assert "По состоянию" not in _md(pages, "statistics/2026.md")  # a closed year


def test_charts_are_svg_with_labels_in_the_page_language(kk, view):
    svg = kk["statistics/2026-outcome.kk.svg"].content.decode("utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    assert "жойылып, іс жаңадан қарауға жіберілді" in svg  # text kept as text
    ru = {p.path: p for p in stats.build(view, "ru", CTX)}
    assert "город Астана" in ru["statistics/2026-region.ru.svg"].content.decode("utf-8")


def test_charts_are_the_same_bytes_every_time(view):
    rows = stats.counts(_more(view).decisions, "region", _more(view), "kk")
    first = stats.chart_svg(rows, "Өңірлер бойынша (2026)")
    assert stats.chart_svg(rows, "Өңірлер бойынша (2026)") == first
    text = first.decode("utf-8")
    assert "<dc:date>" not in text and "Matplotlib v" not in text
    again = [(p.path, p.render()) for p in stats.build(view, "kk", CTX)]
    assert again == [(p.path, p.render()) for p in stats.build(view, "kk", CTX)]
