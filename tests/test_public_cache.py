"""The cache of depersonalised ruling texts (generator.depersonalise.text_cache): a view built
from it is the view built without it, byte for byte, and only rulings whose text, case record,
kept names or depersonalising code changed are depersonalised again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing as mp
import random
from pathlib import Path

import pytest

from generator import public
from generator.check import check_root
from generator.corpus import Corpus
from generator.depersonalise.text_cache import (
    FILE,
    TextCache,
    diff,
    pack,
    patch,
    unpack,
    write,
)
from generator.models.case import Depersonalise, PartyKind
from generator.public import public_view
from tests.conftest import ROOT, TODAY


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """The sample court: 41 rulings, some of confidential cases."""
    data, _ = check_root(ROOT, dt.date.fromisoformat(TODAY), None)
    return Corpus.from_loaded(data)


@pytest.fixture(scope="module")
def uncached(corpus):
    return public_view(corpus)


def published(corpus: Corpus) -> int:
    """Rulings that are depersonalised (those of confidential cases are not published)."""
    return sum(not corpus.case_by_number[r.meta.case].confidential for r in corpus.rulings)


def a_named_party(corpus: Corpus):
    """(ruling index, party index, surname) of a person named by initials in a ruling."""
    for i, ruling in enumerate(corpus.rulings):
        case = corpus.case_by_number[ruling.meta.case]
        for p, party in enumerate(case.parties):
            surname = party.name.split()[0]
            if (
                not case.confidential
                and party.kind is PartyKind.PERSON
                and party.depersonalise is Depersonalise.INITIALS
                and surname in ruling.text
            ):
                return i, p, surname
    raise AssertionError("no ruling names a party")


def with_party(corpus: Corpus, number: str, index: int, **changes) -> Corpus:
    """The corpus with one party of one case changed (as if its record were edited)."""
    cases = []
    for case in corpus.cases:
        if case.number == number:
            parties = list(case.parties)
            parties[index] = parties[index].model_copy(update=changes)
            case = case.model_copy(update={"parties": parties})
        cases.append(case)
    return dataclasses.replace(corpus, cases=cases)


def test_the_cached_view_is_the_uncached_view_and_a_second_build_depersonalises_nothing(
    corpus, uncached, tmp_path: Path
):
    cold = public_view(corpus, cache_dir=tmp_path)
    assert cold == uncached
    assert [r.text for r in cold.rulings] == [r.text for r in uncached.rulings]
    assert [r.headnote for r in cold.rulings] == [r.headnote for r in uncached.rulings]
    n = published(corpus)
    assert (cold.text_cache.computed, cold.text_cache.reused) == (n, 0)
    assert cold.text_cache.written and (tmp_path / FILE).is_file()

    warm = public_view(corpus, cache_dir=tmp_path)
    assert warm == uncached
    assert [r.text for r in warm.rulings] == [r.text for r in uncached.rulings]
    assert (warm.text_cache.computed, warm.text_cache.reused) == (0, n)
    assert not warm.text_cache.written  # nothing changed: the file is left alone
    assert uncached.text_cache is None


def test_a_changed_ruling_is_the_only_one_depersonalised_again(corpus, tmp_path: Path):
    public_view(corpus, cache_dir=tmp_path)
    i, p, surname = a_named_party(corpus)
    ruling = corpus.rulings[i]
    added = f"\n\n{surname} {corpus.case_by_number[ruling.meta.case].parties[p].name.split()[1]}"
    rulings = list(corpus.rulings)
    rulings[i] = ruling.model_copy(update={"text": ruling.text + added + " келіспеді.\n"})
    changed = dataclasses.replace(corpus, rulings=rulings)

    view = public_view(changed, cache_dir=tmp_path)
    assert view.text_cache.computed == 1
    assert view.text_cache.reused == published(corpus) - 1
    assert view == public_view(changed)
    text = view.ruling(ruling.meta.case, ruling.meta.language.value).text
    assert text.endswith(" келіспеді.\n") and surname not in text
    # the file keeps this corpus's rulings only: the old text's entry is gone
    assert len(TextCache(tmp_path, changed.public_names).entries) == published(corpus)


def test_a_changed_case_has_its_rulings_depersonalised_again(corpus, uncached, tmp_path: Path):
    before = public_view(corpus, cache_dir=tmp_path)
    i, p, surname = a_named_party(corpus)
    number, lang = corpus.rulings[i].meta.case, corpus.rulings[i].meta.language.value
    own = len(corpus.rulings_by_case[number])

    # the record now names the party by role: no reused text may still carry the initials
    by_role = with_party(corpus, number, p, depersonalise=Depersonalise.ROLE)
    view = public_view(by_role, cache_dir=tmp_path)
    assert view.text_cache.computed == own
    assert view == public_view(by_role)
    assert view.ruling(number, lang).text != before.ruling(number, lang).text

    # the party's name is corrected in the record: again only this case's rulings
    party = corpus.case_by_number[number].parties[p]
    renamed = with_party(corpus, number, p, name=party.name.replace(surname, "Жаңабаев"))
    view = public_view(renamed, cache_dir=tmp_path)
    assert view.text_cache.computed == own
    assert view == public_view(renamed)
    assert view != uncached  # the old surname is no longer a known name: it stays as written

    # and back: the original texts again, equal to the uncached ones
    view = public_view(corpus, cache_dir=tmp_path)
    assert view.text_cache.computed == own
    assert view == uncached


def test_other_kept_names_depersonalise_everything_again(corpus, tmp_path: Path):
    public_view(corpus, cache_dir=tmp_path)
    i, p, surname = a_named_party(corpus)
    case = corpus.case_by_number[corpus.rulings[i].meta.case]
    # a new judge shares the party's name: it is kept, in every text
    judge = next(iter(corpus.judges.values()))
    name = judge.name.model_copy(update={"kk": case.parties[p].name})
    judges = {**corpus.judges, judge.id: judge.model_copy(update={"name": name})}
    changed = dataclasses.replace(corpus, judges=judges)
    assert changed.public_names != corpus.public_names
    view = public_view(changed, cache_dir=tmp_path)
    assert view.text_cache.computed == published(corpus)
    assert view == public_view(changed)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"not a pickle",
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # a write cut short
        lambda data: data[:-40] + bytes(b ^ 1 for b in data[-40:]),  # flipped bits
    ],
    ids=["garbage", "empty", "truncated", "flipped"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(corpus, uncached, tmp_path: Path, damage):
    public_view(corpus, cache_dir=tmp_path)
    path = tmp_path / FILE
    path.write_bytes(damage(path.read_bytes()))
    view = public_view(corpus, cache_dir=tmp_path)
    assert view == uncached
    assert view.text_cache.computed == published(corpus)
    assert public_view(corpus, cache_dir=tmp_path).text_cache.computed == 0


def test_entries_of_a_foreign_shape_are_computed_again(corpus, uncached, tmp_path: Path):
    first = public_view(corpus, cache_dir=tmp_path)
    keys = list(TextCache(tmp_path, corpus.public_names).entries)
    shapes = [("x", "y", "z"), (("x",), None), (42, None), ((b"", ("a",)), None), None]
    write(tmp_path / FILE, {k: shapes[i % len(shapes)] for i, k in enumerate(keys)})
    view = public_view(corpus, cache_dir=tmp_path)
    assert view == uncached == first
    assert view.text_cache.computed == published(corpus) and view.text_cache.written
    assert public_view(corpus, cache_dir=tmp_path).text_cache.computed == 0


def test_a_read_only_place_for_the_cache_is_only_slower(corpus, uncached, tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    view = public_view(corpus, cache_dir=blocked / "cache")
    assert view == uncached and not view.text_cache.written


@pytest.mark.skipif(mp.get_start_method() != "fork", reason="workers are forked")
def test_rulings_depersonalised_in_workers_are_cached_the_same(
    corpus, uncached, tmp_path: Path, monkeypatch
):
    monkeypatch.setattr(public, "PARALLEL_FROM", 2)  # the sample court is small
    cold = public_view(corpus, jobs=2, cache_dir=tmp_path)
    assert cold == uncached and cold.text_cache.computed == published(corpus)
    warm = public_view(corpus, jobs=1, cache_dir=tmp_path)
    assert warm == uncached and warm.text_cache.computed == 0


# --- edit scripts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("", ""),
        ("", "жаңа"),
        ("мәтін", ""),
        ("Серікбаев А.Б. талап қойды", "А.Б.С. талап қойды"),
        ("талап қойды Серікбаев", "талап қойды талапкер"),
        (
            "Серікбаев талапты қолдады, Серікбаевқа жауап берілді, Серікбаевтың арызы " * 40,
            "талапкер талапты қолдады, талапкерге жауап берілді, талапкердің арызы " * 40,
        ),
        ("телефоны +7 701 234 56 78, мекенжайы Абай даңғылы, 12-45.", "телефоны ***, [адрес]."),
    ],
)
def test_edits_rebuild_the_text(a: str, b: str):
    edits = diff(a, b)
    assert edits is not None and patch(a, edits) == b
    assert unpack(a, pack(a, b, "бас")) == (b, "бас")


def test_edits_of_random_replacements_rebuild_the_text():
    rng = random.Random(7)
    words = ["сот", "талап", "шарт", "алқа", "өтініш", "қаулы", "іс", "бойынша", "дәлел"]
    for _ in range(200):
        a = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 400)))
        b, pos = [], 0
        for start in sorted(rng.sample(range(len(a) + 1), min(len(a) + 1, rng.randrange(0, 30)))):
            if start < pos:
                continue
            end = min(len(a), start + rng.randrange(0, 40))
            b += [a[pos:start], rng.choice(["", "***", "А.Б.", "талапкер", "[адрес]"])]
            pos = end
        b.append(a[pos:])
        b = "".join(b)
        assert unpack(a, pack(a, b, None)) == (b, None)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("".join(chr(0x430 + i % 32) for i in range(5000)), "ABC" * 1000),
        ("Серікбаев, Серікбаевқа, Серікбаевтың " * 40, "талапкер, талапкерге, талапкердің " * 40),
    ],
    ids=["unrelated", "no quiet run between edits"],
)
def test_texts_with_no_short_edit_script_are_stored_whole(a: str, b: str):
    assert diff(a, b) is None
    assert pack(a, b, None) == (b, None)
    assert unpack(a, pack(a, b, None)) == (b, None)
