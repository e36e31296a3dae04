"""Results of pure page-making functions, kept between builds (ROOT/.alqa-cache/memo.sqlite).

A court of 10,000 rulings has 10,000 Akoma Ntoso documents, 10,000 ruling pages and a
calendar per week of four years; a rebuild after one correction needs one of each anew.
`Memo.get(name, make, *args)` returns `make(*args)`, taken from the cache when the same
function was called with equal arguments by the same code before.

The key is a hash of the generator's source code, the function's name and the `repr` of
the arguments. Only plain values go in: dataclasses and pydantic models whose repr shows
every field, dates, strings, tuples; a record with a `digest` (a public ruling: a hash of
its content, made with the public view) goes in by it, so its long text is not repr'd. A repr that varies between runs (sets, objects without
a repr) only costs a miss, never a wrong result. Entries not used by the last few builds are
dropped, so the cache holds about one court's worth.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pickle
import sqlite3
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from generator.fingerprint import source_digest

T = TypeVar("T")
LIBRARIES = ("icalendar", "feedgen", "pyyaml")  # whose output memoised functions return
KEEP_BUILDS = 3  # entries unused for this many builds are dropped


@functools.cache
def code_fingerprint() -> str:
    """A hash of every source file of the generator and of the libraries' versions: any
    change of code, any new entry."""
    h = hashlib.blake2b(source_digest("**/*.py").encode(), digest_size=16)
    for library in LIBRARIES:
        try:
            h.update(f"{library}={version(library)}".encode())
        except PackageNotFoundError:
            h.update(library.encode())
    return h.hexdigest()


class Memo:
    """One build's use of the cache; `close()` saves what it learnt. Without a path,
    nothing is kept and every call runs its function."""

    def __init__(self, path: Path | None = None) -> None:
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        self._used: list[tuple[str]] = []
        self._models: dict[int, tuple[object, str]] = {}  # id -> (record, its repr)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError:  # a damaged cache is only a cache: start again
            path.unlink(missing_ok=True)
            self._db = self._open(path)
        row = self._db.execute("SELECT MAX(build) FROM used").fetchone()
        self.build = (row[0] or 0) + 1

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=60)
        db.execute("PRAGMA journal_mode=WAL")
        # values and their last use apart: marking 20,000 entries used must not rewrite
        # their values (sqlite rewrites a whole row), nor must finding the unused read them
        db.execute("DROP TABLE IF EXISTS memo")  # the first layout, values and use together
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY, build INTEGER)")
        db.execute("CREATE INDEX IF NOT EXISTS used_build ON used (build)")
        return db

    def get(self, name: str, make: Callable[..., T], *args) -> T:
        if self._db is None:
            return make(*args)
        key = self.key(name, args)
        row = self._db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        if row is not None:
            self.hits += 1
            self._used.append((key,))
            return pickle.loads(row[0])
        self.misses += 1
        value = make(*args)
        self._db.execute(
            "INSERT OR REPLACE INTO entries VALUES (?, ?)",
            (key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)),
        )
        self._used.append((key,))
        return value

    def key(self, name: str, args: tuple) -> str:
        """What `get` keeps `name(*args)` under: the code, the name and the arguments."""
        return hashlib.blake2b(
            f"{code_fingerprint()}\0{name}\0{self._repr(args)}".encode("utf-8", "surrogatepass"),
            digest_size=20,
        ).hexdigest()

    def _repr(self, value: object) -> str:
        """`repr(value)`, with the repr of each record object (pydantic model or dataclass)
        made once per build: the same category, judge and court objects are in thousands
        of rulings, a ruling is in several keys, and repr was most of a warm build's pages.
        The objects are kept with their repr, so an id is never reused meanwhile; they are
        records of one build, which nothing changes while it runs."""
        if isinstance(value, str):
            return repr(value)
        if isinstance(value, tuple | list):
            return "(" + ",".join(map(self._repr, value)) + ")"
        model = isinstance(value, BaseModel)
        if not model and not _frozen_dataclass(value):
            return repr(value)
        digest = getattr(value, "digest", None)
        if digest:  # a record that hashes its own content (a public ruling and its text)
            return f"{type(value).__qualname__}#{digest}"
        known = self._models.get(id(value))
        if known is None or known[0] is not value:
            if model:
                text = repr(value)
            else:  # a public ruling or hearing: in several keys (its page, its documents)
                fields = ",".join(
                    f"{f.name}={self._repr(getattr(value, f.name))}"
                    for f in dataclasses.fields(value)
                )
                text = f"{type(value).__qualname__}({fields})"
            known = self._models[id(value)] = (value, text)
        return known[1]

    def close(self) -> None:
        if self._db is None:
            return
        db, self._db = self._db, None
        db.executemany(f"INSERT OR REPLACE INTO used VALUES (?, {self.build})", self._used)
        old = (self.build - KEEP_BUILDS,)
        db.execute("DELETE FROM entries WHERE key IN (SELECT key FROM used WHERE build <= ?)", old)
        db.execute("DELETE FROM used WHERE build <= ?", old)
        db.commit()
        db.close()


def _frozen_dataclass(value: object) -> bool:
    params = getattr(type(value), "__dataclass_params__", None)
    return params is not None and params.frozen and not isinstance(value, type)
