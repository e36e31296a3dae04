""" "Today" pinned for reproducibility, ISO weeks, and the periods reports and pages use."""

from __future__ import annotations

import datetime as dt
import os
import re

ENV_TODAY = "ALQA_TODAY"


def today(value: str | dt.date | None = None) -> dt.date:
    """The date everything date-dependent uses: `--today`, else $ALQA_TODAY, else the clock."""
    if isinstance(value, dt.date):
        return value
    value = value or os.environ.get(ENV_TODAY)
    return dt.date.fromisoformat(value) if value else dt.date.today()


def iso_week(day: dt.date) -> str:
    """2026-11-24 -> '2026-W48'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_days(week: str) -> tuple[dt.date, dt.date]:
    """'2026-W48' -> (Monday, Sunday)."""
    m = re.fullmatch(r"(\d{4})-W(\d{2})", week)
    if not m:
        raise ValueError(f"{week!r} is not an ISO week like 2026-W48")
    monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
    return monday, monday + dt.timedelta(days=6)
