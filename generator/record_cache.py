"""Case files already read and validated, kept by content in ROOT/.alqa-cache.

A court's records change a few files at a time, while `alqa check` (and every command that
needs the records) reads all of them: parsing and validating 20,000 unchanged YAML files
again is most of its time. A file is looked up by its path and the hash of its bytes, so an
edited file is always read afresh; the cache is dropped whenever the code that reads
records changes (its fingerprint is part of the file).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from generator.fingerprint import source_digest

FILE = "records.pickle"
_READERS = ("models/**/*.py", "yamlio.py", "validation.py", "load.py", "iin.py", "record_cache.py")


def fingerprint() -> str:
    """A hash of the code that turns files into records and problems."""
    return source_digest(*_READERS)


def key(rel: str, data: bytes) -> tuple[str, bytes]:
    return rel, hashlib.blake2b(data, digest_size=16).digest()


class RecordCache:
    def __init__(self, folder: Path | None):
        self.path = folder / FILE if folder else None
        self.entries: dict = {}
        self.new: dict = {}
        if self.path and self.path.is_file():
            try:
                with self.path.open("rb") as f:
                    saved = pickle.load(f)
                if saved.get("fingerprint") == fingerprint():
                    self.entries = saved["entries"]
            except Exception:  # a damaged or foreign cache is only a slower check
                self.entries = {}

    def get(self, k):
        return self.entries.get(k)

    def put(self, k, value) -> None:
        self.new[k] = value

    def save(self, keep: set) -> None:
        """Write the entries of the files read this time (`keep`), if anything changed."""
        if self.path is None or (not self.new and keep == set(self.entries)):
            return
        entries = {k: v for k, v in {**self.entries, **self.new}.items() if k in keep}
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as f:
                pickle.dump({"fingerprint": fingerprint(), "entries": entries}, f, protocol=5)
            tmp.replace(self.path)
        except OSError:  # a read-only root: the next check is just not faster
            tmp.unlink(missing_ok=True)
