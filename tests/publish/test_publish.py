"""`alqa publish`: a week's publication from committed records, repeatable and all-or-nothing.

The story: the court is committed and published as 2026-W47; a clerk corrects a ruling and
schedules a hearing; the commit is published as 2026-W48, and published again unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.errors import RecordsInvalid
from generator.publish import PublishError, deterministic_tar, publish
from generator.publish_commands import publish as publish_command
from tests.publish.conftest import CASE_3, KK_RULING, correct_and_schedule, good_court_repo

W47, W48 = dt.date(2026, 11, 20), dt.date(2026, 11, 27)
PAGE = "site/rulings/2026/6001-26-00-3gp-1/index.html"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def story(tmp_path_factory, git_env):
    repo = good_court_repo(tmp_path_factory.mktemp("publish") / "court")
    first = publish(repo.path, week="2026-W47", today=W47, documents=False)
    first_page = (repo.path / PAGE).read_text(encoding="utf-8")
    correct_and_schedule(repo)
    second = publish(repo.path, week="2026-W48", today=W48, documents=False)
    site_files = {p: digest(p) for p in sorted((repo.path / "site").rglob("*")) if p.is_file()}
    again = publish(repo.path, week="2026-W48", today=W48, documents=False)
    return repo, first, first_page, second, site_files, again


def test_the_first_publication_lists_everything_and_tags_the_commit(story):
    repo, first, first_page, *_ = story
    assert first.tagged and first.notes.previous is None
    assert [r.language for r in first.notes.new_rulings] == ["kk", "ru"]
    assert "Жарияланған күні:</strong> 2026 жылғы 16 қараша" in first_page
    assert "Редакциялары" not in first_page  # not corrected yet
    assert repo.git("rev-parse", "publish/2026-W47^{commit}").strip() == first.commit


def test_the_corrected_ruling_lists_both_versions_with_a_depersonalised_word_diff(story):
    repo, *_ = story
    html = (repo.path / PAGE).read_text(encoding="utf-8")
    assert "Жарияланған күні:</strong> 2026 жылғы 16 қараша" in html
    assert "Түзетілген күні:</strong> 2026 жылғы 25 қараша" in html
    versions = html.split("Редакциялары", 1)[1]
    assert "2026 жылғы 16 қараша" in versions and "2026 жылғы 25 қараша" in versions
    assert "Түзету: С.А.Б. пәтерінің сипаттамасы" in versions
    assert "<ins>екі бөлмелі</ins> пәтерді <ins>(сатушы С.А.Б.)</ins>" in versions
    assert "Серікбаев" not in html


def test_the_release_notes_list_the_correction_and_the_new_week(story):
    repo, _, _, second, *_ = story
    notes = second.notes
    assert notes.previous == "publish/2026-W47"
    assert notes.new_rulings == []
    [(ruling, versions)] = notes.corrected
    assert ruling.source_path == KK_RULING and [v.date for v in versions] == [dt.date(2026, 11, 25)]
    assert notes.schedule_weeks == ["2026-W50"]
    text = (repo.path / "publish" / "release-2026-W48.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == notes.first_line()
    assert "Түзету: С.А.Б. пәтерінің сипаттамасы" in text
    page = (repo.path / "site/releases/2026-W48/index.html").read_text(encoding="utf-8")
    assert "Түзетілген қаулылар (1)" in page and "2026-W50" in page
    ru = (repo.path / "site/ru/releases/2026-W48/index.html").read_text(encoding="utf-8")
    assert "Исправленные постановления (1)" in ru


def test_both_publications_are_annotated_tags(story):
    repo, first, _, second, *_ = story
    tags = repo.git("tag", "-l", "publish/*", "--format=%(refname:short) %(objecttype)").split()
    assert tags == ["publish/2026-W47", "tag", "publish/2026-W48", "tag"]
    subject = repo.git("tag", "-l", "publish/2026-W48", "--format=%(contents:subject)").strip()
    assert subject == second.notes.first_line()


def test_publishing_the_same_commit_again_gives_the_same_bytes(story):
    repo, _, _, second, site_files, again = story
    assert not again.tagged
    assert again.archive_sha256 == second.archive_sha256 == digest(second.archive)
    now = {p: digest(p) for p in sorted((repo.path / "site").rglob("*")) if p.is_file()}
    assert now == site_files


def test_the_archive_is_the_site_with_fixed_owners_and_dates(story):
    _, _, _, second, *_ = story
    with tarfile.open(second.archive) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names[0] == "site" and "site/index.html" in names
    assert names == sorted(names, key=lambda n: n.split("/"))
    assert {(m.uid, m.gid, m.uname, m.mtime) for m in members} == {(0, 0, "", 1795737600)}
    assert second.archive.read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime


def test_publish_refuses_uncommitted_changes_to_the_records(tmp_path: Path, git_env):
    repo = good_court_repo(tmp_path / "court")
    (repo.path / KK_RULING).write_text("changed", encoding="utf-8")
    (repo.path / "records/cases/2026/new.yaml").write_text("number: x\n", encoding="utf-8")
    (repo.path / "notes.txt").write_text("not a record", encoding="utf-8")
    with pytest.raises(PublishError) as error:
        publish(repo.path, week="2026-W47", today=W47, documents=False)
    assert error.value.message == (
        "refusing to publish: 2 uncommitted change(s) to the records:\n"
        "  modified: rulings/2026/6001-26-00-3гп-1.kk.md\n"
        "  untracked: records/cases/2026/new.yaml\n"
        "Commit them (or set them aside with `git stash -u`), then run `alqa publish` again."
    )
    assert not (repo.path / "site").exists()
    assert repo.git("tag").strip() == ""


def test_a_failed_publication_leaves_the_site_and_the_tags_as_they_were(tmp_path: Path, git_env):
    repo = good_court_repo(tmp_path / "court")
    publish(repo.path, week="2026-W47", today=W47, documents=False)
    before = digest(repo.path / "site/index.html"), repo.git("tag").split()
    case = repo.path / CASE_3
    case.write_text(case.read_text(encoding="utf-8").replace("category: family", "category: x"))
    repo.commit("A broken record", "2026-11-25T11:00:00+05:00")
    with pytest.raises(RecordsInvalid):
        publish(repo.path, week="2026-W48", today=W48, documents=False)
    assert (digest(repo.path / "site/index.html"), repo.git("tag").split()) == before
    assert not list((repo.path / "publish").glob(".staging-*"))
    with pytest.raises(PublishError, match="publish/2026-W47 already marks commit"):
        publish(repo.path, week="2026-W47", today=W48, documents=False)


def test_a_root_outside_git_cannot_be_published(tmp_path: Path):
    (tmp_path / "records").mkdir()
    with pytest.raises(PublishError, match="is not in a git repository"):
        publish(tmp_path, week="2026-W47", today=W47)


def test_the_command_reports_the_publication(tmp_path: Path, git_env):
    repo = good_court_repo(tmp_path / "court")
    result = CliRunner().invoke(
        publish_command,
        ["--root", str(repo.path), "--week", "2026-W47", "--today", "2026-11-20", "--no-documents"],
    )
    assert result.exit_code == 0, result.output
    assert (
        "Published 2026-W47: commit" in result.output and "tagged publish/2026-W47" in result.output
    )
    dirty = repo.path / KK_RULING
    dirty.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(publish_command, ["--root", str(repo.path), "--week", "2026-W48"])
    assert result.exit_code == 1
    assert "Error: refusing to publish: 1 uncommitted change(s)" in result.output


def test_the_archive_does_not_depend_on_file_times(tmp_path: Path):
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "b" / "x.html").write_text("x")
    (site / "a.html").write_text("a")
    first = deterministic_tar(site, tmp_path / "one.tar.gz", dt.date(2026, 11, 27))
    (site / "a.html").touch()
    second = deterministic_tar(site, tmp_path / "two.tar.gz", dt.date(2026, 11, 27))
    assert first == second
    with tarfile.open(fileobj=io.BytesIO((tmp_path / "one.tar.gz").read_bytes())) as tar:
        assert tar.getnames() == ["site", "site/a.html", "site/b", "site/b/x.html"]


def test_the_pre_commit_hook_stops_a_commit_with_a_broken_record(tmp_path: Path, git_env):
    """The hook's entry, run as pre-commit runs it (from the repository root), fails on a
    broken record with `alqa check`'s message; with pre-commit installed, through it."""
    import shutil

    import yaml

    from tests.conftest import ROOT

    repo = good_court_repo(tmp_path / "court")
    config = ROOT / ".pre-commit-config.yaml"
    shutil.copy(config, repo.path / ".pre-commit-config.yaml")
    hooks = {h["id"]: h for h in yaml.safe_load(config.read_text())["repos"][0]["hooks"]}
    case = repo.path / CASE_3
    case.write_text(case.read_text(encoding="utf-8").replace("category: family", "category: x"))
    alqa = str(Path(__import__("sys").executable).with_name("alqa"))
    entry = hooks["alqa-check"]["entry"].replace("alqa", alqa, 1).split()
    run = subprocess.run(entry, cwd=repo.path, capture_output=True, text=True)
    assert run.returncode == 1
    assert "records/cases/2026/6001-26-00-3гп-3.yaml:5: category:" in run.stdout
    pre_commit = Path(alqa).with_name("pre-commit")
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed: the hook entry was run directly")
    env = {**__import__("os").environ, "PATH": f"{Path(alqa).parent}:/usr/bin:/bin"}
    repo.git("add", "-A")
    run = subprocess.run(
        [str(pre_commit), "run", "--files", CASE_3], cwd=repo.path, capture_output=True,
        text=True, env=env,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert "alqa check" in run.stdout and "6001-26-00-3гп-3.yaml:5: category:" in run.stdout
