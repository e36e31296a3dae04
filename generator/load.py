"""Load: the files of a project root -> typed records, and every problem met on the way.

The loader never stops at the first bad file: it collects problems from all of them, so one
`alqa check` shows everything a clerk has to fix. Case files and rulings read before come
from the record cache (record_cache.py); the others are read in parallel processes when there
are enough of them to pay for it.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from generator import collector
from generator.errors import BuildError, Problem
from generator.models import Case, Category, Court, Judge, LowerCourt, Region, Review, Ruling
from generator.models.review import ReviewMeta
from generator.models.ruling import RulingMeta
from generator.record_cache import RecordCache, content_hash
from generator.validation import validate, validate_list
from generator.yamlio import (
    Located,
    decode,
    front_matter_bounds,
    load_validated,
    load_yaml,
    split_front_matter,
)

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
    case_hashes: dict[str, bytes] = field(default_factory=dict)  # number -> its file's hash
    ruling_hashes: dict[str, bytes] = field(default_factory=dict)  # path -> (with texts only)
    # path -> (byte where the text starts, the file's hash), for the rulings whose text was
    # left to be read when needed (texts="lazy"; read_ruling_text)
    text_at: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    classifier_sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read(root: Path, path: Path) -> tuple[str | None, list[Problem]]:
    text, why = decode(path.read_bytes())
    return text, ([Problem(_rel(root, path), 1, "", why)] if why else [])


Texts = bool | Literal["lazy"]  # which ruling texts load_root reads (see there)
_CACHE: RecordCache | None = None  # set by load_root; forked workers inherit it
_BOM = b"\xef\xbb\xbf"
_NO_FRONT_MATTER = "front matter is missing: the file must start with a `---` block of fields"
# what pydantic's str_strip_whitespace strips: str.strip()'s whitespace but \x1c-\x1f
_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
_SPACE += "\u2028\u2029\u202f\u205f\u3000"
_BLANK = frozenset(b" \t\n\r\x0b\x0c")  # its ASCII part


def _stat_and_bytes(path: str) -> tuple[os.stat_result, bytes]:
    """A file's stat and bytes from one opening, so that the stat is the bytes' own."""
    with open(path, "rb", buffering=0) as f:
        return os.fstat(f.fileno()), f.readall()


def _read_case(root: str, rel: str) -> tuple:
    """(rel, stat, hash, (case, problems)); the value is None when the cache has it."""
    st, data = _stat_and_bytes(os.path.join(root, rel))
    digest = content_hash(data)
    if _CACHE is not None and _CACHE.by_hash(rel, digest) is not None:
        return rel, st, digest, None
    text, why = decode(data)
    if text is None:
        return rel, st, digest, (None, [Problem(rel, 1, "", why)])
    return rel, st, digest, load_validated(Case, text, rel)


def _read_ruling(root: str, rel: str, texts: Texts) -> tuple:
    """(rel, stat, hash, (meta, problems, byte where the text starts, its line), stripped
    text); the value is None when the cache has it. An unchanged file's text is decoded
    alone: its front matter is known."""
    st, data = _stat_and_bytes(os.path.join(root, rel))
    known = _CACHE.fresh(rel, st) if _CACHE is not None else None
    digest = content_hash(data) if known is None else known[1]
    if known is None and _CACHE is not None:
        known = _CACHE.by_hash(rel, digest)
    value = _ruling_value(rel, data) if known is None else None
    meta, _, start, _ = known[2] if known is not None else value
    return rel, st, digest, value, _text(data, start) if texts and meta is not None else ""


def read_ruling_text(path: Path, start: int, digest: bytes) -> str:
    """The text of a ruling loaded without it (load_root(texts="lazy")), from its file,
    which must still hold the bytes it was loaded from: the hash of those bytes stands for
    the ruling in the caches (a file changed during a build is refused, not half-used)."""
    data = Path(path).read_bytes()
    if content_hash(data) != digest:
        raise BuildError(f"{path} changed while the site was being built: build again")
    return _text(data, start)


def _text(data: bytes, start: int) -> str:
    """The text from byte `start` on, stripped as pydantic strips it. ASCII blanks are left
    out before decoding: stripping a text's last newline would copy all of it."""
    end = len(data)
    while end > start and data[end - 1] in _BLANK:
        end -= 1
    while start < end and data[start] in _BLANK:
        start += 1
    return str(memoryview(data)[start:end], "utf-8").strip(_SPACE)


