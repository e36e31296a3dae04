"""The phrase index: which rulings have two stems next to each other.

A phrase matches a ruling that has every consecutive pair of its stems ("жалдау шарт"),
as the ``pairs_*`` fields of schema version 1 did; the pairs are kept here instead of in
Whoosh, where they were two postings of three and most of the build's time. Each pair
is a 64-bit key (hash of the first stem times an odd constant, xor the hash of the
second: order matters), and the index is a sorted array of the distinct keys with, for
each, the rows (rulings) that have it: numpy arrays, memory-mapped when searching.

Files, next to the Whoosh segments: ``phrases-keys.npy`` (distinct keys, sorted),
``phrases-starts.npy`` (where each key's rows start), ``phrases-rows.npy`` and
``phrases-ids.json`` (the index ids, "NUMBER#LANG", of the rows: public rulings only).
No text is stored: a key cannot be read back into words. Terms the build's guard blocks
(see schema.term_guard) give no pair.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

_MUL = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.empty(0, np.uint64)
FILES = ("phrases-keys.npy", "phrases-starts.npy", "phrases-rows.npy", "phrases-ids.json")


@lru_cache(maxsize=1 << 19)
def _stem_hash(stem: str) -> int:
    return int.from_bytes(hashlib.blake2b(stem.encode(), digest_size=8).digest(), "little")


def pair_keys(stems: list[str], blocked: frozenset[str] | set[str] = frozenset()) -> np.ndarray:
    """The distinct keys of the consecutive pairs of `stems` (none with a blocked stem)."""
    if len(stems) < 2:
        return _EMPTY
    hashes = np.fromiter(map(_stem_hash, stems), np.uint64, len(stems))
    keys = (hashes[:-1] * _MUL) ^ hashes[1:]
    if blocked:
        ok = np.fromiter((s not in blocked for s in stems), bool, len(stems))
        keys = keys[ok[:-1] & ok[1:]]
    return np.unique(keys)


class PhraseIndex:
    """Sorted distinct pair keys -> rows; a row is a ruling (``ids[row]``)."""

    def __init__(
        self, ids: list[str], keys: np.ndarray, starts: np.ndarray, rows: np.ndarray
    ) -> None:
        self.ids, self.keys, self.starts, self.rows = ids, keys, starts, rows

    @classmethod
    def from_docs(cls, docs: Iterable[tuple[str, np.ndarray]]) -> PhraseIndex:
        ids, parts = [], []
        for doc_id, keys in docs:
            ids.append(doc_id)
            parts.append(keys)
        counts = np.fromiter(map(len, parts), np.int64, len(parts))
        rows = np.repeat(np.arange(len(ids), dtype=np.uint32), counts)
        keys = np.concatenate(parts) if parts else _EMPTY
        return cls._from_pairs(ids, keys, rows)

    @classmethod
    def _from_pairs(cls, ids: list[str], keys: np.ndarray, rows: np.ndarray) -> PhraseIndex:
        order = np.argsort(keys, kind="stable")  # rows stay ascending within a key
        keys, rows = keys[order], rows[order]
        distinct, starts = np.unique(keys, return_index=True)
        starts = np.append(starts, len(keys)).astype(np.int64)
        small = len(ids) <= np.iinfo(np.uint16).max + 1  # two bytes a posting, not four
        return cls(ids, distinct, starts, rows.astype(np.uint16 if small else np.uint32))

    @classmethod
    def merge(cls, parts: list[PhraseIndex]) -> PhraseIndex:
        """One index of the rows of `parts`, in order (sorted parts merge fast)."""
        ids: list[str] = []
        keys, rows = [], []
        for part in parts:
            k, r = part.pairs()
            keys.append(k)
            rows.append(r.astype(np.int64) + len(ids))
            ids += part.ids
        if not parts:
            return cls.from_docs([])
        return cls._from_pairs(ids, np.concatenate(keys), np.concatenate(rows))

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(key, row) of every posting."""
        return np.repeat(self.keys, np.diff(self.starts)), self.rows

    def updated(self, remove: set[str], add: list[tuple[str, np.ndarray]]) -> PhraseIndex:
        """A new index without the rows of `remove` and with the rulings of `add`."""
        keys, rows = self.pairs()
        keep = np.fromiter((i not in remove for i in self.ids), bool, len(self.ids))
        renumber = np.cumsum(keep, dtype=np.int64) - 1
        mask = keep[rows] if len(rows) else np.zeros(0, bool)
        keys, rows = keys[mask], renumber[rows[mask]]
        ids = [i for i, k in zip(self.ids, keep, strict=True) if k]
        extra = PhraseIndex.from_docs(add)
        more_keys, more_rows = extra.pairs()
        ids += extra.ids
        return PhraseIndex._from_pairs(
            ids,
            np.concatenate([keys, more_keys]),
            np.concatenate([rows, more_rows.astype(np.int64) + (len(ids) - len(extra.ids))]),
        )

    def rows_for(self, key: int) -> np.ndarray:
        i = int(np.searchsorted(self.keys, np.uint64(key)))
        if i >= len(self.keys) or int(self.keys[i]) != key:
            return self.rows[:0]
        return self.rows[self.starts[i] : self.starts[i + 1]]

    def save(self, folder: Path) -> None:
        """Write the files, each under a temporary name first: a searcher that has the old
        ones mapped keeps reading them."""
        folder = Path(folder)
        for name, array in zip(FILES, (self.keys, self.starts, self.rows), strict=False):
            with open(folder / f".{name}.tmp", "wb") as f:
                np.save(f, array, allow_pickle=False)
        ids = folder / f".{FILES[3]}.tmp"
        ids.write_text(json.dumps(self.ids, ensure_ascii=False), "utf-8")
        for name in FILES:
            os.replace(folder / f".{name}.tmp", folder / name)

    @staticmethod
    def exists(folder: Path) -> bool:
        return all((Path(folder) / name).is_file() for name in FILES)

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> PhraseIndex | None:
        folder = Path(folder)
        if not cls.exists(folder):
            return None
        mode = "r" if mmap else None
        arrays = [np.load(folder / n, mmap_mode=mode, allow_pickle=False) for n in FILES[:3]]
        ids = json.loads((folder / FILES[3]).read_text("utf-8"))
        return cls(ids, *arrays)
