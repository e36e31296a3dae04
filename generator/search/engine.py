"""The engine seam: build the index from the public view, answer a SearchRequest.

`SearchEngine` and `Searcher` are the project's own interface; `WhooshEngine` is the one
implementation. Nothing outside generator/search imports Whoosh.

Searching (see :mod:`generator.search.snapshot`): the matching documents come from set
operations over cached posting sets, filters and facets from per-document columns loaded
when the index is opened, and BM25F ranks only the matched documents (numpy over cached
term scores). A searcher re-opens the index when a build swaps a new one in (checked at
most once a second) and caches recent results. Building: :mod:`.index_writer`.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Protocol

import numpy as np
from whoosh.query import And, AndNot, Every, NullQuery, Or, Query, Term

from generator.public import PublicView
from generator.search import index_writer, kazakh
from generator.search import query as q
from generator.search.analysis import russian_stem
from generator.search.phrases import pair_keys
from generator.search.request import FACETS, Hit, IndexStats, SearchRequest, SearchResults
from generator.search.schema import STEMMERS, term_guard
from generator.search.snapshot import Phrase, Snapshot

WARM_FIELDS = ("text_kk", "text_ru", "headnote_kk", "headnote_ru")  # lengths loaded at open

FULL_BUILD_PROCS = 2


class IndexMissing(FileNotFoundError):
    """There is no search index where one was expected."""


class Searcher(Protocol):
    def search(self, request: SearchRequest) -> SearchResults: ...


class SearchEngine(Protocol):
    def build(self, view: PublicView, index_dir: Path, full: bool = False) -> IndexStats: ...

    def open(self, index_dir: Path) -> Searcher: ...


class WhooshEngine:
    """Whoosh behind the seam. `procs` processes write a full build (segments of at most
    index_writer.SEGMENT_RULINGS rulings); `limitmb` is for an update's writer."""

    def __init__(self, procs: int = FULL_BUILD_PROCS, limitmb: int = 256) -> None:
        self.procs = procs
        self.limitmb = limitmb

    def build(
        self, view: PublicView, index_dir: Path, full: bool = False, guard=None
    ) -> IndexStats:
        """Bring the index in `index_dir` up to date with `view`: re-index the rulings whose
        content hash changed, add new ones, delete removed ones (everything when `full`,
        when there is no index yet or when its schema differs). `guard(term)`: text terms
        it flags are not indexed (see schema.term_guard)."""
        with term_guard(guard):
            return index_writer.build(view, Path(index_dir), full, self.procs, self.limitmb)

    def open(self, index_dir: Path) -> WhooshSearcher:
        return WhooshSearcher(Path(index_dir))


def _identity(index_dir: Path) -> tuple:
    try:
        st = index_dir.stat()
    except FileNotFoundError:
        raise IndexMissing(
            f"no search index in {index_dir}: run `alqa build` or `alqa index`"
        ) from None
    tocs = sorted(p.name for p in index_dir.glob("*.toc"))
    if not tocs:
        raise IndexMissing(f"no search index in {index_dir}: run `alqa build` or `alqa index`")
    return st.st_ino, st.st_mtime_ns, tuple(tocs)


class WhooshSearcher:
    """Answers SearchRequests from one index folder; thread-safe; reopens after a swap."""

    def __init__(self, index_dir: Path, check_every: float = 1.0, cache_size: int = 1024) -> None:
        self.index_dir = Path(index_dir)
        self.check_every = check_every
        self.cache_size = cache_size
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._checked = 0.0
        self.opens = 0  # how many times an index generation was opened

    def _current(self) -> Snapshot:
        now = time.monotonic()
        if self._snap is not None and now - self._checked < self.check_every:
            return self._snap
        self._checked = now
        identity = _identity(self.index_dir)
        if self._snap is None or identity != self._snap.identity:
            self._snap = Snapshot(self.index_dir, identity)  # the old one is left to GC
            self._snap.warm(WARM_FIELDS)
            self.opens += 1
        return self._snap

    def search(self, request: SearchRequest) -> SearchResults:
        started = time.perf_counter()
        with self._lock:
            snap = self._current()
            cached = snap.results.get(request)
            if cached is not None:
                snap.results.move_to_end(request)
                return cached
            results = _search(snap, request, started)
            snap.results[request] = results
            if len(snap.results) > self.cache_size:
                snap.results.popitem(last=False)
            return results


def _clause_query(clause: q.Clause, snap: Snapshot) -> Query:
    if clause.kind == "word":
        subs = [
            Term(f"{kind}_kk", w)
            for w in [kazakh.stem(clause.text)]
            for kind in ("text", "headnote")
        ]
        if not kazakh.is_kazakh(clause.text):
            ru = russian_stem(clause.text)
            subs += [Term("text_ru", ru), Term("headnote_ru", ru)]
        if clause.text.isdigit():
            subs += [Term(f, t) for f, t in q.number_terms(clause.text)]
        return Or(subs)
    if clause.kind == "phrase":
        words = clause.text.split()
        langs = ["kk"] + ([] if any(map(kazakh.is_kazakh, words)) else ["ru"])
        keys = [
            pair_keys([s for s in (STEMMERS[lang](w) for w in words) if s]).tolist()
            for lang in langs
        ]
        return Phrase([_clause_query(q.Clause("word", w), snap) for w in words], keys=keys)
    if clause.kind == "number":
        return Or([Term(f, t) for f, t in q.number_terms(clause.text)])
    # a prefix: expanded over the index's terms, bounded
    reader = snap.searcher.reader()
    terms: list[Term] = []
    for field in ("text_kk", "text_ru"):
        for head in {clause.text, *q.word_stems(clause.text)}:
            for i, term in enumerate(reader.expand_prefix(field, head)):
                if i >= q.MAX_PREFIX_TERMS // 4:
                    break
                terms.append(Term(field, term.decode() if isinstance(term, bytes) else term))
    return Or(terms[: q.MAX_PREFIX_TERMS]) if terms else NullQuery


