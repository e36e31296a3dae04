"""`alqa build`: records -> public view -> Markdown -> mkdocs-material -> site/, atomically.

The phases, in order: check, corpus, public view, then three things at once: the search
index in a child forked from the build (generator.forked; it loads the leak scanner for
its guard), the pages (builders) and staging docs of each language made here, and each
language's mkdocs build in a worker started as soon as its pages are written (so rendering
one language overlaps making the next); the leak scanner here while the last language
renders; then the leak gate (in parallel, files unchanged since the last build skipped)
and the swap. Everything is written into a staging folder; `site/` and `search_index/`
are replaced only when every phase succeeded, so a failed build leaves the previous ones
untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import multiprocessing
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import render
from generator.background import discard
from generator.builders import BuildContext
from generator.errors import BuildError


@dataclass
class BuildResult:
    site: Path
    search_index: Path | None
    pages: dict[str, int] = field(default_factory=dict)  # Markdown pages per language
    rendered: dict[str, int] = field(default_factory=dict)  # pages new or changed (-1: all)
    files: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    index_stats: object = None  # generator.search.request.IndexStats of the index phase
    kept: dict[str, int] = field(default_factory=dict)  # pages kept by their content key
    phases: dict[str, float] = field(default_factory=dict)  # seconds of each phase, in order

    def summary(self) -> str:
        per_lang = ", ".join(f"{lang} {n}" for lang, n in self.pages.items())
        changed = [n for n in self.rendered.values() if n >= 0]
        anew = (
            f", {sum(changed)} files new or changed" if len(changed) == len(self.rendered) else ""
        )
        phases = ", ".join(f"{name} {sec:.1f}" for name, sec in self.phases.items())
        return (
            f"Built {sum(self.pages.values())} pages ({per_lang}){anew}, {self.files} files "
            f"in {self.seconds:.1f} s ({phases}) -> {self.site}"
        )

    def as_json(self) -> dict:
        """What `alqa build --format json` prints, for scripts and benchmarks."""
        return {
            "site": str(self.site),
            "search_index": str(self.search_index) if self.search_index else None,
            "pages": self.pages,
            "rendered": self.rendered,
            "files": self.files,
            "seconds": round(self.seconds, 3),
            "phases": {name: round(sec, 3) for name, sec in self.phases.items()},
            "kept": self.kept,
            "warnings": self.warnings,
        }


def site_url_of(root: Path) -> str:
    """The public address from mkdocs.yml (feeds and calendars need absolute links)."""
    path = root / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return (config or {}).get("site_url") or "http://localhost:8000/"


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with renames, so readers never see a half-written folder.
    The old folder is deleted in the background (generator.background.discard)."""
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    # the old folder, and any left by a deletion that was interrupted: nobody reads them
    discard(sorted(target.parent.glob(f".{target.name}.old-*")))


Progress = Callable[[str], None]


