"""The leak gate over whole folders, in parallel and with a cache of what was found clean.

`LeakScanner.scan_dir` reads every file of a build one after the other; a site of thousands
of rulings has tens of thousands of files, most of them unchanged since the last build. Here
the files are scanned by forked worker processes (each inherits the compiled scanner), and
what is found clean is remembered under the scanner's fingerprint
(`LeakScanner.fingerprint`: a hash of every name, contact and stem it looks for and of the
scanner's code). When any person or contact in the records changes, the fingerprint changes
and everything is scanned again. Findings are never remembered (they stop the build).

What is remembered, and why it stands for a clean file:
- a content key: a hash of the bytes of a file with its last two suffixes (which say how
  it is read), of one line of a JSON Lines file (the open data's bulk file holds every
  ruling's text and is new whenever one ruling changes, so its lines are scanned and
  remembered one by one), or of the stored fields of one document of a Whoosh index. The
  same bytes are read the same way.
- a stat key: a file's device, inode, size and mtime (ns) with its suffixes. A build never
  changes a published file in place (generator.render hard-links the unchanged outputs of
  the last render and unlinks every output before writing it again; other files are
  written new), so a file whose stat key is remembered holds the same bytes and is not
  read at all. Its stat is taken before its
  bytes are read, and remembered only when its mtime is older than the start of the sweep
  by MARGIN_NS: a file written again in place within the timestamp tick it was read in
  would keep its stat (git's "racily clean" files), so it is read and checked by content
  until a later sweep may remember its stat. (Not the ctime: adding a hard link changes it.)
  A whole file is read once, by the worker that hashes and scans those very bytes; the
  stat is remembered only when the file it read still has the stat taken before.
- a Whoosh segment, by the stats of its files as above or else by their bytes, with the
  index's schema (which says what is read of them): a segment is never changed once
  written (a deletion is kept in the table of contents and only hides a document), so a
  segment found clean, the stored fields of all its documents (deleted ones too) and all
  its terms, stays clean. Only the new segments of an index are read.
A stat key or a segment's key, written "@…", is stored with the content keys of what it
holds, which are kept as long as it is used.

The index stores the rulings' texts the open data holds too: a long string of a JSON line
found clean is known clean (`LeakScanner.known_clean`), also when a worker process found it.
So JSON files are read first, and then the index by this process while the workers read on.
"""

from __future__ import annotations

import hashlib
import mmap
import multiprocessing
import os
import time
from collections.abc import Iterable, Set
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from generator.depersonalise.gate import Finding, LeakScanner, encode_text, index_names
from generator.depersonalise.readings import _strings

_CHUNK = 64  # files per task: small enough to balance, large enough to keep overhead low
_FORK_FROM = 1 << 20  # bytes to scan: less is scanned sooner here than workers are forked
KEPT_ANYWAY = 10_000  # keys a cache may hold beyond what pruning (CleanCache.save) allows
MARGIN_NS = 2_000_000_000  # coarser than any file system's timestamps (FAT's are 2 s)
_SPACE = frozenset(b" \t\n\r\x0b\x0c")  # what bytes.strip() strips
_scanner: LeakScanner | None = None  # the scanner of the current sweep, inherited by fork
_known: Set[str] = frozenset()  # the content keys found clean before, inherited too


