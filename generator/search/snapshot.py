"""One opened generation of the index: its columns, cached postings and their scores.

The set of matching documents is computed with set operations over cached posting sets
(totals, filters and date sorting cost set operations in C); facets are counted with
numpy over per-document value codes. Ranking is Whoosh's BM25F, computed here with numpy
from each term's postings (read once, scored once, cached): the score of a document is
the sum of the BM25F scores of the query's terms it has, as Whoosh's matchers give it,
ties broken by document number as Whoosh's collector does; only the matched documents
are ranked and only the page asked for is sorted.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.query import And, AndNot, Every, Or, Query, Term
from whoosh.scoring import bm25
from whoosh.util.numeric import byte_to_length

from generator.search.phrases import PhraseIndex
from generator.search.schema import NUMBER_PART

CACHED_TERMS = 512  # postings (and pair sets) kept: a common term's is ~1 MB at 10,000
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


class Phrase(And):
    """A phrase: its words (what is scored) and, per language, the pair keys that must all
    be in a ruling (what selects)."""

    def __init__(self, words: list[Query], boost: float = 1.0, keys=()) -> None:
        super().__init__(words, boost=boost)  # Whoosh rebuilds compounds as cls(subs, boost)
        self.keys = list(keys)


class Postings:
    """A term's live documents (sorted array and set) and their BM25F scores."""

    __slots__ = ("docs", "scores", "set")

    def __init__(self, docs: np.ndarray, scores: np.ndarray) -> None:
        self.docs, self.scores = docs, scores
        self.set = frozenset(docs.tolist())


def _column(reader, name: str) -> list:
    try:
        return list(reader.column_reader(name))
    except NotImplementedError:  # an index without documents has no columns
        return []


