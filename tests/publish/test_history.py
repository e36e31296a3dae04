"""Ruling history from one `git log` pass: publication dates, versions, depersonalised diffs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.builders.history import diff_hunks, history_header, history_section
from generator.check import check_root
from generator.corpus import Corpus
from generator.history import history_for_view, load_history, parse_log
from generator.load import record_files
from generator.public import public_view
from tests.conftest import GOOD, ROOT
from tests.publish.conftest import KK_RULING, correct_and_schedule, good_court_repo, make_repo

DAY = dt.date(2026, 11, 27)


def view_of(root: Path):
    data, _ = check_root(root, DAY)
    corpus = Corpus.from_loaded(data)
    return corpus, public_view(corpus)


def test_every_ruling_of_the_sample_court_has_its_cyrillic_path_and_date(tmp_path, git_env):
    repo = make_repo(tmp_path / "sample", ROOT)
    history = load_history(repo.path)
    rulings = {p.relative_to(repo.path).as_posix() for p in record_files(repo.path)["rulings"]}
    assert set(history.files) == rulings and len(rulings) > 30
    assert "rulings/2026/6001-26-00-3гп-103.ru.md" in history.files
    corpus, view = view_of(repo.path)
    histories = history_for_view(repo.path, corpus, view)
    assert set(histories) == {r.source_path for r in view.rulings}
    assert {h.published for h in histories.values()} == {dt.date(2026, 11, 16)}


def test_a_corrected_ruling_has_both_versions_depersonalised(tmp_path, git_env):
    repo = good_court_repo(tmp_path / "court")
    correct_and_schedule(repo)
    corpus, view = view_of(repo.path)
    h = history_for_view(repo.path, corpus, view)[KK_RULING]
    assert [v.date for v in h.versions] == [dt.date(2026, 11, 16), dt.date(2026, 11, 25)]
    assert (
        h.corrected and h.published == dt.date(2026, 11, 16) and h.updated == dt.date(2026, 11, 25)
    )
    ruling = next(r for r in view.rulings if r.source_path == KK_RULING)
    assert h.versions[-1].text.strip() == ruling.text.strip()
    assert "Серікбаев" not in h.versions[0].text and "С.А.Б." in h.versions[0].text
    assert h.versions[-1].message == "Түзету: С.А.Б. пәтерінің сипаттамасы"

    ctx = SimpleNamespace(history={KK_RULING: h})
    assert history_header(ruling, ctx) == [
        "",
        "**Жарияланған күні:** 2026 жылғы 16 қараша · **Түзетілген күні:** 2026 жылғы 25 қараша",
    ]
    section = "\n".join(history_section(ruling, ctx))
    assert "## Редакциялары" in section and "<ins>(сатушы С.А.Б.)</ins>" in section


def test_a_root_outside_git_has_no_history_and_still_builds(tmp_path):
    import shutil

    from generator.site import build_site

    root = tmp_path / "court"
    shutil.copytree(GOOD, root)
    assert load_history(root).files == {}
    corpus, view = view_of(root)
    assert history_for_view(root, corpus, view) == {}
    build_site(root, DAY, out=tmp_path / "site", documents=False)
    html = (tmp_path / "site/rulings/2026/6001-26-00-3gp-1/index.html").read_text(encoding="utf-8")
    assert "Жарияланған күні" not in html and "6001-26-00-3гп/1" in html
    assert (tmp_path / "site/opendata/rulings.json").is_file()


def test_the_log_is_parsed_oldest_first_and_a_deleted_file_starts_afresh():
    def commit(sha: str, date: str, message: str, *entries: tuple[str, str, str]) -> bytes:
        head = f"\x1e{sha}\x1f{date}\x1f{message}\0\n".encode()
        raw = b"".join(
            f":100644 100644 {'0' * 40} {blob} {status}\0".encode() + path.encode() + b"\0"
            for status, blob, path in entries
        )
        return head + raw

    path = "rulings/2026/6001-26-00-3гп-1.kk.md"
    raw = (
        commit("c" * 40, "2026-03-03T10:00:00+05:00", "again", ("A", "3" * 40, path))
        + commit("b" * 40, "2026-02-02T10:00:00+05:00", "gone", ("D", "0" * 40, path))
        + commit("a" * 40, "2026-01-01T10:00:00+05:00", "first", ("A", "1" * 40, path),
                 ("A", "2" * 40, "rulings/x y.md"))
    )  # fmt: skip
    history = parse_log(raw)
    assert history.commits == 3
    assert [c.message for c in history.files[path]] == ["again"]
    assert history.files["rulings/x y.md"][0].date == dt.datetime.fromisoformat(
        "2026-01-01T10:00:00+05:00"
    )


@pytest.mark.parametrize(
    ("old", "new", "hunks"),
    [
        ("a b c", "a b c", []),
        ("a b\nc", "a  b c", []),  # re-wrapped: no change
        ("a b c", "a x c", ["a <del>b</del> <ins>x</ins> c"]),
        ("*a* <b>", "*a* <i>", ["\\*a\\* <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins>"]),
        (" ".join(f"w{i}" for i in range(30)), " ".join(f"w{i}" for i in range(29)),
         ["… w21 w22 w23 w24 w25 w26 w27 w28 <del>w29</del>"]),
    ],
)  # fmt: skip
def test_the_word_diff_shows_words_removed_and_added(old, new, hunks):
    assert diff_hunks(old, new) == hunks
