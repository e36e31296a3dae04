"""Load: the files of a project root -> typed records, and every problem met on the way.

The loader never stops at the first bad file: it collects problems from all of them, so one
`alqa check` shows everything a clerk has to fix. Case files are many; they are read in
parallel processes when there are enough of them to pay for it.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.errors import Problem
from generator.models import Case, Category, Court, Judge, LowerCourt, Region, Review, Ruling
from generator.models.review import ReviewMeta
from generator.models.ruling import RulingMeta
from generator.validation import validate, validate_list
from generator.yamlio import Located, decode, load_validated, load_yaml, split_front_matter

RECORDS, RULINGS, REVIEWS, PRESS = "records", "rulings", "reviews", "press"
PRESS_NAME = re.compile(r"^(\d{4}-W\d{2})\.(kk|ru)\.md$")
CLASSIFIERS = {
    "categories": Category,
    "judges": Judge,
    "regions": Region,
    "courts": LowerCourt,
}
PARALLEL_FROM = 400  # files; below this a process pool costs more than it saves


@dataclass(frozen=True)
class Source:
    """Where a record came from. Lines are found again on demand: keeping every field's line
    of 20,000 files in memory costs more than re-reading the few files a problem names."""

    root: str
    path: str  # relative to the root, with forward slashes

    def line(self, *field_path: str | int) -> int:
        lines = _lines_of(self.root, self.path)
        return _nearest(lines, tuple(field_path))


@lru_cache(maxsize=256)
def _lines_of(root: str, rel: str) -> dict:
    text, _ = decode((Path(root) / rel).read_bytes())
    if text is None:
        return {(): 1}
    if rel.endswith(".md"):
        fm, first, _, _ = split_front_matter(text)
        return load_yaml(fm or "", first).lines
    return load_yaml(text).lines


def _nearest(lines: dict, path: tuple) -> int:
    return Located(None, lines).line_of(path)


@dataclass
class Loaded:
    """Everything read from a root: records with their sources, and the per-file problems."""

    root: Path
    court: Court | None = None
    categories: list[Category] = field(default_factory=list)
    judges: list[Judge] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    courts: list[LowerCourt] = field(default_factory=list)
    cases: list[tuple[Case, Source]] = field(default_factory=list)
    rulings: list[tuple[Ruling, Source]] = field(default_factory=list)
    reviews: list[tuple[Review, Source]] = field(default_factory=list)
    press_intros: dict[tuple[str, str], str] = field(default_factory=dict)  # (week, lang) -> text
    classifier_sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read(root: Path, path: Path) -> tuple[str | None, list[Problem]]:
    text, why = decode(path.read_bytes())
    return text, ([Problem(_rel(root, path), 1, "", why)] if why else [])


def load_case_file(root: Path, path: Path) -> tuple[Case | None, list[Problem]]:
    text, problems = _read(root, path)
    if text is None:
        return None, problems
    return load_validated(Case, text, _rel(root, path))


def load_markdown(root: Path, path: Path, meta_model):
    """A Markdown file with YAML front matter -> (meta, body, body line, problems)."""
    rel = _rel(root, path)
    text, problems = _read(root, path)
    if text is None:
        return None, "", 1, problems
    fm, fm_line, body, body_line = split_front_matter(text)
    if fm is None:
        return (
            None,
            body,
            body_line,
            [
                Problem(
                    rel,
                    1,
                    "",
                    "front matter is missing: the file must start with a `---` block of fields",
                )
            ],
        )
    meta, problems = load_validated(meta_model, fm, rel, fm_line)
    if meta is not None and not body.strip():
        problems.append(Problem(rel, body_line, "", "the text after the front matter is empty"))
    return meta, body, body_line, problems


def load_ruling_file(root: Path, path: Path) -> tuple[Ruling | None, list[Problem]]:
    meta, body, body_line, problems = load_markdown(root, path, RulingMeta)
    if meta is None:
        return None, problems
    return Ruling(meta=meta, text=body, path=_rel(root, path), text_line=body_line), problems


# Measured costs (ms per file) that decide how case files are shared between worker
# processes and this one: parsing a case, sending its model back, reading a ruling here.
CASE_MS, SEND_MS, RULING_MS = 0.43, 0.10, 0.24


def share_for_workers(cases: int, rulings: int, workers: int) -> int:
    """How many case files the workers take so that they and this process (which reads the
    rulings, receives the workers' results and parses the rest) finish together."""
    if workers < 1 or cases < PARALLEL_FROM:
        return 0
    each = (RULING_MS * rulings + CASE_MS * cases) / (
        CASE_MS + SEND_MS + (CASE_MS - SEND_MS) * workers
    )
    return min(cases, int(each * workers))


def _in_workers(
    loader, root: Path, paths: list[Path], workers: int, stack: ExitStack
) -> Iterator[tuple]:
    """(path, result) of each file, computed by a process pool started now and collected
    lazily, so this process can read other files meanwhile."""
    if not paths:
        return iter(())
    pool = stack.enter_context(ProcessPoolExecutor(workers))
    chunk = max(16, len(paths) // (workers * 8))
    return zip(paths, pool.map(loader, [root] * len(paths), paths, chunksize=chunk), strict=True)


def record_files(root: Path) -> dict[str, list[Path]]:
    """The files of each kind under a root, sorted, templates left out."""
    rec = root / RECORDS
    return {
        "cases": sorted(
            p for p in (rec / "cases").rglob("*") if p.is_file() and not p.name.startswith(".")
        ),
        "rulings": sorted(p for p in (root / RULINGS).rglob("*.md")),
        "reviews": sorted(p for p in (root / REVIEWS).glob("*.md")),
        "press": sorted(p for p in (root / PRESS).glob("*.md")),
    }


def load_root(root: Path, jobs: int | None = None) -> Loaded:
    """Read every record under `root`. Problems are collected, never raised."""
    root = Path(root).resolve()
    out = Loaded(root=root)
    rec = root / RECORDS
    court_path = rec / "court.yaml"
    if not rec.is_dir():
        out.problems.append(
            Problem(RECORDS, 0, "", f"no records/ folder in {root}: is --root right?")
        )
        return out
    if court_path.is_file():
        text, problems = _read(root, court_path)
        out.problems += problems
        if text is not None:
            out.court, problems = validate(Court, load_yaml(text), _rel(root, court_path))
            out.problems += problems
    else:
        out.problems.append(Problem("records/court.yaml", 0, "", "the court's file is missing"))
    for name, model in CLASSIFIERS.items():
        path = rec / f"{name}.yaml"
        out.classifier_sources[name] = Source(str(root), f"{RECORDS}/{name}.yaml")
        if not path.is_file():
            out.problems.append(Problem(f"{RECORDS}/{name}.yaml", 0, "", "the file is missing"))
            continue
        text, problems = _read(root, path)
        out.problems += problems
        if text is not None:
            items, problems = validate_list(model, load_yaml(text), _rel(root, path))
            out.problems += problems
            setattr(out, name, [record for record, _ in items])

    files = record_files(root)
    out.files_read = 1 + len(CLASSIFIERS) + sum(len(v) for v in files.values())
    workers = (jobs or os.cpu_count() or 1) - 1
    share = share_for_workers(len(files["cases"]), len(files["rulings"]), workers)
    with ExitStack() as stack:
        # part of the case files go to worker processes; this process reads the rulings
        # meanwhile (their texts are large: sending them back would cost more than reading
        # them) and the remaining case files
        sent = _in_workers(load_case_file, root, files["cases"][:share], workers, stack)
        for path in files["rulings"]:
            ruling, problems = load_ruling_file(root, path)
            out.problems += problems
            if ruling is not None:
                out.rulings.append((ruling, Source(str(root), _rel(root, path))))
        kept = [(p, load_case_file(root, p)) for p in files["cases"][share:]]
        for path, (case, problems) in itertools.chain(sent, kept):
            out.problems += problems
            if path.suffix != ".yaml":
                out.problems.append(
                    Problem(_rel(root, path), 0, "", "a case file must end in .yaml")
                )
            elif case is not None:
                out.cases.append((case, Source(str(root), _rel(root, path))))
    for path in files["reviews"]:
        meta, body, _, problems = load_markdown(root, path, ReviewMeta)
        out.problems += problems
        if meta is not None:
            rel = _rel(root, path)
            slug = path.name.removesuffix(".md").rsplit(".", 1)[0]
            out.reviews.append(
                (Review(meta=meta, text=body, path=rel, slug=slug), Source(str(root), rel))
            )
    return out
