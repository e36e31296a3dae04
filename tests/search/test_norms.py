"""Norm citations typed many ways canonicalise to the same tokens."""

from __future__ import annotations

import pytest

from generator.search.norms import Norm, NormAnalyzer, norm_tokens, parse_norms

SPELLINGS = [
    # the same article of the civil procedure code, however typed
    ("АПК 427", ["gpk:427"]),
    ("апк 427", ["gpk:427"]),
    ("ГПК 427", ["gpk:427"]),
    ("427 ГПК", ["gpk:427"]),
    ("АПК-нің 427-бабы", ["gpk:427"]),
    ("АПК–нің 427–бабы", ["gpk:427"]),
    ("ҚР АПК 427-бабына сәйкес", ["gpk:427"]),
    ("427-бабы АПК", ["gpk:427"]),
    ("ст. 427 ГПК", ["gpk:427"]),
    ("ст.427 ГПК РК", ["gpk:427"]),
    ("статья 427 ГПК РК", ["gpk:427"]),
    ("ГПК РК ст. 427", ["gpk:427"]),
    ("статьи 427 Гражданского процессуального кодекса Республики Казахстан", ["gpk:427"]),
    ("Азаматтық процестік кодекстің 427-бабы", ["gpk:427"]),
    ("Азаматтық процестік кодексінің (бұдан әрі – АПК) 427-бабы", ["gpk:427"]),
    # with the part, as a second, more specific token
    ("АПК 427-бабының 2-бөлігі", ["gpk:427", "gpk:427:2"]),
    ("АПК-нің 427-бабының 2-бөлігіне", ["gpk:427", "gpk:427:2"]),
    (
        "Қазақстан Республикасы Азаматтық процестік кодексінің 427-бабының 2-бөлігі",
        ["gpk:427", "gpk:427:2"],
    ),
    ("ч. 2 ст. 427 ГПК", ["gpk:427", "gpk:427:2"]),
    ("частью 2 статьи 427 ГПК РК", ["gpk:427", "gpk:427:2"]),
    ("статья 427 ч. 2 ГПК", ["gpk:427", "gpk:427:2"]),
    # the civil code
    ("АК 272", ["gk:272"]),
    ("ГК 272", ["gk:272"]),
    ("Азаматтық кодекстің 272-бабы", ["gk:272"]),
    ("статьи 272 ГК", ["gk:272"]),
    ("ст. 272 Гражданского кодекса", ["gk:272"]),
    ("АК-нің 272-бабының 1-тармағы", ["gk:272", "gk:272:1"]),
    ("п. 1 ст. 272 ГК", ["gk:272", "gk:272:1"]),
    # lists of articles
    ("ст.ст. 272, 273 ГК", ["gk:272", "gk:273"]),
    ("статей 272 и 273 ГК РК", ["gk:272", "gk:273"]),
    ("АК-нің 272, 273-баптары", ["gk:272", "gk:273"]),
    # the other codes and the housing law
    ("ЖК 5", ["zk:5"]),
    ("Жер кодексінің 5-бабы", ["zk:5"]),
    ("ст. 5 Земельного кодекса", ["zk:5"]),
    ("ЕК-нің 160-бабы", ["tk:160"]),
    ("статья 160 Трудового кодекса РК", ["tk:160"]),
    ("НжОК-нің 139-бабы", ["kobs:139"]),
    ("Неке (ерлі-зайыптылық) және отбасы туралы кодекстің 139-бабы", ["kobs:139"]),
    ("ст. 139 КоБС", ["kobs:139"]),
    ("ст. 139 Кодекса о браке (супружестве) и семье", ["kobs:139"]),
    ("ТҮҚЗ 25", ["housing-law:25"]),
    ("«Тұрғын үй қатынастары туралы» ҚР Заңының 25-бабы", ["housing-law:25"]),
    ("ст. 25 Закона РК «О жилищных отношениях»", ["housing-law:25"]),
    # article numbers with a dash
    ("ст. 65-1 ГПК", ["gpk:65-1"]),
    ("АПК-нің 65-1-бабы", ["gpk:65-1"]),
    # no code named: the bare article
    ("427-бабы", ["427"]),
    ("осы Кодекстің 427-бабының 2-бөлігі", ["427", "427:2"]),
    ("ст. 427", ["427"]),
]


@pytest.mark.parametrize(("text", "expected"), SPELLINGS)
def test_norm_tokens(text: str, expected: list[str]) -> None:
    assert norm_tokens(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Талапкердің талабы қанағаттандырылсын.",
        "2020 жылғы 5 мамырдағы шешім",
        "ГПК РК 2015 года",
        "427",
        "АПК",
    ],
)
def test_no_citation(text: str) -> None:
    assert norm_tokens(text) == []


def test_several_citations_keep_their_own_codes() -> None:
    assert norm_tokens("ст. 272 ГК и ст. 427 ГПК") == ["gk:272", "gpk:427"]
    assert norm_tokens("АК-нің 272-бабы, АПК-нің 427-бабы") == ["gk:272", "gpk:427"]
    assert norm_tokens("ст. 272 ГК, ст. 427") == ["gk:272", "427"]


def test_parse_norms() -> None:
    text = "АПК-нің 427-бабының 2-бөлігі, АПК-нің 427-бабы және АК 272"
    assert parse_norms(text) == [
        Norm("gpk", "427", "2"),
        Norm("gpk", "427"),
        Norm("gk", "272"),
    ]
    assert norm_tokens(text) == ["gpk:427", "gpk:427:2", "gk:272"]


def test_norm_analyzer_tokens() -> None:
    text = "Сот АПК-нің 427-бабының 2-бөлігін және ст. 272 ГК қолданды"
    tokens = [
        (t.text, t.pos, text[t.startchar : t.endchar])
        for t in NormAnalyzer()(text, positions=True, chars=True)
    ]
    assert tokens == [
        ("gpk:427", 0, "427-бабының"),
        ("gpk:427:2", 1, "427-бабының"),
        ("gk:272", 2, "ст. 272"),
    ]
