"""IIN / BIN (ЖСН / БСН, ИИН / БИН): Kazakhstan's 12-digit identifiers with a check digit.

Written here because the packages on PyPI were tried and found wrong (one rejects valid IINs,
one cannot parse BINs). The algorithm is the official one: weights 1..11, and if the sum mod 11
is 10, a second pass with weights 3..11,1,2; a second 10 means the number cannot be valid.
"""

from __future__ import annotations

import re

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

# 12 digits, written solid or in groups of at least 3 digits separated by one space, hyphen or
# no-break space ("880314 300584", "880-314-300-584"), not part of a longer number. Single
# digits between spaces are coordinates or tables, not identifiers.
_SEP = r"[ \-\u00a0]"
CANDIDATE = re.compile(rf"(?<![\d.,\-])(\d{{3,12}}(?:{_SEP}\d{{3,9}}){{0,3}})(?![\d]|[.,\-]\d)")


def check_digit(first11: str) -> int | None:
    """The check digit for 11 digits, or None when no check digit can make them valid."""
    digits = [int(c) for c in first11]
    for weights in (_W1, _W2):
        rest = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if rest != 10:
            return rest
    return None


def has_valid_check_digit(number: str) -> bool:
    digits = re.sub(r"[ \-\u00a0]", "", number)
    if len(digits) != 12 or not digits.isdigit():
        return False
    return check_digit(digits[:11]) == int(digits[11])


def iin_problem(number: str) -> str | None:
    """Why `number` is not a valid IIN of a person, or None if it is."""
    if not re.fullmatch(r"\d{12}", number):
        return "an IIN is exactly 12 digits"
    month, day, century = int(number[2:4]), int(number[4:6]), number[6]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return "an IIN starts with the birth date YYMMDD; this one is not a date"
    if century not in "0123456":
        return "the 7th digit of an IIN (century and sex) must be 0 to 6"
    if not has_valid_check_digit(number):
        return "the check digit of this IIN is wrong (a typo?)"
    return None


def bin_problem(number: str) -> str | None:
    """Why `number` is not a valid BIN of an organisation, or None if it is."""
    if not re.fullmatch(r"\d{12}", number):
        return "a BIN is exactly 12 digits"
    month = int(number[2:4])
    if not 1 <= month <= 12:
        return "a BIN starts with the registration year and month YYMM; this one is not"
    if number[4] not in "456":
        return "the 5th digit of a BIN (kind of entity) must be 4, 5 or 6"
    if not has_valid_check_digit(number):
        return "the check digit of this BIN is wrong (a typo?)"
    return None


def find_valid(text: str) -> list[tuple[int, int, str]]:
    """Every valid IIN or BIN in `text`: (start, end, digits).

    A number counts only with a valid check digit and the structure of an IIN (a birth date)
    or a BIN; others are left alone: they are usually case or document numbers.
    """
    found = []
    for m in CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if len(digits) == 12 and (iin_problem(digits) is None or bin_problem(digits) is None):
            found.append((m.start(1), m.end(1), digits))
    return found


def complete(first11: str) -> str | None:
    """11 digits completed with their check digit (used to make realistic sample data)."""
    d = check_digit(first11)
    return None if d is None else first11 + str(d)
