"""A full build's worker writes one Whoosh segment, its postings in bulk.

Whoosh's writer turns every posting into a tuple, pools the tuples, sorts them all and
hands them to the codec one by one: at 10,000 rulings, millions of postings, most of a
build's time and half a gigabyte a worker. Here the stemmed fields (schema.StemmedText)
take a document's terms as arrays of stem numbers and counts (see
:mod:`generator.search.vocabulary`), ordered by term when the segment is written with one
stable argsort; the other fields (a few postings a document, their analysis remembered
by value) are pooled as Whoosh pools them. Every field's postings are then written as
Whoosh's postings writer writes them, each term's blocks (128 postings) and its row in
the term table, from statistics of every block computed at once (numpy), not gathered
posting by posting. The files are the ones Whoosh's SegmentWriter writes for the same
documents, byte for byte (tests/search/test_segment.py).
"""

from __future__ import annotations

import zlib
from array import array
from itertools import groupby
from pickle import dumps

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, _lenfield
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from generator.search.schema import StemmedText
from generator.search.vocabulary import Vocabulary

_NO_LENGTHS = np.empty(0, np.int64)  # a field that is not scorable
_MEMO_SIZE = 1 << 16  # values of the other fields remembered (see _postings)
_TERMINFO = W3TermInfo._struct  # a term's row, before where its postings are


def _length_tables(perdoc, schema) -> dict[str, np.ndarray]:
    """Each scorable field's lengths by document, as Whoosh reads them back from the
    length column (a byte each, so approximate): what its postings writer is given."""
    tables = {}
    for name, field in schema.items():
        column = field.scorable and perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
        if column:
            tables[name] = np.array([byte_to_length(b) for b in column], np.int64)
    return tables


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
        self._memo: dict[tuple, list[tuple]] = {}
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
                for tbytes, freq, weight, vbytes in self._postings(fieldname, field, value):
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

    def _postings(self, fieldname: str, field, value) -> list[tuple]:
        """field.index(value) of a field other than the word fields, remembered by value:
        most of their values repeat (a year, a date, a category, a panel), and Whoosh's
        analyzers cost tens of microseconds a value."""
        key = (fieldname, value)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            found = self._memo[key] = list(field.index(value))
        return found

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        perdoc = self.per_document_reader()
        lengths = _length_tables(perdoc, self.schema)
        other = {name: list(items) for name, items in groupby(sorted(self.pool.current), _field)}
        self.pool.current = []
        fieldwriter = self.fieldwriter
        encoded = self.vocabulary.encoded()
        ranks = _ranks(encoded)
        bulk = {name for name, postings in self.bulk.items() if postings.terms}
        for name in sorted({*other, *bulk}):  # a field without postings is never started
            field = self.schema[name]
            fieldwriter.start_field(name, field)
            table = lengths.get(name, _NO_LENGTHS)
            if name in other:
                _write_terms(fieldwriter, table, field, *_pooled(other.pop(name)))
            else:
                terms, docs, counts = self.bulk[name].by_term(ranks)
                weights = counts * field.format.field_boost  # Whoosh's: frequency * boost
                values = counts.astype(">u4").tobytes()  # Frequency's: pack_uint(frequency)
                _write_terms(fieldwriter, table, field, encoded, terms, docs, weights, values)
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


def _pooled(items: list[tuple]) -> tuple:
    """Postings of a field from Whoosh's pool ((field, term bytes, docnum, weight, value),
    sorted) as _write_terms takes them: the terms' bytes, and each posting's term number,
    document, weight and value (the values joined)."""
    _, texts, docs, weights, values = zip(*items, strict=True)
    encoded = sorted(set(texts))
    numbers = dict(zip(encoded, range(len(encoded)), strict=True))
    terms = np.fromiter(map(numbers.__getitem__, texts), np.int64, len(texts))
    docs_array = np.array(docs, np.int64)
    return encoded, terms, docs_array, np.array(weights, np.float64), b"".join(values)


