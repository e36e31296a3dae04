"""`alqa publish`: the weekly publication from committed records, in one safe step.

Phases: refuse uncommitted records -> check, build (with history, open data and the release
notes page), leak gate (inside the build) -> link check -> archive and release notes text
-> tag `publish/WEEK` -> swap the new site in. Everything is made in a staging folder; the
published site/ and the tags change only at the end, when every step has succeeded. The
same commit (and --today) gives the same bytes: the archive is made deterministically.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import shutil
import tarfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import git
import yaml

from generator.builders import BuildContext, Page, cell, link, url_of
from generator.dates import iso_week, week_days
from generator.errors import AlqaError
from generator.history import git_lines, history_of, open_repo
from generator.i18n import format_date

RECORD_PATHS = ("records", "rulings", "reviews", "press")
TAG_PREFIX = "publish/"
OUTPUT = "publish"  # ROOT/publish/: archives and release notes (git-ignored)
LIST_LIMIT = 200
W = {
    "title": {"kk": "Жариялау", "ru": "Публикация"},
    "releases": {"kk": "Жариялаулар", "ru": "Публикации"},
    "previous": {"kk": "алдыңғы жариялау", "ru": "предыдущая публикация"},
    "first": {"kk": "бірінші жариялау", "ru": "первая публикация"},
    "new": {"kk": "Жаңа қаулылар", "ru": "Новые постановления"},
    "corrected": {"kk": "Түзетілген қаулылар", "ru": "Исправленные постановления"},
    "weeks": {"kk": "Кестенің жаңа апталары", "ru": "Новые недели расписания"},
    "press": {"kk": "Баспасөз релиздері", "ru": "Пресс-релизы"},
    "reviews": {"kk": "Сот практикасына шолулар", "ru": "Обзоры судебной практики"},
    "updated": {"kk": "жаңартылды", "ru": "обновлён"},
    "more": {"kk": "тағы", "ru": "и ещё"},
}


class PublishError(AlqaError):
    """Publishing stopped; the published site and tags are as they were."""


@dataclass
class ReleaseNotes:
    week: str
    commit: str
    previous: str | None
    new_rulings: list = field(default_factory=list)  # PublicRuling
    corrected: list = field(default_factory=list)  # (PublicRuling, [RulingVersion since])
    schedule_weeks: list[str] = field(default_factory=list)
    press_weeks: list[str] = field(default_factory=list)
    reviews: list = field(default_factory=list)  # (Review, is new)

    def summary(self, lang: str) -> str:
        counts = (len(self.new_rulings), len(self.corrected), len(self.schedule_weeks),
                  len(self.press_weeks), len(self.reviews))  # fmt: skip
        keys = ("new", "corrected", "weeks", "press", "reviews")
        tail = ", ".join(f"{W[k][lang].lower()}: {n}" for k, n in zip(keys, counts, strict=True))
        return f"{W['title'][lang]} {self.week}: {tail}"

    def first_line(self) -> str:
        return f"{self.summary('kk')} · {self.summary('ru')}"

    def markdown(self, lang: str, here: str = "") -> str:
        """The notes in one language; with `here` (the page's path) items are links."""

        def item(text: str, target: str | None) -> str:
            return f"- [{text}]({link(here, target)})" if here and target else f"- {text}"

        prev = f"{W['previous'][lang]}: {self.previous}" if self.previous else W["first"][lang]
        out = [f"# {W['title'][lang]} {self.week}", "", f"`{self.commit[:10]}` · {prev}", ""]
        out += [self.summary(lang), ""]
        sections = {
            "new": [item(_ruling_text(r, lang), _ruling_target(r, lang)) for r in self.new_rulings],
            "corrected": [
                item(f"{_ruling_text(r, lang)}: " + "; ".join(
                    f"{format_date(v.date, lang)} — {cell(v.message)}" for v in versions),
                     _ruling_target(r, lang))
                for r, versions in self.corrected
            ],
            "weeks": [item(w, f"schedule/{w}.md") for w in self.schedule_weeks],
            "press": [item(w, f"press/{w}.md") for w in self.press_weeks],
            "reviews": [
                item(cell(rv.meta.title(lang)) + ("" if new else f" ({W['updated'][lang]})"),
                     f"reviews/{rv.slug}.md") for rv, new in self.reviews
            ],
        }  # fmt: skip
        for key, lines in sections.items():
            if lines:
                more = len(lines) - LIST_LIMIT
                out += [f"## {W[key][lang]} ({len(lines)})", "", *lines[:LIST_LIMIT]]
                out += [f"- … {W['more'][lang]} {more}"] if more > 0 else []
                out.append("")
        return "\n".join(out)

    def text(self) -> str:
        return "\n\n".join([self.first_line(), self.markdown("kk"), self.markdown("ru")]) + "\n"


def _ruling_text(r, lang: str) -> str:
    suffix = "" if r.language == lang else f" ({r.language})"
    return f"№ {cell(r.case_number)}{suffix}, {format_date(r.date, lang)}"


def _ruling_target(r, lang: str) -> str | None:
    return f"rulings/{r.year}/{r.slug}.md" if r.language == lang else None


@dataclass
class GitChanges:
    """What git says changed between the previous publication and this commit."""

    status: dict[str, str]  # path -> A | M | D, relative to the root
    commits: set[str]  # commits since the previous publication
    old_case_weeks: dict[str, set[str]]  # case number -> hearing weeks at the previous tag
    changed_cases: set[str]


def git_changes(repo: git.Repo, root: Path, previous: str | None, head: str) -> GitChanges:
    if previous is None:
        return GitChanges({}, set(), {}, set())
    raw = git_lines(repo, root, "diff", "--name-status", "-z", "--no-renames", "--relative",
                    previous, head, "--", *RECORD_PATHS)  # fmt: skip
    fields = raw.decode("utf-8", "surrogateescape").split("\0")
    status = {p: s[:1] for s, p in zip(fields[0::2], fields[1::2], strict=False) if p}
    commits = set(repo.git.rev_list(f"{previous}..{head}").split())
    old_weeks: dict[str, set[str]] = {}
    changed: set[str] = set()
    for path, s in status.items():
        if not path.startswith("records/cases/"):
            continue
        if s != "D" and (root / path).is_file():
            changed.add(str((_yaml(root / path) or {}).get("number")))
        if s != "A":
            old = _yaml_text(git_lines(repo, root, "show", f"{previous}:./{path}"))
            number = str(old.get("number"))
            changed.add(number)
            old_weeks[number] = {
                iso_week(_at(e["at"]).date())
                for e in old.get("events") or []
                if isinstance(e, dict) and e.get("type") == "hearing_scheduled" and e.get("at")
            }
    return GitChanges(status, commits, old_weeks, changed)


def _yaml(path: Path) -> dict:
    return _yaml_text(path.read_bytes())


def _yaml_text(data: bytes) -> dict:
    try:
        loaded = yaml.safe_load(data.decode("utf-8", "replace"))
    except yaml.YAMLError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _at(value) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def release_notes(view, ctx: BuildContext, week: str, head: str, previous: str | None,
                  changes: GitChanges) -> ReleaseNotes:  # fmt: skip
    """What this publication adds to the previous one (everything, for the first)."""
    from generator.builders.press import releases

    notes = ReleaseNotes(week, head, previous)
    first = previous is None
    press_now = list(releases(view, ctx.today))
    weeks_now = {iso_week(h.at.date()) for h in view.hearings}
    for r in view.rulings:
        s = changes.status.get(r.source_path)
        if first or s == "A":
            notes.new_rulings.append(r)
        elif s == "M":
            h = history_of(ctx, r.source_path)
            since = [v for v in (h.versions if h else ()) if v.commit in changes.commits]
            notes.corrected.append((r, since))
    if first:
        notes.schedule_weeks, notes.press_weeks = sorted(weeks_now), press_now
        notes.reviews = [(rv, True) for rv in view.reviews]
        return notes
    before = {
        iso_week(h.at.date()) for h in view.hearings if h.case_number not in changes.changed_cases
    }
    for weeks in changes.old_case_weeks.values():
        before |= weeks
    notes.schedule_weeks = sorted(weeks_now - before)
    prev_week = previous.removeprefix(TAG_PREFIX)
    touched = {Path(p).name.split(".")[0] for p, s in changes.status.items()
               if p.startswith("press/") and s != "D"}  # fmt: skip
    notes.press_weeks = [w for w in press_now if w > prev_week or w in touched]
    seen = set()
    for rv in view.reviews:
        s = changes.status.get(rv.path)
        if s in ("A", "M") and rv.slug not in seen:
            seen.add(rv.slug)
            notes.reviews.append((rv, s == "A"))
    return notes


class ReleaseBuilder:
    """Adds releases/WEEK.md and releases/index.md to the build (see build_site's
    extra_builders); computes the notes once, from the view the build made."""

    def __init__(self, week: str, head: str, previous: str | None, changes: GitChanges,
                 past: list[tuple[str, str, str]]):  # fmt: skip
        self.week, self.head, self.previous, self.changes, self.past = (
            week, head, previous, changes, past)  # fmt: skip
        self.notes: ReleaseNotes | None = None

    def build(self, view, lang: str, ctx: BuildContext):
        if self.notes is None:
            self.notes = release_notes(view, ctx, self.week, self.head, self.previous, self.changes)
        path = f"releases/{self.week}.md"
        title = f"{W['title'][lang]} {self.week}"
        yield Page(
            path, self.notes.markdown(lang, path), {"title": title, "alternate": url_of(path)}
        )
        index = "releases/index.md"
        lines = [f"# {W['releases'][lang]}", "", f"- [{self.week}]({link(index, path)}) — "
                 + self.notes.summary(lang)]  # fmt: skip
        lines += [f"- {name.removeprefix(TAG_PREFIX)}, {day}: {cell(subject)}"
                  for name, day, subject in self.past if name != TAG_PREFIX + self.week]  # fmt: skip
        meta = {"title": W["releases"][lang], "alternate": url_of(index)}
        yield Page(index, "\n".join([*lines, ""]), meta)


_STATES = {"?": "untracked", "A": "added", "M": "modified", "D": "deleted", "R": "renamed",
           "T": "modified", "U": "conflict"}  # fmt: skip


def uncommitted(repo: git.Repo, root: Path) -> list[str]:
    """'modified: path' for every uncommitted or untracked file under the record folders."""
    raw = git_lines(repo, root, "status", "--porcelain=v1", "-z", "--untracked-files=all",
                    "--", *RECORD_PATHS)  # fmt: skip
    found = []
    for entry in raw.decode("utf-8", "surrogateescape").split("\0"):
        if len(entry) > 3 and entry[:2] != "  " and entry[2] == " ":
            state = next(_STATES.get(c, "changed") for c in entry[:2] if c != " ")
            found.append(f"{state}: {entry[3:]}")
    return found


def publish_tags(repo: git.Repo) -> list[git.TagReference]:
    return sorted((tg for tg in repo.tags if tg.name.startswith(TAG_PREFIX)), key=lambda x: x.name)


def deterministic_tar(folder: Path, dest: Path, day: dt.date, prefix: str = "site") -> str:
    """A .tar.gz of `folder` whose bytes depend only on its files: sorted members, one mtime
    (the publication date), uid/gid 0, fixed modes, gzip mtime 0. Returns its sha256."""
    mtime = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in [folder, *sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).parts)]:
            rel = path.relative_to(folder).as_posix()
            info = tarfile.TarInfo(prefix if rel == "." else f"{prefix}/{rel}")
            info.mtime, info.uid, info.gid, info.uname, info.gname = mtime, 0, 0, "", ""
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                data = path.read_bytes()
                info.size, info.mode = len(data), 0o644
                tar.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", fileobj=out, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(buf.getvalue())
    dest.write_bytes(out.getvalue())
    return hashlib.sha256(out.getvalue()).hexdigest()


