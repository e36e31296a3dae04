"""Cache files that are one pickle behind a format line and a hash of the pickle.

A file that is damaged, cut short or written by another format reads as nothing, and the
caller makes what it held again; a cache never turns a build into a failure. Files are
written under a temporary name and renamed, so a reader never sees half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path

_HASH = 32  # bytes of the payload's hash after the format line


def read(path: Path, form: bytes) -> object | None:
    """What `write(path, form, value)` wrote, or None when the file is missing, damaged or
    of another format."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(form) + _HASH
    payload = memoryview(data)[head:]
    if data[: len(form)] != form or _hash(payload) != data[len(form) : head]:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a payload the hash vouches for but this code cannot read
        return None


def write(path: Path, form: bytes, value: object) -> bool:
    """Write `value` atomically; False when it cannot be written (a read-only root: the
    next build is then just not faster)."""
    payload = pickle.dumps(value, protocol=5)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            f.write(form + _hash(payload))
            f.write(payload)
        tmp.replace(path)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False


def _hash(payload: bytes | memoryview) -> bytes:
    return hashlib.sha256(payload).digest()
