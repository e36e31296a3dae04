"""A full build's worker writes one Whoosh segment, its word fields in bulk.

Whoosh's writer turns every posting into a tuple, pools the tuples, sorts them all and
hands them to the codec one by one: at 10,000 rulings, millions of postings, most of a
build's time and half a gigabyte a worker. Here the stemmed fields (schema.StemmedText)
take a document's terms as arrays of stem numbers and counts (see
:mod:`generator.search.vocabulary`); when the segment is written, a field's postings are
ordered by term with one stable argsort and each term's postings are handed to Whoosh's
postings writer a block (128 postings) at a time, with the block statistics it would
have gathered posting by posting. The other fields (a few postings a document) go through
Whoosh's own path. The files are the ones Whoosh's SegmentWriter writes for the same
documents, byte for byte (tests/search/test_segment.py).
"""

from __future__ import annotations

from array import array
from itertools import groupby

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from generator.search.schema import StemmedText
from generator.search.vocabulary import Vocabulary

_PACKED = [pack_uint(n) for n in range(256)]  # a frequency's posting value, the small ones


def _packed(freq: int) -> bytes:
    return _PACKED[freq] if freq < 256 else pack_uint(freq)


class _Lengths:
    """Field lengths of a segment read once, column by column (Whoosh looks each posting's
    up in the length column while it writes the postings)."""

    def __init__(self, perdoc, schema) -> None:
        self.tables: dict[str, list[int]] = {}
        for name, field in schema.items():
            column = field.scorable and perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
            if column:
                self.tables[name] = [byte_to_length(b) for b in column]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        table = self.tables.get(fieldname)
        return table[docnum] if table is not None else default

    def close(self) -> None:
        pass


class _Pool(PostingPool):
    """The other fields' postings: kept in memory, sorted when written."""

    def add(self, item: tuple) -> None:
        self.current.append(item)


