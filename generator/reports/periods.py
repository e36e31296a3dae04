"""Report periods: `2026-W48` (ISO week), `2026-11` (month), `2026-Q4` (quarter),
`2026-H2` (half-year), `2026` (year) -> (start, end, label), both ends included."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

from generator.dates import week_days
from generator.i18n import MONTHS

_FORMS = "2026-W48, 2026-11, 2026-Q4, 2026-H2 or 2026"
_KK_MONTHS = [m.capitalize() for m in MONTHS["kk"]]
_RU_MONTHS = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]


class Period(NamedTuple):
    start: dt.date
    end: dt.date
    label: str  # the canonical form it was given in: "2026-W48"

    def __contains__(self, day: object) -> bool:  # type: ignore[override]
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def title(self, lang: str) -> str:
        """'2026-W48 (2026-11-23 – 2026-11-29)': the code and its dates, in any language."""
        words = _words(self.label, lang)
        return f"{words} ({self.start.isoformat()} – {self.end.isoformat()})"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(value: str) -> Period:
    """Parse a period; ValueError (with the accepted forms) if it is not one."""
    value = value.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            start, end = week_days(value)
        elif m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(m[1]), int(m[2])
            start, end = dt.date(year, month, 1), _month_end(year, month)
        elif m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, q = int(m[1]), int(m[2])
            start, end = dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
        elif m := re.fullmatch(r"(\d{4})-H([12])", value):
            year, h = int(m[1]), int(m[2])
            start, end = dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h)
        elif m := re.fullmatch(r"(\d{4})", value):
            year = int(m[1])
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        else:
            raise ValueError
    except ValueError:
        raise ValueError(f"{value!r} is not a period: use {_FORMS}") from None
    return Period(start, end, value)


def _words(label: str, lang: str) -> str:
    kk = lang == "kk"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", label):
        return f"{m[1]} ж., {int(m[2])}-апта" if kk else f"{m[1]} г., {int(m[2])}-я неделя"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", label):
        month = int(m[2]) - 1
        return f"{m[1]} ж. {_KK_MONTHS[month]}" if kk else f"{_RU_MONTHS[month]} {m[1]} г."
    if m := re.fullmatch(r"(\d{4})-Q(\d)", label):
        return f"{m[1]} ж. {m[2]}-тоқсан" if kk else f"{m[2]}-й квартал {m[1]} г."
    if m := re.fullmatch(r"(\d{4})-H(\d)", label):
        return f"{m[1]} ж. {m[2]}-жартыжылдық" if kk else f"{m[2]}-е полугодие {m[1]} г."
    return f"{label} жыл" if kk else f"{label} год"


def add_months(day: dt.date, months: int) -> dt.date:
    """2026-08-31 + 6 months -> 2027-02-28: the same day of the month, or its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
