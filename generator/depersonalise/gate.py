"""The leak gate: search built output for anything depersonalisation should have removed.

The scanner knows every person of every case (confidential ones too), every IIN/BIN, phone,
e-mail and address of the records, and looks for them in every file a build wrote: pages,
feeds, calendars, JSON, office documents, PDFs and the Whoosh search index (stored fields and
indexed terms). Surnames are the main signal; a given name counts only with its patronymic,
so the judges' names, organisations and ordinary words never raise an alarm.

A file is read the ways its reader may read it (`LeakScanner.scan_source`): markup as text
with the tags taken out and each tag on its own, JSON with its escapes decoded; other
readings of the same characters (tags as nothing or as separators, entities as written,
\\uXXXX escapes decoded, JSON strings one per line) differ from those only in a few places,
and are read in small windows around them. So each piece of text is read about once, and
whatever pattern finds a leak in any of these readings finds it. (The readings themselves
are in generator.depersonalise.readings; the capitalised words a name may be read from are
found by generator.depersonalise.capitals.)
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import sys
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from generator.depersonalise.capitals import capitalised_trie, fold_cased, folds
from generator.depersonalise.contacts import ContactMatcher, Span, emails, iins
from generator.depersonalise.names import (
    _WORD_REST,
    StemFinder,
    adjacent_initials,
    case_persons,
    fold,
    letters,
    split_name,
    trie_regex,
    word_start,
    word_stems,
)
from generator.depersonalise.readings import (
    _TAG,
    _TAG_NL,
    _TAG_READINGS,
    _U_ESCAPE,  # noqa: F401 (the gate's readings, as tests name them)
    _U_RUN,
    _back,
    _compose,
    _entity_matters,
    _free_chars,
    _glue,
    _hard_stop,
    _ics_variants,
    _joins,
    _json_unescape,
    _LineOf,
    _number_gaps,
    _pdf_text,
    _strings,
    _tag_newlines,
    _u_back,
    _u_run,
    _unescape,
    _zip_texts,
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
_JSON = {".json", ".jsonl", ".webmanifest", ".map"}
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
_NEWLINE = re.compile("\n")
# a given name and a patronymic after a surname: "Оспанова Сәуле Маратқызының"
_FULL_AFTER = re.compile(r"\s+(\w+)\s+\w+(?:улы|кызы|ович|евич|овн|евн|ичн|ич)\w{0,6}(?!\w)")
_PREV_WORD = re.compile(r"(\w+)\s+$")
_WORD_CHAR = re.compile(r"\w")
_TAG_SEP = "\x00\x00\x00"  # between tags read alone: ">" + 3 + "<" is no address gap
_NUMBERS = frozenset({"iin", "phone"})
_FIRST_WORD = re.compile(r"\W*(\w+)")
_LAST_WORD = re.compile(r"(\w+)\W*\Z")
# More than any context the patterns read around a match (see `_scan_windows`).
_REACH = 256
_LONG = 1024  # JSON strings at least this long are remembered when found clean
# what one process remembers at most (then forgets, to learn again): distinct clean tags,
# digests of clean windows and long strings, words and what is written beside surnames
_MAX_TAGS = 100_000
_MAX_CLEAN = 200_000
_MAX_MEMO = 100_000

Hit = tuple[int, str, str, str]  # offset in the scanned text, match, kind, case
_APART = "\x00" * 5  # between texts read in one pass (`LeakScanner._scan_apart`)
_FOLDS_LONGER = "\u0130"  # the one character whose lower case is longer (İ -> i̇)
_ASCII_DIGITS = "0123456789"


def _other_digits() -> str:
    """A character class of every decimal digit but 0-9 (what `\\d` takes besides them);
    all characters beyond the Basic Multilingual Plane, to keep the class fast."""
    ranges: list[list[int]] = []
    for code in range(0x80, 0x10000):
        if chr(code).isdecimal():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    ranges.append([0x10000, 0x10FFFF])
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


# a run of digits and phone separators from a digit 0-9 to another holding ten digits or
# more (where an IIN or a phone may be), or any other decimal digit. A digit 0-9 after
# another starts no run (`(?<![0-9].)`, a quick way out for the many digits inside
# numbers): the run from the digit before holds one digit more and was tried first, and
# when it was long enough it was taken whole, this digit with it.
_DIGIT_AREA = re.compile(
    rf"[0-9{_other_digits()}]"
    r"(?:(?<=[0-9])(?<![0-9].)(?:[ \xa0\-()+]*+[0-9]){9,}|(?<![0-9]))"
)


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


class _Who(NamedTuple):
    """Someone a surname may belong to. (A tuple, not a dataclass: hashed and made again
    in C when a kept scanner is loaded, tens of thousands of them.)"""

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
        self._words = _WordFinder(self._names, self._patronymics)
        self._prefix = re.compile(trie_regex(s for s in (*self._a, *self._b) if len(s) >= 5))
        self._contacts = ContactMatcher(cases)
        # two words in a row of a known address (folded), see `_joint_matters`
        self._address_pairs = {
            pair for key in self._contacts.addresses for pair in pairwise(key.split())
        }
        self._address_next = {w for _, w in self._address_pairs}
        # the characters such a word may start with as written (`_scan_joints`)
        folded_starts = {w[0] for w in self._address_next}
        chars = {chr(c) for c in (*range(0x30, 0x7B), *range(0x400, 0x530))}
        self._joint_starts = {
            c
            for c in chars | folded_starts | {c.upper() for c in folded_starts}
            if fold(c) in folded_starts
        }
        self._first_words: dict[str, tuple[str, bool, bool]] = {}  # see _first_word
        self._clean: set[bytes] = set()  # digests of windows and long strings found clean
        self.learned: list[bytes] = []  # the same, in the order learnt (for sweep workers)
        self._clean_tags: set[str] = set()  # tags of markup found clean
        self._clean_escapes: set[bytes] = set()  # see _scan_escapes
        self._name_cases: dict[tuple[str, str, str], str] = {}  # see _name_case

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

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything the scanner looks for and of the code that looks: what a
        scanner of the same fingerprint found clean is clean for this one (the gate's cache,
        generator.depersonalise.sweep). Kept with a scanner kept between builds."""
        h = hashlib.sha256(sys.version.encode())  # `re` and Unicode data decide what matches
        for source in sorted(Path(__file__).parent.glob("*.py")):
            h.update(source.name.encode() + b"\0" + source.read_bytes())

        def whos(who: set[_Who]) -> list:
            return sorted((w.case, w.letters, sorted(w.given), w.public) for w in who)

        def given(by_given: dict[str, set[str]]) -> list:
            return sorted((g, sorted(c)) for g, c in by_given.items())

        c = self._contacts
        for table, value in (
            (self._a, whos),
            (self._b, whos),
            (self._pat_a, sorted),
            (self._pat_b, sorted),
            (self._pat_given, given),
            *((t, sorted) for t in (c.iins, c.phones, c.emails, c.addresses)),
        ):
            # a line per key, as literals (unambiguous); eight times as fast as one repr
            h.update("\n".join([f"{k!r}{value(table[k])!r}" for k in sorted(table)]).encode())
            h.update(b"\0")
        return h.hexdigest()[:32]

    def __getstate__(self) -> dict:
        """With the fingerprint, computed now if need be: a scanner kept between builds
        (generator.depersonalise.scanner_cache) need not compute it again."""
        return {**self.__dict__, "fingerprint": self.fingerprint}

    # -- text -----------------------------------------------------------------------------

    def scan_text(self, text: str, path: str = "", lines: bool = True) -> list[Finding]:
        """Every leak in `text`; `lines=False` reports line 0 (text without meaningful lines)."""
        hits = self._hits(text)
        line_of = _Lines(text) if lines else None
        return sorted(
            Finding(path, line_of(at) if line_of else 0, match, kind, case)
            for at, match, kind, case in hits
        )

    def _hits(self, text: str) -> list[Hit]:
        """Every leak in `text` as (offset, match, kind, case), in no particular order."""
        cased, folded = folds(text)
        hits: list[Hit] = []
        for start, end, word, who, stems in self._words.capitalised(text, folded, cased):
            if who and (case := self._name_case(text, folded, start, end, word, who)):
                hits.append((start, text[start:end], "name", case))
            if stems and (case := self._given_before(text, folded, start, stems)):
                hits.append((start, text[start:end], "name", case))
        for span in self._contact_spans(text, folded):
            hits.append((span.start, text[span.start : span.end], span.kind, _cases(span.cases)))
        return hits

    def _name_case(
        self, text: str, folded: str, start: int, end: int, word: str, who: set[_Who]
    ) -> str:
        """The cases of the persons a surname may name (`_named_by`), remembered by the
        word and what is written beside it."""
        key = (word, *_beside(text, folded, start, end))
        if (case := self._name_cases.get(key)) is None:
            if len(self._name_cases) > _MAX_MEMO:
                self._name_cases.clear()
            case = self._name_cases[key] = _cases(w.case for w in _named_by(who, key[1], key[2]))
        return case

    def _contact_spans(self, text: str, folded: str) -> list[Span]:
        """`ContactMatcher.spans(text, folded, generic=False)`, with IINs and phones looked
        for only in `_DIGIT_AREA`s: their patterns (`_DIGIT_RUN`, `PHONE_RUN`) match digits
        and the separators " -()+" and no-break space only, and a phone has ten digits, an
        IIN twelve; so every one lies in such an area, is read there as in the whole text
        (the area starts at its run's first digit; two characters each side hold what the
        patterns look at around a number), and matches one after another the same way.
        Both take any Unicode digit: a text with a digit other than 0-9 is read whole.
        (test_contact_spans_are_the_contact_matchers holds the two to the same results.)"""
        c = self._contacts
        areas = list(_DIGIT_AREA.finditer(text))
        if any(m.group()[0] not in _ASCII_DIGITS for m in areas):
            return c.spans(text, folded, generic=False)
        found: list[Span] = []
        for m in areas:
            a = max(0, m.start() - 2)
            part = text[a : m.end() + 2]
            found += [Span(a + s, a + e, "iin", c._cases(c.iins, d)) for s, e, d in iins(part)]
            for span in c._known_phones(part):
                found.append(Span(a + span.start, a + span.end, span.kind, span.cases))
        for start, end in emails(text):
            if cases := c._cases(c.emails, text[start:end].lower()):
                found.append(Span(start, end, "email", cases))
        if c._address is not None:
            for m in c._address.finditer(folded):
                if word_start(folded, m.start()) and (whole := c._address_end(folded, m)):
                    end, key = whole
                    found.append(Span(m.start(), end, "address", c._cases(c.addresses, key)))
        return found

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

    def scan_file(self, path: Path, data: bytes | None = None) -> list[Finding]:
        """Every leak in a file; `data`: its bytes, when the caller read them (the sweep
        scans the very bytes it knows the file by)."""
        suffix = path.suffix.lower()
        if suffix in _BINARY:
            return []
        if data is None:
            data = path.read_bytes()
        if suffix in _ZIPPED:
            return self._scan_variants(str(path), _zip_texts(data))
        if suffix == ".pdf":
            return self._scan_variants(str(path), [(_pdf_text(path, data, self.cache_dir), False)])
        if suffix == ".gz":
            data, suffix = gzip.decompress(data), Path(path.stem).suffix.lower()
        if suffix not in _TEXT and b"\x00" in data[:4096]:
            return []
        return self.scan_source(data.decode("utf-8", "replace"), suffix, str(path))

    def scan_source(self, text: str, suffix: str, path: str = "") -> list[Finding]:
        """Every leak in the text of a file with this suffix, in each way it may be read
        (see `_scan_markup`, `_scan_json`, `_scan_plain`), each leak reported once."""
        if suffix == ".ics":
            return sorted(self._scan_variants(path, _ics_variants(text)))
        found = _Found(path)
        if suffix in _MARKUP:
            self._scan_markup(text, found)
        elif suffix in _JSON:
            self._scan_json(text, found, suffix == ".jsonl", suffix in (".json", ".jsonl"))
        else:
            self._scan_plain(text, found)
        return sorted(found.findings)

    def _scan_markup(self, raw: str, found: _Found) -> None:
        """HTML, XML, feeds, SVG: the text as a reader gets it, the tags, and small windows
        wherever another reading of the same characters could show something else.

        The text: tags removed (a tag between two non-space characters leaves a space, one
        holding line breaks leaves them), entities decoded; line numbers are the file's.
        Every tag is read on its own, decoded and as written (attribute values: meta
        descriptions, titles, alt texts, links; comments; script text `_TAG` takes for a
        tag); tags repeat from page to page, so each distinct tag is read once per process.
        No pattern reads across a tag's `<` or `>` but the address gap of 1-4 non-word
        characters, so a tag read alone is read as in the whole file (an address whose
        first words end an attribute value and whose rest starts the element's text is
        the one thing lost: no reader sees those words together either).

        Other readings differ from the text only at a few places; each is scanned in
        windows of `_REACH` characters around those places (`_scan_windows`):
        - tags removed without a space (`Оспа<b>нов</b>`, `a@<b>b.kz</b>`, `880412<b>300129`),
          where a tag separated two non-space characters and the space could matter
          (`_join_matters`; a tag between a word and `¶`, as mkdocs ends headings, does not);
        - numbers with tags as separators, and with a space for each tag: an IIN is a
          number of 12 digits standing alone, a phone's digits may not run on, so a tag
          between two digit groups may end a number (`870412300129<br>870412`) or a space
          per tag (`300129 <a></a>870412300</b>129`) may; only IINs and phones count here;
        - entities left as written, where a word runs on into a decoded letter or digit,
          or one holds ten digits (`Оспанов&#1093;` in script text, which browsers do not
          decode). Elsewhere a written entity only hides from the patterns what the decoded
          text shows: initials or a given name beside a surname (an advocate's
          "Д.С.&nbsp;Оспанов"), separators of a phone number; the decoded reading is the
          one that names the right person;
        - \\uXXXX escapes decoded (JSON in script text or attributes).
        Otherwise the text with a space for every tag (as the gate read it before) has
        only more spaces than this text, which hide initials or a given name from the
        patterns (a surname with initials that name someone else, or a public person, is
        not a leak), or make an address's or a phone's gaps too long. The raw file adds
        nothing the text, the tags and the number readings do not hold: its every character
        is in the text or a tag, and its other contexts are those across a `<` or `>`, a
        tag as a separator, or an entity, each covered above."""
        sent, mark = _free_chars(raw, 2)
        marked = _TAG.sub(sent, _TAG_NL.sub(_tag_newlines, raw))  # each tag is `sent`
        plain = _glue(sent).sub(mark, marked).replace(sent, "")
        text, edits = _unescape(plain)
        body = text.replace(mark, " ")
        found.add(self._hits(body), _Lines(body))
        if joins := _joins(text, mark):
            joined = text.replace(mark, "")
            self._scan_windows(joined, joins, found, _Lines(joined))
        split = html.unescape(marked) if "&" in marked else marked
        if gaps := _number_gaps(split, sent):
            self._scan_windows(split, gaps, found, _Lines(split), _NUMBERS)
            spaced = split.replace(sent, " ")
            self._scan_windows(spaced, gaps, found, _Lines(spaced), _NUMBERS)
        if kept := [(s, e) for s, e, o, oe in edits if _entity_matters(plain, s, e, text[o:oe])]:
            written = plain.replace(mark, " ")
            self._scan_windows(written, kept, found, _Lines(written))
        self._scan_escapes(body, found)
        self._scan_tags(raw, found)

    def _scan_json(
        self, raw: str, found: _Found, jsonl: bool = False, remember: bool = False
    ) -> None:
        """JSON, JSON Lines: the text with JSON escapes decoded as a JSON parser does (\\n
        and \\t are line breaks and tabs again: "…\\n\\nС.Қ. Омарова" reads as "С.Қ. Омарова",
        an advocate with initials, not as the word "nС"), reported by the line of the file;
        windows with entities decoded (HTML inside strings, such as mkdocs' search index) and
        with \\uXXXX escapes written in a string decoded; and the strings one per line, where
        two could join (`_scan_joints`). A string of a document found clean is clean read
        alone too: in the document its patterns meet a quote where it ends, which only an
        address's gap reads across (to a longer address). So a long string of a clean
        document is remembered (`known_clean`): the search index stores the rulings' texts
        again."""
        lines = raw.split("\n")
        if "\\" in raw:
            decoded = [_json_unescape(line) for line in lines]
            text = "\n".join(decoded)
            starts, at = [], -1
            for line in decoded[:-1]:
                at += len(line) + 1
                starts.append(at)
            line_of = _Lines(text, starts)
        else:
            text, line_of = raw, _Lines(raw)
        before = len(found.findings)
        found.add(self._hits(text), line_of)
        if "&" in text:
            unescaped, edits = _unescape(text)
            if edits:
                sites = [(o, oe) for _, _, o, oe in edits]
                back = _compose(line_of, lambda at: _back(edits, at))
                self._scan_windows(unescaped, sites, found, back)
        self._scan_escapes(text, found, line_of)
        docs = enumerate(lines, 1) if jsonl else [(0, raw)]
        for number, doc in docs:
            if not doc.strip():
                continue
            try:
                strings = _strings(json.loads(doc))
            except ValueError:
                continue
            self._scan_joints(strings, found, number)
            # a JSON file is one document (number 0), its findings at the file's lines
            if jsonl:
                dirty = any(f.line == number for f in found.findings[before:])
            else:
                dirty = len(found.findings) > before
            if remember and not dirty:
                for string in strings:
                    if len(string) >= _LONG:
                        self._remember(_digest(string))

    def _scan_joints(self, strings: list[str], found: _Found, line: int) -> None:
        """The strings of a JSON document one after another, each on its own line (keys
        too, as `_strings` gives them), in windows where two of them could join into a
        leak neither holds: a given name ending one and a patronymic starting the next, or
        two words of a known address (`_joint_matters`). Line 0 for a JSON file, as the
        gate always read its strings; the line of the document in JSON Lines."""
        sites, at, starts = [], 0, self._joint_starts
        for a, b in pairwise(strings):
            at += len(a)
            c = b[:1]  # most strings start with a lower-case word no address goes on with
            if (c.isupper() or c in starts or not c.isalnum()) and self._joint_matters(a, b):
                sites.append((at, at + 1))
            at += 1
        if sites:
            self._scan_windows("\n".join(strings), sites, found, lambda _: line)

    def _joint_matters(self, a: str, b: str) -> bool:
        """Whether strings `a` and `b` on two lines could join into a leak: two words of a
        known address; a capitalised word, then a patronymic (a given name and patronymic:
        `_given_before`) or an initial (initials after a surname are preferred to those
        before it, so "В.А. Серікбаев" + "А.Б." may name someone else). Other contexts
        across two strings only make a surname's reading more lenient: what is written
        beside a surname can only narrow down whom it names."""
        if (head := _FIRST_WORD.match(b)) is None:
            return False
        first = head.group(1)
        folded, address, patronymic = self._first_word(first)
        name = first[0].isupper() and (
            (len(first) == 1 and b[head.end() : head.end() + 1] == ".") or patronymic
        )
        if not (address or name):
            return False
        if (tail := _LAST_WORD.search(a, max(0, len(a) - 64))) is None:
            return False
        last = tail.group(1)
        return (address and (fold(last), folded) in self._address_pairs) or (
            name and last[0].isupper()
        )

    def _first_word(self, first: str) -> tuple[str, bool, bool]:
        """The first word of a string folded, whether it is a word that goes on a known
        address's words, and whether it is a capitalised patronymic: remembered by the word
        as written (the strings of JSON documents start with the same few words)."""
        if (known := self._first_words.get(first)) is None:
            if len(self._first_words) > _MAX_MEMO:
                self._first_words.clear()
            folded = fold(first)
            patronymic = first[0].isupper() and bool(self._patronymics.word(folded))
            known = (folded, folded in self._address_next, patronymic)
            self._first_words[first] = known
        return known

    def _scan_plain(self, raw: str, found: _Found) -> None:
        """Any other text (Markdown, CSV, scripts): as written, and in windows with entities
        and \\uXXXX escapes decoded."""
        found.add(self._hits(raw), _Lines(raw))
        if "&" in raw:
            unescaped, edits = _unescape(raw)
            if edits:
                sites = [(o, oe) for _, _, o, oe in edits]
                self._scan_windows(unescaped, sites, found, _Lines(unescaped))
        self._scan_escapes(raw, found)

    def _scan_escapes(self, text: str, found: _Found, line_of: _LineOf | None = None) -> None:
        """Windows of `text` with \\uXXXX escapes decoded (each on its own, as the gate
        always did), around each run of escapes."""
        if "\\u" not in text:
            return
        runs: list[tuple[int, int, int]] = []  # (start in the decoded text, escapes, start)
        shift = 0
        for m in _U_RUN.finditer(text):
            count = (m.end() - m.start()) // 6
            runs.append((m.start() - shift, count, m.start()))
            shift += 5 * count
        if not runs:
            return
        # The windows (`_scan_windows`) lie within 2×`_REACH` of the first and the last run
        # (outside the runs the decoded text is the text as written): those characters,
        # and whether they start or end the text, make the windows. Found clean once, they
        # are clean wherever they stand again (the same script on every page).
        _, count, at = runs[-1]
        lo, end = max(0, runs[0][2] - 2 * _REACH), at + 6 * count + 2 * _REACH + 1
        key = _digest(f"{lo == 0:d}{end >= len(text):d}{text[lo:end]}")
        if key in self._clean_escapes:
            return
        decoded = _U_RUN.sub(_u_run, text)
        sites = [(start, start + count) for start, count, _ in runs]
        if line_of is None:
            line_of = _Lines(decoded)
        else:  # decoding shortens lines: count the text's lines
            line_of = _compose(line_of, lambda at: _u_back(runs, at))
        if self._scan_windows(decoded, sites, found, line_of):
            if len(self._clean_escapes) > _MAX_CLEAN:
                self._clean_escapes.clear()
            self._clean_escapes.add(key)

    def _scan_windows(
        self,
        text: str,
        sites: list[tuple[int, int]],
        found: _Found,
        line_of: _LineOf,
        kinds: frozenset[str] | None = None,
    ) -> bool:
        """The leaks of `text` that start within `_REACH` characters of a site (a span of
        `text` unlike the other reading, or the empty span where something was removed).

        `text` differs from a reading scanned whole only at the sites. A leak starting
        farther from every site sees the same characters in both (no pattern looks farther
        than `_REACH` around a match: a name with initials, a given name and a patronymic
        reads up to about 120 characters, an address a few words, a phone 16 digits with
        three separators between each, an e-mail 64 characters before its "@"), so that
        reading found it. Each window reaches 2×`_REACH` beyond its sites; only leaks
        starting at least `_REACH` inside its cut edges count, whose context the window
        holds whole. Where a hard stop (`_hard_stop`) lies between the sites and an edge,
        the window ends there instead: nothing reads across it, so every leak on the
        sites' side of it is in the window whole, and the window, the same wherever the
        same text stands (the same script on every page), is remembered when found clean.
        `kinds`: only leaks of these kinds count. True when every window was clean."""
        reach, n = _REACH, len(text)
        clean = True
        spans: list[list[int]] = []  # window start, end, first site start, last site end
        for start, end in sorted(sites):
            a, b = max(0, start - 2 * reach), min(n, end + 2 * reach + 1)
            if spans and a <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], b)
                spans[-1][3] = max(spans[-1][3], end)
            else:
                spans.append([a, b, start, end])
        for a, b, first, last in spans:
            lo, hi = (a + reach if a else 0), (b - reach if b < n else n)
            if a and (stop := _hard_stop(text, a, first, last=True)) is not None:
                a = lo = stop
            if b < n and (stop := _hard_stop(text, last, b)) is not None:
                b = hi = stop + 1
            window = text[a:b]
            key = _digest(window if kinds is None else f"{sorted(kinds)}\0{window}")
            if key in self._clean:
                continue
            hits = self._hits(window)
            if kinds is not None:
                hits = [hit for hit in hits if hit[2] in kinds]
            if not hits:
                self._remember(key)
                continue
            clean = False
            found.add(
                [(a + at, *rest) for at, *rest in hits if lo <= a + at < hi],
                line_of,
            )
        return clean

    def _scan_tags(self, raw: str, found: _Found) -> None:
        """Each distinct tag of a markup file not found clean before, on its own, as
        written, decoded, and with \\uXXXX escapes decoded (see `_scan_markup`)."""
        tags = sorted(set(_TAG.findall(raw)) - self._clean_tags)
        if not tags:
            return
        dirty: dict[int, list[tuple[str, int, str, str, str]]] = {}
        done: set[tuple[str, ...]] = set()
        for reading in _TAG_READINGS:
            texts = tuple(map(reading, tags))
            if texts in done:
                continue
            done.add(texts)
            starts, at = [], 0
            for t in texts:
                starts.append(at)
                at += len(t) + len(_TAG_SEP)
            for at, match, kind, case in self._hits(_TAG_SEP.join(texts)):
                i = bisect_right(starts, at) - 1
                newlines = texts[i].count("\n", 0, at - starts[i])
                dirty.setdefault(i, []).append((texts[i], newlines, match, kind, case))
        if len(self._clean_tags) > _MAX_TAGS:
            self._clean_tags.clear()
        self._clean_tags.update(t for i, t in enumerate(tags) if i not in dirty)
        for i, hits in dirty.items():
            at = raw.find(tags[i])
            while at >= 0:
                line = raw.count("\n", 0, at) + 1
                for _, newlines, match, kind, case in hits:
                    found.add_one(line + newlines, match, kind, case)
                at = raw.find(tags[i], at + 1)

    def _scan_variants(self, path: str, variants: Iterable[tuple[str, bool]]) -> list[Finding]:
        """Scan several renderings of one file, reporting each leak once. Texts read
        without lines one after another are read in one pass (`_scan_apart`): an index
        stores a dozen short texts for each document."""
        found = _Found(path)
        scanned: dict[bool, set[str]] = {True: set(), False: set()}
        apart: list[str] = []
        for text, lines in variants:
            if text in scanned[True] or text in scanned[lines]:
                continue  # the same text again (no entity, no escape): nothing new to find
            scanned[lines].add(text)
            if not lines and _FOLDS_LONGER not in text:
                apart.append(text)
                continue
            self._scan_apart(apart, found)
            apart = []
            if lines:
                found.add(sorted(self._hits(text)), _Lines(text))
            else:
                self._scan_apart([text], found)
        self._scan_apart(apart, found)
        return found.findings

    def _scan_apart(self, texts: list[str], found: _Found) -> None:
        """The leaks of texts without lines, each read alone, in one pass over them joined
        by `_APART`. Nothing any pattern reads crosses it (five characters that are no
        word character, space, separator of digits or character of an e-mail: an
        address's gap is up to four), and beside it a text reads as at its start or end
        (what is before or after is neither a word character, a space, a digit, "+",
        "." nor "@"). So each text gives the hits it gives alone, in the same order.
        Folding is per character too, but for a text holding a capital I with a dot
        (its lower case is two characters: `fold` then folds each character alone; see
        `_scan_variants`, which reads such a text alone)."""
        if texts:
            found.add(sorted(self._hits(_APART.join(texts))), None)

    # -- texts found clean ----------------------------------------------------------------

    def known_clean(self, text: str, encoded: bytes | None = None) -> bool:
        """Whether `text`, read alone, was found clean in this process (or by the workers
        whose `learned` keys were given to `learn`): long JSON strings of clean documents.
        `encoded`: `text` in UTF-8 (surrogates passed), when the caller has it."""
        if len(text) < _LONG:
            return False
        return _digest(text, encoded) in self._clean

    def learn(self, keys: Iterable[bytes]) -> None:
        self._clean.update(keys)

    def _remember(self, key: bytes) -> None:
        if len(self._clean) > _MAX_CLEAN:
            self._clean.clear()
        self._clean.add(key)
        self.learned.append(key)

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
                    if not self.known_clean(value)
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


