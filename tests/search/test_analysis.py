"""Analyzers: tokens per language, the bilingual query analyzer, and a real Whoosh index."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser, QueryParser
from whoosh.query import NullQuery, Or, Term

from generator.search.analysis import (
    NormAnalyzer,
    analyzer_for,
    kazakh_analyzer,
    query_analyzer,
    russian_analyzer,
    russian_stem,
)
from generator.search.norms import norm_tokens


def texts(analyzer, text: str) -> list[str]:
    return [token.text for token in analyzer(text)]


def test_kazakh_sentence() -> None:
    sentence = "Алқа АПК-нің 427-бабын басшылыққа алып, талапкердің өтінішхаттарын қанағаттандырды."
    assert texts(kazakh_analyzer(), sentence) == [
        "алқа",
        "апк",
        "427",
        "бап",
        "басшылық",
        "алып",
        "талапкер",
        "өтінішхат",
        "қанағаттандыр",
    ]


def test_russian_sentence() -> None:
    sentence = "Решением суда от 5 мая 2024 года в иске истцу отказано, ёмкость"
    assert texts(russian_analyzer(), sentence) == [
        "решен",
        "суд",
        "от",
        "5",
        "ма",
        "2024",
        "год",
        "в",
        "иск",
        "истц",
        "отказа",
        "емкост",
    ]


@pytest.mark.parametrize(
    "forms",
    [
        ["решение", "решения", "решением", "решении", "решений"],
        ["суд", "суда", "судом", "судов"],
        ["истец", "истца", "истцу", "истцом"],
        ["ответчик", "ответчика", "ответчику"],
        ["участок", "участка", "участке"],
        ["заём", "займа", "займом"],
        ["жилище", "жилища"],
    ],
)
def test_russian_forms_share_a_stem(forms: list[str]) -> None:
    assert len({russian_stem(form) for form in forms}) == 1


def test_query_analyzer_emits_both_stems_at_one_position() -> None:
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in query_analyzer()("решения соттарының", positions=True, chars=True)
    ]
    # A Kazakh-only word gets one stem; the others get both, sharing position and chars.
    assert tokens == [
        ("решения", 0, 0, 7),
        ("решен", 0, 0, 7),
        ("сот", 1, 8, 18),
    ]


def test_query_analyzer_keeps_one_token_when_stems_agree() -> None:
    assert texts(query_analyzer(), "суд") == ["суд"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "шешім"), ("KK", "шешім"), ("ru", "решен"), ("both", "шешім")],
)
def test_analyzer_for(language: str, expected: str) -> None:
    word = "решения" if expected == "решен" else "шешімдері"
    assert texts(analyzer_for(language), word)[0] == expected


def test_analyzer_for_unknown_language() -> None:
    with pytest.raises(ValueError, match="en"):
        analyzer_for("en")


@pytest.mark.parametrize("make", [kazakh_analyzer, russian_analyzer, query_analyzer, NormAnalyzer])
def test_analyzers_pickle(make) -> None:
    analyzer = make()
    clone = pickle.loads(pickle.dumps(analyzer))
    sample = "АПК-нің 427-бабы, решения соттарының"
    assert clone == analyzer
    assert texts(clone, sample) == texts(analyzer, sample)


DOCS = {
    "petition": ("kk", "Талапкер өтінішхаттарды берді.", "АПК-нің 427-бабының 2-бөлігі"),
    "resolutions": ("kk", "Алқа қаулыларының күшін жойды.", "Азаматтық кодекстің 272-бабы"),
    "apple": ("kk", "Ол базардан алма сатып алды.", ""),
    "session": ("kk", "Сот отырысы Алматыда өтті.", ""),
    "decision": ("ru", "Решением суда иск удовлетворен.", "ч. 2 ст. 427 ГПК РК"),
}


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory):
    """The recommended schema: one text field per language, plus norms."""
    schema = Schema(
        id=ID(stored=True, unique=True),
        text_kk=TEXT(analyzer=kazakh_analyzer()),
        text_ru=TEXT(analyzer=russian_analyzer()),
        norms=TEXT(analyzer=NormAnalyzer(), phrase=False),
    )
    directory: Path = tmp_path_factory.mktemp("index")
    created = index.create_in(directory, schema)
    with created.writer() as writer:
        for doc_id, (language, text, norms) in DOCS.items():
            writer.add_document(id=doc_id, norms=norms, **{f"text_{language}": text})
    return index.open_dir(directory)  # reopened: the schema went through pickle


def search(ix, query: str) -> set[str]:
    parser = MultifieldParser(["text_kk", "text_ru"], ix.schema)
    with ix.searcher() as searcher:
        return {hit["id"] for hit in searcher.search(parser.parse(query))}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("өтінішхат", {"petition"}),
        ("қаулыға", {"resolutions"}),
        ("решения", {"decision"}),
        ("Алматы", {"session"}),
        ("алма", {"apple"}),
        ('"сот отырысында"', {"session"}),
        ("талапкерге", {"petition"}),
    ],
)
def test_end_to_end_search(ix, query: str, expected: set[str]) -> None:
    assert search(ix, query) == expected


def test_norm_search_however_typed(ix) -> None:
    with ix.searcher() as searcher:
        for query in ["АПК 427", "ст. 427 ГПК", "статья 427 ГПК РК", "427-бабы АПК"]:
            terms = Or([Term("norms", token) for token in norm_tokens(query)])
            assert {hit["id"] for hit in searcher.search(terms)} == {"petition", "decision"}
        # A citation spans several words, so the query side analyses the whole string
        # (QueryParser would hand the analyzer one word at a time and find nothing).
        field = ix.schema["norms"]
        tokens = list(field.process_text("АПК-нің 427-бабының 2-бөлігі", mode="query"))
        assert tokens == ["gpk:427", "gpk:427:2"]
        part = Term("norms", tokens[-1])
        assert {hit["id"] for hit in searcher.search(part)} == {"petition", "decision"}
        assert QueryParser("norms", ix.schema).parse("АПК 427") is NullQuery
        article = Or([Term("norms", token) for token in norm_tokens("статьи 272 ГК")])
        assert {hit["id"] for hit in searcher.search(article)} == {"resolutions"}
