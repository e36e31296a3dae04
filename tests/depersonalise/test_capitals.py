"""The gate tries only the capitals that may start a name stem, and finds what trying every
word start finds: the same words, and so the same findings in every reading of a file."""

from __future__ import annotations

import random
import re
import sys
from functools import cache
from pathlib import Path

import pytest

from generator.depersonalise import LeakScanner, gate
from generator.depersonalise.capitals import capitalised_trie, fold_cased, folded_forms, folds
from generator.depersonalise.names import fold
from generator.models.case import Case

from .conftest import JUDGES, make_case
from .test_readings import PIECES, _markup

WORDS = [
    *PIECES, "СЕРІКБАЕВТАРҒА", "серікбаев", "Серікбаевx", "xСерікбаев", "_Серікбаев",
    "Ιωάννης", "ΠΑΠΑΔΟΠΟΥΛΟΣ", "Παπαδόπουλος", "İvanov", "Ivanov", "IVANOV", "Ёлкин",
    "ЁЛКИНА", "Әбенов", "ӘБЕНОВА", "Д'Артаньян", "Д’Артаньян", "12", "Жуковская-Ким",
]  # fmt: skip
SEPARATORS = [" ", "\n", "", "-", "'", ".", "\xa0", "«", "_", "1"]


@pytest.fixture
def scanner(kk_case: Case, ru_case: Case) -> LeakScanner:
    """The sample cases, and persons of other scripts: a Greek surname with a final sigma
    and one with a dotted capital I."""
    others = make_case(
        number="6001-26-00-3гп/7",
        parties=[
            {"role": "plaintiff", "kind": "person", "name": "Παπαδόπουλος Ιωάννης"},
            {"role": "defendant", "kind": "person", "name": "İvanov Ivan"},
            {"role": "third_party", "kind": "person", "name": "Ёлкин Пётр Ильич"},
        ],
    )
    return LeakScanner.for_cases([kk_case, ru_case, others], keep=JUDGES)


@cache
def _letter(form: str) -> re.Pattern[str]:
    return re.compile(f"(?i:{re.escape(form)})")


def test_every_letter_matches_its_folded_form_case_insensitively() -> None:
    """What makes the trie of capitalised words find every stem: any character, as
    `fold_cased` writes it, matches what `fold` makes of it, ignoring case."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        written = fold_cased(char)
        for form in folded_forms(char):
            assert form == written or _letter(form).fullmatch(written), hex(code)


def test_folds_is_fold_cased_and_fold() -> None:
    """`folds` lowers the text `fold_cased` made instead of folding the text again: the
    same as `fold` for every character, alone and in words (a final sigma, İ), and for
    random texts of every script the gate meets."""
    kazakh = set("әіңғүұқөһё")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert folds(char) == (fold_cased(char), fold(char)), hex(code)
        if fold_cased(char) == char:  # no other way to a Kazakh letter
            assert not kazakh & set(char.lower()), hex(code)
    for word in WORDS:
        for text in (word, f"Әб{word}", f"{word}Σ", f"{word}Σ. Ә", f"x {word}ς'Ә"):
            assert folds(text) == (fold_cased(text), fold(text)), text
    rng = random.Random(7)
    for _ in range(300):
        text = _random_text(rng)
        assert folds(text) == (fold_cased(text), fold(text)), text


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 12)))


def _by_every_word(scanner: LeakScanner, text: str) -> list[tuple]:
    """The way the gate read names before: every word start tried, capitals kept."""
    return [w for w in scanner._words.finditer(fold(text)) if text[w[0]].isupper()]


def test_capitalised_words_are_those_the_trie_finds(scanner: LeakScanner) -> None:
    assert scanner._words._capitalised is not None
    rng = random.Random(3)
    for _ in range(4000):
        text = _random_text(rng)
        found = list(scanner._words.capitalised(text, fold(text)))
        assert found == _by_every_word(scanner, text), text


def test_a_stem_holding_a_non_word_character_has_every_word_tried(kk_case: Case) -> None:
    """An apostrophe in a stem: a trie match reaches over a word's start, which is then
    skipped; every word start is tried, as before."""
    case = make_case(
        number="6001-26-00-3гп/8",
        parties=[{"role": "plaintiff", "kind": "person", "name": "Д'Артаньян Шарль"}],
    )
    scanner = LeakScanner.for_cases([kk_case, case], keep=JUDGES)
    assert scanner._words._capitalised is None
    assert capitalised_trie(["д'артаньян"]) is None
    rng = random.Random(4)
    for _ in range(500):
        text = _random_text(rng)
        assert list(scanner._words.capitalised(text, fold(text))) == _by_every_word(
            scanner, text
        ), text


def test_only_capitals_that_may_start_a_stem_are_tried() -> None:
    trie = capitalised_trie(["серикбаев", "ким"])
    assert trie is not None
    text = fold_cased("Серікбаевқа серікбаев СЕРІКБАЕВ Кимге Қимге кім Сот Кітап")
    assert [m.start() for m in trie.finditer(text)] == [0, 22, 32, 38]


@pytest.mark.parametrize("suffix", [".html", ".xml", ".jsonl", ".json", ".md", ".ics", ".csv"])
def test_every_reading_finds_what_trying_every_word_finds(
    scanner: LeakScanner, suffix: str, monkeypatch
) -> None:
    """The findings of pages and files with planted leaks (names split by tags, entities,
    escapes, contacts), as the gate found them trying every word start."""
    rng = random.Random(suffix)
    texts = [_markup(rng) + _random_text(rng) for _ in range(300)]
    found = [scanner.scan_source(text, suffix, "p") for text in texts]
    assert any(found)
    for memo in (scanner._clean, scanner._clean_tags, scanner._name_cases):
        memo.clear()  # read everything again
    monkeypatch.setattr(
        gate._WordFinder, "capitalised", lambda w, t, f, c=None: _by_every_word(scanner, t)
    )
    for text, new in zip(texts, found, strict=True):
        assert scanner.scan_source(text, suffix, "p") == new, text


def test_a_file_is_scanned_as_the_sweep_read_it(scanner: LeakScanner, tmp_path: Path) -> None:
    """`scan_file` reads the bytes given (those the sweep hashed), not the file again."""
    path = tmp_path / "page.html"
    path.write_text("<p>Сот шешімі</p>", encoding="utf-8")
    leak = "<p>Серікбаевтың шағымы</p>".encode()
    assert [f.match for f in scanner.scan_file(path, leak)] == ["Серікбаевтың"]
    assert scanner.scan_file(path) == []
