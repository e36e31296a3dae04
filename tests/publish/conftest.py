"""Records repositories made by the tests (fixed dates, so hashes are stable), and the build
hooks of issue 7 for as long as site.py / rulings.py do not carry them yet."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GOOD, ROOT

IGNORE = "/site/\n/search_index/\n/publish/\n/.alqa-cache/\n/.alqa-staging*/\n"
NAME, EMAIL = "Clerk", "clerk@sot.example.kz"


class Repo:
    """A git repository of records in a temporary folder, committed with pinned dates."""

    def __init__(self, path: Path):
        self.path = path
        self.day = 0

    def git(self, *args: str, date: str | None = None) -> str:
        env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        if date:
            env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=env, check=True, capture_output=True, text=True
        )
        return done.stdout

    def commit(self, message: str, date: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()


def make_repo(path: Path, source: Path, date: str = "2026-11-16T10:00:00+05:00") -> Repo:
    path.mkdir(parents=True)
    for name in ("records", "rulings", "reviews", "press"):
        if (source / name).is_dir():
            shutil.copytree(source / name, path / name)
    mkdocs = ROOT / "mkdocs.yml"
    shutil.copy(source / "mkdocs.yml" if (source / "mkdocs.yml").is_file() else mkdocs, path)
    (path / ".gitignore").write_text(IGNORE, encoding="utf-8")
    repo = Repo(path)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", NAME)
    repo.git("config", "user.email", EMAIL)
    repo.commit("Sample court", date)
    return repo


@pytest.fixture(scope="module")
def git_env():
    """Identity and pinned dates for what the code under test commits or tags."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield _pin(monkeypatch)


def _pin(monkeypatch) -> None:
    for key, value in {
        "GIT_AUTHOR_NAME": NAME,
        "GIT_AUTHOR_EMAIL": EMAIL,
        "GIT_COMMITTER_NAME": NAME,
        "GIT_COMMITTER_EMAIL": EMAIL,
        "GIT_COMMITTER_DATE": "2026-11-27T18:00:00+05:00",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }.items():
        monkeypatch.setenv(key, value)


RU_RULING = """---
case: 6001-26-00-3гп/1
date: 2026-10-14
language: ru
outcome: remanded
---
Истец Серікбаев Асқар Болатұлы предъявил к ТОО «Астана Құрылыс» иск о признании договора
купли-продажи квартиры недействительным.
"""
KK_RULING = "rulings/2026/6001-26-00-3гп-1.kk.md"
RU_RULING_PATH = "rulings/2026/6001-26-00-3гп-1.ru.md"
CASE_3 = "records/cases/2026/6001-26-00-3гп-3.yaml"


def good_court_repo(path: Path) -> Repo:
    """The good test court (its ruling in Kazakh) committed on 2026-11-16, and the Russian
    text of that ruling committed on 2026-11-17 (every listing exists in both languages)."""
    repo = make_repo(path, GOOD)
    (repo.path / RU_RULING_PATH).write_text(RU_RULING, encoding="utf-8")
    repo.commit("Қаулының орысша мәтіні", "2026-11-17T10:00:00+05:00")
    return repo


def correct_and_schedule(repo: Repo) -> str:
    """A clerk corrects the Kazakh ruling (a party's name in the new words, which must come
    out depersonalised) and schedules a hearing in a new week (2026-W50); one commit."""
    ruling = repo.path / KK_RULING
    text = ruling.read_text(encoding="utf-8")
    ruling.write_text(
        text.replace("пәтерді", "екі бөлмелі пәтерді (сатушы Серікбаев Асқар Болатұлы)"),
        encoding="utf-8",
    )
    case = repo.path / CASE_3
    text = case.read_text(encoding="utf-8").replace(
        "events:", "rapporteur: j-kim\npanel: [j-kim, j-abenov, j-tokhtarov]\nevents:"
    )
    text += (
        "  - {date: 2026-11-24, type: petition_decided, outcome: admitted}\n"
        "  - {date: 2026-11-25, type: hearing_scheduled, at: '2026-12-09T10:00', "
        "room: № 2 зал, format: offline}\n"
    )
    case.write_text(text, encoding="utf-8")
    return repo.commit("Түзету: Серікбаев А.Б. пәтерінің сипаттамасы", "2026-11-25T11:00:00+05:00")