def _write_terms(fieldwriter, lengths, field, encoded, terms, docs, weights, values) -> None:
    """Each term's postings as Whoosh's add_postings writes them, posting by posting, into
    W3PostingsWriter blocks of `blocklimit` postings and a W3TermInfo row: the same bytes,
    made from per-field arrays (see _Blocks) with a few steps of Python a block.

    The postings are ordered by term, then document, with their `weights` (the Python
    floats Whoosh is given) and `values` (each posting's value bytes, joined: the field's
    format gives them a fixed size, 0 or more)."""
    postwriter = fieldwriter._postwriter
    size = field.format.fixed_value_size()
    assert size is not None and len(values) == size * len(docs), field
    comp = postwriter._compression
    postfile, add_term = fieldwriter._postfile, fieldwriter._tindex.add
    write, tell = postfile.write, postfile.tell
    fieldid = pack_ushort(fieldwriter._fieldid)
    doc_lengths = lengths[docs] if len(lengths) else np.zeros(len(docs), np.int64)
    blocks = _Blocks(terms, docs, weights, doc_lengths, postwriter._blocklimit)
    stored = blocks.stored.tolist()  # the weights as stored (float32), as Python floats
    deltas = blocks.deltas
    rows = zip(*blocks.rows(), strict=True)
    for term, first_block, last_block in blocks.terms():
        offset = tell()
        write(WHOOSH3_HEADER_MAGIC)
        weight, df, minlength, maxlength, maxweight = 0, 0, None, 0, 0
        for n in range(first_block, last_block):
            i, j, last_id, block_max, low, high, shortest, longest = next(rows)
            block_weights = stored[i:j]
            weight += sum(block_weights)
            df += j - i
            minlength = shortest if minlength is None else min(minlength, shortest)
            maxlength = max(maxlength, longest)
            maxweight = max(maxweight, block_max)
            if low != high:
                mini_weights = tuple(block_weights)
            else:  # all the same: not stored when 1.0, else once
                mini_weights = None if low == 1.0 else block_weights[0]
            ids = deltas[i:j]
            ids[0] = docs_first = int(docs[i])
            if n == first_block:
                min_id = docs_first
            mini_values = values[size * i : size * j] if size else None
            data = dumps((tuple(ids), mini_weights, mini_values), 2)
            if comp:
                data = zlib.compress(data, comp)
            info = (j - i, last_id, block_max, comp, _byte(shortest), _byte(longest))
            infobytes = dumps(info, 2)
            length = len(infobytes) + len(data)
            write(pack_int(-length if n == last_block - 1 else length) + infobytes + data)
        terminfo = _TERMINFO.pack(
            False, weight, df, _byte(minlength), _byte(maxlength), maxweight, min_id, last_id
        )
        add_term(fieldid + encoded[term], terminfo + pack_long(offset) + pack_int(tell() - offset))


def _byte(length: int | None) -> int:
    """whoosh.util.numeric.length_to_byte (None: 0)."""
    return 0 if length is None else length_to_byte(length)


class _Blocks:
    """A field's postings (ordered by term, then document) cut into each term's blocks of
    `limit` postings, with what Whoosh's postings writer notes of each block, computed for
    all blocks at once."""

    def __init__(self, terms, docs, weights, lengths, limit: int) -> None:
        starts = np.flatnonzero(np.diff(terms)) + 1
        self._bounds = np.concatenate(([0], starts, [len(terms)]))
        sizes = np.diff(self._bounds)
        per_term = -(-sizes // limit)
        self._first_block = np.concatenate(([0], np.cumsum(per_term)))
        owner = np.repeat(np.arange(len(sizes)), per_term)
        within = np.arange(len(owner)) - self._first_block[owner]
        self.starts = self._bounds[owner] + within * limit
        self.ends = np.minimum(self.starts + limit, self._bounds[owner + 1])
        self._terms = terms
        self._docs, self._weights, self._lengths = docs, weights, lengths
        self.stored = weights.astype(np.float32)  # as Whoosh stores them (array "f")
        self.deltas = np.diff(docs, prepend=0).tolist()

    def terms(self):
        """(term number, first block, end block) of each term, in order."""
        firsts = self._first_block.tolist()
        heads = self._terms[self._bounds[:-1]].tolist()
        return zip(heads, firsts, firsts[1:], strict=False)

    def rows(self) -> tuple[list, ...]:
        """Per block: start, end, last document, highest weight (as given), lowest and
        highest stored weight, shortest and longest non-zero field length (None and 0 when
        every length is 0)."""
        if not len(self.starts):
            return [], [], [], [], [], [], [], []
        at = self.starts
        lengths = self._lengths
        nonzero = np.where(lengths > 0, lengths, np.iinfo(np.int64).max)
        shortest = np.minimum.reduceat(nonzero, at)
        return (
            at.tolist(),
            self.ends.tolist(),
            self._docs[self.ends - 1].tolist(),
            np.maximum.reduceat(self._weights, at).tolist(),
            np.minimum.reduceat(self.stored, at).tolist(),
            np.maximum.reduceat(self.stored, at).tolist(),
            [None if n == np.iinfo(np.int64).max else n for n in shortest.tolist()],
            np.maximum.reduceat(lengths, at).tolist(),
        )
