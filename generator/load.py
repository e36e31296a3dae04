"""Load: the files of a project root -> typed records, and every problem met on the way.

The loader never stops at the first bad file: it collects problems from all of them, so one
`alqa check` shows everything a clerk has to fix. Case files are many; they are read in
parallel processes when there are enough of them to pay for it.
"""

from __future__ import annotations

import hashlib
import os
import re
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.errors import Problem
from generator.models import Case, Category, Court, Judge, LowerCourt, Region, Review, Ruling
from generator.models.review import ReviewMeta
from generator.models.ruling import RulingMeta
from generator.record_cache import RecordCache
from generator.record_cache import key as cache_key
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
CACHE_DIR = ".alqa-cache"
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
    # a hash of every case file's path and bytes: what was made from the cases alone (the
    # leak scanner) is kept between builds under it
    cases_digest: str = ""
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


_CACHE: RecordCache | None = None  # set by load_root; forked workers inherit it


def _cached_case(root: Path, path: Path) -> tuple:
    """(case, problems), from the record cache when the file's bytes are known."""
    rel = _rel(root, path)
    data = path.read_bytes()
    k = cache_key(rel, data)
    if _CACHE is not None and (hit := _CACHE.get(k)) is not None:
        return hit, k, False
    text, why = decode(data)
    result = (None, [Problem(rel, 1, "", why)]) if text is None else load_validated(Case, text, rel)
    return result, k, True


def load_markdown(root: Path, path: Path, meta_model, keys: list | None = None):
    """A Markdown file with YAML front matter -> (meta, body, body line, problems).
    With `keys` (a list), the validated front matter comes from the record cache when its
    text is known, and (cache key, (meta, problems)) is appended to `keys`."""
    rel = _rel(root, path)
    text, problems = _read(root, path)
    if text is None:
        return None, "", 1, problems
    fm, fm_line, body, body_line = split_front_matter(text)
    if keys is not None and fm is not None:
        k = cache_key(
            f"{rel}#front-matter",
            f"{fm_line}\0{bool(body.strip())}\0{fm}".encode("utf-8", "surrogatepass"),
        )
        hit = _CACHE.get(k) if _CACHE is not None else None
        if hit is None:
            hit = _front_matter(rel, meta_model, fm, fm_line, body, body_line)
        keys.append((k, hit))
        return hit[0], body, body_line, list(hit[1])
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
    meta, problems = _front_matter(rel, meta_model, fm, fm_line, body, body_line)
    return meta, body, body_line, problems


def _front_matter(rel: str, meta_model, fm: str, fm_line: int, body: str, body_line: int):
    meta, problems = load_validated(meta_model, fm, rel, fm_line)
    if meta is not None and not body.strip():
        problems.append(Problem(rel, body_line, "", "the text after the front matter is empty"))
    return meta, problems


def load_ruling_file(
    root: Path, path: Path, texts: bool = True, keys: list | None = None
) -> tuple[Ruling | None, list[Problem]]:
    """A ruling; with texts=False its text is left out (a check needs only the metadata).
    `keys`: see load_markdown (the front matter of 10,000 rulings is seconds of YAML)."""
    meta, body, body_line, problems = load_markdown(root, path, RulingMeta, keys)
    if meta is None:
        return None, problems
    text = body if texts else ""
    return Ruling(meta=meta, text=text, path=_rel(root, path), text_line=body_line), problems


def _load_share(root: Path, cases: list[Path], rulings: list[Path], texts: bool) -> tuple:
    """Case files and rulings read in one process: ((path, result, cache key, is new) ...)
    for the cases, ((path, result) ...) for the rulings."""
    keys: list = []  # (cache key, (meta, problems)) of each ruling's front matter
    return (
        [(p, *_cached_case(root, p)) for p in cases],
        [(p, load_ruling_file(root, p, texts, keys)) for p in rulings],
        keys,
    )


