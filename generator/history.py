"""Ruling history from git: when each ruling was published and how it changed since.

One `git log` pass over the whole records repository, parsed once (asking git per file costs
about 9 ms a file). Paths are read NUL-separated (`-z`, `core.quotepath=false`), so Cyrillic
file names come back as written. Each change keeps the blob id of the file at that commit;
the texts of old versions are read lazily through GitPython's object database, and only for
rulings that were corrected after their first publication.

A root that is not in a git repository (or has no commits yet) has an empty history: the
site builds the same, without publication dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import git

HISTORY_PATHS = ("rulings",)  # what the log pass reads; publish reads more (see publish.py)
_LOG_FORMAT = "--format=%x1e%H%x1f%cI%x1f%s"


@dataclass(frozen=True)
class Change:
    """One commit that added or modified one file."""

    commit: str
    date: dt.datetime  # committer date, with the committer's offset
    message: str  # the commit's subject line
    blob: str  # the file's content at that commit (git object id)


@dataclass
class GitHistory:
    """Every file's changes, oldest first, keyed by its path relative to the root."""

    files: dict[str, list[Change]] = field(default_factory=dict)
    repo: git.Repo | None = None
    commits: int = 0

    def read(self, change: Change) -> str:
        """The file's text at that change (one `cat-file --batch` process serves them all)."""
        assert self.repo is not None
        return self.repo.odb.stream(bytes.fromhex(change.blob)).read().decode("utf-8", "replace")


def open_repo(root: Path) -> git.Repo | None:
    """The git repository holding `root`, or None when there is none."""
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def git_lines(repo: git.Repo, root: Path, *args: str) -> bytes:
    """`git -C ROOT -c core.quotepath=false ARGS` as raw bytes (paths stay UTF-8)."""
    return repo.git.execute(
        ["git", "-C", str(root), "-c", "core.quotepath=false", *args],
        stdout_as_string=False,
    )


def load_history(root: Path, paths: Iterable[str] = HISTORY_PATHS) -> GitHistory:
    """One `git log` over `paths` (relative to root) -> every file's changes, oldest first."""
    root = Path(root).resolve()
    repo = open_repo(root)
    if repo is None:
        return GitHistory()
    try:
        raw = git_lines(
            repo, root, "log", "-z", "--raw", "--no-abbrev", "--no-renames", "--first-parent",
            "--relative", _LOG_FORMAT, "--", *paths,
        )  # fmt: skip
    except git.GitCommandError:  # no commits yet, or the paths are outside the work tree
        return GitHistory(repo=repo)
    history = parse_log(raw)
    history.repo = repo
    return history


def parse_log(raw: bytes) -> GitHistory:
    """Parse `git log -z --raw --no-abbrev` with _LOG_FORMAT (newest commit first)."""
    commits = []
    for chunk in raw.split(b"\x1e"):
        if not chunk.strip(b"\n\0"):
            continue
        header, _, rest = chunk.partition(b"\0")
        sha, date, message = header.decode("utf-8", "replace").split("\x1f", 2)
        fields = rest.lstrip(b"\n").split(b"\0")
        entries = []
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            if not meta.startswith(b":"):
                continue
            parts = meta.decode().split()
            entries.append((parts[4][:1], parts[3], path.decode("utf-8", "surrogateescape")))
        commits.append((sha, dt.datetime.fromisoformat(date), message, entries))
    files: dict[str, list[Change]] = {}
    for sha, date, message, entries in reversed(commits):
        for status, blob, path in entries:
            if status == "D":
                files.pop(path, None)  # deleted: a file added again later starts afresh
            else:
                files.setdefault(path, []).append(Change(sha, date, message, blob))
    return GitHistory(files=files, commits=len(commits))


@dataclass(frozen=True)
class RulingVersion:
    commit: str
    date: dt.date  # in the court's time zone
    message: str  # depersonalised commit subject ("" for a ruling never corrected)
    text: str | None  # depersonalised text of the ruling then; None when not needed


@dataclass(frozen=True)
class RulingHistory:
    """A public ruling's versions, oldest first: the first is its publication."""

    versions: tuple[RulingVersion, ...]

    @property
    def published(self) -> dt.date:
        return self.versions[0].date

    @property
    def updated(self) -> dt.date:
        return self.versions[-1].date

    @property
    def corrected(self) -> bool:
        return len(self.versions) > 1


def history_for_view(
    root: Path, corpus, view, history: GitHistory | None = None
) -> dict[str, RulingHistory]:
    """`source_path -> RulingHistory` for every public ruling with a history in git.

    Old texts and commit messages are depersonalised here, from the ruling's case record, the
    same way the public view does it; nothing personal reaches the builders (and the leak gate
    still scans what they write)."""
    from generator.depersonalise import Depersonaliser
    from generator.yamlio import split_front_matter

    history = history if history is not None else load_history(root)
    if not history.files:
        return {}
    tz = ZoneInfo(corpus.court.timezone)
    out: dict[str, RulingHistory] = {}
    for r in view.rulings:
        changes = history.files.get(r.source_path)
        if not changes:
            continue
        if len(changes) == 1:
            c = changes[0]
            out[r.source_path] = RulingHistory((RulingVersion(c.commit, _day(c, tz), "", None),))
            continue
        dep = Depersonaliser.for_case(corpus.case_by_number[r.case_number])
        versions = []
        for c in changes:
            body = split_front_matter(history.read(c))[2]
            versions.append(
                RulingVersion(
                    c.commit,
                    _day(c, tz),
                    dep.apply(c.message, r.language),
                    dep.apply(body, r.language),
                )
            )
        out[r.source_path] = RulingHistory(tuple(versions))
    return out


def _day(change: Change, tz: ZoneInfo) -> dt.date:
    return change.date.astimezone(tz).date()


def history_of(ctx, source_path: str) -> RulingHistory | None:
    """The history a build context carries for one ruling (None without git history)."""
    mapping: Mapping[str, RulingHistory] | None = getattr(ctx, "history", None)
    return mapping.get(source_path) if mapping else None