def _beside(text: str, folded: str, start: int, end: int) -> tuple[str, str]:
    """What is written beside a surname at start:end: ("i", the initials' folded letters),
    ("g", the folded given name before a patronymic) or ("", "")."""
    if near := adjacent_initials(text, start, end):
        return "i", "".join(_WORD_CHAR.findall(fold(near[2])))
    if (full := _FULL_AFTER.match(folded, end)) and text[full.start(1)].isupper():
        return "g", full.group(1)
    return "", ""


def _named_by(who: set[_Who], kind: str, said: str) -> list[_Who]:
    """The persons a surname may name, judging by what `_beside` found written beside it:
    the initials, or the given name before a patronymic. A fitting public person (a judge,
    an advocate, court staff given as `keep`) wins: the text names that person, whose name
    is public."""
    if kind == "i":
        who = {w for w in who if w.letters.startswith(said)}
    elif kind == "g":
        who = {w for w in who if not w.given or any(said.startswith(g) for g in w.given)}
    else:
        return [w for w in who if not w.public]
    return [] if any(w.public for w in who) else list(who)


# -- readings -------------------------------------------------------------------------------


class _WordFinder:
    """`StemFinder.finditer` of surnames and of patronymics in one pass: one trie of both
    stem sets finds candidates; each finder confirms its own stems. A word starting with
    a stem of either is found at its start; a candidate inside a word skips that word in
    either finder; so each yields the words it yields alone: (start, end, who, stems)."""

    def __init__(self, names: StemFinder, patronymics: StemFinder) -> None:
        self.names, self.patronymics = names, patronymics
        stems = names.a.keys() | names.b.keys() | patronymics.a.keys() | patronymics.b.keys()
        self._candidates = re.compile(trie_regex(stems))
        self._capitalised = capitalised_trie(stems)
        self._known: dict[str, tuple[set, set]] = {}

    def finditer(self, folded: str) -> Iterator[tuple[int, int, str, set, set]]:
        """(start, end, word, who, stems); a word's stems are confirmed once per process
        (the candidate, and so what is confirmed, depends on the word alone)."""
        pos, search = 0, self._candidates.search
        while (m := search(folded, pos)) is not None:
            start, longest = m.start(), m.end()
            end = _WORD_REST.match(folded, longest).end()
            pos = end
            if word_start(folded, start):
                word = folded[start:end]
                found = self._found(word, folded, start, longest, end)
                if found[0] or found[1]:
                    yield start, end, word, *found

    def capitalised(
        self, text: str, folded: str, cased: str | None = None
    ) -> Iterator[tuple[int, int, str, set, set]]:
        """What `finditer(folded)` yields of the words starting with a capital in `text`
        (the only ones a name is read from), trying only the capitals that may start a
        stem (generator.depersonalise.capitals). `finditer` tries every word start, as
        `match` does here: it skips from a candidate to the end of its word only, and a
        trie match holds no word's start while the stems are all word characters (else
        there is no `_capitalised`, and `finditer` is asked). `cased`: `fold_cased(text)`,
        when the caller has it."""
        if self._capitalised is None:
            yield from (w for w in self.finditer(folded) if text[w[0]].isupper())
            return
        match = self._candidates.match
        if cased is None:
            cased = fold_cased(text)
        for candidate in self._capitalised.finditer(cased):
            start = candidate.start()
            if start and ((c := folded[start - 1]).isalnum() or c == "_"):
                continue  # not at a word's start
            if not text[start].isupper() or (m := match(folded, start)) is None:
                continue
            longest = m.end()
            end = _WORD_REST.match(folded, longest).end()
            word = folded[start:end]
            found = self._found(word, folded, start, longest, end)
            if found[0] or found[1]:
                yield start, end, word, *found

    def _found(self, word: str, folded: str, start: int, longest: int, end: int) -> tuple:
        """(who bears the word as a surname, patronymic stems it is), remembered by word."""
        known = self._known
        if (found := known.get(word)) is None:
            if len(known) > _MAX_MEMO:
                known.clear()
            found = known[word] = (
                self.names._confirm(folded, start, longest, end),
                self.patronymics._confirm(folded, start, longest, end),
            )
        return found


