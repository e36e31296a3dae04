"""The engine seam: build the index from the public view, answer a SearchRequest.

`SearchEngine` and `Searcher` are the project's own interface; `WhooshEngine` is the one
implementation. Nothing outside generator/search imports Whoosh.

Searching: the set of matching documents is computed with set operations over cached
posting sets (so totals, facets, filters and date sorting cost set operations in C), and
Whoosh's BM25F scores only the top of the page asked for. Filters and facets read
per-document columns loaded once when the index is opened. A searcher re-opens the index
when a build swaps a new one in (checked at most once a second) and caches recent results.
"""

from __future__ import annotations

import bisect
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

from whoosh import index as whoosh_index
from whoosh.query import And, AndNot, Every, NullQuery, Or, Query, Term

from generator.public import PublicView
from generator.search import kazakh
from generator.search import query as q
from generator.search.analysis import russian_stem
from generator.search.request import FACETS, Hit, IndexStats, SearchRequest, SearchResults
from generator.search.schema import (
    FACET_FIELDS,
    STEMMERS,
    document,
    pair_terms,
    schema,
    term_guard,
)

FULL_BUILD_PROCS = 2


class IndexMissing(FileNotFoundError):
    """There is no search index where one was expected."""


class Searcher(Protocol):
    def search(self, request: SearchRequest) -> SearchResults: ...


class SearchEngine(Protocol):
    def build(self, view: PublicView, index_dir: Path, full: bool = False) -> IndexStats: ...

    def open(self, index_dir: Path) -> Searcher: ...


class WhooshEngine:
    """Whoosh behind the seam. `procs` processes write a full build (one segment each)."""

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
            return self._build(view, Path(index_dir), full)

    def _build(self, view: PublicView, index_dir: Path, full: bool) -> IndexStats:
        started = time.perf_counter()
        index_dir = Path(index_dir)
        docs = {d["id"]: d for d in map(document, view.rulings)}
        current = schema()
        ix = None
        if not full and whoosh_index.exists_in(str(index_dir)):
            ix = whoosh_index.open_dir(str(index_dir))
            if set(ix.schema.names()) != set(current.names()):
                ix = None
        stats = IndexStats(full=ix is None)
        if ix is None:
            index_dir.mkdir(parents=True, exist_ok=True)
            for old in index_dir.iterdir():
                if old.is_file():
                    old.unlink()
            ix = whoosh_index.create_in(str(index_dir), current)
            forks = multiprocessing.get_start_method() == "fork"
            many = self.procs > 1 and len(docs) >= 200 and forks
            writer = ix.writer(
                limitmb=self.limitmb,
                **({"procs": self.procs, "multisegment": True} if many else {}),
            )
            for doc in docs.values():
                writer.add_document(**doc)
            stats.added = len(docs)
        else:
            with ix.searcher() as searcher:
                old = _stored_hashes(searcher)
            writer = ix.writer(limitmb=self.limitmb)
            for doc_id, digest in old.items():
                if doc_id not in docs:
                    writer.delete_by_term("id", doc_id)
                    stats.deleted += 1
                elif docs[doc_id]["hash"] != digest:
                    writer.delete_by_term("id", doc_id)
                    writer.add_document(**docs[doc_id])
                    stats.updated += 1
                else:
                    stats.unchanged += 1
            for doc_id in docs.keys() - old.keys():
                writer.add_document(**docs[doc_id])
                stats.added += 1
        writer.commit()
        stats.documents = len(docs)
        stats.seconds = time.perf_counter() - started
        return stats

    def open(self, index_dir: Path) -> WhooshSearcher:
        return WhooshSearcher(Path(index_dir))


def _column(searcher, name: str) -> list:
    return list(searcher.reader().column_reader(name))


def _stored_hashes(searcher) -> dict[str, str]:
    reader = searcher.reader()
    ids, hashes = _column(searcher, "id"), _column(searcher, "hash")
    return {ids[d]: hashes[d] for d in reader.all_doc_ids()}


