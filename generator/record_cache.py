"""Records already read and validated, kept in ROOT/.alqa-cache between runs.

A court's records change a few files at a time, while every command that needs the records
reads all of them: parsing and validating 30,000 unchanged files again would be most of a
check. An entry keeps, for one file (by its path under the root), what reading it gave, the
blake2b hash of its bytes and the file's stat (inode, size, mtime, ctime). An entry stands
for the file when
- it was made by the code that reads records now (the fingerprint of every segment), and
- the file's stat is the stored one (its bytes need not be read), or its bytes hash to the
  stored hash (then the new stat is stored).
A stat is stored only when the file's mtime and ctime are older than the start of the reading
by MARGIN_NS: a file changed again within the timestamp tick it was read in would keep its
stat (git's "racily clean" files), so such an entry is checked by its hash until a later
reading can store a stat. A damaged or foreign segment is ignored: only a slower check.
The entries are spread over SEGMENTS files by path, so an edit rewrites one small file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.fingerprint import source_digest

SEGMENTS = 32
MARGIN_NS = 2_000_000_000  # coarser than any file system's timestamps (FAT's are 2 s)
_READERS = ("models/**/*.py", "yamlio.py", "validation.py", "load.py", "iin.py", "record_cache.py")

Stat = tuple[int, int, int, int]
Entry = tuple[Stat | None, bytes, Any]  # (stat, if it can be trusted; hash of the bytes; value)


def fingerprint() -> str:
    """A hash of the code that turns files into records and problems."""
    return source_digest(*_READERS)


def content_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def stat_of(st: os.stat_result) -> Stat:
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _segment(rel: str) -> int:
    return zlib.crc32(rel.encode("utf-8", "surrogatepass")) % SEGMENTS


class RecordCache:
    def __init__(self, folder: Path | None):
        self.folder = folder
        self.started = time.time_ns()
        self.entries: dict[str, Entry] = {}
        self._changed: set[int] = set()  # segments to write
        for i in range(SEGMENTS if folder else 0):
            try:
                with self._path(i).open("rb") as f:
                    saved = pickle.load(f)
                if saved["fingerprint"] == fingerprint():
                    self.entries.update(saved["entries"])
                else:
                    self._changed.add(i)
            except FileNotFoundError:
                pass
            except Exception:  # a damaged or foreign segment is only a slower check
                self._changed.add(i)

    def _path(self, segment: int) -> Path:
        assert self.folder is not None
        return self.folder / f"records-{segment:02d}.pickle"

    def fresh(self, rel: str, st: os.stat_result) -> Entry | None:
        """The entry of a file whose stat is the stored one."""
        entry = self.entries.get(rel)
        return entry if entry is not None and entry[0] == stat_of(st) else None

    def by_hash(self, rel: str, digest: bytes) -> Entry | None:
        """The entry of a file whose bytes hash to `digest`."""
        entry = self.entries.get(rel)
        return entry if entry is not None and entry[1] == digest else None

    def put(self, rel: str, st: os.stat_result, digest: bytes, value: Any) -> None:
        """Remember what the file with this stat and hash gave; its stat only once it is
        older than the reading by the margin."""
        stat: Stat | None = stat_of(st)
        if max(st.st_mtime_ns, st.st_ctime_ns) >= self.started - MARGIN_NS:
            stat = None
        old = self.entries.get(rel)
        if old is None or old[0] != stat or old[1] != digest or old[2] is not value:
            self.entries[rel] = (stat, digest, value)
            self._changed.add(_segment(rel))

    def save(self, keep: Iterable[str]) -> None:
        """Write the segments that changed, with the entries of the files read this time."""
        if self.folder is None:
            return
        for rel in self.entries.keys() - keep:
            del self.entries[rel]
            self._changed.add(_segment(rel))
        if not self._changed:
            return
        segments: dict[int, dict[str, Entry]] = {i: {} for i in self._changed}
        for rel, entry in self.entries.items():
            if (i := _segment(rel)) in segments:
                segments[i][rel] = entry
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for i, entries in segments.items():
                _write(self._path(i), entries)
            ours = {self._path(i).name for i in range(SEGMENTS)}
            for other in self.folder.glob("records*.pickle"):  # of older code
                if other.name not in ours:
                    other.unlink()
        except OSError:  # a read-only root: the next check is just not faster
            return
        self._changed.clear()


def _write(path: Path, entries: dict[str, Entry]) -> None:
    if not entries:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            _Pickler(f).dump({"fingerprint": fingerprint(), "entries": entries})
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


class _Pickler(pickle.Pickler):
    """Records pickled as their fields and a shared set of the fields given: unpickling then
    costs one call per record instead of pydantic's __setstate__, and a set per kind of
    record instead of one per record. Records are frozen: nothing changes a fields-set."""

    def __init__(self, file):
        super().__init__(file, protocol=5)
        self._sets: dict[frozenset, set] = {}

    def reducer_override(self, obj):
        if (
            isinstance(obj, BaseModel)
            and obj.__pydantic_extra__ is None
            and obj.__pydantic_private__ is None
        ):
            given = obj.__pydantic_fields_set__
            given = self._sets.setdefault(frozenset(given), given)
            return _record, (type(obj), obj.__dict__, given)
        return NotImplemented


_new = object.__new__
_set = object.__setattr__


def _record(cls: type[BaseModel], fields: dict, given: set) -> BaseModel:
    """A record as pydantic's __setstate__ makes it."""
    record = _new(cls)
    _set(record, "__dict__", fields)
    _set(record, "__pydantic_fields_set__", given)
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record