class _Lines:
    """1-based line numbers of offsets in a text (the line starts indexed on first use),
    or, given `starts`, of a text whose lines begin after those offsets."""

    def __init__(self, text: str, starts: list[int] | None = None) -> None:
        self.text = text
        self.starts = starts

    def __call__(self, at: int) -> int:
        if self.starts is None:
            self.starts = [m.start() for m in _NEWLINE.finditer(self.text)]
        return bisect_right(self.starts, at) + 1


class _Found:
    """The findings of one file from several readings, each leak once: by line, and in
    readings without lines (line 0) by match, kind and case."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.seen: set[tuple] = set()
        self.findings: list[Finding] = []

    def add(self, hits: Iterable[Hit], line_of: _LineOf | None) -> None:
        for at, match, kind, case in hits:
            self.add_one(line_of(at) if line_of is not None else 0, match, kind, case)

    def add_one(self, line: int, match: str, kind: str, case: str) -> None:
        exact, loose = (line, match, kind, case), (match, kind, case)
        if exact in self.seen or (line == 0 and loose in self.seen):
            return
        self.seen |= {exact, loose}
        self.findings.append(Finding(self.path, line, match, kind, case))


def _digest(text: str, encoded: bytes | None = None) -> bytes:
    """A key of a text found clean, kept in memory only (SHA-256: twice as fast as BLAKE2
    where the processor computes it); `encoded`: the text as `encode_text` gives it."""
    return hashlib.sha256(encode_text(text) if encoded is None else encoded).digest()[:16]


def encode_text(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")
