"""Updating the index: after a change, the updated index answers as one built afresh; the
update costs what changed (a ruling is compared by its digest, the phrase index grows by
parts) and staging it never touches the current index, whose files it links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import random
import shutil

import pytest

from generator.check import clean_corpus
from generator.public import public_view
from generator.search.engine import WhooshEngine, stage_index
from generator.search.phrases import MANIFEST, PhraseIndex, pair_keys
from generator.search.request import SearchRequest
from generator.search.schema import document, index_hash
from tests.conftest import TODAY
from tests.search.test_engine import corpus, edited, index_dir, numbers, view  # noqa: F401

NEW_TEXT = "\nКөк теңіз жағалауындағы үй сатылды."
# the edited ruling's whole text: its words, not its pair, of "азаматтық істер" are in it
EDITED = "Көк теңіз жағалауындағы үй сатылды. Істер азаматтық емес."
ADDED = ("6001-26-00-3гп/9101", "Жасыл алма бақшасы жалға берілді.")
QUERIES = [
    {"q": "сот"},
    {"q": "шешім талап"},
    {"q": "решение суда"},
    {"q": '"жалдау шарты"'},
    {"q": '"азаматтық істер"'},  # in the edited ruling before, not after
    {"q": '"теңіз жағалауы"'},  # the edited ruling's new words, as a phrase
    {"q": "көк теңіз"},
    {"q": '"жасыл алма"'},  # the added ruling
    {"q": "выселение", "category": "housing"},
    {"q": "удовлетвор*"},
    {"q": "АПК 427"},
    {"q": "3гп/9"},
    {"q": "", "year": 2025},
    {"q": "сот", "date_from": dt.date(2026, 1, 1)},
]


def answers(searcher) -> list[tuple]:
    """What each query finds: the total, the facets and the rulings of every page (as a
    set: equal scores are in the order of document numbers, which differ)."""
    out = []
    for params in QUERIES:
        first = searcher.search(SearchRequest(page_size=50, **params))
        found = [
            h.case_number
            for page in range(1, first.pages + 1)
            for h in searcher.search(SearchRequest(page=page, page_size=50, **params)).hits
        ]
        out.append((params, first.total, first.facets, sorted(found)))
    return out


@pytest.fixture(scope="module")
def changed_view(view):  # noqa: F811
    """One ruling edited, one deleted, one added."""
    first, gone = view.rulings[0], view.rulings[-1]
    template = next(r for r in view.rulings if r.language == "kk")
    added = edited(
        template,
        case_number=ADDED[0],
        slug=ADDED[0].replace("/", "-"),
        text=ADDED[1],
        headnote=None,
    )
    assert "азаматтық істер" in first.text
    rulings = (edited(first, text=EDITED), *view.rulings[1:-1], added)
    assert gone.case_number not in {r.case_number for r in rulings}
    return dataclasses.replace(view, rulings=rulings)


def test_an_updated_index_answers_as_a_fresh_one(view, changed_view, index_dir, tmp_path):  # noqa: F811
    current = tmp_path / "current"
    shutil.copytree(index_dir, current)
    stats = stage_index(changed_view, current, tmp_path / "staged")
    assert (stats.updated, stats.added, stats.deleted) == (1, 1, 1)
    WhooshEngine().build(changed_view, tmp_path / "fresh", full=True)
    updated = WhooshEngine().open(tmp_path / "staged")
    assert answers(updated) == answers(WhooshEngine().open(tmp_path / "fresh"))
    first = view.rulings[0].case_number
    assert numbers(updated, '"теңіз жағалауы"') == [first]
    assert first in numbers(updated, "азаматтық істер")
    assert first not in numbers(updated, '"азаматтық істер"')
    assert numbers(updated, '"жасыл алма"') == [ADDED[0]]
    gone = view.rulings[-1]
    assert gone.case_number not in numbers(updated, gone.case_number)
    live = set(PhraseIndex.load(tmp_path / "staged").ids) - {None}
    assert live == {f"{r.case_number}#{r.language}" for r in changed_view.rulings}


def test_staging_links_the_current_index_and_changes_none_of_it(changed_view, index_dir, tmp_path):  # noqa: F811
    current, staged = tmp_path / "current", tmp_path / "staged"
    shutil.copytree(index_dir, current)

    def files() -> dict:
        return {p.name: (p.stat().st_ino, p.read_bytes()) for p in current.iterdir()}

    before = files()
    answered = answers(WhooshEngine().open(current))
    stage_index(changed_view, current, staged)
    assert files() == before
    assert answers(WhooshEngine().open(current)) == answered
    unchanged = [p for p in current.iterdir() if p.suffix in (".seg", ".npy")]
    assert unchanged
    assert all(os.path.samefile(p, staged / p.name) for p in unchanged)  # linked, not copied


def test_a_ruling_is_compared_by_its_digest_and_url(view):  # noqa: F811
    ruling = view.rulings[5]
    assert ruling.digest  # public_view gives every ruling one
    assert index_hash(ruling) == document(ruling)["hash"]
    other = dataclasses.replace(ruling)
    object.__setattr__(other, "digest", "0" * 32)
    assert index_hash(other) != index_hash(ruling)
    moved = dataclasses.replace(ruling, slug="other")
    object.__setattr__(moved, "digest", ruling.digest)
    assert index_hash(moved) != index_hash(ruling)  # the same digest, another URL
    by_hand = edited(ruling)  # without a digest: by what is indexed
    assert index_hash(by_hand) == document(by_hand)["hash"]
    assert index_hash(by_hand) != index_hash(edited(ruling, text=ruling.text + "."))


def test_a_corrected_ruling_file_is_reindexed_alone(court, tmp_path):
    day = dt.date.fromisoformat(TODAY)
    index = tmp_path / "index"
    stage_index(public_view(clean_corpus(court, day), 1, None), index, index, full=True)
    path = sorted((court / "rulings").rglob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8") + NEW_TEXT + "\n", encoding="utf-8")
    after = public_view(clean_corpus(court, day), 1, None)
    stats = stage_index(after, index, tmp_path / "staged")
    assert (stats.updated, stats.added, stats.deleted) == (1, 0, 0)
    assert stats.unchanged == len(after.rulings) - 1
    corrected = next(r for r in after.rulings if r.source_path.endswith(path.name))
    assert numbers(WhooshEngine().open(tmp_path / "staged"), '"теңіз жағалауы"') == [
        corrected.case_number
    ]


def test_a_phrase_index_updated_many_times_answers_as_one_made_afresh(tmp_path):
    rnd = random.Random(7)
    words = [f"w{i}" for i in range(25)]

    def keys():
        return pair_keys([rnd.choice(words) for _ in range(rnd.randrange(12))])

    docs = {f"d{i}": keys() for i in range(300)}
    PhraseIndex.from_docs(docs.items()).save(tmp_path)
    for step in range(400):
        gone = set(rnd.sample(sorted(docs), rnd.randrange(3)))  # deleted or re-indexed
        for doc_id in gone:
            del docs[doc_id]
        added = [(doc_id, keys()) for doc_id in rnd.sample(sorted(gone), len(gone) // 2)]
        added += [(f"n{step}", keys())] if rnd.random() < 0.5 else []
        docs.update(added)
        PhraseIndex.load(tmp_path, mmap=True).updated(gone, added).save(tmp_path)
    index, fresh = PhraseIndex.load(tmp_path), PhraseIndex.from_docs(docs.items())
    assert sorted(i for i in index.ids if i) == sorted(docs)
    for key in {int(k) for part in fresh.parts for k in part.keys} | {12345}:
        found = {index.ids[r] for r in index.rows_for(key)} - {None}
        assert found == {fresh.ids[r] for r in fresh.rows_for(key)}
    assert len(index.parts) <= math.log2(len(docs)) + 2  # few parts ...
    assert index.ids.count(None) <= len(index.ids) / 2  # ... mostly of live rows
    listed = {name for part in index.parts for name in part.files()} | {MANIFEST}
    assert {p.name for p in tmp_path.iterdir()} == listed  # no file left of an old part
