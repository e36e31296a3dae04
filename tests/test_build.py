"""`alqa build`: the whole pipeline on a real court, with real mkdocs-material output.

What a clerk relies on: the same records give the same bytes, a failed build (bad records,
a personal datum in the output, a broken step) leaves the published site as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from generator.builders import Page
from generator.errors import BuildError, RecordsInvalid
from generator.site import build_site
from tests.conftest import TODAY

DAY = dt.date.fromisoformat(TODAY)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built(court: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out" / "site"
    build_site(court, DAY, out=out, documents=False)
    return out


def test_the_site_has_both_languages_and_every_section(built: Path):
    assert (built / "index.html").is_file()
    assert (built / "ru" / "index.html").is_file()
    for section in ("rulings", "schedule", "press"):
        assert (built / section / "index.html").is_file(), section
        assert (built / "ru" / section / "index.html").is_file(), section
    kk = (built / "index.html").read_text(encoding="utf-8")
    assert '<html lang="kk"' in kk
    assert '<html lang="ru"' in (built / "ru" / "index.html").read_text(encoding="utf-8")


def test_a_ruling_has_a_stable_url_from_its_case_number(built: Path):
    page = built / "rulings" / "2026" / "6001-26-00-3gp-1" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "6001-26-00-3гп/1" in html
    assert "Серікбаев" not in html and "С.А.Б." in html


def test_rulings_are_not_in_the_navigation(built: Path):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "6001-26-00-3gp-1" not in html.split('class="md-nav')[1]


def test_the_same_records_and_today_give_identical_bytes(court: Path, tmp_path: Path):
    first, second = tmp_path / "a" / "site", tmp_path / "b" / "site"
    build_site(court, DAY, out=first, documents=False)
    build_site(court, DAY, out=second, documents=False)
    assert tree_digest(first) == tree_digest(second)


def test_bad_records_stop_the_build_and_keep_the_old_site(court: Path, built: Path):
    before = tree_digest(built)
    case = court / "records/cases/2026/6001-26-00-3гп-2.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("language: ru", "language: en"), encoding="utf-8"
    )
    with pytest.raises(RecordsInvalid):
        build_site(court, DAY, out=built, documents=False)
    assert tree_digest(built) == before


def test_a_leak_stops_the_build_names_it_and_keeps_the_old_site(
    court: Path, built: Path, monkeypatch
):
    before = tree_digest(built)

    class Leaky:
        @staticmethod
        def build(view, lang, ctx):
            yield Page("leak.md", "# Тест\n\nТалапкер Серікбаевқа хабарланды.\n", {"title": "x"})

    from generator.builders import registry

    monkeypatch.setattr(registry, "PUBLIC_BUILDERS", (*registry.PUBLIC_BUILDERS, Leaky))
    with pytest.raises(BuildError) as error:
        build_site(court, DAY, out=built, documents=False)
    message = str(error.value.message)
    assert "leak/index.html" in message
    assert "Серікбаевқа" in message and "6001-26-00-3гп/1" in message
    assert tree_digest(built) == before
    assert not list(built.parent.glob(".alqa-staging-*")), "staging must be cleaned up"


def test_a_failing_step_keeps_the_old_site(court: Path, built: Path, monkeypatch):
    before = tree_digest(built)

    class Broken:
        @staticmethod
        def build(view, lang, ctx):
            raise RuntimeError("a builder failed")
            yield

    from generator.builders import registry

    monkeypatch.setattr(registry, "PUBLIC_BUILDERS", (*registry.PUBLIC_BUILDERS, Broken))
    with pytest.raises(RuntimeError):
        build_site(court, DAY, out=built, documents=False)
    assert tree_digest(built) == before


def test_a_failing_search_index_keeps_the_old_site(court: Path, built: Path, monkeypatch):
    """The index is made in a child forked from the build: its failure is the build's."""
    before = tree_digest(built)

    def broken(*args, **kwargs):
        raise BuildError("the index could not be written")

    from generator.search import engine

    monkeypatch.setattr(engine, "stage_index", broken)
    with pytest.raises(BuildError, match="could not be written"):
        build_site(court, DAY, out=built, documents=False)
    assert tree_digest(built) == before
    assert not list(built.parent.glob(".alqa-staging-*")), "staging must be cleaned up"


def test_the_cli_prints_a_one_line_summary(court: Path, tmp_path: Path, run):
    result = run(
        "build", "--root", court, "--today", TODAY, "--no-documents", "--out", tmp_path / "site"
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Built ") and " pages (kk " in result.output


def test_the_cli_reports_bad_records_without_a_traceback(court: Path, tmp_path: Path, run):
    case = court / "records/cases/2026/6001-26-00-3гп-2.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("kind: petition", "kind: x"), encoding="utf-8"
    )
    result = run("build", "--root", court, "--today", TODAY, "--out", tmp_path / "site")
    assert result.exit_code == 1
    assert "error(s) in the records; run `alqa check`" in result.output


def test_the_replaced_site_is_deleted_in_the_background_with_older_leftovers(tmp_path):
    """A swap renames; the old folder (and any an interrupted deletion left behind) is
    deleted by a process of its own, so the build does not wait for it."""
    import time

    from generator.site import swap_in

    target, new = tmp_path / "site", tmp_path / "new"
    for folder in (target, new, tmp_path / ".site.old-deadbeef"):
        (folder / "rulings").mkdir(parents=True)
        (folder / "rulings" / "index.html").write_text(folder.name)
    swap_in(new, target)
    assert (target / "rulings" / "index.html").read_text() == "new"
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".site.old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
