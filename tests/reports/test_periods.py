"""--period: every form, its two ends (both included), its words, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.reports.periods import add_months, parse_period

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-W48", D(2026, 11, 23), D(2026, 11, 29)),
        ("2026-W01", D(2025, 12, 29), D(2026, 1, 4)),  # ISO week 1 starts in December
        ("2026-11", D(2026, 11, 1), D(2026, 11, 30)),
        ("2028-02", D(2028, 2, 1), D(2028, 2, 29)),  # leap year
        ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31)),
        ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31)),
        ("2026-H1", D(2026, 1, 1), D(2026, 6, 30)),
        ("2026-H2", D(2026, 7, 1), D(2026, 12, 31)),
        ("2026", D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_forms(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, text)
    start_, end_, label = period  # unpacks as (start, end, label)
    assert (start_, end_, label) == (start, end, text)
    assert start in period and end in period
    assert start - dt.timedelta(days=1) not in period
    assert end + dt.timedelta(days=1) not in period


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-H3", "2026-W54", "26", "W48", ""])
def test_refused(text):
    with pytest.raises(ValueError, match="is not a period: use 2026-W48, 2026-11"):
        parse_period(text)


def test_titles():
    assert parse_period("2026-W48").title("kk") == "2026 ж., 48-апта (2026-11-23 – 2026-11-29)"
    assert parse_period("2026-W48").title("ru") == "2026 г., 48-я неделя (2026-11-23 – 2026-11-29)"
    assert parse_period("2026-11").title("kk").startswith("2026 ж. Қараша")
    assert parse_period("2026-11").title("ru").startswith("ноябрь 2026 г.")
    assert parse_period("2026-Q4").title("ru").startswith("4-й квартал 2026 г.")
    assert parse_period("2026-H2").title("kk").startswith("2026 ж. 2-жартыжылдық")
    assert parse_period("2026").title("ru").startswith("2026 год")


def test_add_months_keeps_the_day_or_takes_the_last():
    assert add_months(D(2026, 5, 20), 6) == D(2026, 11, 20)
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)
