"""Ruling texts read when needed: a rebuild after one correction reads the texts of the
changed rulings, not all 10,000 (load_root(texts="lazy"), Corpus.text_of, and the public
view's texts made from the text cache on first use)."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from pathlib import Path

import pytest

from generator import corpus as corpus_module
from generator import record_cache
from generator.check import clean_corpus
from generator.errors import BuildError
from generator.public import public_view
from tests.conftest import TODAY

DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture
def warm(court: Path, monkeypatch) -> Path:
    """The test court, loaded once: the record cache knows every file. Files count as
    written long before they are read, so their stats are trusted (a copied court is younger
    than the record cache's margin, and a file's ctime cannot be set back)."""
    monkeypatch.setattr(record_cache, "MARGIN_NS", 0)
    clean_corpus(court, DAY)
    return court


def test_unchanged_rulings_are_loaded_without_their_text_which_is_read_when_needed(warm):
    eager = clean_corpus(warm, DAY)
    lazy = clean_corpus(warm, DAY, texts="lazy")
    assert lazy.rulings, "the test court has rulings"
    assert all(r.text == "" for r in lazy.rulings)
    assert set(lazy.text_at) == {r.path for r in lazy.rulings}
    assert [lazy.text_of(r) for r in lazy.rulings] == [r.text for r in eager.rulings]
    assert lazy.with_text(lazy.rulings[0]) == eager.rulings[0]


def test_a_changed_ruling_is_read_at_once(warm):
    ruling = sorted((warm / "rulings").rglob("*.md"))[0]
    ruling.write_text(ruling.read_text(encoding="utf-8") + "\nТүзету.\n", encoding="utf-8")
    lazy = clean_corpus(warm, DAY, texts="lazy")
    changed = [r for r in lazy.rulings if r.text]
    assert [r.path for r in changed] == [ruling.relative_to(warm).as_posix()]
    assert changed[0].text.endswith("Түзету.")


def test_a_ruling_changed_after_loading_is_refused_not_half_used(warm):
    lazy = clean_corpus(warm, DAY, texts="lazy")
    ruling = lazy.rulings[0]
    path = warm / ruling.path
    path.write_text(path.read_text(encoding="utf-8") + "\nКейін.\n", encoding="utf-8")
    with pytest.raises(BuildError, match="changed while the site was being built"):
        lazy.text_of(ruling)


def test_a_view_from_the_text_cache_reads_no_ruling_text_until_one_is_read(
    warm, tmp_path: Path, monkeypatch
):
    cache = tmp_path / "cache"
    made = public_view(clean_corpus(warm, DAY), cache_dir=cache)  # fills the text cache
    read: list[Path] = []
    real = corpus_module.read_ruling_text

    def counted(path, *args):
        read.append(path)
        return real(path, *args)

    monkeypatch.setattr(corpus_module, "read_ruling_text", counted)
    view = public_view(clean_corpus(warm, DAY, texts="lazy"), cache_dir=cache)
    assert view.text_cache.reused == len(view.rulings) and not read
    first = view.rulings[0]
    assert first.text == made.rulings[0].text and len(read) == 1
    assert view == made  # every text made, each the same as depersonalised anew
    assert [r.digest for r in view.rulings] == [r.digest for r in made.rulings]


def test_a_copy_or_a_pickle_of_a_public_ruling_holds_its_text(warm, tmp_path: Path):
    cache = tmp_path / "cache"
    made = public_view(clean_corpus(warm, DAY), cache_dir=cache)
    view = public_view(clean_corpus(warm, DAY, texts="lazy"), cache_dir=cache)
    assert copy.copy(view.rulings[0]).text == made.rulings[0].text
    assert "_make_text" not in vars(view.rulings[0])
    again = public_view(clean_corpus(warm, DAY, texts="lazy"), cache_dir=cache)
    assert pickle.loads(pickle.dumps(again.rulings[0])).text == made.rulings[0].text
    assert "_make_text" not in vars(again.rulings[0])
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        view.rulings[0].nonsense  # noqa: B018