def _ruling_value(rel: str, data: bytes) -> tuple:
    """What a ruling's bytes give: (meta, problems, byte where the text starts, its line)."""
    text, why = decode(data)
    if text is None:
        return None, [Problem(rel, 1, "", why)], 0, 1
    bounds = front_matter_bounds(text)
    if bounds is None:
        return None, [Problem(rel, 1, "", _NO_FRONT_MATTER)], 0, 1
    start, end, body, body_line = bounds
    meta, problems = _front_matter(rel, RulingMeta, text[start:end], 2, text[body:], body_line)
    skipped = len(_BOM) if data.startswith(_BOM) else 0
    return meta, problems, skipped + len(text[:body].encode("utf-8")), body_line


def load_markdown(root: Path, path: Path, meta_model):
    """A Markdown file with YAML front matter -> (meta, body, body line, problems)."""
    rel = _rel(root, path)
    text, problems = _read(root, path)
    if text is None:
        return None, "", 1, problems
    fm, fm_line, body, body_line = split_front_matter(text)
    if fm is None:
        return None, body, body_line, [Problem(rel, 1, "", _NO_FRONT_MATTER)]
    meta, problems = _front_matter(rel, meta_model, fm, fm_line, body, body_line)
    return meta, body, body_line, problems


def _front_matter(rel: str, meta_model, fm: str, fm_line: int, body: str, body_line: int):
    meta, problems = load_validated(meta_model, fm, rel, fm_line)
    if meta is not None and not body.strip():
        problems.append(Problem(rel, body_line, "", "the text after the front matter is empty"))
    return meta, problems


def _ruling(meta: RulingMeta, text: str, rel: str, text_line: int) -> Ruling:
    """The Ruling that validating these fields makes (`text` stripped as pydantic strips it),
    without validating the front matter again or pydantic reading a 4,000-word text as UTF-8."""
    return Ruling.model_construct(meta=meta, text=text, path=rel, text_line=text_line)


def _load_share(root: str, cases: list[str], rulings: list[str], texts: Texts) -> tuple:
    """Case files and rulings read in one process: what _read_case and _read_ruling give."""
    return [_read_case(root, rel) for rel in cases], [
        _read_ruling(root, rel, texts) for rel in rulings
    ]


def _shares(items: list, workers: int) -> list[list]:
    """Contiguous blocks: one per worker, then the (slightly larger) one for this process,
    which also receives and unpacks the workers' results."""
    if workers < 1 or len(items) < PARALLEL_FROM:
        return [[] for _ in range(workers)] + [items]
    size = int(len(items) / (workers + 1) * WORKER_SHARE)
    blocks = [items[i * size : (i + 1) * size] for i in range(workers)]
    return [*blocks, items[workers * size :]]


WORKER_SHARE = 0.92  # a worker's result costs this process ~8% of the work to unpack


def _find(
    root: Path,
    folder: str,
    match: Callable[[os.DirEntry], bool],
    deep: bool,
    stats: dict[str, os.stat_result] | None = None,
) -> list[str]:
    """The paths (from the root, with /) of the entries in `folder` that `match`, sorted as
    pathlib sorts them; like Path.rglob, `deep` does not enter linked folders. With `stats`,
    each one's stat is put there (cheaper from the folder's listing than by its path)."""

    def visit(rel: str) -> Iterator[str]:
        try:
            with os.scandir(root / rel) as it:
                entries = list(it)
        except OSError:
            return
        for entry in entries:
            if match(entry):
                path = f"{rel}/{entry.name}"
                if stats is not None:
                    stats[path] = entry.stat()
                yield path
            if deep and entry.is_dir(follow_symlinks=False):
                yield from visit(f"{rel}/{entry.name}")

    return sorted(visit(folder), key=lambda rel: rel.split("/"))


def _markdown(entry: os.DirEntry) -> bool:
    return entry.name.endswith(".md")


def _record_paths(
    root: Path, stats: dict[str, os.stat_result] | None = None
) -> dict[str, list[str]]:
    """record_files, as paths from the root; with `stats`, the stats of cases and rulings."""
    return {
        "cases": _find(
            root,
            f"{RECORDS}/cases",
            lambda e: e.is_file() and not e.name.startswith("."),
            deep=True,
            stats=stats,
        ),
        "rulings": _find(root, RULINGS, _markdown, deep=True, stats=stats),
        "reviews": _find(root, REVIEWS, _markdown, deep=False),
        "press": _find(root, PRESS, _markdown, deep=False),
    }


def record_files(root: Path) -> dict[str, list[Path]]:
    """The files of each kind under a root, sorted, templates left out."""
    return {kind: [root / rel for rel in rels] for kind, rels in _record_paths(root).items()}


