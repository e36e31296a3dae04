"""`clean_view`: the corpus and its public view with the cross-record checks beside the
view (in a forked child). It must give what checking first gives, and refuse invalid
records exactly as `clean_corpus` does, even when they break the view made meanwhile."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.check import clean_corpus, clean_view
from generator.errors import RecordsInvalid
from generator.keys import Keys
from generator.public import PublicView, public_view
from tests.conftest import TODAY

DAY = dt.date.fromisoformat(TODAY)
RULING = "rulings/2026/6001-26-00-3гп-1.kk.md"


def shown(view: PublicView) -> tuple:
    """Everything a view holds, texts and digests included, as plain text."""
    keys = Keys()

    def plain(value: object) -> object:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = [f.name for f in dataclasses.fields(value)]
            return tuple((name, plain(getattr(value, name))) for name in names)
        if isinstance(value, tuple):
            return tuple(map(plain, value))
        return keys.text_of(value)

    return tuple(plain(getattr(view, f.name)) for f in dataclasses.fields(view)[:-1])


def refusal(check) -> list[str]:
    with pytest.raises(RecordsInvalid) as refused:
        check()
    return [str(p) for p in refused.value.problems]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_view_is_the_one_made_after_checking(court: Path, jobs: int):
    corpus, view = clean_view(court, DAY, jobs, "lazy", court / ".alqa-cache")
    assert [r.path for r in corpus.rulings] == [r.path for r in clean_corpus(court, DAY).rulings]
    assert shown(view) == shown(public_view(clean_corpus(court, DAY), 1, court / ".alqa-cache"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_ruling_of_no_case_is_refused_as_a_check_refuses_it(court: Path, jobs: int):
    """The view cannot be made (the ruling's case is missing): the problem is told, not the
    view's failure."""
    path = court / RULING
    path.write_text(path.read_text(encoding="utf-8").replace("3гп/1\n", "3гп/999\n", 1), "utf-8")
    expected = refusal(lambda: clean_corpus(court, DAY))
    assert any("no case 6001-26-00-3гп/999" in p for p in expected)
    assert refusal(lambda: clean_view(court, DAY, jobs, "lazy", court / ".alqa-cache")) == expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cross_record_error_beside_a_view_that_succeeds_is_refused(court: Path, jobs: int):
    case = court / "records/cases/2026/6001-26-00-3гп-2.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("category: ", "category: x", 1))
    expected = refusal(lambda: clean_corpus(court, DAY))
    assert refusal(lambda: clean_view(court, DAY, jobs, "lazy", court / ".alqa-cache")) == expected


def test_a_file_in_error_is_refused_with_every_problem(court: Path):
    path = court / RULING
    path.write_text(path.read_text(encoding="utf-8").replace("language: kk", "language: en"))
    expected = refusal(lambda: clean_corpus(court, DAY))
    assert refusal(lambda: clean_view(court, DAY, 2, "lazy", court / ".alqa-cache")) == expected
