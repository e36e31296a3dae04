"""Depersonalised ruling texts kept by content in ROOT/.alqa-cache, so a rebuild after one
ruling changed depersonalises that ruling only.

A ruling's key is a hash of everything its depersonalised text depends on: the ruling's text,
headnote and language, its whole case record (every person, IIN, contact and address in it),
the names that stay (`keep`: judges and staff) and the code that depersonalises (every source
file of this package, generator/iin.py, generator/models/case.py, the Python version). A
changed case or changed code gives new keys, so an old text is never reused for it.

What is kept is small: not the depersonalised text but the edits that turn the ruling's own
text into it (each name or contact replaced: its span and replacement), found by `diff` and
checked by `patch` before they are stored. Rebuilding a text from them is a join of slices
of the text already in memory, far cheaper than unpickling a second copy of every text
(10,000 rulings: ~370 MB of text, ~7 MB of edits). A text the edits cannot describe
compactly is stored whole.

The cache is one file written atomically, holding the entries of the last build's rulings
only, behind a hash of its payload: a damaged, truncated or foreign file is ignored (and
replaced by the next build).
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator import sealed
from generator.fingerprint import source_digest
from generator.models.case import Case
from generator.models.ruling import Ruling

FILE = "public-texts.pickle"
_FORMAT = b"alqa-public-texts 1\n"
# the depersonaliser's code (not the leak gate's, which only reads its output)
_SOURCES = (
    "depersonalise/__init__.py",
    "depersonalise/names.py",
    "depersonalise/contacts.py",
    "depersonalise/edits.py",
    "depersonalise/text_cache.py",
    "iin.py",
    "models/case.py",
)

# An edit script on the original text: the spans replaced, as one array of (start, end)
# pairs in order, and their replacements; or the whole depersonalised text when no compact
# script was found. (Arrays, not tuples of ints: a tenth of the time to unpickle.)
Edits = tuple[array, tuple[str, ...]]
TextEntry = Edits | str
Entry = tuple[TextEntry, str | None]  # (text, headnote); a headnote is stored whole


@cache
def fingerprint() -> bytes:
    """A hash of the code a depersonalised text depends on (and of this cache's format)."""
    # the Python version too: `re` and its Unicode data decide what a word is
    return _FORMAT + sys.version.encode() + source_digest(*_SOURCES).encode()


def depersonalise(ruling: Ruling, case: Case, keep: tuple[str, ...]) -> tuple[str, str | None]:
    """The depersonalised (text, headnote) of a ruling of a case that is not confidential."""
    from generator.depersonalise import Depersonaliser

    dep = Depersonaliser.for_case(case, keep)
    lang = ruling.meta.language.value
    headnote = ruling.meta.headnote
    return dep.apply(ruling.text, lang), dep.apply(headnote, lang) if headnote else None


def depersonalised_entry(ruling: Ruling, case: Case, keep: tuple[str, ...]) -> Entry:
    """The cache entry of a ruling as `depersonalise` would `pack` it, made from the
    depersonaliser's own replacements rather than by comparing the two texts after."""
    from generator.depersonalise import Depersonaliser

    dep = Depersonaliser.for_case(case, keep)
    lang = ruling.meta.language.value
    edits = dep.edits(ruling.text, lang)
    cuts = array("I", [at for start, end, _ in edits for at in (start, end)])
    script = (cuts, tuple(new for _, _, new in edits))
    headnote = ruling.meta.headnote
    return script, dep.apply(headnote, lang) if headnote else None


# --- edit scripts ---------------------------------------------------------------------------

_PROBE = 16  # characters that must agree after an edit for the texts to be in step again
_MAX_DELETE = 512  # characters of the original an edit may replace (names, addresses, runs)
_MAX_INSERT = 256  # characters an edit may insert
_NEAR = 64  # an edit is first looked for within this many characters


def _common(a: str, i: int, b: str, j: int) -> int:
    """The length of the common prefix of a[i:] and b[j:], by slice comparisons (C speed):
    galloping over long equal runs, then halving within the chunk that differs."""
    n = min(len(a) - i, len(b) - j)
    lo, step = 0, 32
    while lo < n:
        k = min(step, n - lo)
        if a[i + lo : i + lo + k] == b[j + lo : j + lo + k]:
            lo += k
            step *= 2
            continue
        hi = lo + k  # a[i:i+lo] == b[j:j+lo]; they differ before i+hi
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if a[i + lo : i + mid] == b[j + lo : j + mid]:
                lo = mid
            else:
                hi = mid
        return lo
    return n


def diff(a: str, b: str) -> Edits | None:
    """Edits turning `a` into `b` when `b` is `a` with short spans replaced (a depersonalised
    text), or None when no such script is found. A wrong resynchronisation (on text that
    repeats) only makes the script longer, never wrong."""
    cuts: list[int] = []
    inserts: list[str] = []
    i = j = 0
    la, lb = len(a), len(b)
    while True:
        n = _common(a, i, b, j)
        i += n
        j += n
        if i == la and j == lb:
            return array("I", cuts), tuple(inserts)
        step = _resync(a, i, b, j, _NEAR, _NEAR, first=True) or _resync(
            a, i, b, j, _MAX_DELETE, _MAX_INSERT, first=False
        )
        if step is None:
            return None
        x, y = step
        cuts += (i, i + x)
        inserts.append(b[j : j + y])
        i += x
        j += y


def _resync(
    a: str, i: int, b: str, j: int, max_delete: int, max_insert: int, first: bool
) -> tuple[int, int] | None:
    """(x, y): a[i+x:] and b[j+y:] agree for _PROBE characters (or to their ends), with
    x <= max_delete and y <= max_insert. `first`: the smallest y (a name or contact is
    replaced by a short text, so the first agreement near by is the right one); otherwise
    the smallest x + y (far away, the first agreement may be a repeated phrase)."""
    la, lb = len(a), len(b)
    best: tuple[int, int] | None = None
    cost = max_delete + max_insert + 1
    for y in range(min(max_insert, lb - j) + 1):
        if y >= cost:
            break
        probe = b[j + y : j + y + _PROBE]
        if len(probe) < _PROBE:  # the rest of b is short: a must end with it
            x = la - len(probe) - i
            if 0 <= x <= max_delete and x + y < cost and a.endswith(probe):
                best, cost = (x, y), x + y
        elif (at := a.find(probe, i, i + min(max_delete, cost - y - 1) + _PROBE)) >= 0:
            best, cost = (at - i, y), at - i + y
        if first and best is not None:
            return best
    return best


def patch(a: str, edits: Edits) -> str:
    """`a` with the edits applied."""
    cuts, inserts = edits
    if len(cuts) != 2 * len(inserts):
        raise ValueError("not an edit script")
    parts: list[str] = [""] * (2 * len(inserts) + 1)
    parts[::2] = [a[p:q] for p, q in zip((0, *cuts[1::2]), (*cuts[::2], len(a)), strict=True)]
    parts[1::2] = inserts
    return "".join(parts)


def pack(original: str, text: str, headnote: str | None) -> Entry:
    """The cache entry of a depersonalised ruling: edits when they rebuild `text` exactly."""
    edits = diff(original, text)
    return (edits if edits is not None and patch(original, edits) == text else text), headnote


def unpack(original: str, entry: Entry) -> tuple[str, str | None]:
    """(text, headnote) from an entry and the ruling's own text."""
    stored, headnote = entry
    return (stored if isinstance(stored, str) else patch(original, stored)), headnote


# --- the cache ------------------------------------------------------------------------------


@dataclass
class TextCacheStats:
    """What one public view took from the cache and what it depersonalised."""

    rulings: int = 0  # rulings depersonalised (confidential ones are not)
    reused: int = 0  # taken from the cache
    computed: int = 0  # depersonalised now
    whole: int = 0  # of those computed, stored as whole texts (no compact edits)
    written: bool = False  # the cache file was (re)written


class TextCache:
    """Entries by key, loaded from `folder`/FILE; `save` keeps the given keys only."""

    def __init__(
        self,
        folder: Path | None,
        keep: Iterable[str],
        case_files: Mapping[str, tuple[Case, bytes]] | None = None,
        ruling_files: Mapping[str, tuple[Ruling, bytes]] | None = None,
    ) -> None:
        """`case_files`: case number -> (the case as loaded, the hash of its file's bytes),
        which then stands for that case object: the same bytes read by the same code (the
        record cache's fingerprint) are the same record, and dumping 10,000 records to hash
        them took 0.5 s of every build. Another object (a case changed in memory) is
        hashed by its content. `ruling_files` (path -> (ruling, hash)) the same for
        rulings: their front matter and text, hashed again, took 0.5 s more."""
        from generator import record_cache

        self.path = folder / FILE if folder else None
        self._base = hashlib.sha256(fingerprint())
        for name in keep:
            self._base.update(_framed(name.encode("utf-8", "surrogatepass")))
        if case_files:
            self._base.update(_framed(b"by file " + record_cache.fingerprint().encode()))
        self._files = case_files or {}
        self._ruling_files = ruling_files or {}
        self._cases: dict[str, bytes] = {}
        self.entries: dict[bytes, Entry] = self._load()
        self.stats = TextCacheStats()

    def _load(self) -> dict[bytes, Entry]:
        entries = sealed.read(self.path, _FORMAT) if self.path is not None else None
        return entries if isinstance(entries, dict) else {}

    def case_key(self, case: Case) -> bytes:
        """A hash of the whole case record (what `Depersonaliser.for_case` may read and more)."""
        found = self._cases.get(case.number)
        if found is None and (loaded := self._files.get(case.number)) and loaded[0] is case:
            found = self._cases[case.number] = b"file" + loaded[1]
        if found is None:
            data = case.model_dump_json().encode("utf-8", "surrogatepass")
            found = self._cases[case.number] = hashlib.sha256(data).digest()
        return found

    def key(self, ruling: Ruling, case: Case) -> bytes:
        h = self._base.copy()
        h.update(self.case_key(case))
        loaded = self._ruling_files.get(ruling.path)
        if loaded is not None and loaded[0] is ruling:  # the file: language, headnote, text
            h.update(b"file" + loaded[1])
            return h.digest()[:16]
        h.update(_framed(ruling.meta.language.value.encode()))
        headnote = ruling.meta.headnote
        h.update(b"-" if headnote is None else _framed(_utf16(headnote)))
        h.update(_utf16(ruling.text))  # last, so it needs no length
        return h.digest()[:16]

    def entry(self, key: bytes) -> Entry | None:
        """The entry of a key, or None when missing or of another shape than `pack` and
        `depersonalised_entry` make (an older format): that one is dropped, to be made
        again. The text is not unpacked: the public view makes it when first read."""
        entry = self.entries.get(key)
        if entry is None or _readable(entry):
            return entry
        del self.entries[key]
        return None

    def save(self, entries: dict[bytes, Entry]) -> None:
        """Write `entries` (this build's, so the file never grows beyond the corpus), unless
        the file already holds exactly these keys."""
        if self.path is None or entries.keys() == self.entries.keys():
            return
        shared: dict[str, str] = {}  # one object per replacement: smaller, faster to load
        for k, (text, headnote) in entries.items():
            if k not in self.entries and not isinstance(text, str):
                entries[k] = (text[0], tuple(shared.setdefault(r, r) for r in text[1])), headnote
        self.stats.written = write(self.path, entries)
        self.entries = entries


def _readable(entry: object) -> bool:
    """Whether an entry is (text or edit script, headnote or None)."""
    try:
        stored, headnote = entry  # type: ignore[misc]
        if headnote is not None and not isinstance(headnote, str):
            return False
        if isinstance(stored, str):
            return True
        cuts, inserts = stored
        return isinstance(inserts, tuple) and len(cuts) == 2 * len(inserts)
    except (TypeError, ValueError):
        return False


def write(path: Path, entries: dict[bytes, Entry]) -> bool:
    """Write a cache file atomically (False when it cannot be written)."""
    return sealed.write(path, _FORMAT, entries)


def _utf16(text: str) -> bytes:
    """Text as bytes for hashing: UTF-16 is a near copy of Python's own storage of Cyrillic
    text, twice as fast to make as UTF-8."""
    return text.encode("utf-16-le", "surrogatepass")


def _framed(data: bytes) -> bytes:
    return len(data).to_bytes(8, "little") + data
