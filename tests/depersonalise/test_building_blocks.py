"""The pure pieces: folding, the stem trie, name stems, address keys, phone keys."""

from __future__ import annotations

import re

import pytest

from generator.depersonalise import address_keys, fold, phone_key, split_name, trie_regex
from generator.depersonalise.contacts import ContactMatcher
from generator.depersonalise.names import word_stems

from .conftest import make_case


def test_fold_keeps_every_position() -> None:
    text = "СЕРІКБАЕВ Асқар Болатұлы, Пётр, Өмірзақ Һ"
    assert fold(text) == "серикбаев аскар болатулы, петр, омирзак х"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    "words",
    [["серикбаев", "серик", "сериков", "асан"], ["а", "аб", "абв"], ["x.y", "a b"], []],
)
def test_trie_regex_matches_exactly_its_words(words: list[str]) -> None:
    pattern = re.compile(trie_regex(words))
    for word in words:
        assert pattern.fullmatch(word)
    for other in ("сери", "серикбае", "xay", "ab", "b"):
        if other not in words:
            assert not pattern.fullmatch(other)


def test_trie_regex_scales_to_tens_of_thousands_of_stems() -> None:
    stems = [
        f"сур{i:05d}ов".translate(str.maketrans("0123456789", "абвгдежзик")) for i in range(60_000)
    ]
    pattern = re.compile(trie_regex(stems))
    assert pattern.fullmatch(stems[12_345]) and not pattern.fullmatch("суркккккк")


@pytest.mark.parametrize(
    ("word", "part", "a", "b"),
    [
        ("Серікбаев", "surname", {"серикбаев"}, set()),
        ("Иванова", "surname", {"иванова", "иванов"}, set()),
        ("Жуковская", "surname", {"жуковская"}, {"жуковск"}),
        ("Мария", "given", {"мария"}, {"мари"}),
        ("Сұлтанбек", "surname", {"султанбек", "султанбег"}, {"султанбк"}),
        ("Лев", "given", {"лев"}, {"льв"}),
    ],
)
def test_word_stems(word: str, part: str, a: set[str], b: set[str]) -> None:
    assert word_stems(word, part) == (a, b)


def test_patronymic_stems_cover_the_family_in_both_languages() -> None:
    a, b = word_stems("Болатұлы", "patronymic")
    assert {"болатулы", "болаткызы", "болатович"} <= a and "болатовн" in b


def test_split_name() -> None:
    assert split_name("Серікбаев Асқар Болатұлы") == ("Серікбаев", "Асқар", "Болатұлы")
    assert split_name("Серікбаев Асқар Болат ұлы") == ("Серікбаев", "Асқар", "Болатұлы")
    assert split_name("Ким Олег") == ("Ким", "Олег", None)


def test_address_keys_are_the_address_and_its_street_with_the_number() -> None:
    assert address_keys("Астана қ., Абай даңғылы, 12-45") == {
        "астана к абай дангылы 12 45",
        "абай дангылы 12 45",
    }


def test_phone_key_is_the_last_ten_digits() -> None:
    assert {phone_key(p) for p in ("+7 701 234 56 78", "87012345678", "8 (701) 234-56-78")} == {
        "7012345678"
    }


def test_the_address_word_follows_the_language() -> None:
    case = make_case(
        parties=[
            {
                "role": "plaintiff",
                "kind": "person",
                "name": "Иванов Пётр",
                "contact": {"address": "г. Алматы, ул. Толе би, 101, кв. 7"},
            }
        ]
    )
    contacts = ContactMatcher([case])
    assert contacts.remove("проживает: ул. Толе би, 101, кв. 7", "ru") == "проживает: [адрес]"
    assert contacts.remove("г. Алматы, ул. Толе би, 101", "kk") == "[мекенжай]"
    assert contacts.remove("г. Алматы, ул. Абая", "ru") == "г. Алматы, ул. Абая"