class Snapshot:
    def __init__(self, index_dir: Path, identity: tuple) -> None:
        self.identity = identity
        self.ix = whoosh_index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        reader = self.reader = self.searcher.reader()
        self.count = reader.doc_count_all()
        self.alive = np.zeros(self.count, bool)
        self.alive[list(reader.all_doc_ids())] = True
        self.live = frozenset(np.flatnonzero(self.alive).tolist())
        self.values: dict[str, list] = {}
        self.codes: dict[str, tuple[list, np.ndarray]] = {}
        self.sets: dict[tuple[str, str], set[int]] = {}
        for name in ("category", "year", "outcome", "region", "language", "practice_forming"):
            column = self.values[name] = _column(reader, name)
            names = sorted({v for v, ok in zip(column, self.alive, strict=True) if ok})
            code = {v: i for i, v in enumerate(names)}
            codes = np.array([code.get(v, -1) for v in column], dtype=np.int64)
            codes[~self.alive] = -1
            self.codes[name] = (names, codes)
            for i, value in enumerate(names):
                self.sets[(name, value)] = set(np.flatnonzero(codes == i).tolist())
        dates = _column(reader, "date")
        self.date = [d.toordinal() if d else 0 for d in dates]
        self.by_date = sorted((self.date[d], d) for d in self.live)
        self.rank = np.full(self.count, -1, dtype=np.int64)  # by date, then docnum
        self.rank[[d for _, d in self.by_date]] = np.arange(len(self.by_date))
        self.phrases = PhraseIndex.load(index_dir, mmap=True)
        id_column = _column(reader, "id")
        docnum = {i: d for d, i in enumerate(id_column) if self.alive[d]}
        self.numbers = [  # of live rulings, lowercased; "" for deleted documents
            i.rpartition("#")[0].lower() if self.alive[d] else "" for d, i in enumerate(id_column)
        ]
        ids = self.phrases.ids if self.phrases else []
        self.row_doc = np.array([docnum.get(i, -1) for i in ids], dtype=np.int64)
        self.lengths: dict[str, np.ndarray] = {}
        self.terms: OrderedDict[tuple, Postings | frozenset[int]] = OrderedDict()
        self.results: OrderedDict = OrderedDict()

    # -- postings ---------------------------------------------------------------------------

    def _cache(self, key: tuple, make):
        found = self.terms.get(key)
        if found is None:
            found = self.terms[key] = make()
            if len(self.terms) > CACHED_TERMS:
                self.terms.popitem(last=False)
        else:
            self.terms.move_to_end(key)
        return found

    def postings(self, field: str, text: str) -> Postings:
        return self._cache((field, text), lambda: self._read(field, text))

    def _read(self, field: str, text: str) -> Postings:
        if field == NUMBER_PART:
            return self._number_part(text)
        ids, weights = [], []
        btext = self.searcher.schema[field].to_bytes(text)
        for leaf, base in self.reader.leaf_readers():
            if (field, btext) not in leaf:
                continue
            m = leaf._terms.matcher(field, btext, leaf.schema[field].format)  # no deletions
            while m.is_active():
                m._read_ids()
                m._read_weights()
                ids.extend(d + base for d in m._ids)
                weights.extend(m._weights)
                m._next_block()
        docs = np.array(ids, dtype=np.int64)
        keep = self.alive[docs] if len(docs) else np.zeros(0, bool)
        docs, w = docs[keep], np.array(weights, dtype=np.float64)[keep]
        if not len(docs):
            return Postings(docs, w)
        if not self.searcher.schema[field].scorable:
            return Postings(docs, w)
        idf = self.searcher.idf(field, text)
        avgfl = self.searcher.avg_field_length(field) or 1
        fl = self._lengths(field)[docs]
        weighting = self.searcher.weighting  # BM25F(B=0.75, K1=1.2)
        return Postings(docs, bm25(idf, w, fl, avgfl, weighting.B, weighting.K1))

    def _number_part(self, text: str) -> Postings:
        """Rulings whose case number has `text` in it, weighted as an n-gram field was:
        by how many times (overlapping), not scored by BM25F."""
        docs, weights = [], []
        for doc, number in enumerate(self.numbers):
            if text in number:
                docs.append(doc)
                weights.append(sum(number.startswith(text, i) for i in range(len(number))))
        return Postings(np.array(docs, dtype=np.int64), np.array(weights, dtype=np.float64))

    def _lengths(self, field: str) -> np.ndarray:
        found = self.lengths.get(field)
        if found is None:
            found = np.ones(self.count, dtype=np.float64)
            for leaf, base in self.reader.leaf_readers():
                perdoc = getattr(leaf, "_perdoc", None)  # none in an empty index
                column = perdoc and perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                if column is not None:
                    codes = np.fromiter(iter(column), np.int64, leaf.doc_count_all())
                    found[base : base + len(codes)] = _LENGTHS[codes]
            self.lengths[field] = found
        return found

    def warm(self, fields: tuple[str, ...]) -> None:
        """Load at open what the first queries would otherwise load."""
        for field in fields:
            self._lengths(field)

    def term_docs(self, field: str, text: str) -> frozenset[int]:
        return self.postings(field, text).set

    def pair_docs(self, key: int) -> frozenset[int]:
        def make() -> frozenset[int]:
            docs = self.row_doc[self.phrases.rows_for(key)] if self.phrases else self.row_doc
            return frozenset(docs[docs >= 0].tolist())

        return self._cache(("", key), make)

    # -- matching -----------------------------------------------------------------------------

    def docs(self, query: Query) -> frozenset[int] | set[int]:
        if isinstance(query, Phrase):
            out = set(self.docs(And(query.subqueries)))
            languages = [keys for keys in query.keys if keys]  # each: all its pairs
            if not languages:  # no pair in any language (one stem): the words alone
                return out
            return out.intersection(
                set().union(*(_all(self.pair_docs(k) for k in keys) for keys in languages))
            )
        if isinstance(query, Term):
            return self.term_docs(query.fieldname, query.text)
        if isinstance(query, Or):
            out: set[int] = set()
            for sub in query.subqueries:
                out |= self.docs(sub)
            return out
        if isinstance(query, And):
            return _all(self.docs(sub) for sub in query.subqueries)
        if isinstance(query, AndNot):
            return set(self.docs(query.a)) - self.docs(query.b)
        if isinstance(query, Every):
            return self.live
        return set()

    def date_range(self, start: int | None, end: int | None) -> set[int]:
        lo = bisect.bisect_left(self.by_date, (start, -1)) if start else 0
        hi = bisect.bisect_right(self.by_date, (end, 1 << 62)) if end else len(self.by_date)
        return {d for _, d in self.by_date[lo:hi]}

    def facet_counts(self, name: str, matched: np.ndarray) -> dict[str, int]:
        names, codes = self.codes[name]
        counts = np.bincount(codes[matched], minlength=len(names)) if len(matched) else []
        found = [(names[i], int(n)) for i, n in enumerate(counts) if n and names[i]]
        return dict(sorted(found, key=lambda kv: (-kv[1], kv[0])))

    # -- ranking ------------------------------------------------------------------------------

    def newest(self, matched: np.ndarray, wanted: int) -> list[int]:
        """The `wanted` latest of the `matched` documents, latest first."""
        keys = -self.rank[matched]
        if len(keys) > wanted:
            part = np.argpartition(keys, wanted - 1)[:wanted]
            matched, keys = matched[part], keys[part]
        return matched[np.argsort(keys)].tolist()

    def _add_scores(self, query: Query, into: np.ndarray) -> None:
        if isinstance(query, Term):
            p = self.postings(query.fieldname, query.text)
            into[p.docs] += p.scores
        elif isinstance(query, AndNot):
            self._add_scores(query.a, into)
        elif isinstance(query, And | Or):
            for sub in query.subqueries:
                self._add_scores(sub, into)

    def ranked(self, query: Query, matched: np.ndarray, wanted: int) -> list[tuple[int, float]]:
        """The best `wanted` of the `matched` documents by their score for `query`."""
        dense = np.zeros(self.count, dtype=np.float64)
        self._add_scores(query, dense)
        scores = dense[matched]
        if len(scores) > wanted:  # keep every document tied with the last one kept
            cut = np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
            keep = scores >= cut
            matched, scores = matched[keep], scores[keep]
        order = np.lexsort((matched, -scores))[:wanted]
        return list(zip(matched[order].tolist(), scores[order].tolist(), strict=True))


def _all(sets) -> set[int]:
    parts = sorted(sets, key=len)
    return set(parts[0]).intersection(*parts[1:]) if parts else set()