def build_site(
    root: Path,
    today: dt.date,
    out: Path | None = None,
    index_out: Path | None = None,
    documents: bool = True,
    progress: Progress | None = None,
    jobs: int | None = None,
    full_index: bool = False,
    extra_builders: Sequence = (),
    extra_nav: Sequence[tuple[Callable[[str], str], str]] = (),
    gate: bool = True,
    render_cache: bool = True,
) -> BuildResult:
    """Build the public site of `root`. Raises RecordsInvalid or BuildError; on any failure
    the previous site/ and search_index/ stay as they were.

    The internal site is this build with `extra_builders` (reports, registers), their
    `extra_nav` entries ((title in a language, page)) and no leak gate (`gate=False`):
    it is meant to show personal data, and only ever goes to its own folder.

    With `render_cache`, pages unchanged since the last build of the same `out` are not
    rendered again (generator.render)."""
    from generator.builders.registry import PUBLIC_BUILDERS
    from generator.check import clean_view

    started = time.perf_counter()
    result = BuildResult(site=Path(), search_index=None)
    step = _timed(progress, result.phases)
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "site"
    result.site = out
    index_out = Path(index_out).resolve() if index_out else out.parent / "search_index"

    step("check")
    # public builders read the public view's texts only, made when needed from the rulings'
    # own: those of unchanged rulings are read then (a rebuild needs a few); the checks
    # across records run beside the public view (generator.check.clean_view)
    texts = True if extra_builders else "lazy"
    corpus, view = clean_view(root, today, jobs, texts, root / ".alqa-cache", step)
    step("history")
    from generator.history import history_for_view
    from generator.keys import Keys

    _forget_memo(root / ".alqa-cache")
    ctx = BuildContext(
        today=today,
        with_documents=documents,
        site_url=site_url_of(root),
        cache_dir=root / ".alqa-cache",
        history=history_for_view(root, corpus, view),
        corpus=corpus if extra_builders else None,
        keys=Keys() if render_cache else None,
    )
    builders = (*PUBLIC_BUILDERS, *extra_builders)
    if not extra_builders:
        corpus.let_texts_go()  # public builders read the public view's texts only

    staging = out.parent / f".alqa-staging-{uuid.uuid4().hex[:8]}"
    index_staging = index_out.parent / f".{index_out.name}.staging-{uuid.uuid4().hex[:8]}"
    # a court's records are a million objects that live until the end: keep the garbage
    # collector from walking them again and again (about a second each time at 10,000);
    # unfrozen when the build ends, so a long-lived caller (tests, a server) can free them
    gc.freeze()
    index = None
    try:
        # the search index needs no page: made in a child forked now, it takes the second
        # core while the pages are made here and rendered (generator.forked)
        from generator.forked import Forked

        index = Forked(
            _guarded_index, corpus, root / ".alqa-cache", view, index_out, index_staging, full_index
        )
        # Builders run here (one may keep what it made: the release notes of `alqa publish`);
        # each language's mkdocs starts in a worker as soon as its pages are written, so the
        # next language's pages are made while the previous one renders.
        epoch = render.build_date_epoch(today)
        # mkdocs runs in a small process forked from a fresh server: one forked from here
        # would carry the whole court along (gigabytes at 10,000 rulings)
        server = multiprocessing.get_context("forkserver")
        cache = render.cache_folder(root / ".alqa-cache", out) if render_cache else None
        with (
            render.cache_lock(cache) if cache else contextlib.nullcontext(),
            ProcessPoolExecutor(
                min(len(ctx.languages), jobs or os.cpu_count() or 1), mp_context=server
            ) as pool,
        ):
            renders: dict[Future, tuple[str, render.Render]] = {}
            for lang in ctx.languages:
                step(f"pages ({lang})")

                def nav_of(paths: set[str], lang: str = lang) -> list:
                    nav = render.nav_for(lang, paths)
                    return nav + [{title(lang): path} for title, path in extra_nav]

                job = render.prepare(
                    root,
                    lang,
                    (p for builder in builders for p in builder.build(view, lang, ctx)),
                    nav_of,
                    staging,
                    staging / ("site" if lang == "kk" else "site-ru"),
                    cache / lang if cache else None,
                )
                result.pages[lang] = job.pages
                result.rendered[lang] = job.changed
                result.kept[lang] = job.kept
                future = pool.submit(render.mkdocs_build, str(job.config_file), epoch, job.dirty)
                renders[future] = (lang, job)
            if gate:  # for the gate, while the last language renders
                step("leak scanner")
                scanner = leak_scanner(corpus, root / ".alqa-cache")
            step("search index")  # what is left of it
            result.index_stats, index = index.result(), None
            step("mkdocs")  # what is left of it
            warnings: dict[str, list[str]] = {}
            for future in as_completed(renders):
                lang, job = renders[future]
                warnings[lang] = future.result()
                job.commit()
                if gate and not all(f.done() for f in renders):
                    # a core is free while the other language renders: the gate reads this
                    # one's site now, and its cache knows those files at the end
                    step("leak gate")
                    leak_gate(scanner, [job.site], root / ".alqa-cache", jobs, part=True)
                    step("mkdocs")
            result.warnings += [w for lang in ctx.languages for w in warnings.get(lang, [])]
        site = staging / "site"
        (staging / "site-ru").rename(site / "ru")
        from generator.opendata import extend_sitemap

        extend_sitemap(site, ctx.site_url)
        if gate:
            step("leak gate")
            leak_gate(scanner, [site, index_staging], root / ".alqa-cache", jobs)
        result.files = sum(len(files) for _, _, files in os.walk(site))  # no stat a file
        step("swap")
        out.parent.mkdir(parents=True, exist_ok=True)
        swap_in(site, out)
        swap_in(index_staging, index_out)
        result.search_index = index_out
    finally:
        if index is not None:  # the build failed before the index was taken
            index.cancel()
        gc.unfreeze()
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(index_staging, ignore_errors=True)
    step("")
    result.seconds = time.perf_counter() - started
    return result