def _shares(items: list, workers: int) -> list[list]:
    """Contiguous blocks: one per worker, then the (slightly larger) one for this process,
    which also receives and unpacks the workers' results."""
    if workers < 1 or len(items) < PARALLEL_FROM:
        return [[] for _ in range(workers)] + [items]
    size = int(len(items) / (workers + 1) * WORKER_SHARE)
    blocks = [items[i * size : (i + 1) * size] for i in range(workers)]
    return [*blocks, items[workers * size :]]


WORKER_SHARE = 0.92  # a worker's result costs this process ~8% of the work to unpack


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


def load_root(
    root: Path, jobs: int | None = None, texts: bool = True, cache: bool = True
) -> Loaded:
    """Read every record under `root`. Problems are collected, never raised.

    Big roots are shared between this process and `jobs - 1` forked workers, each reading a
    block of case files and rulings at once; a worker's results come back in one piece when
    it is done, so unpacking them does not compete with this process's own reading.
    `texts=False` leaves ruling texts out (what `alqa check` needs). Case files already
    read and unchanged come from ROOT/.alqa-cache (`cache=False`: read everything)."""
    global _CACHE
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
    _CACHE = RecordCache(root / CACHE_DIR if cache else None)
    # with a warm cache most cases are unpickled, not parsed: a worker would have to pickle
    # them again to send them back, so the work stays in this process
    workers = (jobs or (1 if _CACHE.entries else os.cpu_count()) or 1) - 1
    case_shares = _shares(files["cases"], workers)
    ruling_shares = _shares(files["rulings"], workers)
    with ExitStack() as stack:
        futures = []
        if any(case_shares[:-1]) or any(ruling_shares[:-1]):
            pool = stack.enter_context(ProcessPoolExecutor(workers))
            futures = [
                pool.submit(_load_share, root, c, r, texts)
                for c, r in zip(case_shares[:-1], ruling_shares[:-1], strict=True)
            ]
        mine = _load_share(root, case_shares[-1], ruling_shares[-1], texts)
        parts = [f.result() for f in futures] + [mine]
    seen = set()
    digest = hashlib.blake2b(digest_size=16)
    for k, front in (item for _, _, keys in parts for item in keys):
        seen.add(k)
        if _CACHE.get(k) is None:
            _CACHE.put(k, front)
    for path, (case, problems), k, new in (item for cases, _, _ in parts for item in cases):
        seen.add(k)
        digest.update(k[0].encode("utf-8", "surrogatepass") + b"\0" + k[1])
        if new:
            _CACHE.put(k, (case, problems))
        out.problems += problems
        if path.suffix != ".yaml":
            out.problems.append(Problem(_rel(root, path), 0, "", "a case file must end in .yaml"))
        elif case is not None:
            out.cases.append((case, Source(str(root), _rel(root, path))))
    for _path, (ruling, problems) in (item for _, rulings, _ in parts for item in rulings):
        out.problems += problems
        if ruling is not None:
            out.rulings.append((ruling, Source(str(root), ruling.path)))
    _CACHE.save(seen)
    _CACHE = None
    out.cases_digest = digest.hexdigest()
    for path in files["reviews"]:
        meta, body, _, problems = load_markdown(root, path, ReviewMeta)
        out.problems += problems
        if meta is not None:
            rel = _rel(root, path)
            slug = path.name.removesuffix(".md").rsplit(".", 1)[0]
            out.reviews.append(
                (Review(meta=meta, text=body, path=rel, slug=slug), Source(str(root), rel))
            )
    for path in files["press"]:  # an editor's introduction to a week's press release
        name = PRESS_NAME.match(path.name)
        if name is None:
            out.problems.append(
                Problem(
                    _rel(root, path),
                    0,
                    "",
                    "a press introduction is named WEEK.LANG.md, e.g. press/2026-W48.kk.md",
                )
            )
            continue
        text, problems = _read(root, path)
        out.problems += problems
        if text is not None and text.strip():
            out.press_intros[(name[1], name[2])] = text.strip()
    return out