class _FieldPostings:
    """A stemmed field's postings, document by document: term numbers and their counts,
    appended to growing arrays (see index_writer._write_share)."""

    def __init__(self) -> None:
        self.docs, self.sizes = array("i"), array("q")
        self.terms, self.counts = array("i"), array("i")

    def add(self, docnum: int, terms: np.ndarray, counts: np.ndarray) -> None:
        self.docs.append(docnum)
        self.sizes.append(len(terms))
        self.terms.frombytes(terms.astype(np.int32, copy=False).view(np.uint8))
        self.counts.frombytes(counts.astype(np.int32).view(np.uint8))

    def by_term(self, ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(term, docnum, count) of every posting, ordered by the terms' `ranks`, then by
        document (a stable sort of postings added in document order)."""
        docs = np.repeat(np.frombuffer(self.docs, np.int32), np.frombuffer(self.sizes, np.int64))
        terms = np.frombuffer(self.terms, np.int32)
        counts = np.frombuffer(self.counts, np.int32)
        self.docs = self.terms = self.counts = array("i")  # the arrays live on in these
        order = np.argsort(ranks[terms], kind="stable")
        return terms[order], docs[order], counts[order]


class BulkSegmentWriter(SegmentWriter):
    """A worker's writer of a new segment, its stemmed fields analysed with `vocabulary`."""

    def __init__(self, ix, vocabulary: Vocabulary) -> None:
        super().__init__(ix, _lk=False)
        self.pool = _Pool(self._tempstorage, self.newsegment)
        self.vocabulary = vocabulary
        self.bulk = {name: _FieldPostings() for name, f in self.schema.items() if _bulk(f)}
        for name, field in self.schema.items():
            assert not field.vector and not field.separate_spelling(), name

    def add_document(self, fields: dict) -> dict[str, np.ndarray]:
        """Whoosh's add_document, for documents without boosts; returns the term numbers
        of the document's stemmed fields (schema.stems of each, as numbers)."""
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        add_post = self.pool.add
        analysed = {}
        copies: dict[int, str] = {}
        perdocwriter.start_doc(docnum)
        for fieldname in sorted(fields):
            value = fields[fieldname]
            if value is None:
                continue
            field = self.schema[fieldname]
            length = 0
            if fieldname in self.bulk:
                ids = analysed[fieldname] = self.vocabulary.terms(value, field.lang)
                terms, counts = self.vocabulary.counts(ids)
                if len(terms):
                    self.bulk[fieldname].add(docnum, terms, counts)
                    length = int(counts.sum())
            elif field.indexed:
                for tbytes, freq, weight, vbytes in field.index(value):
                    if field.scorable:
                        length += freq
                    # times the document's boost, as Whoosh does (there is none: 1.0)
                    add_post((fieldname, tbytes, docnum, weight * 1.0, vbytes))
            stored = _passing(value, copies) if field.stored else None
            perdocwriter.add_field(fieldname, field, stored, length)
            column = field.column_type
            if column:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        return analysed

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        perdoc = self.per_document_reader()
        lengths = _Lengths(perdoc, self.schema)
        other = {name: list(items) for name, items in groupby(sorted(self.pool.current), _field)}
        self.pool.current = []
        fieldwriter = self.fieldwriter
        encoded = self.vocabulary.encoded()
        ranks = _ranks(encoded)
        bulk = {name for name, postings in self.bulk.items() if postings.terms}
        for name in sorted({*other, *bulk}):  # a field without postings is never started
            if name in other:
                fieldwriter.add_postings(self.schema, lengths, other[name])
                continue
            field = self.schema[name]
            fieldwriter.start_field(name, field)
            table = np.asarray(lengths.tables.get(name, ()), np.int64)
            _write_terms(fieldwriter, encoded, table, field, *self.bulk[name].by_term(ranks))
            fieldwriter.finish_field()
        self.fieldwriter.close()
        perdoc.close()


def _passing(value, copies: dict[int, str]):
    """A stored value as it is pickled: a long text is copied first (once however often it
    is stored), because pickling a str leaves its UTF-8 form in the str object (CPython),
    and a ruling's text lives on in the view: 35 KB a ruling nobody reads again."""
    if not isinstance(value, str) or len(value) < 256 or value.isascii():
        return value
    copy = copies.get(id(value))
    if copy is None:
        copy = copies[id(value)] = "".join((value, ""))  # a new str: join copies
    return copy


def _field(item: tuple) -> str:
    return item[0]


def _bulk(field) -> bool:
    return isinstance(field, StemmedText)


def _ranks(keys: list) -> np.ndarray:
    """Each key's place among `keys` sorted (two bytes each while they fit: numpy sorts
    those by radix)."""
    small = len(keys) <= np.iinfo(np.uint16).max + 1
    ranks = np.empty(len(keys), np.uint16 if small else np.int32)
    ranks[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    return ranks


def _write_terms(fieldwriter, encoded, lengths, field, terms, docs, counts) -> None:
    """Each term's postings, as Whoosh's add_postings would add them one by one."""
    boost = field.format.field_boost
    doc_lengths = lengths[docs] if len(lengths) else np.zeros(len(docs), np.int64)
    starts = np.flatnonzero(np.diff(terms)) + 1
    bounds = np.concatenate(([0], starts, [len(terms)])).tolist()
    for a, b in zip(bounds, bounds[1:], strict=False):
        fieldwriter.start_term(encoded[terms[a]])
        postings = fieldwriter._postwriter
        limit = postings._blocklimit
        for i in range(a, b, limit):
            if i > a:
                postings._write_block()
            j = min(i + limit, b)
            block = docs[i:j].tolist(), counts[i:j].tolist(), doc_lengths[i:j].tolist()
            _fill_block(postings, *block, boost)
        fieldwriter.finish_term()


def _fill_block(postings, docs: list, counts: list, lengths: list, boost: float) -> None:
    """Whoosh's W3PostingsWriter buffer after add_posting of each of these postings."""
    weights = [count * boost for count in counts]
    postings._ids = array("I", docs)
    postings._weights = array("f", weights)
    postings._values = list(map(_packed, counts))
    postings._maxweight = max(0, *weights)
    lengths = [n for n in lengths if n]
    postings._minlength = min(lengths) if lengths else None
    postings._maxlength = max(lengths) if lengths else 0
