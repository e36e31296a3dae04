"""The leak scanner kept between builds in ROOT/.alqa-cache/gate, so a rebuild does not
compile every name and contact of every case again (seconds at 20,000 cases).

A kept scanner stands for a new one built from
- the same case files: `Corpus.cases_digest`, a hash of every case file's path and bytes
  (when it is "", not known, nothing is kept or reused);
- the same public names (`keep`: judges and court staff) and folder of text extracted from
  PDFs;
- the same code: every source file of this package, the code that reads case files into
  records (`record_cache.fingerprint`) and the Python version (`re`, Unicode data,
  pickle);
all hashed into the name of its file. The file holds the scanner as built, before it scanned
anything, with its fingerprint (`LeakScanner.__getstate__`), behind a hash of its
payload: a damaged, truncated or foreign file is ignored and the scanner built again. The
two newest files are kept, so undoing a change to a case finds the scanner of before.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path

from generator import collector, record_cache, sealed
from generator.depersonalise.gate import LeakScanner
from generator.fingerprint import source_digest
from generator.models.case import Case

_FORMAT = b"alqa-leak-scanner 1\n"
_KEEP = 2  # files kept: this build's scanner and the one before


def leak_scanner(
    cases: Iterable[Case],
    keep: Iterable[str],
    pdf_text: Path | None,
    cases_digest: str,
    folder: Path | None,
) -> LeakScanner:
    """`LeakScanner.for_cases(cases, keep, pdf_text)`, from `folder` when it holds the
    scanner of the same inputs (see the module's docstring), else built and stored there."""
    keep = tuple(keep)
    if folder is None or not cases_digest:
        return LeakScanner.for_cases(cases, keep, pdf_text)
    file = folder / f"scanner-{_key(cases_digest, keep, pdf_text)}.pickle"
    scanner = _load(file)
    if scanner is None:
        scanner = LeakScanner.for_cases(cases, keep, pdf_text)
        _store(file, scanner)
    return scanner


def _key(cases_digest: str, keep: tuple[str, ...], pdf_text: Path | None) -> str:
    h = hashlib.blake2b(_FORMAT + sys.version.encode(), digest_size=16)
    h.update(source_digest("depersonalise/*.py").encode())
    h.update(record_cache.fingerprint().encode())  # the code that reads case files
    for part in (cases_digest, *keep, str(pdf_text)):
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def _load(file: Path) -> LeakScanner | None:
    with collector.paused():
        scanner = sealed.read(file, _FORMAT)
    return scanner if isinstance(scanner, LeakScanner) else None


def _store(file: Path, scanner: LeakScanner) -> None:
    """Write the file atomically, then remove all but the newest `_KEEP` scanner files."""
    with collector.paused():
        written = sealed.write(file, _FORMAT, scanner)
    if not written:
        return
    others = sorted(
        (p for p in file.parent.glob("scanner-*.pickle") if p != file),
        key=_mtime,
        reverse=True,
    )
    for old in others[_KEEP - 1 :]:
        with contextlib.suppress(OSError):
            old.unlink()


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
