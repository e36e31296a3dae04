"""The garbage collector paused while a court's objects are made, and as it was after."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from generator import collector
from generator.check import clean_corpus
from generator.public import public_view
from tests.conftest import TODAY


def test_the_collector_is_left_as_it_was():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused(freeze=True):
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_is_made_to_be_kept_is_frozen_out_of_later_collections():
    try:
        with collector.paused(freeze=True):
            made = [[i] for i in range(1000)]
        assert gc.get_freeze_count() >= len(made)
    finally:
        gc.unfreeze()


def test_a_public_view_leaves_the_collector_on(court: Path):
    corpus = clean_corpus(court, dt.date.fromisoformat(TODAY))
    try:
        public_view(corpus, 1, court / ".alqa-cache")
        assert gc.isenabled()
    finally:
        gc.unfreeze()
