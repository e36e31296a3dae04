"""The phrase index: which rulings have two stems next to each other.

A phrase matches a ruling that has every consecutive pair of its stems ("жалдау шарт"),
as the ``pairs_*`` fields of schema version 1 did; the pairs are kept here instead of in
Whoosh, where they were two postings of three and most of the build's time. Each pair
is a 64-bit key (hash of the first stem times an odd constant, xor the hash of the
second: order matters). A row is a ruling; the rows are numbered across the index's
parts, each a sorted array of distinct keys with, for each, the part's rows that have it:
numpy arrays, memory-mapped when searching.

Like Whoosh's segments, a part is written once and never changed, so an update costs what
it changes, not what the index holds (and a staged copy of the index can hard-link the
parts): a full build writes a part per worker's share; an update marks the rows of the
rulings it re-indexes or deletes dead (their id becomes null) and adds a part of the
rulings it indexes. It then merges the newest parts while the newer holds as many live
rows as the one before (a binary counter: few parts, each row rewritten a few times in
all) and rewrites a part whose rows are mostly dead.

Files, next to the Whoosh segments: ``phrases.json`` (the manifest: the parts, as name
and row count, and the index id, "NUMBER#LANG", of each row: public rulings only) and per
part ``phrases-NAME-keys.npy`` (distinct keys, sorted), ``phrases-NAME-starts.npy``
(where each key's rows start) and ``phrases-NAME-rows.npy``. No text is stored: a key
cannot be read back into words. Terms the build's guard blocks (see schema.term_guard)
give no pair.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

_MUL = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.empty(0, np.uint64)
_NO_ROWS = np.empty(0, np.int64)
MANIFEST = "phrases.json"
_ARRAYS = ("keys", "starts", "rows")


def stem_hash(stem: str) -> int:
    """A stem's 64-bit hash, of which its pairs' keys are made."""
    return int.from_bytes(hashlib.blake2b(stem.encode(), digest_size=8).digest(), "little")


_stem_hash = lru_cache(maxsize=1 << 19)(stem_hash)


def pair_keys(stems: list[str], blocked: frozenset[str] | set[str] = frozenset()) -> np.ndarray:
    """The distinct keys of the consecutive pairs of `stems` (none with a blocked stem),
    sorted."""
    if len(stems) < 2:
        return _EMPTY
    hashes = np.fromiter(map(_stem_hash, stems), np.uint64, len(stems))
    ok = np.fromiter((s not in blocked for s in stems), bool, len(stems)) if blocked else None
    return pair_keys_of_hashes(hashes, ok)


def pair_keys_of_hashes(hashes: np.ndarray, ok: np.ndarray | None = None) -> np.ndarray:
    """:func:`pair_keys` of the stems whose hashes are `hashes`; `ok`: which stems are not
    blocked (None: all)."""
    if len(hashes) < 2:
        return _EMPTY
    keys = (hashes[:-1] * _MUL) ^ hashes[1:]
    if ok is not None:
        keys = keys[ok[:-1] & ok[1:]]
    keys.sort()  # distinct by sorting: np.unique's hash table is slower on these sizes
    return keys[_first_of_runs(keys)]


def _row_type(size: int) -> type:
    """Rows of a part of `size` rows: two bytes a posting while they fit, else four."""
    return np.uint16 if size <= np.iinfo(np.uint16).max + 1 else np.uint32


def _first_of_runs(keys: np.ndarray) -> np.ndarray:
    """Where each run of equal values of sorted `keys` starts."""
    if not len(keys):
        return _NO_ROWS
    return np.concatenate(([0], np.flatnonzero(keys[1:] != keys[:-1]) + 1))


class Part:
    """Rows `0..size-1` of a part (numbered from the part's first): sorted distinct keys,
    where each key's rows start in `rows`, and the rows, ascending within a key."""

    __slots__ = ("keys", "name", "rows", "size", "starts")

    def __init__(
        self, name: str, size: int, keys: np.ndarray, starts: np.ndarray, rows: np.ndarray
    ) -> None:
        self.name, self.size = name, size
        self.keys, self.starts, self.rows = keys, starts, rows

    @classmethod
    def of_pairs(cls, size: int, keys: np.ndarray, rows: np.ndarray) -> Part:
        """A new part of `size` rows from its (key, row) postings; sorts `keys` in place
        (a full build's worker holds millions: no sorted copy beside them)."""
        order = np.argsort(keys, kind="stable")  # rows stay ascending within a key
        rows = rows[order].astype(_row_type(size), copy=False)
        del order
        keys.sort()  # what keys[order] would be
        first = _first_of_runs(keys)
        starts = np.append(first, len(keys)).astype(np.int64)
        return cls(secrets.token_hex(8), size, keys[first], starts, rows)

    @classmethod
    def of_docs(cls, keys: list[np.ndarray]) -> Part:
        """A new part whose row i has the pair keys `keys[i]`."""
        counts = np.fromiter(map(len, keys), np.int64, len(keys))
        return cls.of_rows(np.concatenate(keys) if keys else _EMPTY.copy(), counts)

    @classmethod
    def of_rows(cls, keys: np.ndarray, counts: np.ndarray) -> Part:
        """A new part whose row i has the next `counts[i]` of `keys`, sorting them in place."""
        rows = np.repeat(np.arange(len(counts), dtype=_row_type(len(counts))), counts)
        return cls.of_pairs(len(counts), keys, rows)

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(key, row) of every posting."""
        return np.repeat(self.keys, np.diff(self.starts)), self.rows

    def rows_for(self, key: np.uint64) -> np.ndarray:
        i = int(np.searchsorted(self.keys, key))
        if i >= len(self.keys) or self.keys[i] != key:
            return self.rows[:0]
        return self.rows[self.starts[i] : self.starts[i + 1]]

    def files(self) -> list[str]:
        return _files(self.name)

    def save(self, folder: Path) -> None:
        """Write the part's files unless they are there (a part never changes)."""
        for name, array in zip(self.files(), (self.keys, self.starts, self.rows), strict=True):
            if not (folder / name).is_file():
                with open(folder / f".{name}.tmp", "wb") as f:
                    np.save(f, array, allow_pickle=False)
                os.replace(folder / f".{name}.tmp", folder / name)

    @classmethod
    def load(cls, folder: Path, name: str, size: int, mmap: bool) -> Part:
        mode = "r" if mmap else None
        keys, starts, rows = (
            np.load(folder / f, mmap_mode=mode, allow_pickle=False) for f in _files(name)
        )
        return cls(name, size, keys, starts, rows)


def _files(name: str) -> list[str]:
    return [f"phrases-{name}-{array}.npy" for array in _ARRAYS]


class PhraseIndex:
    """Pair keys -> rows, over parts; a row is a ruling (``ids[row]``, None when dead)."""

    def __init__(self, ids: list[str | None], parts: list[Part]) -> None:
        self.ids, self.parts = ids, parts
        self.offsets = np.cumsum([0] + [part.size for part in parts]).tolist()

    @classmethod
    def from_docs(cls, docs: Iterable[tuple[str, np.ndarray]]) -> PhraseIndex:
        """One part of `docs`, (index id, pair keys) of each ruling."""
        ids, keys = [], []
        for doc_id, doc_keys in docs:
            ids.append(doc_id)
            keys.append(doc_keys)
        return cls(ids, [Part.of_docs(keys)] if ids else [])

    @classmethod
    def of_rows(cls, ids: list[str], keys: np.ndarray, counts: np.ndarray) -> PhraseIndex:
        """One part of the rulings `ids`, ruling i with the next `counts[i]` of `keys`
        (sorted in place)."""
        return cls(ids, [Part.of_rows(keys, counts)] if ids else [])

    def updated(self, remove: set[str], add: list[tuple[str, np.ndarray]]) -> PhraseIndex:
        """A new index without the rows of `remove` and with the rulings of `add`."""
        ids = [None if i in remove else i for i in self.ids]
        parts = list(self.parts)
        if add:
            parts.append(Part.of_docs([keys for _, keys in add]))
            ids += [doc_id for doc_id, _ in add]
        return PhraseIndex(ids, parts)._tidied(bool(add))

    def _tidied(self, added: bool) -> PhraseIndex:
        """Merge the newest part (when `added`) with the parts before it while the next one
        has no more live rows than those merged so far (a binary counter: O(log n) parts,
        a row rewritten O(log n) times); drop the other parts without a live row, rewrite
        those mostly dead and keep the rest as they are."""
        bounds = list(zip(self.offsets, self.offsets[1:], strict=False))
        live = [sum(i is not None for i in self.ids[a:b]) for a, b in bounds]
        first = len(self.parts)
        if added:
            first -= 1
            total = live[first]
            while first > 0 and total >= live[first - 1]:
                first -= 1
                total += live[first]
        groups = [[i] for i in range(first)] + [list(range(first, len(self.parts)))]
        ids: list[str | None] = []
        parts: list[Part] = []
        for group in filter(None, groups):
            if not sum(live[i] for i in group):
                continue
            a, b = bounds[group[0]][0], bounds[group[-1]][1]
            if len(group) == 1 and 2 * live[group[0]] >= b - a:
                parts.append(self.parts[group[0]])
                ids += self.ids[a:b]
            else:
                kept, part = self._rewritten(group)
                parts.append(part)
                ids += kept
        return PhraseIndex(ids, parts)

    def _rewritten(self, group: list[int]) -> tuple[list[str], Part]:
        """The live rows of the parts `group` (consecutive), as one new part."""
        ids: list[str] = []
        keys, rows = [], []
        for i in group:
            part, start = self.parts[i], self.offsets[i]
            part_ids = self.ids[start : start + part.size]
            live = np.fromiter((x is not None for x in part_ids), bool, part.size)
            renumber = np.cumsum(live, dtype=np.int64) - 1 + len(ids)
            part_keys, part_rows = part.pairs()
            keep = live[part_rows]
            keys.append(part_keys[keep])
            rows.append(renumber[part_rows[keep]])
            ids += [x for x in part_ids if x is not None]
        return ids, Part.of_pairs(len(ids), np.concatenate(keys), np.concatenate(rows))

    def rows_for(self, key: int) -> np.ndarray:
        """The rows that have the pair `key` (dead ones too)."""
        key64 = np.uint64(key)
        found = []
        for part, offset in zip(self.parts, self.offsets, strict=False):
            rows = part.rows_for(key64)
            if len(rows):
                found.append(rows.astype(np.int64) + offset)
        if not found:
            return _NO_ROWS
        return found[0] if len(found) == 1 else np.concatenate(found)

    def save(self, folder: Path) -> None:
        """Write the new parts, then the manifest (by a rename), then remove the files of
        the parts no longer listed (a searcher that has them mapped keeps reading them)."""
        folder = Path(folder)
        self.save_parts(folder)
        write_manifest(folder, self.ids, [(part.name, part.size) for part in self.parts])
        listed = {name for part in self.parts for name in part.files()}
        for old in folder.glob("phrases-*.npy"):
            if old.name not in listed:
                old.unlink()

    def save_parts(self, folder: Path) -> None:
        """Write the parts' files that are not in `folder` yet, not the manifest."""
        for part in self.parts:
            part.save(folder)

    @staticmethod
    def exists(folder: Path) -> bool:
        return (Path(folder) / MANIFEST).is_file()

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> PhraseIndex | None:
        folder = Path(folder)
        if not cls.exists(folder):
            return None
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
        parts = [Part.load(folder, name, size, mmap) for name, size in manifest["parts"]]
        return cls(manifest["ids"], parts)


def write_manifest(folder: Path, ids: list[str | None], parts: list[tuple[str, int]]) -> None:
    """List `parts` (name, rows), whose files are in `folder`, as the phrase index there."""
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps({"parts": parts, "ids": ids}, ensure_ascii=False), "utf-8")
    os.replace(tmp, folder / MANIFEST)