class _Snapshot:
    """One opened generation of the index: searcher, columns, caches."""

    def __init__(self, index_dir: Path, identity: tuple) -> None:
        self.identity = identity
        self.ix = whoosh_index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        reader = self.searcher.reader()
        self.live = frozenset(reader.all_doc_ids())
        self.values: dict[str, list] = {f: _column(self.searcher, f) for f in FACET_FIELDS}
        self.sets: dict[tuple[str, str], set[int]] = {}
        for name, column in self.values.items():
            for doc, value in enumerate(column):
                if doc in self.live:
                    self.sets.setdefault((name, value), set()).add(doc)
        dates = _column(self.searcher, "date")
        self.date = [d.toordinal() if d else 0 for d in dates]
        self.by_date = sorted((self.date[d], d) for d in self.live)
        self.order = {d: i for i, (_, d) in enumerate(self.by_date)}  # date, then docnum
        self.terms: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()
        self.results: OrderedDict[SearchRequest, SearchResults] = OrderedDict()

    def term_docs(self, field: str, text: str) -> frozenset[int]:
        key = (field, text)
        found = self.terms.get(key)
        if found is None:
            found = frozenset(self.searcher.docs_for_query(Term(field, text)))
            self.terms[key] = found
            if len(self.terms) > 512:
                self.terms.popitem(last=False)
        else:
            self.terms.move_to_end(key)
        return found

    def docs(self, query: Query) -> frozenset[int] | set[int]:
        if isinstance(query, Term):
            return self.term_docs(query.fieldname, query.text)
        if isinstance(query, Or):
            out: set[int] = set()
            for sub in query.subqueries:
                out |= self.docs(sub)
            return out
        if isinstance(query, And):
            parts = sorted((self.docs(sub) for sub in query.subqueries), key=len)
            return set(parts[0]).intersection(*parts[1:]) if parts else set()
        if isinstance(query, AndNot):
            return set(self.docs(query.a)) - self.docs(query.b)
        if isinstance(query, Every):
            return self.live
        return set()

    def date_range(self, start: int | None, end: int | None) -> set[int]:
        lo = bisect.bisect_left(self.by_date, (start, -1)) if start else 0
        hi = bisect.bisect_right(self.by_date, (end, 1 << 62)) if end else len(self.by_date)
        return {d for _, d in self.by_date[lo:hi]}


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
        self._snap: _Snapshot | None = None
        self._checked = 0.0
        self.opens = 0  # how many times an index generation was opened

    def _current(self) -> _Snapshot:
        now = time.monotonic()
        if self._snap is not None and now - self._checked < self.check_every:
            return self._snap
        self._checked = now
        identity = _identity(self.index_dir)
        if self._snap is None or identity != self._snap.identity:
            self._snap = _Snapshot(self.index_dir, identity)  # the old one is left to GC
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


def _clause_query(clause: q.Clause, snap: _Snapshot) -> Query:
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
        subs = []
        for lang in langs:
            stems = [STEMMERS[lang](w) for w in words]
            subs.append(And([Term(f"pairs_{lang}", p) for p in pair_terms(stems)]))
        return Or(subs)
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


def _filters(snap: _Snapshot, request: SearchRequest, inline: dict[str, str]) -> list:
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


def _search(snap: _Snapshot, request: SearchRequest, started: float) -> SearchResults:
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
    if parsed.excluded:
        main = AndNot(main or Every(), Or([_clause_query(c, snap) for c in parsed.excluded]))
    matched = set(snap.docs(main)) if main is not None else set(snap.live)
    for allowed in _filters(snap, request, parsed.filters):
        matched &= allowed
    facets = {
        name: dict(
            sorted(
                (
                    (value, n)
                    for (f, value), docs in snap.sets.items()
                    if f == name and value and (n := len(matched & docs))
                ),
                key=lambda kv: (-kv[1], kv[0]),
            )
        )
        for name in FACETS
    }
    first = (request.page - 1) * request.page_size
    wanted = first + request.page_size
    if request.sort == "date" or parsed.empty:
        ranked = [(d, 0.0) for d in sorted(matched, key=snap.order.__getitem__, reverse=True)]
    elif first < len(matched):
        hits = snap.searcher.search(main, limit=wanted, filter=matched)
        ranked = [(hit.docnum, hit.score or 0.0) for hit in hits]
    else:
        ranked = []
    highlighter = q.Highlighter.for_query(parsed)
    page = [_hit(snap, d, score, highlighter) for d, score in ranked[first:wanted]]
    return SearchResults(request, len(matched), tuple(page), facets, time.perf_counter() - started)


def _hit(snap: _Snapshot, docnum: int, score: float, highlighter: q.Highlighter) -> Hit:
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
    """Build the index into `staging`, starting from a copy of `current` (unless `full`), so
    the caller can check it and swap it in whole; `current` is not touched."""
    import shutil

    staging = Path(staging)
    if staging.exists():
        shutil.rmtree(staging)
    if not full and Path(current).is_dir():
        shutil.copytree(current, staging)
    return (engine or default_engine()).build(view, staging, full=full, guard=guard)