class CleanCache:
    """Keys found clean under one scanner fingerprint, in one file per fingerprint (files
    of other fingerprints are removed when this one is saved): content keys, and keys of
    wholes, written "@…" (a file by its stat; a Whoosh segment by its stat or its bytes),
    each with the content keys of what it holds, which are kept while it is."""

    def __init__(self, folder: Path | None, print_: str) -> None:
        self.folder = folder
        self.file = folder / f"{print_}.txt" if folder else None
        self.keys: set[str] = set()
        self.wholes: dict[str, tuple[str, ...]] = {}
        try:
            text = self.file.read_text(encoding="ascii") if self.file else ""
        except (OSError, ValueError):  # none yet, or damaged: only a slower gate
            text = ""
        for line in text.split("\n"):
            if line.startswith("@"):
                whole, *held = line.split()
                self.wholes[whole] = tuple(held)
            elif line:
                self.keys.add(line)
        self.used: set[str] = set()
        self.used_wholes: set[str] = set()
        self.new_wholes: dict[str, tuple[str, ...]] = {}

    def __contains__(self, key: str) -> bool:
        if key in self.keys:
            self.used.add(key)
            return True
        return False

    def add(self, key: str) -> None:
        self.used.add(key)

    def held(self, whole: str) -> tuple[str, ...] | None:
        """The content keys a whole found clean holds (kept with it), or None."""
        held = self.wholes.get(whole)
        if held is not None:
            self.used_wholes.add(whole)
            self.used.update(held)
        return held

    def add_whole(self, whole: str, held: Iterable[str]) -> None:
        self.new_wholes[whole] = tuple(held)
        self.used.update(self.new_wholes[whole])

    def save(self, prune: bool = True) -> None:
        """Keep the keys seen before too (`alqa index` scans the index alone), unless they
        outnumber this build's by far: then this build's only, so the cache stays small
        (`prune=False`: this sweep saw a part of the build's files, all are kept).
        Wholes hold more keys than there are content keys only when files come and go
        (each build's new JSON Lines file holds a key per line; a build without its render
        cache writes every file anew): then this build's only too. Nothing is written when
        nothing is new."""
        if self.file is None or self.folder is None:
            return
        keys = self.keys | self.used
        if prune and len(keys) > 4 * len(self.used) + KEPT_ANYWAY:
            keys = self.used
        wholes = self.wholes | self.new_wholes
        if prune and sum(1 + len(held) for held in wholes.values()) > len(keys) + KEPT_ANYWAY:
            wholes = {w: wholes[w] for w in self.used_wholes | self.new_wholes.keys()}
        if keys == self.keys and wholes.keys() == self.wholes.keys() and self.file.exists():
            return
        lines = sorted(keys) + sorted(" ".join((w, *held)) for w, held in wholes.items())
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("".join(f"{line}\n" for line in lines), encoding="ascii")
        tmp.replace(self.file)
        for old in self.folder.glob("*.txt"):
            if old != self.file:
                old.unlink(missing_ok=True)


def _key(kind: str, data: bytes | memoryview) -> str:
    h = hashlib.sha256(kind.encode() + b"\0")
    h.update(data)
    return h.hexdigest()[:40]


def _stat_key(kind: str, st: os.stat_result) -> str:
    identity = f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"
    return "@" + _key(f"stat {kind}", identity.encode())


# A unit of work: a whole file (start 0, end -1), or one line of a JSON Lines file (its
# number from 0 and its byte span). Workers read the bytes themselves, so no text is held
# or sent by the parent.
Unit = tuple[str, int, int, int]
_hashed: tuple[Unit, bytes] | None = None  # the unit being scanned, with the bytes hashed


@dataclass
class _File:
    """A file not known clean by its stat: the content keys of what it holds (None for a
    whole file: the worker that reads it learns its key), those of its units not known
    clean, and its stat key if it may be remembered (None: too recent)."""

    stat: str | None
    keys: list[str]
    todo: dict[Unit, str | None]
    size: int


def _kind(name: str) -> str:
    """The last two suffixes of a file's name, lower case, as `Path.suffixes` gives them:
    they say how the file is read (".html", ".xml.gz")."""
    if name.endswith("."):
        return ""
    return "".join(f".{s}" for s in name.lstrip(".").split(".")[1:][-2:]).lower()


