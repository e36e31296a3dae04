"""A public ruling's digest: the hash its pages are kept under between builds. It must
change whenever anything shown of the ruling changes (its text, its case, a record it refers
to) and only then, or a rebuild would publish an old page, or make every page again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.check import clean_corpus
from generator.public import public_view
from tests.conftest import TODAY

DAY = dt.date.fromisoformat(TODAY)


def digests(court: Path, cached: bool = True) -> dict[tuple[str, str], str]:
    corpus = clean_corpus(court, DAY)
    view = public_view(corpus, 1, court / ".alqa-cache" if cached else None)
    return {(r.source_path, r.language): r.digest for r in view.rulings}


def changed(before: dict, after: dict) -> set[str]:
    assert before.keys() == after.keys()
    return {path for (path, _), d in before.items() if after[(path, _)] != d}


def test_every_public_ruling_has_a_digest_that_does_not_vary_between_builds(court):
    first = digests(court)
    assert all(first.values())
    assert len(set(first.values())) == len(first)
    assert digests(court) == first  # from the text cache now
    assert digests(court, cached=False).keys() == first.keys()
    assert digests(court, cached=False) == digests(court, cached=False)


def test_a_corrected_text_changes_that_rulings_digest_only(court):
    before = digests(court)
    ruling = sorted((court / "rulings").rglob("*.md"))[0]
    ruling.write_text(ruling.read_text(encoding="utf-8") + "\nТүзету.\n", encoding="utf-8")
    assert changed(before, digests(court)) == {ruling.relative_to(court).as_posix()}


def test_a_renamed_category_changes_the_digests_of_its_rulings(court):
    before = digests(court)
    categories = court / "records" / "categories.yaml"
    text = categories.read_text(encoding="utf-8")
    assert "Тұрғын үй даулары" in text
    categories.write_text(text.replace("Тұрғын үй даулары", "Тұрғын үй істері"), "utf-8")
    corpus = clean_corpus(court, DAY)
    housing = {
        r.path for r in corpus.rulings if corpus.case_by_number[r.meta.case].category == "housing"
    }
    assert housing and changed(before, digests(court)) == housing & {p for p, _ in before}


def test_page_keys_take_a_ruling_by_its_digest(court):
    """A key made of a ruling must not repr its text (tens of kilobytes, thousands of
    rulings: seconds and hundreds of megabytes in a build), yet follow its content."""
    import dataclasses

    from generator.keys import Keys

    ruling = public_view(clean_corpus(court, DAY), 1, None).rulings[0]
    key = Keys().key("page", (ruling, True))
    same = dataclasses.replace(ruling, text="(a different object, the same digest)")
    object.__setattr__(same, "digest", ruling.digest)
    assert Keys().key("page", (same, True)) == key
    other = dataclasses.replace(ruling)
    object.__setattr__(other, "digest", "0" * 32)
    assert Keys().key("page", (other, True)) != key
    assert Keys().key("page", (ruling, False)) != key


def test_a_case_file_changed_on_disk_has_its_rulings_depersonalised_again(court):
    """The public-text cache knows a loaded case by its file's hash: an edit of the file
    (here a comment) makes its rulings' texts anew, and only theirs."""
    cache = court / ".alqa-cache"
    corpus = clean_corpus(court, DAY)
    assert public_view(corpus, 1, cache).text_cache.computed > 0
    assert public_view(clean_corpus(court, DAY), 1, cache).text_cache.computed == 0
    number = next(
        r.meta.case for r in corpus.rulings if not corpus.case_by_number[r.meta.case].confidential
    )
    path = court / corpus.paths[number]
    path.write_text(path.read_text(encoding="utf-8") + "# a clerk's note\n", encoding="utf-8")
    again = public_view(clean_corpus(court, DAY), 1, cache)
    assert again.text_cache.computed == len(corpus.rulings_by_case[number])


def test_a_ruling_file_changed_on_disk_is_the_only_one_depersonalised_again(court):
    """A loaded ruling is known by its file's hash (front matter and text)."""
    cache = court / ".alqa-cache"
    public_view(clean_corpus(court, DAY), 1, cache)
    ruling = sorted((court / "rulings").rglob("*.md"))[0]
    ruling.write_text(ruling.read_text(encoding="utf-8") + "\nТүзету.\n", encoding="utf-8")
    again = public_view(clean_corpus(court, DAY), 1, cache)
    assert again.text_cache.computed == 1
    source = ruling.relative_to(court).as_posix()
    assert next(r for r in again.rulings if r.source_path == source).text.endswith("Түзету.")