def _guarded_index(corpus, cache_dir: Path, view, index_out: Path, staging: Path, full: bool):
    """The search index, made in a child of the build (generator.forked), with the leak
    scanner as its guard (a term that is a party's surname is left out): the child loads
    or builds the scanner itself, beside the pages the build makes meanwhile."""
    from generator.search.engine import stage_index

    scanner = leak_scanner(corpus, cache_dir)
    return stage_index(view, index_out, staging, full=full, guard=scanner.scan_term)


def _forget_memo(cache_dir: Path) -> None:
    """Remove the page cache of earlier versions (memo.sqlite, 1.5 GB at 10,000 rulings):
    the render cache keeps pages by their content keys now."""
    for name in ("memo.sqlite", "memo.sqlite-wal", "memo.sqlite-shm"):
        (cache_dir / name).unlink(missing_ok=True)


def _timed(progress: Progress | None, phases: dict[str, float]) -> Progress:
    """A progress callback that also records how long each named phase took; the pages
    of both languages count as one phase, "pages" (they overlap with mkdocs)."""
    last: list = [None, time.perf_counter()]

    def step(name: str) -> None:
        now = time.perf_counter()
        if last[0] is not None:
            phase = "pages" if last[0].startswith("pages") else last[0]
            phases[phase] = phases.get(phase, 0.0) + now - last[1]
        last[:] = [name or None, now]
        if progress is not None and name:
            progress(name)

    return step


def build_index(
    root: Path,
    today: dt.date,
    index_out: Path | None = None,
    full: bool = False,
    progress: Progress | None = None,
    jobs: int | None = None,
):
    """`alqa index`: the search index alone (check, public view, index, leak gate, swap)."""
    from generator.check import clean_view
    from generator.search.engine import stage_index

    step = progress or (lambda _: None)
    root = Path(root).resolve()
    index_out = Path(index_out).resolve() if index_out else root / "search_index"
    step("check")
    corpus, view = clean_view(root, today, jobs, "lazy", root / ".alqa-cache", step)
    staging = index_out.parent / f".{index_out.name}.staging-{uuid.uuid4().hex[:8]}"
    try:
        step("search index")
        scanner = leak_scanner(corpus, root / ".alqa-cache")
        stats = stage_index(view, index_out, staging, full=full, guard=scanner.scan_term)
        step("leak gate")
        leak_gate(scanner, [staging], root / ".alqa-cache", jobs)
        index_out.parent.mkdir(parents=True, exist_ok=True)
        swap_in(staging, index_out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return stats


def leak_scanner(corpus, cache_dir: Path | None = None):
    """Every name and contact of every case, compiled once: the search index leaves out
    terms that are a party's surname (`scan_term`), and the gate scans with it. Text
    extracted from PDFs is kept in CACHE_DIR/pdf-text, the scanner itself in CACHE_DIR/gate
    for the next builds while the case files stay the same (depersonalise.scanner_cache)."""
    from generator.depersonalise.scanner_cache import leak_scanner as kept_scanner

    pdf_text = cache_dir / "pdf-text" if cache_dir else None
    gate = cache_dir / "gate" if cache_dir else None
    return kept_scanner(corpus.cases, corpus.public_names, pdf_text, corpus.cases_digest, gate)


def leak_gate(
    scanner,
    folders: list[Path],
    cache_dir: Path | None = None,
    jobs: int | None = None,
    part: bool = False,
) -> None:
    """Scan everything written, in parallel; one personal datum stops the build (nothing
    is swapped in). With `cache_dir` (ROOT/.alqa-cache), the files found clean by the same
    scanner before are reused (generator.depersonalise.sweep); `part`: the folders are a
    part of what is scanned at the end, and the cache keeps what it knows of the rest."""
    from generator.depersonalise.sweep import scan_folders

    gate_cache = cache_dir / "gate" if cache_dir else None
    findings = scan_folders(scanner, folders, gate_cache, jobs, part)
    if findings:
        lines = [
            f"  {f.path}:{f.line}: {f.kind} {f.match!r} (case {f.case})" for f in findings[:50]
        ]
        more = f"\n  … and {len(findings) - 50} more" if len(findings) > 50 else ""
        raise BuildError(
            "the leak gate stopped the build: personal data would be published\n"
            + "\n".join(lines)
            + more
            + "\nThe previous site was left in place."
        )
