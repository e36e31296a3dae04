"""Short texts read without lines (an index's stored fields) are read in one pass, and give
the findings each gives read alone, in the same order."""

from __future__ import annotations

import random

import pytest

from generator.depersonalise import LeakScanner
from generator.depersonalise.gate import _Found, _Lines
from generator.depersonalise.readings import _strings

from .conftest import ASKAR_IIN, JUDGES, make_case
from .test_capitals import WORDS
from .test_readings import PIECES

EDGES = [
    "", " ", "\n", "+", ".", "@", "-", "\x00", "\xa0", "А.", "Б.", "А.Б.", "7", "8", "+7",
    ASKAR_IIN[:6], ASKAR_IIN[6:], "701", "234 56 78", "askar.serikbayev", "mail.kz",
    "Абай", "даңғылы,", "12-45", "Астана қ.,", "İ", "Σ", "Ιωάννης", "Асқар", "Болатұлы",
]  # fmt: skip


@pytest.fixture
def scanner(kk_case, ru_case) -> LeakScanner:
    greek = make_case(
        number="6001-26-00-3гп/7",
        parties=[{"role": "plaintiff", "kind": "person", "name": "Παπαδόπουλος Ιωάννης"}],
    )
    return LeakScanner.for_cases([kk_case, ru_case, greek], keep=JUDGES)


def _alone(scanner: LeakScanner, texts: list[tuple[str, bool]]) -> list:
    """How the gate read them before: each text alone."""
    found = _Found("p")
    scanned: dict[bool, set[str]] = {True: set(), False: set()}
    for text, lines in texts:
        if text in scanned[True] or text in scanned[lines]:
            continue
        scanned[lines].add(text)
        found.add(sorted(scanner._hits(text)), _Lines(text) if lines else None)
    return found.findings


def test_texts_read_in_one_pass_give_what_each_gives_alone(scanner: LeakScanner) -> None:
    rng = random.Random(13)
    pieces = [*EDGES, *PIECES, *WORDS]
    checked = 0
    for _ in range(3000):
        texts = [
            ("".join(rng.choice(pieces) + rng.choice(["", " ", "\n"]) for _ in range(k)),
             rng.random() < 0.1)
            for k in (rng.randint(0, 4) for _ in range(rng.randint(1, 8)))
        ]  # fmt: skip
        expected = _alone(scanner, texts)
        assert scanner._scan_variants("p", texts) == expected, texts
        checked += bool(expected)
    assert checked > 500


def test_strings_are_every_key_and_value_in_order() -> None:
    value = {"a": ["b", {"c": "d", 1: "e"}, 2, None, ("f",)], "g": {"h": []}}
    assert _strings(value) == ["a", "b", "c", "d", "e", "f", "g", "h"]