def _visit(path: str, cache: CleanCache, trusted: int) -> _File | None:
    """None when the file's stat key is known clean; else what is left to scan. (The stat
    is taken before the bytes are read: see the module's docstring.) A whole file is read
    once, by the worker that hashes and scans it (`_scan_unit`); a JSON Lines file is
    hashed here line by line, to share its lines out."""
    kind = _kind(os.path.basename(path))
    st = os.stat(path)
    if cache.held(_stat_key(kind, st)) is not None:
        return None
    if not kind.endswith(".jsonl"):
        stat = _stat_key(kind, st) if st.st_mtime_ns < trusted else None
        return _File(stat, [], {(path, 0, 0, -1): None}, st.st_size)
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        stat = _stat_key(kind, st) if st.st_mtime_ns < trusted else None
        keys, todo = _lines(path, f, st.st_size, cache)
    return _File(stat, keys, dict(todo), sum(end - start for _, _, start, end in todo))


def _lines(
    path: str, f: BinaryIO, size: int, cache: CleanCache
) -> tuple[list[str], dict[Unit, str]]:
    """The keys of the lines of a JSON Lines file, and its lines not known clean. Hashed
    in place (mapped, not copied): the open data's file holds every ruling's text."""
    keys: list[str] = []
    todo: dict[Unit, str] = {}
    if not size:
        return keys, todo
    with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data, memoryview(data) as view:
        start = number = 0
        while start <= size:
            end = data.find(b"\n", start)
            end = size if end < 0 else end
            # a line is blank when bytes.strip() leaves nothing (a JSON line starts with "{")
            if start < end and (data[start] not in _SPACE or data[start:end].strip()):
                key = _key(".jsonl-line", view[start:end])
                keys.append(key)
                if key not in cache:
                    todo[(path, number, start, end)] = key
            start, number = end + 1, number + 1
    return keys, todo


def _read_unit(unit: Unit) -> tuple[str, str, bytes]:
    """The bytes a unit holds as read now, their content key, and the stat key of the file
    they were read from (of a whole file; "" for a line)."""
    path, _, start, end = unit
    with open(path, "rb") as f:
        if end < 0:
            kind = _kind(os.path.basename(path))
            data = f.read()
            return _key(kind, data), _stat_key(kind, os.fstat(f.fileno())), data
        f.seek(start)
        data = f.read(end - start)
    return _key(".jsonl-line", data), "", data


def _scan_unit(unit: Unit) -> list[Finding]:
    """The findings in a unit's bytes: those `_hash_and_scan` just read and hashed, or
    else read now."""
    assert _scanner is not None
    path, number, start, end = unit
    data = _hashed[1] if _hashed is not None and _hashed[0] == unit else _read_unit(unit)[2]
    if end < 0:
        return _scanner.scan_file(Path(path), data)
    found = _scanner.scan_source(data.decode("utf-8", "replace"), ".jsonl", path)
    return [replace(f, line=f.line + number) if f.line else f for f in found]


def _hash_and_scan(unit: Unit) -> tuple[str, str, list[Finding]]:
    """The content key of a unit's bytes as read now, the stat key of the file read (see
    `_read_unit`), and their findings unless the key is known clean: what is scanned is
    what the key stands for."""
    global _hashed
    key, stat, data = _read_unit(unit)
    if key in _known:
        return key, stat, []
    _hashed = unit, data
    try:
        return key, stat, _scan_unit(unit)
    finally:
        _hashed = None


def _scan_chunk(units: list[Unit]) -> tuple[list[tuple[str, str, list[Finding]]], list[bytes]]:
    """The keys and findings of each unit, and what the scanner learnt was clean meanwhile
    (long JSON strings of clean lines: the search index stores the same texts; see
    `LeakScanner.known_clean`), for the parent process to know too."""
    assert _scanner is not None
    start = len(_scanner.learned)
    return [_hash_and_scan(u) for u in units], _scanner.learned[start:]


