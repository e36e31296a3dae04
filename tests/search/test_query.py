"""Parsing queries as people type them: never an error, always bounded."""

from __future__ import annotations

import pytest

from generator.search.query import Clause, Highlighter, parse
from generator.search.request import MAX_TERMS


def test_plain_words_are_all_required():
    parsed = parse("выселение жилого помещения")
    assert parsed.groups == [
        [Clause("word", "выселение")],
        [Clause("word", "жилого")],
        [Clause("word", "помещения")],
    ]


def test_phrases_or_and_exclusion():
    parsed = parse('"тұрғын үй" OR пәтер -жалдау -"жер учаскесі" NOT сыйға')
    assert parsed.groups == [[Clause("phrase", "тұрғын үй"), Clause("word", "пәтер")]]
    assert parsed.excluded == [
        Clause("word", "жалдау"),
        Clause("phrase", "жер учаскесі"),
        Clause("word", "сыйға"),
    ]


def test_norm_citations_become_norm_tokens():
    assert parse("АПК 427").norms == ["gpk:427"]
    assert parse("ст. 427 ГПК").norms == ["gpk:427"]
    parsed = parse("выселение ч. 2 ст. 427 ГПК")
    assert parsed.norms == ["gpk:427", "gpk:427:2"]
    assert parsed.groups == [[Clause("word", "выселение")]]


def test_case_numbers_whole_and_partial():
    assert parse("6001-26-00-3гп/101").groups == [[Clause("number", "6001-26-00-3гп/101")]]
    assert parse("3ГП/12").groups == [[Clause("number", "3гп/12")]]


def test_inline_filters_are_taken_out():
    parsed = parse('выселение category:housing year:2026 norm:"ГПК 451"')
    assert parsed.filters == {"category": "housing", "year": "2026", "norm": "ГПК 451"}
    assert parsed.groups == [[Clause("word", "выселение")]]


def test_wildcards_are_bounded():
    assert parse("выс*").groups == [[Clause("prefix", "выс")]]
    assert parse("*ение").groups == [[Clause("word", "ение")]]  # leading wildcard refused
    assert parse("в*").groups == [[Clause("word", "в")]]  # too short to expand
    assert parse("*").empty


@pytest.mark.parametrize("q", ['"unclosed', "AND OR", "((", "))", "-", '""', "OR OR x", None])
def test_malformed_queries_parse(q):
    parse(q)


def test_long_queries_are_cut():
    parsed = parse(" ".join(f"сөз{i}" for i in range(1000)))
    assert len(parsed.groups) == MAX_TERMS
    assert parse("ы" * 10_000).groups == [[Clause("word", "ы" * 300)]]


def test_snippet_marks_every_inflected_form_and_escapes_html():
    text = "Алқа <b>өтінішхатты</b> қарап, өтінішхаттарды қанағаттандырды."
    snippet = Highlighter.for_query(parse("өтінішхат")).snippet(text)
    assert snippet.count("<mark>") == 2
    assert "&lt;b&gt;" in snippet and "<b>" not in snippet


def test_snippet_without_a_match_falls_back_to_the_start():
    snippet = Highlighter.for_query(parse("АПК 427")).snippet("# ҚАУЛЫ\n\n**Атынан** мәтін")
    assert snippet == "ҚАУЛЫ Атынан мәтін"
