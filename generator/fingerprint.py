"""A hash of some of the generator's own files: the part of a cache key that says which
code made an entry. Every cache in ROOT/.alqa-cache uses it, so a changed reader,
depersonaliser or builder never reuses what older code made."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).parent


@cache
def source_digest(*patterns: str) -> str:
    """Names and bytes of the files matching glob `patterns` under generator/
    ("models/**/*.py", "load.py", "**/*.py", "theme/**/*"), in a stable order."""
    files = sorted({p for pattern in patterns for p in PACKAGE.glob(pattern) if p.is_file()})
    h = hashlib.blake2b(digest_size=16)
    for source in files:
        h.update(source.relative_to(PACKAGE).as_posix().encode() + b"\0" + source.read_bytes())
    return h.hexdigest()
