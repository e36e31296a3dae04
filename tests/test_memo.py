"""Page parts kept between builds: the same call gives the kept result, any other a new one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import memo as memo_module
from generator.memo import Memo


@dataclass(frozen=True)
class Hearing:
    number: str
    at: dt.datetime


def calendar(hearings: tuple[Hearing, ...], lang: str) -> bytes:
    calls.append(hearings)
    return f"{lang}:{','.join(h.number for h in hearings)}".encode()


calls: list = []


def test_the_same_call_is_answered_from_the_cache_in_the_next_build(tmp_path):
    calls.clear()
    week = (Hearing("1", dt.datetime(2026, 11, 24, 10)),)
    first = Memo(tmp_path / "memo.sqlite")
    assert first.get("calendar", calendar, week, "kk") == b"kk:1"
    first.close()
    second = Memo(tmp_path / "memo.sqlite")
    assert second.get("calendar", calendar, week, "kk") == b"kk:1"
    assert (second.hits, second.misses) == (1, 0)
    assert len(calls) == 1
    second.close()


def test_a_changed_argument_or_another_function_is_made_anew(tmp_path):
    calls.clear()
    week = (Hearing("1", dt.datetime(2026, 11, 24, 10)),)
    moved = (Hearing("1", dt.datetime(2026, 11, 25, 10)),)
    memo = Memo(tmp_path / "memo.sqlite")
    memo.get("calendar", calendar, week, "kk")
    memo.get("calendar", calendar, moved, "kk")
    memo.get("calendar", calendar, week, "ru")
    memo.get("other", calendar, week, "kk")
    assert memo.misses == 4 and len(calls) == 4
    memo.close()


def test_a_change_of_code_is_a_new_entry(tmp_path, monkeypatch):
    week = (Hearing("1", dt.datetime(2026, 11, 24, 10)),)
    memo = Memo(tmp_path / "memo.sqlite")
    memo.get("calendar", calendar, week, "kk")
    memo.close()
    monkeypatch.setattr(memo_module, "code_fingerprint", lambda: "another version")
    again = Memo(tmp_path / "memo.sqlite")
    again.get("calendar", calendar, week, "kk")
    assert again.misses == 1
    again.close()


def test_entries_unused_for_several_builds_are_dropped(tmp_path):
    old = (Hearing("old", dt.datetime(2026, 1, 1, 10)),)
    new = (Hearing("new", dt.datetime(2026, 11, 24, 10)),)
    memo = Memo(tmp_path / "memo.sqlite")
    memo.get("calendar", calendar, old, "kk")
    memo.close()
    for _ in range(memo_module.KEEP_BUILDS):
        memo = Memo(tmp_path / "memo.sqlite")
        memo.get("calendar", calendar, new, "kk")
        memo.close()
    memo = Memo(tmp_path / "memo.sqlite")
    memo.get("calendar", calendar, old, "kk")
    assert memo.misses == 1
    memo.close()


def test_a_damaged_cache_is_started_again(tmp_path):
    path = tmp_path / "memo.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    memo = Memo(path)
    assert memo.get("calendar", calendar, (), "kk") == b"kk:"
    memo.close()


def test_without_a_cache_every_call_runs(tmp_path):
    calls.clear()
    memo = Memo(None)
    memo.get("calendar", calendar, (), "kk")
    memo.get("calendar", calendar, (), "kk")
    assert len(calls) == 2
    memo.close()


def test_records_inside_the_arguments_are_part_of_the_key(tmp_path):
    """A ruling carries its category (a pydantic model): renaming the category is a
    different call, though the ruling's other fields are the same."""
    from generator.models.court import Category

    @dataclass(frozen=True)
    class Ruling:
        number: str
        category: Category

    def page(r: Ruling) -> str:
        return f"{r.number}: {r.category.name('kk')}"

    housing = Category.model_validate({"id": "housing", "name": {"kk": "Тұрғын үй", "ru": "Жильё"}})
    renamed = Category.model_validate(
        {"id": "housing", "name": {"kk": "Тұрғын үй дауы", "ru": "Жильё"}}
    )
    memo = Memo(tmp_path / "memo.sqlite")
    assert memo.get("page", page, Ruling("1", housing)) == "1: Тұрғын үй"
    assert memo.get("page", page, Ruling("1", housing)) == "1: Тұрғын үй"
    assert memo.get("page", page, Ruling("1", renamed)) == "1: Тұрғын үй дауы"
    assert (memo.hits, memo.misses) == (1, 2)
    memo.close()
