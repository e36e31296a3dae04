"""The search engine on the sample court: morphology, phrases, operators, filters, facets,
sorting, pages, norms, case numbers, incremental builds and nothing non-public inside."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

from generator.check import check_root
from generator.corpus import Corpus
from generator.depersonalise import LeakScanner
from generator.public import public_view
from generator.search.engine import WhooshEngine
from generator.search.request import SearchRequest
from tests.conftest import ROOT, TODAY

# Rulings written for the tests, each saying a word only in one inflected form.
EXTRA = {
    "6001-26-00-3гп/9001": ("kk", "Талапкер өтінішхаттарды уақытында бермеген."),
    "6001-26-00-3гп/9002": ("kk", "Алқа төменгі сот қаулыларының күшін жойды."),
    "6001-26-00-3гп/9003": ("ru", "Решением районного суда иск оставлен без удовлетворения."),
    "6001-26-00-3гп/9004": ("kk", "Шарт бұзылды, ал жалдау ақысы төленбеді."),  # not a phrase
}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    data, _ = check_root(ROOT, dt.date.fromisoformat(TODAY), None)
    return Corpus.from_loaded(data)


def edited(ruling, **changes):
    """A ruling changed by hand: dataclasses.replace leaves out public_view's digest, which
    describes the ruling it made (the index would take the change for no change)."""
    copy = dataclasses.replace(ruling, **changes)
    assert copy.digest == ""
    return copy


@pytest.fixture(scope="module")
def view(corpus):
    base = public_view(corpus)
    templates = {lang: next(r for r in base.rulings if r.language == lang) for lang in ("kk", "ru")}
    extra = tuple(
        edited(
            templates[lang],
            case_number=number,
            slug=number.replace("/", "-"),
            text=text,
            headnote=None,
            norms=(),
            practice_forming=False,
        )
        for number, (lang, text) in EXTRA.items()
    )
    return dataclasses.replace(base, rulings=base.rulings + extra)


@pytest.fixture(scope="module")
def index_dir(view, corpus, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("index")
    guard = LeakScanner.for_cases(corpus.cases, corpus.public_names).scan_term
    WhooshEngine().build(view, folder, full=True, guard=guard)
    return folder


@pytest.fixture(scope="module")
def searcher(index_dir):
    return WhooshEngine().open(index_dir)


def numbers(searcher, q: str = "", **kw) -> list[str]:
    results = searcher.search(SearchRequest(q=q, page_size=50, **kw))
    return [h.case_number for h in results.hits]


def test_kazakh_stem_finds_an_inflected_form(searcher):
    assert "6001-26-00-3гп/9001" in numbers(searcher, "өтінішхат")  # text: өтінішхаттарды
    assert "6001-26-00-3гп/9002" in numbers(searcher, "қаулыға")  # text: қаулыларының


def test_russian_stem_finds_an_inflected_form(searcher):
    assert "6001-26-00-3гп/9003" in numbers(searcher, "решения")  # text: Решением


def test_all_words_must_match(searcher):
    both = set(numbers(searcher, "жалдау шарт"))
    assert both <= set(numbers(searcher, "жалдау")) & set(numbers(searcher, "шарт"))
    assert "6001-26-00-3гп/9004" in both


def test_a_phrase_needs_the_words_next_to_each_other(searcher):
    phrase = numbers(searcher, '"жалдау шарты"')
    assert phrase and "6001-26-00-3гп/9004" not in phrase
    assert set(phrase) <= set(numbers(searcher, "жалдау шарты"))


def test_or_and_exclusion(searcher):
    a, b = set(numbers(searcher, "өтінішхат")), set(numbers(searcher, "выселение"))
    assert set(numbers(searcher, "өтінішхат OR выселение")) == a | b
    assert set(numbers(searcher, "өтінішхат -қаулы")) == a - set(numbers(searcher, "қаулы"))


def test_headnote_is_boosted(searcher, view):
    r = next(r for r in view.rulings if r.headnote and "выселен" in r.headnote.lower())
    assert numbers(searcher, "выселение")[0] == r.case_number


@pytest.mark.parametrize(
    ("name", "value", "of"),
    [
        ("category", "housing", lambda r: r.category.id),
        ("region", "astana", lambda r: r.region.id if r.region else None),
        ("year", 2025, lambda r: r.year),
        ("outcome", "remanded", lambda r: r.outcome.value),
        ("practice_forming", True, lambda r: r.practice_forming),
        ("language", "ru", lambda r: r.language),
    ],
)
def test_each_filter_selects_exactly_its_rulings(searcher, view, name, value, of):
    expected = {r.case_number for r in view.rulings if of(r) == value}
    assert expected
    assert set(numbers(searcher, **{name: value})) == expected


def test_date_range(searcher, view):
    start, end = dt.date(2026, 3, 1), dt.date(2026, 6, 30)
    expected = {r.case_number for r in view.rulings if start <= r.date <= end}
    assert set(numbers(searcher, date_from=start, date_to=end)) == expected


def test_facet_counts(searcher, view):
    facets = searcher.search(SearchRequest()).facets
    assert facets["category"] == dict(Counter(r.category.id for r in view.rulings))
    assert facets["year"] == dict(Counter(str(r.year) for r in view.rulings))
    assert facets["outcome"] == dict(Counter(r.outcome.value for r in view.rulings))


def test_sort_by_date_and_pages(searcher):
    results = [
        searcher.search(SearchRequest(q="сот", sort="date", page=p, page_size=5)) for p in (1, 2, 3)
    ]
    dates = [h.date for r in results for h in r.hits]
    assert dates == sorted(dates, reverse=True)
    seen = [h.case_number for r in results for h in r.hits]
    assert len(seen) == len(set(seen)) == min(15, results[0].total)
    assert results[0].pages == -(-results[0].total // 5)


def test_a_norm_however_it_is_written(searcher):
    apk = set(numbers(searcher, "АПК 427"))
    assert apk
    assert set(numbers(searcher, "427-бабы")) == apk == set(numbers(searcher, "ст. 427 ГПК"))
    assert set(numbers(searcher, norm="ГПК 427")) == apk


def test_case_number_exact_and_partial(searcher):
    assert numbers(searcher, "6001-26-00-3гп/101")[0] == "6001-26-00-3гп/101"
    partial = numbers(searcher, "3гп/12")
    assert partial and all("3гп/12" in n for n in partial)


@pytest.mark.parametrize(
    "q",
    [
        '"unclosed',
        "AND OR",
        "((",
        "*",
        "-",
        "OR",
        '"" -""',
        "*ение",
        "в*",
        "x" * 10_000,
        "слово " * 500,
        "category:",
        "year:abc выселение",
        "ст. ст. ч.",
    ],
)
def test_malformed_queries_never_raise(searcher, q):
    results = searcher.search(SearchRequest(q=q))
    assert results.total >= 0


def test_a_prefix_is_expanded(searcher):
    assert "6001-26-00-3гп/9003" in numbers(searcher, "удовлетвор*")


def test_snippets_mark_the_inflected_form(searcher):
    hit = next(
        h
        for h in searcher.search(SearchRequest(q="өтінішхат", page_size=50)).hits
        if h.case_number == "6001-26-00-3гп/9001"
    )
    assert "<mark>өтінішхаттарды</mark>" in hit.snippet


def test_incremental_build_reindexes_only_what_changed(view, index_dir, tmp_path):
    folder = tmp_path / "ix"
    shutil.copytree(index_dir, folder)
    engine = WhooshEngine()
    changed = edited(view.rulings[0], text=view.rulings[0].text + "\nЖаңа сөйлем.")
    rulings = (changed, *view.rulings[1:])
    stats = engine.build(dataclasses.replace(view, rulings=rulings), folder)
    assert (stats.updated, stats.added, stats.deleted) == (1, 0, 0)
    assert stats.unchanged == len(view.rulings) - 1
    gone = rulings[-1]
    stats = engine.build(dataclasses.replace(view, rulings=rulings[:-1]), folder)
    assert (stats.updated, stats.added, stats.deleted) == (0, 0, 1)
    assert numbers(engine.open(folder), gone.case_number) == []
    assert engine.build(view, folder, full=True).added == len(view.rulings)


def test_nothing_non_public_is_in_the_index(corpus, index_dir, searcher):
    scanner = LeakScanner.for_cases(corpus.cases, corpus.public_names)
    assert scanner.scan_dir(index_dir) == []
    for case in (c for c in corpus.cases if c.confidential):
        assert numbers(searcher, case.number) == []
        assert searcher.search(SearchRequest(q=case.number.split("-")[-1])).total == 0
