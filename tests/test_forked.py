"""Work beside the build in a forked child (generator.forked): it sees the parent's data,
answers with what the function returned, and a failure in it fails the build."""

from __future__ import annotations

import os

import pytest

from generator.errors import BuildError
from generator.forked import Forked

_BIG = list(range(100_000))  # what the child reads without a copy sent to it


def _sum_and_pid(values: list[int]) -> tuple[int, int]:
    return sum(values), os.getpid()


def _fails() -> None:
    raise BuildError("the index found a surname")


def _unpicklable():
    return lambda: None  # a function made here does not pickle


def _dies() -> None:
    os._exit(3)


def _waits() -> None:
    import time

    time.sleep(60)


def test_the_child_answers_with_what_the_function_returned():
    total, pid = Forked(_sum_and_pid, _BIG).result()
    assert total == sum(_BIG)
    assert pid != os.getpid()


def test_an_exception_in_the_child_is_raised_in_the_parent():
    with pytest.raises(BuildError, match="found a surname"):
        Forked(_fails).result()


def test_an_answer_that_cannot_be_sent_fails_the_build_with_its_story():
    with pytest.raises(BuildError, match="(?i)pickle"):
        Forked(_unpicklable).result()


def test_a_child_that_ends_without_an_answer_fails_the_build():
    with pytest.raises(BuildError, match="exit status 3"):
        Forked(_dies).result()


def test_cancel_stops_a_child_still_at_work():
    work = Forked(_waits)
    work.cancel()
    assert work._process.exitcode is not None
