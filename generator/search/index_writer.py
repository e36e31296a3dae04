"""Writing the index: a full build in parallel, or an incremental update.

A full build splits the rulings into shares of at most SEGMENT_RULINGS, written by
`procs` forked processes; a worker makes the documents of its share, analyses each text
once into stem numbers (the word fields and the phrase pairs share them, see
:mod:`generator.search.vocabulary`), writes one part of the phrase index (see
:mod:`generator.search.phrases`) and one Whoosh segment (its word fields' postings
gathered in numpy arrays and written in bulk, see :mod:`generator.search.segment`); the
parent lists the segments in a new table of contents and the parts in the phrase
manifest (no merge, no optimize).

An update re-indexes, in the process, the rulings whose hash changed (see
schema.index_hash: a ruling's digest, not its text, so comparing 10,000 costs
milliseconds) and costs what it changes: a new segment and a new phrase part.
"""

from __future__ import annotations

import multiprocessing
import time
from array import array
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from generator.public import PublicRuling, PublicView
from generator.search.phrases import PhraseIndex, pair_keys, write_manifest
from generator.search.request import IndexStats
from generator.search.schema import doc_id, document, index_hash, phrase_stems, schema
from generator.search.segment import BulkSegmentWriter
from generator.search.vocabulary import Vocabulary

PARALLEL_FROM = 200  # rulings; fewer are written by one process
SEGMENT_RULINGS = 5000  # at most in one segment: its postings are gathered in memory
_NO_TERMS = np.empty(0, np.int32)
_shared: dict = {}  # what forked workers read: the index folder and the rulings


def _keys(doc: dict) -> np.ndarray:
    return pair_keys(*phrase_stems(doc))


def _write_share(share: tuple[int, int]) -> tuple:
    """One worker: a segment and a phrase part of rulings[lo:hi]; returns the segment, the
    part's ids and its (name, rows) (the part's arrays stay on disk, not pickled back).

    What a worker keeps until the end (the rulings' pair keys, the word fields' term
    numbers) goes into a few growing arrays, not thousands of small ones; the phrase part
    is made first and let go before the segment's postings are ordered, so the two peaks
    of memory do not add up."""
    lo, hi = share
    ix = whoosh_index.open_dir(_shared["dir"])
    vocabulary = Vocabulary()
    writer = BulkSegmentWriter(ix, vocabulary)
    ids: list[str] = []
    keys, counts = array("Q"), array("q")
    for ruling in _shared["rulings"][lo:hi]:
        doc = document(ruling)
        terms = writer.add_document(doc)
        lang = doc["language"]
        stems = [terms.get(f"headnote_{lang}", _NO_TERMS), terms.get(f"text_{lang}", _NO_TERMS)]
        pairs = vocabulary.pair_keys(np.concatenate(stems))  # as _keys(doc)
        ids.append(doc["id"])
        keys.frombytes(pairs.view(np.uint8))
        counts.append(len(pairs))
    phrases = PhraseIndex.of_rows(
        ids, np.frombuffer(keys, np.uint64), np.frombuffer(counts, np.int64)
    )
    del keys, counts
    phrases.save_parts(Path(_shared["dir"]))
    parts = [(part.name, part.size) for part in phrases.parts]
    del phrases
    return writer._finalize_segment(), ids, parts


def full_build(view: PublicView, index_dir: Path, procs: int, limitmb: int) -> int:
    """Write a new index of every ruling of `view` into `index_dir` (emptied first)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    for old in index_dir.iterdir():
        if old.is_file():
            old.unlink()
    ix = whoosh_index.create_in(str(index_dir), schema())
    rulings = list(view.rulings)
    forks = multiprocessing.get_start_method() == "fork"
    n = procs if procs > 1 and len(rulings) >= PARALLEL_FROM and forks else 1
    shares = max(n, -(-len(rulings) // SEGMENT_RULINGS))
    bounds = [len(rulings) * i // shares for i in range(shares + 1)]
    shares = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    writer = ix.writer(limitmb=limitmb)  # holds the lock; lists the workers' segments
    _shared.update(dir=str(index_dir), rulings=rulings)
    try:
        if n > 1:
            with multiprocessing.get_context("fork").Pool(n) as pool:
                results = pool.map(_write_share, shares, chunksize=1)  # in order
        else:
            results = [_write_share(s) for s in shares]
    except BaseException:
        writer.cancel()
        raise
    finally:
        _shared.clear()
    writer._commit_toc([segment for segment, _, _ in results])
    writer._finish()
    write_manifest(
        index_dir,
        [i for _, ids, _ in results for i in ids],
        [part for _, _, parts in results for part in parts],
    )
    return len(rulings)


def _stored_hashes(ix) -> dict[str, str]:
    with ix.searcher() as searcher:
        reader = searcher.reader()
        if not reader.doc_count_all():
            return {}
        ids = list(reader.column_reader("id"))
        hashes = list(reader.column_reader("hash"))
        return {ids[d]: hashes[d] for d in reader.all_doc_ids()}


def update(view: PublicView, ix, index_dir: Path, limitmb: int, stats: IndexStats) -> None:
    """Bring the open index `ix` up to date with `view` by hash (see schema.index_hash)."""
    old = _stored_hashes(ix)
    rulings = {doc_id(r): r for r in view.rulings}
    writer = ix.writer(limitmb=limitmb)
    gone: set[str] = set()
    fresh: list[PublicRuling] = []
    for key, stored in old.items():
        ruling = rulings.get(key)
        if ruling is None:
            writer.delete_by_term("id", key)
            gone.add(key)
            stats.deleted += 1
        elif index_hash(ruling) != stored:
            writer.delete_by_term("id", key)
            gone.add(key)
            fresh.append(ruling)
            stats.updated += 1
        else:
            stats.unchanged += 1
    new = [ruling for key, ruling in rulings.items() if key not in old]  # in the view's order
    fresh += new
    stats.added += len(new)
    added = []
    for doc in map(document, fresh):
        writer.add_document(**doc)
        added.append((doc["id"], _keys(doc)))
    writer.commit()
    if gone or added:
        PhraseIndex.load(index_dir, mmap=True).updated(gone, added).save(index_dir)
    stats.documents = len(rulings)


def build(view: PublicView, index_dir: Path, full: bool, procs: int, limitmb: int) -> IndexStats:
    """Full build or update (see :meth:`generator.search.engine.WhooshEngine.build`)."""
    started = time.perf_counter()
    ix = None
    if not full and whoosh_index.exists_in(str(index_dir)):
        ix = whoosh_index.open_dir(str(index_dir))
        if set(ix.schema.names()) != set(schema().names()) or not PhraseIndex.exists(index_dir):
            ix = None
    stats = IndexStats(full=ix is None)
    if ix is None:
        stats.added = stats.documents = full_build(view, index_dir, procs, limitmb)
    else:
        update(view, ix, index_dir, limitmb, stats)
    stats.seconds = time.perf_counter() - started
    return stats
