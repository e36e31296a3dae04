"""The phrase index beside the Whoosh segments, the numpy ranking and the fast highlighter:
each must answer exactly what it replaced."""

from __future__ import annotations

import dataclasses
import shutil

import numpy as np
import pytest
from whoosh.query import And, Or

from generator.search import engine as engine_module
from generator.search import query as q
from generator.search.engine import WhooshEngine
from generator.search.phrases import MANIFEST, PhraseIndex, pair_keys
from generator.search.request import SearchRequest
from tests.search.test_engine import corpus, edited, index_dir, numbers, searcher, view  # noqa: F401


def test_pair_keys_keep_the_order_and_skip_blocked_words():
    ab, ba = pair_keys(["жалдау", "шарт"]), pair_keys(["шарт", "жалдау"])
    assert len(ab) == len(ba) == 1 and ab[0] != ba[0]
    assert len(pair_keys(["а", "б", "а", "б"])) == 2  # distinct pairs only
    assert len(pair_keys(["а", "бет", "в"], blocked={"бет"})) == 0
    assert len(pair_keys(["жалдау"])) == 0


def test_phrase_index_update():
    docs = [("a", pair_keys(["x", "y", "z"])), ("b", pair_keys(["y", "z"])), ("c", pair_keys([]))]
    index = PhraseIndex.from_docs(docs)
    yz = int(pair_keys(["y", "z"])[0])
    assert [index.ids[r] for r in index.rows_for(yz)] == ["a", "b"]
    updated = index.updated({"a"}, [("d", pair_keys(["y", "z", "w"]))])
    assert {updated.ids[r] for r in updated.rows_for(yz)} - {None} == {"b", "d"}
    xy = int(pair_keys(["x", "y"])[0])
    assert {updated.ids[r] for r in updated.rows_for(xy)} - {None} == set()


def test_the_phrase_files_hold_public_ids_only(index_dir, view, corpus):  # noqa: F811
    assert (index_dir / MANIFEST).is_file()
    ids = set(PhraseIndex.load(index_dir).ids)
    assert ids == {f"{r.case_number}#{r.language}" for r in view.rulings}
    confidential = {c.number for c in corpus.cases if c.confidential}
    assert not {i.partition("#")[0] for i in ids} & confidential


def test_a_phrase_survives_an_incremental_build(view, index_dir, tmp_path):  # noqa: F811
    folder = tmp_path / "ix"
    shutil.copytree(index_dir, folder)
    first = view.rulings[0]
    changed = edited(first, text=first.text + "\nЖасыл алма бақшасы.")
    rulings = (changed, *view.rulings[1:-1])  # the last ruling is deleted
    WhooshEngine().build(dataclasses.replace(view, rulings=rulings), folder)
    reopened = WhooshEngine().open(folder)
    assert numbers(reopened, '"жасыл алма"') == [first.case_number]
    assert numbers(reopened, '"алма жасыл"') == []
    gone = view.rulings[-1]
    live = set(PhraseIndex.load(folder).ids) - {None}
    assert live == {f"{r.case_number}#{r.language}" for r in rulings}
    assert gone.case_number not in numbers(reopened, gone.case_number)


@pytest.mark.parametrize(
    "text", ["сот", "шешім талап", "жалдау шарты", "решение суда", "выселение", "талап OR суд"]
)
def test_ranking_is_whooshs_bm25f_over_every_match(searcher, text):  # noqa: F811
    searcher.search(SearchRequest(q="сот"))
    snap = searcher._current()
    parsed = q.parse(text)
    musts = [Or([engine_module._clause_query(c, snap) for c in g]) for g in parsed.groups]
    query = And(musts)
    matched = set(snap.docs(query))
    assert matched
    hits = snap.searcher.search(query, limit=None, filter=matched)
    expected = sorted(((h.docnum, h.score) for h in hits), key=lambda t: (-t[1], t[0]))[:10]
    got = snap.ranked(query, np.fromiter(matched, np.int64), 10)
    assert [d for d, _ in got] == [d for d, _ in expected]
    assert np.allclose([s for _, s in got], [s for _, s in expected], rtol=1e-12)


@pytest.mark.parametrize("text", ["өтінішхат", "суд решение", "ст.427", "удовлетвор*", "İİ суд"])
def test_fast_highlighter_finds_what_the_pattern_finds(view, text):  # noqa: F811
    highlighter = q.Highlighter.for_query(q.parse(text))
    for ruling in view.rulings[:20]:
        body = ruling.text + " İstanbul СУДА суд_я Ст.427-бабы"
        expected = [m.span() for m in highlighter.pattern.finditer(body)]
        assert list(highlighter._matches(body)) == expected


def test_an_empty_index_builds_searches_and_updates(view, tmp_path):  # noqa: F811
    folder = tmp_path / "ix"
    assert (
        WhooshEngine().build(dataclasses.replace(view, rulings=()), folder, full=True).documents
        == 0
    )
    assert WhooshEngine().open(folder).search(SearchRequest(q='"жалдау шарты"')).total == 0
    assert WhooshEngine().build(view, folder).added == len(view.rulings)
    assert numbers(WhooshEngine().open(folder), '"жалдау шарты"')