def _walk(folder: str, files: list[str], whoosh: list[Path]) -> None:
    """Add the files and Whoosh folders under `folder`, in `scan_dir`'s order: a folder's
    files by name, then its folders (symbolic links to folders are not followed)."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda e: e.name)
    folders = [e for e in entries if e.is_dir()]
    names = [e for e in entries if not e.is_dir()]
    if any(e.name.endswith(".toc") for e in names):
        whoosh.append(Path(folder))
        return
    files += [e.path for e in names]
    for e in folders:
        if not e.is_symlink():
            _walk(e.path, files, whoosh)


def scan_folders(
    scanner: LeakScanner,
    folders: Iterable[Path],
    cache_dir: Path | None = None,
    jobs: int | None = None,
    part: bool = False,
) -> list[Finding]:
    """Every finding in `folders` (as `scanner.scan_dir` of each, sorted); what a scanner
    with the same fingerprint found clean before is skipped. `part`: the folders are a
    part of what a build scans (a language's site while the other renders), so what the
    cache knew of the rest is kept for the sweep of the whole."""
    global _scanner, _known
    cache = CleanCache(cache_dir, scanner.fingerprint) if cache_dir else CleanCache(None, "")
    trusted = time.time_ns() - MARGIN_NS  # a stat with an older mtime may be remembered
    files: list[str] = []
    whoosh: list[Path] = []
    for folder in folders:
        if folder.exists():
            _walk(str(folder), files, whoosh)
    visits = [v for path in files if (v := _visit(path, cache, trusted)) is not None]
    todo = sorted((unit for v in visits for unit in v.todo), key=_after_strings)
    jobs = jobs or os.cpu_count() or 1
    size = max(1, min(_CHUNK, -(-len(todo) // jobs)))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    # the chunks holding JSON: once they are read, the index is (see `_after_strings`)
    strings = -(-sum(not _after_strings(u) for u in todo) // size)
    _scanner, _known = scanner, cache.keys
    results: list[tuple[str, str, list[Finding]]] = []
    index_found: list[Finding] | None = None
    try:
        if jobs > 1 and len(chunks) > 1 and sum(v.size for v in visits) >= _FORK_FROM:
            fork = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(jobs, mp_context=fork) as pool:
                futures = [pool.submit(_scan_chunk, chunk) for chunk in chunks]
                for i, future in enumerate(futures):
                    if i == strings:  # the workers read on meanwhile
                        index_found = _scan_indexes(scanner, whoosh, cache, trusted)
                    found, learned = future.result()
                    results += found
                    scanner.learn(learned)
        else:
            for chunk in chunks:
                results += _scan_chunk(chunk)[0]
    finally:
        _scanner, _known = None, frozenset()
    found_in = dict(zip(todo, results, strict=True))
    findings: list[Finding] = []
    for visit in visits:
        clean, keys = True, visit.keys
        for unit, expected in visit.todo.items():
            key, stat, found = found_in[unit]
            if found:
                findings += found
                clean = False
                continue
            cache.add(key)
            if expected is None:  # a whole file, known by the key of the bytes scanned
                keys = [key]
                clean = clean and stat == visit.stat  # the file stat before is the one read
            elif key != expected:  # a line changed since it was hashed: not the file
                clean = False  # the stat stood for
        if clean and visit.stat is not None:
            cache.add_whole(visit.stat, keys)
    if index_found is None:
        index_found = _scan_indexes(scanner, whoosh, cache, trusted)
    findings += index_found
    cache.save(prune=not part)
    return sorted(findings)


def _after_strings(unit: Unit) -> bool:
    """Whether a unit is not of a JSON or JSON Lines file. Those are read first: the long
    strings of their documents found clean are known clean (`LeakScanner.known_clean`), and
    a search index stores the same texts (the open data's rulings); once they are read, this
    process reads the index while the workers read the rest. (Whatever is known clean when
    the index is read, a text known clean holds no leak read alone, as the index's texts
    are read: the findings are the same; only what is read again differs.)"""
    kind = _kind(os.path.basename(unit[0])).removesuffix(".gz")
    return not kind.endswith((".json", ".jsonl"))


def _scan_indexes(
    scanner: LeakScanner, folders: list[Path], cache: CleanCache, trusted: int
) -> list[Finding]:
    return [f for folder in folders for f in scan_whoosh(scanner, folder, cache, trusted)]


def scan_whoosh(
    scanner: LeakScanner, folder: Path, cache: CleanCache, trusted: int
) -> list[Finding]:
    """`LeakScanner.scan_whoosh`, a segment at a time: a segment found clean before is not
    read; of a new one, documents whose stored fields were found clean are not scanned."""
    from whoosh import index

    found: list[Finding] = []
    for indexname in index_names(folder):
        ix = index.open_dir(str(folder), indexname=indexname)
        with ix.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                found += _scan_segment(scanner, folder, ix, leaf, cache, trusted)
    return sorted(set(found))


def _scan_segment(
    scanner: LeakScanner, folder: Path, ix, reader, cache: CleanCache, trusted: int
) -> list[Finding]:
    """The stored fields of the live documents and the terms of one segment's reader,
    unless the segment was found clean: known by the stats of its files, or else by their
    bytes (a segment written just before this sweep, whose stats are not trusted yet). A
    deleted document is read too (its leak is not reported): a segment is remembered as
    clean only when all it holds is."""
    from whoosh.reading import SegmentReader

    segment = reader.segment() if isinstance(reader, SegmentReader) else None
    files = [folder / name for name in sorted(segment.list_files(ix.storage))] if segment else []
    if segment is None or not files:  # an empty index
        return _scan_documents(scanner, folder, ix, reader, cache)[0]
    schema = repr(sorted((name, type(field).__name__) for name, field in ix.schema.items()))
    stats = [os.stat(path) for path in files]
    identity = [
        f"{p.name}:{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"
        for p, st in zip(files, stats, strict=True)
    ]
    by_stat = "@" + _key(
        "whoosh segment stat", "\0".join([segment.segment_id(), schema, *identity]).encode()
    )
    if cache.held(by_stat) is not None:
        return []
    h = hashlib.sha256(f"{segment.segment_id()}\0{schema}".encode())
    for path in files:
        with open(path, "rb") as f:
            h.update(f"\0{path.name}\0{os.fstat(f.fileno()).st_size}\0".encode())
            h.update(f.read())
    by_bytes = "@" + h.hexdigest()[:40]
    held = cache.held(by_bytes)
    found: list[Finding] = []
    if held is None:
        found, held = _scan_documents(scanner, folder, ix, reader, cache)
        if found or held is None:
            return found
        cache.add_whole(by_bytes, held)
    if all(st.st_mtime_ns < trusted for st in stats):
        cache.add_whole(by_stat, held)
    return found


def _scan_documents(
    scanner: LeakScanner, folder: Path, ix, reader, cache: CleanCache
) -> tuple[list[Finding], list[str] | None]:
    """The findings in a reader's documents and terms, and the keys of its documents when
    all it holds is clean (None otherwise)."""
    found: list[Finding] = []
    keys: list[str] = []
    clean = True
    for docnum in range(reader.doc_count_all()):
        texts = _strings(reader.stored_fields(docnum))
        encoded = [encode_text(t) for t in texts]  # once, for both keys
        key = _key("whoosh", b"\0".join(encoded))  # the texts joined by "\0", encoded
        keys.append(key)
        if key in cache:
            continue
        texts = [t for t, e in zip(texts, encoded, strict=True) if not scanner.known_clean(t, e)]
        hits = scanner._scan_variants(str(folder), [(t, False) for t in texts])
        if not hits:
            cache.add(key)
            continue
        clean = False
        if not reader.is_deleted(docnum):
            found += hits
    terms = scanner.scan_terms(reader, ix.schema, folder)
    return found + terms, keys if clean and not terms else None