@dataclass
class PublishResult:
    week: str
    tag: str
    commit: str
    notes: ReleaseNotes
    site: Path
    archive: Path
    archive_sha256: str
    notes_file: Path
    tagged: bool  # False when the tag already marked this commit (a repeated publication)


def publish(root: Path, week: str | None = None, today: dt.date | None = None,
            out: Path | None = None, documents: bool = True, progress=None) -> PublishResult:  # fmt: skip
    """Publish the committed records of `root` as the week's release (see the module doc)."""
    from generator.linkcheck import base_path_of, check_site, report
    from generator.site import build_site, site_url_of, swap_in

    step = progress or (lambda _: None)
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "site"
    repo = open_repo(root)
    if repo is None:
        raise PublishError(
            f"{root} is not in a git repository: only committed records are published"
        )
    step("uncommitted changes")
    dirty = uncommitted(repo, root)
    if dirty:
        raise PublishError(
            f"refusing to publish: {len(dirty)} uncommitted change(s) to the records:\n"
            + "\n".join(f"  {e}" for e in dirty)
            + "\nCommit them (or set them aside with `git stash -u`), then run `alqa publish` again."
        )
    try:
        head = repo.head.commit
    except ValueError:
        raise PublishError("the records repository has no commit yet: nothing to publish") from None
    today = today or head.committed_datetime.date()
    week = week or iso_week(today)
    try:
        week_days(week)
    except ValueError as exc:
        raise PublishError(str(exc)) from None
    tag_name = TAG_PREFIX + week
    tags = publish_tags(repo)
    existing = next((tg for tg in tags if tg.name == tag_name), None)
    if existing is not None and existing.commit.hexsha != head.hexsha:
        raise PublishError(
            f"{tag_name} already marks commit {existing.commit.hexsha[:10]}, not "
            f"{head.hexsha[:10]}: publish the new commit as another week (--week), or delete "
            f"the tag first (git tag -d {tag_name}) if that publication is to be replaced"
        )
    previous = next((tg.name for tg in reversed(tags) if tg.name < tag_name), None)
    changes = git_changes(repo, root, previous, head.hexsha)
    past = [(tg.name, tg.commit.committed_datetime.date().isoformat(),
             (tg.tag.message if tg.tag else "").split("\n")[0]) for tg in reversed(tags)]  # fmt: skip
    notes_builder = ReleaseBuilder(week, head.hexsha, previous, changes, past)

    staging = root / OUTPUT / f".staging-{uuid.uuid4().hex[:8]}"
    try:
        build_site(root, today, out=staging / "site", index_out=staging / "search_index",
                   documents=documents, progress=step, extra_builders=(notes_builder,))  # fmt: skip
        step("link check")
        broken = check_site(staging / "site", base_path_of(site_url_of(root)))
        if broken:
            raise PublishError(f"{len(broken)} broken internal link(s):\n{report(broken)}")
        step("archive")
        notes = notes_builder.notes
        assert notes is not None
        sha = deterministic_tar(staging / "site", staging / "site.tar.gz", today)
        (staging / "notes.txt").write_text(notes.text(), encoding="utf-8")
        step("tag")
        tagged = existing is None
        if tagged:
            repo.create_tag(tag_name, ref=head, message=notes.first_line() + "\n\n" + notes.text())
        step("swap")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            swap_in(staging / "site", out)
            swap_in(staging / "search_index", out.parent / "search_index")
        except BaseException:
            if tagged:
                repo.delete_tag(tag_name)
            raise
        archive = root / OUTPUT / f"site-{week}.tar.gz"
        notes_file = root / OUTPUT / f"release-{week}.txt"
        (staging / "site.tar.gz").replace(archive)
        (staging / "notes.txt").replace(notes_file)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return PublishResult(week, tag_name, head.hexsha, notes, out, archive, sha, notes_file, tagged)
