"""Content keys: the same making function with equal arguments and the same code gives the
same key (the render cache keeps the page); anything else, another key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import keys as keys_module
from generator.keys import Keys
from generator.models.court import Category


@dataclass(frozen=True)
class Hearing:
    number: str
    at: dt.datetime


WEEK = (Hearing("1", dt.datetime(2026, 11, 24, 10)),)


def test_equal_arguments_give_the_same_key_in_another_build():
    again = (Hearing("1", dt.datetime(2026, 11, 24, 10)),)
    assert Keys().key("calendar", (WEEK, "kk")) == Keys().key("calendar", (again, "kk"))


def test_another_argument_or_function_gives_another_key():
    keys = Keys()
    moved = (Hearing("1", dt.datetime(2026, 11, 25, 10)),)
    made = {
        keys.key("calendar", (WEEK, "kk")),
        keys.key("calendar", (moved, "kk")),
        keys.key("calendar", (WEEK, "ru")),
        keys.key("other", (WEEK, "kk")),
    }
    assert len(made) == 4


def test_a_change_of_code_changes_every_key(monkeypatch):
    before = Keys().key("calendar", (WEEK, "kk"))
    monkeypatch.setattr(keys_module, "code_fingerprint", lambda: "another version")
    assert Keys().key("calendar", (WEEK, "kk")) != before


def test_records_inside_the_arguments_are_part_of_the_key():
    """A ruling carries its category (a pydantic model): renaming the category gives
    another key, though the ruling's other fields are the same."""

    @dataclass(frozen=True)
    class Ruling:
        number: str
        category: Category

    housing = Category.model_validate({"id": "housing", "name": {"kk": "Тұрғын үй", "ru": "Жильё"}})
    renamed = Category.model_validate(
        {"id": "housing", "name": {"kk": "Тұрғын үй дауы", "ru": "Жильё"}}
    )
    keys = Keys()
    first = keys.key("page", (Ruling("1", housing),))
    assert keys.key("page", (Ruling("1", housing),)) == first
    assert keys.key("page", (Ruling("1", renamed),)) != first


def _former_text_of(keys: Keys, value: object) -> str:
    """text_of as it was first written (one call per value): the faster one must give
    exactly its text, or every page kept would be made again, and digests would change."""
    import dataclasses as dc
    from enum import Enum

    from pydantic import BaseModel

    if type(value) in (str, int, bool, float, type(None), dt.date, dt.datetime):
        return repr(value)
    if isinstance(value, list | tuple):
        return "(" + ",".join(_former_text_of(keys, v) for v in value) + ")"
    if isinstance(value, BaseModel | Enum):
        return repr(value)
    if dc.is_dataclass(value) and type(value).__dataclass_params__.frozen:
        if getattr(value, "digest", None):
            return f"{type(value).__qualname__}#{value.digest}"
        names = [f.name for f in dc.fields(value)]
        inner = ",".join(f"{n}={_former_text_of(keys, getattr(value, n))}" for n in names)
        return f"{type(value).__qualname__}({inner})"
    return repr(value)


def test_texts_are_those_of_the_first_algorithm():
    from generator.models.common import Language

    @dataclass(frozen=True)
    class One:
        only: tuple

    @dataclass(frozen=True)
    class Digested:
        number: str
        digest: str = ""

    housing = Category.model_validate({"id": "housing", "name": {"kk": "Тұрғын үй", "ru": "Жильё"}})
    values = [
        WEEK,
        (housing, housing, (housing,), [housing, 1.5, None]),
        One(("a",)),
        One(()),
        (Digested("1", "abc"), Digested("2")),
        Language.KK,
        dt.date(2026, 11, 24),
        ("single",),
        frozenset({"not a record"}),
    ]
    keys = Keys()
    for value in values:
        assert keys.text_of(value) == _former_text_of(keys, value)
        assert keys.text_of(value) == _former_text_of(keys, value)  # kept, then
    assert keys.joined(values, sep="\0") == "\0".join(_former_text_of(keys, v) for v in values)
