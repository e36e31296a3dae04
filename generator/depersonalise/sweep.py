"""The leak gate over whole folders, in parallel and with a cache of clean files.

`LeakScanner.scan_dir` reads every file of a build one after the other; a site of thousands
of rulings has tens of thousands of files, most of them unchanged since the last build. Here
the files are scanned by forked worker processes (each inherits the compiled scanner), and a
file found clean is remembered by the hash of its name's suffixes and content under the
scanner's fingerprint: a hash of every name, contact and stem it looks for and of the
scanner's code. The next build skips a file only when its bytes are the same and the scanner
is the same; when any person or contact in the records changes, the fingerprint changes and
everything is scanned again. Files with findings are never cached (they stop the build).

The search index (a Whoosh folder) is scanned as `scan_whoosh` does, each document's stored
fields cached the same way; its indexed terms are checked every time. The index stores the
rulings' texts the open data holds too: a long string of a JSON line found clean is known
clean (`LeakScanner.known_clean`), also when a worker process found it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from generator.depersonalise.gate import Finding, LeakScanner, _strings, index_names

_CHUNK = 64  # files per task: small enough to balance, large enough to keep overhead low
_scanner: LeakScanner | None = None  # the scanner of the current sweep, inherited by fork


def fingerprint(scanner: LeakScanner) -> str:
    """A hash of everything the scanner looks for and of the code that looks."""
    h = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        h.update(source.name.encode() + b"\0" + source.read_bytes())

    def who(w) -> tuple:
        return (w.case, w.letters, sorted(w.given), w.public)

    for table in (scanner._a, scanner._b):
        h.update(repr(sorted((k, sorted(map(who, v))) for k, v in table.items())).encode())
    for table in (scanner._pat_a, scanner._pat_b):
        h.update(repr(sorted((k, sorted(v)) for k, v in table.items())).encode())
    given = scanner._pat_given
    h.update(
        repr(
            sorted((k, sorted((g, sorted(c)) for g, c in v.items())) for k, v in given.items())
        ).encode()
    )
    contacts = scanner._contacts
    for table in (contacts.iins, contacts.phones, contacts.emails, contacts.addresses):
        h.update(repr(sorted((k, sorted(v)) for k, v in table.items())).encode())
    return h.hexdigest()[:32]


class CleanCache:
    """Keys of content found clean under one scanner fingerprint (one file per fingerprint;
    files of other fingerprints are removed when this one is saved)."""

    def __init__(self, folder: Path | None, print_: str) -> None:
        self.folder = folder
        self.file = folder / f"{print_}.txt" if folder else None
        self.keys: set[str] = set()
        if self.file is not None and self.file.is_file():
            self.keys = set(self.file.read_text(encoding="ascii").split())
        self.used: set[str] = set()

    def __contains__(self, key: str) -> bool:
        if key in self.keys:
            self.used.add(key)
            return True
        return False

    def add(self, key: str) -> None:
        self.used.add(key)

    def save(self) -> None:
        """Keep the keys seen before too (`alqa index` scans the index alone), unless they
        outnumber this build's by far: then this build's only, so the cache stays small."""
        if self.file is None:
            return
        keep = self.keys | self.used
        if len(keep) > 4 * len(self.used) + 10_000:
            keep = self.used
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("".join(f"{k}\n" for k in sorted(keep)), encoding="ascii")
        tmp.replace(self.file)
        for old in self.folder.glob("*.txt"):
            if old != self.file:
                old.unlink(missing_ok=True)


def _key(kind: str, data: bytes) -> str:
    return hashlib.sha256(kind.encode() + b"\0" + data).hexdigest()[:40]


# A unit of work: a whole file (start 0, end -1), or one line of a JSON Lines file (its
# number from 0 and its byte span): the open-data bulk file holds every ruling's text and
# changes whenever one ruling does, so its lines are scanned and remembered one by one.
# Workers read the bytes themselves, so no text is held or sent by the parent.
Unit = tuple[str, int, int, int]


def _units(path: Path, cache: CleanCache) -> dict[Unit, str]:
    """The units of a file not known to be clean, each with its cache key."""
    data = path.read_bytes()
    if path.suffix.lower() != ".jsonl":
        key = _key("".join(path.suffixes[-2:]).lower(), data)
        return {} if key in cache else {(str(path), 0, 0, -1): key}
    units: dict[Unit, str] = {}
    start = 0
    for number, line in enumerate(data.split(b"\n")):
        key = _key(".jsonl-line", line)
        if line.strip() and key not in cache:
            units[(str(path), number, start, start + len(line))] = key
        start += len(line) + 1
    return units


def _scan_unit(unit: Unit) -> list[Finding]:
    assert _scanner is not None
    path, number, start, end = unit
    if end < 0:
        return _scanner.scan_file(Path(path))
    with open(path, "rb") as f:
        f.seek(start)
        text = f.read(end - start).decode("utf-8", "replace")
    found = _scanner.scan_source(text, ".jsonl", path)
    return [replace(f, line=f.line + number) if f.line else f for f in found]


def _scan_chunk(units: list[Unit]) -> tuple[list[list[Finding]], list[bytes]]:
    """The findings of each unit, and what the scanner learnt was clean meanwhile (long
    JSON strings of clean lines: the search index stores the same texts; see
    `LeakScanner.known_clean`), for the parent process to know too."""
    assert _scanner is not None
    start = len(_scanner.learned)
    return [_scan_unit(u) for u in units], _scanner.learned[start:]


def _walk(root: Path) -> tuple[list[Path], list[Path]]:
    """Files and Whoosh folders under `root`, in `scan_dir`'s order."""
    files: list[Path] = []
    whoosh: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        here = Path(dirpath)
        if any(name.endswith(".toc") for name in filenames):
            whoosh.append(here)
            dirnames[:] = []
            continue
        files += [here / name for name in sorted(filenames)]
    return files, whoosh


