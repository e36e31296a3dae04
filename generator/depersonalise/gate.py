"""The leak gate: search built output for anything depersonalisation should have removed.

The scanner knows every person of every case (confidential ones too), every IIN/BIN, phone,
e-mail and address of the records, and looks for them in every file a build wrote: pages,
feeds, calendars, JSON, office documents, PDFs and the Whoosh search index (stored fields and
indexed terms). Surnames are the main signal; a given name counts only with its patronymic,
so the judges' names, organisations and ordinary words never raise an alarm.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import json
import os
import re
import zipfile
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.depersonalise.contacts import ContactMatcher
from generator.depersonalise.names import (
    StemFinder,
    adjacent_initials,
    case_persons,
    fold,
    letters,
    split_name,
    trie_regex,
    word_stems,
)
from generator.models.case import Case, RepresentativeKind

_TEXT = {
    ".xml",
    ".atom",
    ".rss",
    ".ics",
    ".json",
    ".jsonl",
    ".csv",
    ".txt",
    ".md",
    ".svg",
    ".js",
    ".css",
    ".yml",
    ".yaml",
    ".toml",
    ".map",
    ".webmanifest",
    ".tsv",
    ".html",
    ".htm",
}
_MARKUP = {".html", ".htm", ".xml", ".atom", ".rss", ".svg"}
_ZIPPED = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub"}
_BINARY = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".ico",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".eot",
    ".mp3",
    ".mp4",
    ".webm",
    ".zip",
    ".pyc",
    ".so",
    ".bin",
}
_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(
    r"</(?:w:p|text:p|text:h|a:p|si|row|p|div|li|td|th|tr|h\d)>|<w:br/>|<w:tab/>"
)
_NEWLINE = re.compile("\n")
# a given name and a patronymic after a surname: "Оспанова Сәуле Маратқызының"
_FULL_AFTER = re.compile(r"\s+(\w+)\s+\w+(?:улы|кызы|ович|евич|овн|евн|ичн|ич)\w{0,6}(?!\w)")
_PREV_WORD = re.compile(r"(\w+)\s+$")
_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


@dataclass(frozen=True, order=True)
class Finding:
    """One leak: where it is, what it is, and which case it comes from."""

    path: str
    line: int  # 1-based; 0 where a line means nothing (index, office document, PDF)
    match: str
    kind: str  # name | iin | phone | email | address
    case: str = ""  # the case number(s) the leaked item belongs to, or "" if unknown


def _cases(numbers: Iterable[str]) -> str:
    numbers = sorted(set(numbers))
    more = f" +{len(numbers) - 3}" if len(numbers) > 3 else ""
    return ", ".join(numbers[:3]) + more


@dataclass(frozen=True)
class _Who:
    """Someone a surname may belong to."""

    case: str  # "" for a name that is public (a judge, an advocate)
    letters: str  # folded initials after the surname: "аб"
    given: frozenset[str]  # folded stems of the given name
    public: bool = False


class LeakScanner:
    """Every name and contact of many cases, compiled into a few combined regexes.

    A surname written with initials or with a given name and patronymic that fit none of
    the persons bearing it is someone else (an advocate, a secretary, a judge): not a leak.
    Advocates of all cases and the `keep` names are known public persons of that kind.
    """

    def __init__(
        self, cases: Iterable[Case], keep: Iterable[str] = (), cache_dir: Path | None = None
    ) -> None:
        cases = list(cases)
        self.cache_dir = cache_dir  # text extracted from PDFs, by content hash
        self._a: dict[str, set[_Who]] = {}  # surname stem -> who bears it
        self._b: dict[str, set[_Who]] = {}
        # patronymic stem -> given-name stem -> case numbers
        self._pat_a: dict[str, set[str]] = {}
        self._pat_b: dict[str, set[str]] = {}
        self._pat_given: dict[str, dict[str, set[str]]] = {}
        for case in cases:
            for person in case_persons(case):
                self._add(person.name, case.number)
                self._add_pair(person.name, case.number)
            for party in case.parties:
                rep = party.representative
                if rep is not None and rep.kind is RepresentativeKind.ADVOCATE:
                    self._add(rep.name, "", public=True)
        for name in keep:
            self._add(name, "", public=True)
        self._names = StemFinder(self._a, self._b)
        self._patronymics = StemFinder(self._pat_a, self._pat_b)
        self._prefix = re.compile(trie_regex(s for s in (*self._a, *self._b) if len(s) >= 5))
        self._contacts = ContactMatcher(cases)

    def _add(self, name: str, case: str, public: bool = False) -> None:
        surname, given, _ = split_name(name)
        stems = set().union(*word_stems(given, "given")) if given and "." not in given else ()
        who = _Who(case, letters(name), frozenset(stems), public)
        for word in surname.split("-"):
            a, b = word_stems(word, "surname")
            for table, found in ((self._a, a), (self._b, b)):
                for stem in found:
                    table.setdefault(stem, set()).add(who)

    def _add_pair(self, name: str, case: str) -> None:
        """Given name + patronymic: a leak even without the surname (Асқар Болатұлы)."""
        _, given, patronymic = split_name(name)
        if not (given and patronymic) or "." in given:
            return
        givens = set().union(*word_stems(given, "given"))
        a, b = word_stems(patronymic, "patronymic")
        for table, found in ((self._pat_a, a), (self._pat_b, b)):
            for stem in found:
                table.setdefault(stem, set()).add(stem)
                by_given = self._pat_given.setdefault(stem, {})
                for g in givens:
                    by_given.setdefault(g, set()).add(case)

    @classmethod
    def for_cases(
        cls, cases: Iterable[Case], keep: Iterable[str] = (), cache_dir: Path | None = None
    ) -> LeakScanner:
        """`keep`: public names besides the advocates (the judges: "Әбенов Ж.Қ.").
        `cache_dir`: where text extracted from PDFs is kept by content hash (extraction is
        the slow part of a scan; documents are themselves cached, so their bytes repeat)."""
        return cls(cases, keep, cache_dir)

    # -- text -----------------------------------------------------------------------------

    def scan_text(self, text: str, path: str = "", lines: bool = True) -> list[Finding]:
        """Every leak in `text`; `lines=False` reports line 0 (text without meaningful lines)."""
        folded = fold(text)
        hits: list[tuple[int, str, str, str]] = []  # (offset, match, kind, case)
        for start, end, who in self._names.finditer(folded):
            if text[start].isupper() and (named := _named(text, folded, start, end, who)):
                hits.append((start, text[start:end], "name", _cases(w.case for w in named)))
        for start, end, stems in self._patronymics.finditer(folded):
            if text[start].isupper() and (case := self._given_before(text, folded, start, stems)):
                hits.append((start, text[start:end], "name", case))
        for span in self._contacts.spans(text, folded, generic=False):
            hits.append((span.start, text[span.start : span.end], span.kind, _cases(span.cases)))
        if not hits:
            return []
        newlines = [m.start() for m in _NEWLINE.finditer(text)] if lines else []
        return sorted(
            Finding(path, bisect_right(newlines, at) + 1 if lines else 0, match, kind, case)
            for at, match, kind, case in hits
        )

    def _given_before(self, text: str, folded: str, start: int, stems: set[str]) -> str:
        """The cases whose person has this patronymic and the given name just before it.
        With a surname before both, the surname decides (it may be an advocate's name)."""
        prev = _PREV_WORD.search(folded, max(0, start - 40), start)
        if prev is None or not text[prev.start(1)].isupper():
            return ""
        before = _PREV_WORD.search(folded, max(0, prev.start() - 40), prev.start())
        if before is not None and text[before.start(1)].isupper():
            return ""
        word = prev.group(1)
        cases: set[str] = set()
        for stem in stems:
            by_given = self._pat_given[stem]
            for n in range(2, len(word) + 1):
                cases |= by_given.get(word[:n], set())
        return _cases(cases)

    def scan_term(self, term: str) -> str:
        """The cases whose person's surname an index term is (or starts with), or "".

        A term has no context: when a public person (a judge, an advocate, court staff)
        bears the same surname, the term may be theirs, and the stored texts decide."""
        t = fold(term)
        who = self._names.word(t)
        if not who and (m := self._prefix.match(t)) is not None:
            who = self._a.get(m.group(), set()) | self._b.get(m.group(), set())
        if any(w.public for w in who):
            return ""
        return _cases(w.case for w in who)

    # -- files ----------------------------------------------------------------------------

    def scan_dir(self, root: Path) -> list[Finding]:
        """Every file under `root`; a folder holding *.toc files is read as a Whoosh index."""
        findings: list[Finding] = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            here = Path(dirpath)
            if any(name.endswith(".toc") for name in filenames):
                findings += self.scan_whoosh(here)
                dirnames[:] = []
                continue
            for name in sorted(filenames):
                findings += self.scan_file(here / name)
        return sorted(findings)

    def scan_file(self, path: Path) -> list[Finding]:
        suffix = path.suffix.lower()
        if suffix in _BINARY:
            return []
        if suffix in _ZIPPED:
            return self._scan_variants(str(path), _zip_texts(path))
        if suffix == ".pdf":
            return self._scan_variants(str(path), [(_pdf_text(path, self.cache_dir), False)])
        data = path.read_bytes()
        if suffix == ".gz":
            data, suffix = gzip.decompress(data), Path(path.stem).suffix.lower()
        if suffix not in _TEXT and b"\x00" in data[:4096]:
            return []
        return self._scan_variants(
            str(path), _text_variants(data.decode("utf-8", "replace"), suffix)
        )

    def _scan_variants(self, path: str, variants: Iterable[tuple[str, bool]]) -> list[Finding]:
        """Scan several renderings of one file, reporting each leak once."""
        seen: set[tuple] = set()
        found: list[Finding] = []
        scanned: dict[bool, set[str]] = {True: set(), False: set()}
        for text, lines in variants:
            if text in scanned[True] or text in scanned[lines]:
                continue  # the same text again (no entity, no escape): nothing new to find
            scanned[lines].add(text)
            for f in self.scan_text(text, path, lines):
                keys = {(f.line, f.match, f.kind, f.case), (f.match, f.kind, f.case)}
                if (f.line, f.match, f.kind, f.case) in seen or (not lines and keys & seen):
                    continue
                seen |= keys
                found.append(f)
        return found

    def scan_whoosh(self, folder: Path) -> list[Finding]:
        """Stored fields of every document and indexed terms of every field of an index."""
        from whoosh import index

        found: list[Finding] = []
        for indexname in index_names(folder):
            ix = index.open_dir(str(folder), indexname=indexname)
            with ix.reader() as reader:
                texts = [
                    (value, False)
                    for stored in reader.all_stored_fields()
                    for value in _strings(stored)
                ]
                found += self._scan_variants(str(folder), texts)
                found += self.scan_terms(reader, ix.schema, folder)
        return sorted(set(found))

    def scan_terms(self, reader, schema, folder: Path) -> list[Finding]:
        """Every indexed term of the text fields of an open Whoosh reader that is a
        party's surname (terms have no context: see scan_term)."""
        from whoosh import fields

        found = []
        kinds = dict(schema.items())
        for fieldname, raw in reader.all_terms():
            if isinstance(kinds.get(fieldname), fields.NUMERIC | fields.DATETIME | fields.BOOLEAN):
                continue
            try:
                term = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            except UnicodeDecodeError:
                continue
            if case := self.scan_term(term):
                found.append(Finding(str(folder), 0, term, "name", case))
        return found


def index_names(folder: Path) -> list[str]:
    """The Whoosh indexes stored in a folder (each has _NAME_GENERATION.toc files)."""
    return sorted(
        {m[1] for f in folder.glob("*.toc") if (m := re.match(r"_(.+)_\d+\.toc$", f.name))}
    )


def _named(text: str, folded: str, start: int, end: int, who: set[_Who]) -> list[_Who]:
    """The persons a surname at start:end may name, judging by the initials or the given
    name and patronymic written beside it. A fitting public person (a judge, an advocate,
    court staff given as `keep`) wins: the text names that person, whose name is public."""
    if near := adjacent_initials(text, start, end):
        said = "".join(re.findall(r"\w", fold(near[2])))
        who = {w for w in who if w.letters.startswith(said)}
    elif (full := _FULL_AFTER.match(folded, end)) and text[full.start(1)].isupper():
        given = full.group(1)
        who = {w for w in who if not w.given or any(given.startswith(g) for g in w.given)}
    else:
        return [w for w in who if not w.public]
    return [] if any(w.public for w in who) else list(who)


def _text_variants(raw: str, suffix: str) -> list[tuple[str, bool]]:
    """The renderings of a text file worth scanning: raw, entity-decoded, tag-stripped, with
    \\uXXXX escapes decoded, calendar lines unfolded, JSON strings decoded."""
    if suffix == ".ics":  # lines are folded at 75 octets, often inside a name: unfold first
        raw = re.sub(r"\r?\n[ \t]", "", raw)
    variants = [(raw, True), (html.unescape(raw), True)]
    if suffix in _MARKUP:  # a tag between words separates them; inside a word it does not
        stripped = _TAG.sub(lambda m: " " + "\n" * m.group().count("\n"), raw)
        joined = _TAG.sub(lambda m: "\n" * m.group().count("\n"), raw)
        variants += [(html.unescape(stripped), True), (html.unescape(joined), True)]
    if "\\u" in raw:
        variants.append((_U_ESCAPE.sub(lambda m: chr(int(m[1], 16)), raw), True))
    if suffix == ".ics":  # and without the escapes of TEXT values
        unescaped = raw.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
        variants.append((unescaped, False))
    if suffix in (".json", ".jsonl", ".webmanifest", ".map"):
        docs = raw.splitlines() if suffix == ".jsonl" else [raw]
        strings = []
        for doc in docs:
            try:
                strings += _strings(json.loads(doc))
            except ValueError:
                continue
        variants.append(("\n".join(strings), False))
    return variants


def _strings(value: object) -> Iterator[str]:
    """Every string (keys too) in a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def _zip_texts(path: Path) -> list[tuple[str, bool]]:
    """Text of the XML parts of an office document: runs joined, paragraphs on lines."""
    texts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels", ".xhtml", ".html")):
                xml = z.read(name).decode("utf-8", "replace")
                joined = _TAG.sub("", _BLOCK_END.sub("\n", xml))
                texts += [
                    (html.unescape(joined), False),
                    (html.unescape(_TAG.sub(" ", xml)), False),
                ]
    return texts


def _pdf_text(path: Path, cache_dir: Path | None = None) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as e:  # a gate that silently skips PDFs would be no gate
        raise RuntimeError(f"{path}: pypdf is needed to scan PDF files") from e
    data = path.read_bytes()
    cached = cache_dir / f"{hashlib.sha256(data).hexdigest()}.txt" if cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_text(encoding="utf-8")
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(cached)
    return text
