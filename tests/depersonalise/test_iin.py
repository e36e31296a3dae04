"""IIN/BIN: valid check digits are found and removed; numbers failing the check stay."""

from __future__ import annotations

import pytest

from generator.depersonalise import ContactMatcher, depersonalise
from generator.iin import bin_problem, complete, find_valid, has_valid_check_digit, iin_problem

from .conftest import ASKAR_IIN, make_case

# 11 digits -> their check digit, for persons (YYMMDD + century/sex + serial) and BINs
VALID_IINS = [complete(d) for d in ("87041230012", "95123140078", "01010150001", "78061320345")]
VALID_BINS = [complete(d) for d in ("05044000123", "12114000456", "99065000789")]


@pytest.mark.parametrize("number", VALID_IINS)
def test_a_completed_iin_is_a_valid_iin(number: str | None) -> None:
    assert number is not None
    assert iin_problem(number) is None
    assert has_valid_check_digit(number)


@pytest.mark.parametrize("number", VALID_BINS)
def test_a_completed_bin_is_a_valid_bin(number: str | None) -> None:
    assert number is not None
    assert bin_problem(number) is None


def test_an_iin_is_not_a_bin_and_a_bin_is_not_an_iin() -> None:
    assert bin_problem(VALID_IINS[0]) is not None  # 5th digit of a BIN is 4, 5 or 6
    assert iin_problem("051340001234") is not None  # month 13


def _broken(number: str) -> str:
    """The same number with a wrong check digit."""
    return number[:11] + str((int(number[11]) + 1) % 10)


@pytest.mark.parametrize("number", VALID_IINS + VALID_BINS)
def test_a_wrong_check_digit_is_refused(number: str) -> None:
    assert not has_valid_check_digit(_broken(number))
    assert find_valid(f"№ {_broken(number)}") == []


@pytest.mark.parametrize(
    "written",
    [
        "870412300129",
        "870412 300129",
        "8704 1230 0129",
        "870-412-300-129",
        "870412\u00a0300129",
    ],
)
def test_an_iin_with_spaces_or_hyphens_is_removed(written: str) -> None:
    assert written.replace(" ", "").replace("-", "").replace("\u00a0", "") == ASKAR_IIN
    text = f"талапкердің ЖСН {written}, мекенжайы"
    assert depersonalise(text, make_case(), "kk") == "талапкердің ЖСН ***, мекенжайы"


def test_any_valid_iin_is_removed_even_if_not_in_the_record() -> None:
    text = f"куәгердің ЖСН {VALID_IINS[1]} және БСН {VALID_BINS[1]}"
    assert depersonalise(text, make_case(), "kk") == "куәгердің ЖСН *** және БСН ***"


@pytest.mark.parametrize(
    "number",
    [_broken(n) for n in VALID_IINS]
    + ["123456789012", "87 04 12 30 01 29"],  # digit pairs: a table or coordinates (generator.iin)
)
def test_a_number_failing_the_check_digit_or_the_shape_stays(number: str) -> None:
    text = f"№ {number} іс бойынша"
    assert depersonalise(text, make_case(), "kk") == text


def test_a_longer_number_is_not_an_iin() -> None:
    text = f"шот {ASKAR_IIN}7"
    assert ContactMatcher([make_case()]).spans(text) == []