def _filters(snap: Snapshot, request: SearchRequest, inline: dict[str, str]) -> list:
    """Doc sets every result must be in (request parameters win over inline filters)."""
    from generator.search.api import request_from_params  # one validator for both

    try:
        extra = request_from_params({k: [v] for k, v in inline.items()}) if inline else None
    except ValueError:
        extra = None  # a bad inline filter is ignored, never an error
    sets = []
    for name in ("category", "region", "outcome", "language"):
        value = getattr(request, name) or (getattr(extra, name) if extra else None)
        if value:
            sets.append(snap.sets.get((name, value), set()))
    year = request.year or (extra.year if extra else None)
    if year:
        sets.append(snap.sets.get(("year", str(year)), set()))
    pf = (
        request.practice_forming
        if request.practice_forming is not None
        else (extra.practice_forming if extra else None)
    )
    if pf is not None:
        sets.append(snap.sets.get(("practice_forming", "1" if pf else "0"), set()))
    start = request.date_from or (extra.date_from if extra else None)
    end = request.date_to or (extra.date_to if extra else None)
    if start or end:
        sets.append(snap.date_range(start and start.toordinal(), end and end.toordinal()))
    norm = request.norm or (extra.norm if extra else None)
    if norm:
        sets.append(snap.docs(And([Term("norms", t) for t in q.norm_filter_tokens(norm)])))
    judge = request.judge or (extra.judge if extra else None)
    if judge:
        sets.append(snap.term_docs("judges", judge.lower()))
    return sets


def _search(snap: Snapshot, request: SearchRequest, started: float) -> SearchResults:
    parsed = q.parse(request.q)
    musts: list[Query] = [
        Or([_clause_query(c, snap) for c in group])
        if len(group) > 1
        else _clause_query(group[0], snap)
        for group in parsed.groups
    ]
    if parsed.norms:
        musts.append(And([Term("norms", t) for t in parsed.norms]))
    main: Query | None = And(musts) if len(musts) > 1 else (musts[0] if musts else None)
    scored = main  # what is ranked; the matched set (below) applies the exclusions
    if parsed.excluded:
        main = AndNot(main or Every(), Or([_clause_query(c, snap) for c in parsed.excluded]))
    matched = set(snap.docs(main)) if main is not None else set(snap.live)
    for allowed in _filters(snap, request, parsed.filters):
        matched &= allowed
    members = np.fromiter(matched, np.int64, len(matched))
    facets = {name: snap.facet_counts(name, members) for name in FACETS}
    first = (request.page - 1) * request.page_size
    wanted = first + request.page_size
    if request.sort == "date" or parsed.empty:
        ranked = [(d, 0.0) for d in snap.newest(members, wanted)]
    elif first < len(matched):
        ranked = snap.ranked(scored or Every(), members, wanted)
    else:
        ranked = []
    highlighter = q.Highlighter.for_query(parsed)
    page = [_hit(snap, d, score, highlighter) for d, score in ranked[first:wanted]]
    return SearchResults(request, len(matched), tuple(page), facets, time.perf_counter() - started)


def _hit(snap: Snapshot, docnum: int, score: float, highlighter: q.Highlighter) -> Hit:
    stored = snap.searcher.stored_fields(docnum)
    return Hit(
        case_number=stored["number"],
        url=stored["url"],
        date=stored["date"].date(),
        language=stored["language"],
        category=stored["category"],
        category_name=stored.get("category_name") or stored["category"],
        region=stored.get("region") or None,
        outcome=stored["outcome"],
        practice_forming=stored["practice_forming"] == "1",
        headnote=stored.get("headnote"),
        snippet=highlighter.snippet(stored.get("body") or "", stored.get("headnote") or ""),
        score=round(float(score), 4),
    )


def default_engine() -> SearchEngine:
    return WhooshEngine(procs=min(FULL_BUILD_PROCS, os.cpu_count() or 1))


def stage_index(
    view: PublicView, current: Path, staging: Path, full: bool = False, engine=None, guard=None
) -> IndexStats:
    """Build the index into `staging`, starting from the files of `current` (unless `full`),
    so the caller can check it and swap it in whole; `current` is not touched.

    The files are hard-linked, not copied (at 10,000 rulings the index is 100 MB): no file
    of an index is ever written again once it is closed (Whoosh's segments and tables of
    contents, the phrase parts; the phrase manifest is replaced by a rename), so an update
    in `staging` writes new files beside the links and unlinks the ones it no longer needs.
    The write lock is not linked: locking it would lock `current`'s."""
    staging = Path(staging)
    if staging.exists():
        shutil.rmtree(staging)
    if not full and Path(current).is_dir():
        shutil.copytree(
            current, staging, copy_function=_link, ignore=shutil.ignore_patterns("*_WRITELOCK")
        )
    return (engine or default_engine()).build(view, staging, full=full, guard=guard)


def _link(source: str, target: str) -> None:
    """A hard link of `source`, or a copy where the file system has none."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