def scan_folders(
    scanner: LeakScanner,
    folders: Iterable[Path],
    cache_dir: Path | None = None,
    jobs: int | None = None,
) -> list[Finding]:
    """Every finding in `folders` (as `scanner.scan_dir` of each, sorted); files found clean
    before by a scanner with the same fingerprint are skipped."""
    global _scanner
    cache = CleanCache(cache_dir, fingerprint(scanner)) if cache_dir else CleanCache(None, "")
    files: list[Path] = []
    whoosh: list[Path] = []
    for folder in folders:
        if folder.exists():
            f, w = _walk(folder)
            files += f
            whoosh += w
    keys: dict[Unit, str] = {}
    for path in files:
        keys.update(_units(path, cache))
    todo = list(keys)
    findings: list[Finding] = []
    jobs = jobs or os.cpu_count() or 1
    size = max(1, min(_CHUNK, -(-len(todo) // jobs)))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    _scanner = scanner
    results: list[list[Finding]] = []
    try:
        if jobs > 1 and len(chunks) > 1:
            fork = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(jobs, mp_context=fork) as pool:
                for found, learned in pool.map(_scan_chunk, chunks):
                    results += found
                    scanner.learn(learned)
        else:
            for chunk in chunks:
                results += _scan_chunk(chunk)[0]
    finally:
        _scanner = None
    for unit, found in zip(todo, results, strict=True):
        if found:
            findings += found
        else:
            cache.add(keys[unit])
    for folder in whoosh:
        findings += scan_whoosh(scanner, folder, cache)
    cache.save()
    return sorted(findings)


def scan_whoosh(scanner: LeakScanner, folder: Path, cache: CleanCache) -> list[Finding]:
    """`LeakScanner.scan_whoosh`, skipping documents whose stored fields were found clean."""
    from whoosh import index

    found: list[Finding] = []
    for indexname in index_names(folder):
        ix = index.open_dir(str(folder), indexname=indexname)
        with ix.reader() as reader:
            for stored in reader.all_stored_fields():
                texts = list(_strings(stored))
                key = _key("whoosh", "\0".join(texts).encode("utf-8", "surrogatepass"))
                if key in cache:
                    continue
                texts = [t for t in texts if not scanner.known_clean(t)]
                hits = scanner._scan_variants(str(folder), [(t, False) for t in texts])
                if hits:
                    found += hits
                else:
                    cache.add(key)
            found += scanner.scan_terms(reader, ix.schema, folder)
    return sorted(set(found))