def load_root(
    root: Path, jobs: int | None = None, texts: Texts = True, cache: bool = True
) -> Loaded:
    """Read every record under `root`. Problems are collected, never raised.

    Files the record cache does not know, when many (a first check), are shared between this
    process and `jobs - 1` forked workers, each reading a block of case files and rulings; a worker's results come back in one piece when
    it is done, so unpacking them does not compete with this process's own reading.
    `texts=False` leaves ruling texts out (what `alqa check` needs); `texts="lazy"` leaves
    out those of the rulings the record cache knows unchanged, to be read when needed
    (`read_ruling_text` with `text_at`: a rebuild needs the texts of the changed
    rulings only, and reading 10,000 took a second). Case files and rulings
    already read and unchanged come from ROOT/.alqa-cache (`cache=False`: read everything)."""
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

    stats: dict[str, os.stat_result] = {}
    files = _record_paths(root, stats)
    out.files_read = 1 + len(CLASSIFIERS) + sum(len(v) for v in files.values())
    # a million objects, no garbage, kept as long as the process (generator.collector)
    with collector.paused(freeze=True):
        _CACHE = RecordCache(root / CACHE_DIR if cache else None)
        try:
            _load_records(out, files, stats, _CACHE, jobs, texts)
        finally:
            _CACHE = None
    for rel in files["reviews"]:
        path = root / rel
        meta, body, _, problems = load_markdown(root, path, ReviewMeta)
        out.problems += problems
        if meta is not None:
            slug = path.name.removesuffix(".md").rsplit(".", 1)[0]
            out.reviews.append(
                (Review(meta=meta, text=body, path=rel, slug=slug), Source(str(root), rel))
            )
    for rel in files["press"]:  # an editor's introduction to a week's press release
        path = root / rel
        name = PRESS_NAME.match(path.name)
        if name is None:
            out.problems.append(
                Problem(
                    rel,
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


def _load_records(
    out: Loaded,
    files: dict[str, list[str]],
    stats: dict[str, os.stat_result],
    cache: RecordCache,
    jobs: int | None,
    texts: Texts,
) -> None:
    """Case files and rulings into `out`: those whose stat the cache knows are not read
    (rulings only for their texts); the others are shared with forked workers when many."""
    root = str(out.root)
    fresh = {rel: e for rel, st in stats.items() if (e := cache.fresh(rel, st)) is not None}
    workers = (jobs or os.cpu_count() or 1) - 1
    case_shares = _shares([rel for rel in files["cases"] if rel not in fresh], workers)
    ruling_shares = _shares([rel for rel in files["rulings"] if rel not in fresh], workers)
    with ExitStack() as stack:
        futures = []
        if any(case_shares[:-1]) or any(ruling_shares[:-1]):
            pool = stack.enter_context(ProcessPoolExecutor(workers))
            futures = [
                pool.submit(_load_share, root, c, r, texts)
                for c, r in zip(case_shares[:-1], ruling_shares[:-1], strict=True)
            ]
        cases, rulings = _load_share(root, case_shares[-1], ruling_shares[-1], texts)
        if texts is True:  # the texts of unchanged rulings
            rulings += [
                _read_ruling(root, rel, texts)
                for rel in files["rulings"]
                if rel in fresh and fresh[rel][2][0] is not None
            ]
        for future in futures:
            more_cases, more_rulings = future.result()
            cases += more_cases
            rulings += more_rulings
    read = {rel: rest for rel, *rest in cases}
    digest = hashlib.blake2b(digest_size=16)
    for rel in files["cases"]:
        st, h, value = read.get(rel) or (stats[rel], *fresh[rel][1:])
        if value is None:
            value = cache.entries[rel][2]
        cache.put(rel, st, h, value)
        digest.update(rel.encode("utf-8", "surrogatepass") + b"\0" + h)
        case, problems = value
        out.problems += problems
        if not rel.endswith(".yaml"):
            out.problems.append(Problem(rel, 0, "", "a case file must end in .yaml"))
        elif case is not None:
            out.cases.append((case, Source(root, rel)))
            out.case_hashes[case.number] = h
    out.cases_digest = digest.hexdigest()
    read = {rel: rest for rel, *rest in rulings}
    for rel in files["rulings"]:
        st, h, value, text = read.get(rel) or (stats[rel], *fresh[rel][1:], "")
        if value is None:
            value = cache.entries[rel][2]
        cache.put(rel, st, h, value)
        meta, problems, _, text_line = value
        out.problems += problems
        if meta is not None:
            out.rulings.append((_ruling(meta, text, rel, text_line), Source(root, rel)))
            if texts:
                out.ruling_hashes[rel] = h
            if texts == "lazy" and not text:
                out.text_at[rel] = (value[2], h)
    cache.save(stats.keys())
