"""The public view of the corpus: the only thing builders of public output may read.

What may be public is decided here, once (DATA_FORMAT.md, "What is public"):
- confidential cases are left out entirely; in the hearing schedule they appear only as
  number, time and "closed hearing";
- parties appear only by their public name (initials or role; organisations by name), and
  never with IINs/BINs, contacts or addresses;
- internal monitoring (deadlines, private rulings, violations, applications) is not here;
- every free text (ruling text, headnote) is depersonalised from its case's record.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import multiprocessing as mp
import operator
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from generator import collector
from generator.corpus import Corpus
from generator.dates import iso_week
from generator.keys import Keys
from generator.models import Case, Category, Court, Judge, LowerCourt, Region, Review, Ruling
from generator.models.case import Format, HearingScheduled, Outcome

if TYPE_CHECKING:
    from generator.depersonalise.text_cache import TextCacheStats

_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "ә": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ғ": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "і": "i",
        "к": "k",
        "қ": "q",
        "л": "l",
        "м": "m",
        "н": "n",
        "ң": "n",
        "о": "o",
        "ө": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ұ": "u",
        "ү": "u",
        "ф": "f",
        "х": "h",
        "һ": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sh",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "iu",
        "я": "ia",
    }
)


def url_slug(number: str) -> str:
    """A stable, Latin URL slug of a case number: `6001-26-00-3гп/123` -> `6001-26-00-3gp-123`."""
    return number.lower().translate(_TRANSLIT).replace("/", "-")


@dataclass(frozen=True)
class LowerCourtRef:
    court: LowerCourt
    region: Region
    date: dt.date
    number: str | None


@dataclass(frozen=True)
class PublicParty:
    role: str  # Role value
    name: str  # initials, role word or organisation name: already safe to print


@dataclass(frozen=True)
class PublicRuling:
    case_number: str
    slug: str
    year: int
    date: dt.date
    language: str
    outcome: Outcome
    practice_forming: bool
    resonant: bool
    headnote: str | None
    norms: tuple[str, ...]
    keywords: tuple[str, ...]
    text: str
    category: Category
    lower_courts: tuple[LowerCourtRef, ...]
    panel: tuple[Judge, ...]
    rapporteur: Judge | None
    languages: tuple[str, ...]  # every language this ruling exists in
    source_path: str  # the ruling file in the records repository (for history)
    # a hash of all of the above (content_digest): what pages made from the ruling are kept
    # under between builds, without a repr of its long text; "" when not known, as in a
    # copy made by dataclasses.replace (not an argument: a copy never keeps it)
    digest: str = field(default="", init=False, compare=False, repr=False)

    @property
    def region(self) -> Region | None:
        return self.lower_courts[0].region if self.lower_courts else None

    def __getattr__(self, name: str) -> str:
        """Reached only for the text of a ruling made with `_text_later`: it is made on
        first use and kept (a rebuild after one correction reads a few of 10,000 texts)."""
        make = self.__dict__.get("_make_text") if name == "text" else None
        if make is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        text = self.__dict__["text"] = make()
        del self.__dict__["_make_text"]
        return text

    def __getstate__(self) -> dict:
        self.text  # noqa: B018  (made now: a copy or a pickle holds the text, not its maker)
        return self.__dict__


def _text_later(ruling: PublicRuling, make: Callable[[], str]) -> None:
    """Leave `ruling`'s text to be made by `make` when first read."""
    del ruling.__dict__["text"]
    ruling.__dict__["_make_text"] = make


@dataclass(frozen=True)
class PublicHearing:
    """One scheduled hearing as the public schedule may show it."""

    case_number: str
    slug: str
    at: dt.datetime
    scheduled_on: dt.date  # when it was set: the calendar's DTSTAMP, stable across builds
    room: str
    format: Format | None
    closed: bool  # confidential: only number, time and "closed hearing"
    status: str  # scheduled | postponed | held
    new_at: dt.datetime | None  # when postponed and rescheduled
    category: Category | None
    lower_court: LowerCourt | None
    panel: tuple[Judge, ...]
    parties: tuple[PublicParty, ...]
    language: str
    # a hash of all of the above: what the schedule's pages and calendars are kept under
    digest: str = field(default="", init=False, compare=False, repr=False)


@dataclass(frozen=True)
class PublicDecision:
    """A case considered in cassation: what the press release counts and tells."""

    case_number: str
    slug: str
    date: dt.date
    outcome: Outcome
    category: Category
    region: Region | None
    practice_forming: bool
    resonant: bool
    rulings: tuple[PublicRuling, ...]


@dataclass(frozen=True)
class PublicView:
    court: Court
    categories: dict[str, Category]
    regions: dict[str, Region]
    courts: dict[str, LowerCourt]
    judges: dict[str, Judge]
    rulings: tuple[PublicRuling, ...]
    hearings: tuple[PublicHearing, ...]
    decisions: tuple[PublicDecision, ...]
    reviews: tuple[Review, ...]
    press_intros: dict[tuple[str, str], str]  # (ISO week, lang) -> editor's text, depersonalised
    # what the depersonalised texts took from the cache (None: built without one)
    text_cache: TextCacheStats | None = field(default=None, compare=False, repr=False)

    def ruling(self, number: str, language: str) -> PublicRuling | None:
        return self._by_number.get((number, language))

    @functools.cached_property
    def _by_number(self) -> dict[tuple[str, str], PublicRuling]:
        """(case number, language) -> ruling: the schedule links every held hearing to its
        ruling, and a scan per hearing is quadratic in a court of thousands."""
        return {(r.case_number, r.language): r for r in self.rulings}


def public_parties(case: Case, lang: str) -> tuple[PublicParty, ...]:
    from generator.depersonalise import public_name

    return tuple(PublicParty(p.role.value, public_name(p, lang)) for p in case.parties)


def _hearings(case: Case, corpus: Corpus) -> list[PublicHearing]:
    events = case.events
    scheduled = [i for i, event in enumerate(events) if isinstance(event, HearingScheduled)]
    if not scheduled:  # what follows is made once per case, for its hearings only
        return []
    out = []
    closed = case.confidential
    parties = () if closed else public_parties(case, case.language.value)
    first_court = (
        corpus.courts.get(case.lower_court_acts[-1].court) if case.lower_court_acts else None
    )
    panel = () if closed else tuple(corpus.judges[j] for j in case.panel)
    for i in scheduled:
        event = events[i]
        later = events[i + 1 :]
        status, new_at = "scheduled", None
        for e in later:
            if e.type == "postponed" and e.date == event.at.date():
                status = "postponed"
                nxt = next((x for x in later if x.type == "hearing_scheduled"), None)
                new_at = nxt.at if nxt else None
                break
            if e.type == "considered" and e.date == event.at.date():
                status = "held"
                break
        out.append(
            PublicHearing(
                case_number=case.number,
                slug=url_slug(case.number),
                at=event.at,
                scheduled_on=event.date,
                room=event.room,
                format=None if closed else event.format,
                closed=closed,
                status=status,
                new_at=new_at,
                category=None if closed else corpus.categories[case.category],
                lower_court=None if closed else first_court,
                panel=panel,
                parties=parties,
                language=case.language.value,
            )
        )
    return out


_SHARED: Corpus | None = None  # the corpus, inherited by forked workers
PARALLEL_FROM = 200  # rulings; below this a process pool costs more than it saves


def _depersonalise_range(bounds: tuple[int, int]) -> list[tuple[str, str | None]]:
    """(text, headnote) of rulings[start:end], depersonalised by their own case."""
    from generator.depersonalise.text_cache import depersonalise

    corpus = _SHARED
    out = []
    for ruling in corpus.rulings[bounds[0] : bounds[1]]:
        case = corpus.case_by_number[ruling.meta.case]
        if case.confidential:
            out.append(("", None))
            continue
        out.append(depersonalise(corpus.with_text(ruling), case, corpus.public_names))
    return out


def _depersonalise_packed(indices: list[int]) -> list:
    """Cache entries (generator.depersonalise.text_cache) of the rulings at `indices`: edits,
    not texts, so workers send back little."""
    from generator.depersonalise.text_cache import depersonalised_entry

    corpus = _SHARED
    out = []
    for i in indices:
        ruling = corpus.with_text(corpus.rulings[i])
        case = corpus.case_by_number[ruling.meta.case]
        out.append(depersonalised_entry(ruling, case, corpus.public_names))
    return out


def _in_workers(corpus: Corpus, jobs: int, func, tasks: list) -> list:
    """`func` over `tasks` in forked workers that share `corpus`, results in order."""
    global _SHARED
    _SHARED = corpus
    try:
        with ProcessPoolExecutor(jobs) as pool:
            return list(pool.map(func, tasks))
    finally:
        _SHARED = None


def _parallel(jobs: int | None, count: int) -> int:
    """The worker processes worth starting for `count` rulings (0: work in this process)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or count < PARALLEL_FROM or mp.get_start_method() != "fork":
        return 0
    return jobs


def depersonalised_texts(corpus: Corpus, jobs: int | None = None) -> list[tuple[str, str | None]]:
    """The depersonalised (text, headnote) of every ruling, in corpus order; in forked worker
    processes when there are many (a ruling takes ~2 ms; 10,000 of them are worth 2 cores)."""
    global _SHARED
    total = len(corpus.rulings)
    workers = _parallel(jobs, total)
    if not workers:
        _SHARED = corpus
        try:
            return _depersonalise_range((0, total))
        finally:
            _SHARED = None
    step = max(50, total // (workers * 8))
    ranges = [(i, min(total, i + step)) for i in range(0, total, step)]
    parts = _in_workers(corpus, workers, _depersonalise_range, ranges)
    return [item for part in parts for item in part]


def content_digest(record: object, names: tuple[str, ...], keys: Keys, key: bytes = b"") -> str:
    """A hash of a public record (ruling, hearing): the fields `names` by repr, and `key`
    for those left out (a ruling's texts, by the hash of everything they were made from).
    `keys` (generator.keys) makes the repr of each record object (category, judge, court)
    once: thousands of rulings and hearings refer to the same ones."""
    values = keys.joined(_getter(names)(record), sep="\0")
    return hashlib.blake2b(key + values.encode(), digest_size=16).hexdigest()


@functools.cache
def _getter(names: tuple[str, ...]) -> Callable[[object], tuple]:
    """The values of the fields `names` (two or more) in one call."""
    return operator.attrgetter(*names)


def _digested(kind: type, *left_out: str) -> tuple[str, ...]:
    """Every field of a record kind but the digest itself and `left_out`."""
    return tuple(f.name for f in fields(kind) if f.name not in ("digest", *left_out))


_RULING = _digested(PublicRuling, "text", "headnote")  # the texts are in the text key
_HEARING = _digested(PublicHearing)


def _text_key(text: str, headnote: str | None) -> bytes:
    """The texts' part of a ruling's digest when they were not made under a cache key."""
    h = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
    h.update(b"-" if headnote is None else b"+" + headnote.encode("utf-8", "surrogatepass"))
    return h.digest()


def cached_depersonalised_texts(
    corpus: Corpus, jobs: int | None, cache_dir: Path
) -> tuple[list[tuple[str | Callable[[], str], str | None]], TextCacheStats, list[bytes]]:
    """`depersonalised_texts`, taking the rulings whose key (their text, their case record,
    the names kept and the depersonaliser's code) is in the cache in `cache_dir` from it and
    depersonalising the others only; the cache then holds this corpus's rulings only. Also
    the keys, in corpus order (b"" for a confidential ruling).

    A text taken from the cache is given as a function that makes it: it is made from the
    ruling's own text (read then, if the corpus was loaded without it) when first needed,
    and a rebuild after one correction needs a few of them."""
    from generator.depersonalise.text_cache import TextCache, depersonalised_entry, unpack

    cache = TextCache(cache_dir, corpus.public_names, corpus.case_hashes, corpus.ruling_hashes)
    stats = cache.stats
    texts: list[tuple[str | Callable[[], str], str | None]] = []
    entries: dict = {}  # this corpus's cache entries
    missing: list[tuple[int, bytes]] = []  # (ruling index, key)
    keys: list[bytes] = []
    for i, ruling in enumerate(corpus.rulings):
        case = corpus.case_by_number[ruling.meta.case]
        if case.confidential:
            texts.append(("", None))
            keys.append(b"")
            continue
        key = cache.key(ruling, case)
        keys.append(key)
        entry = cache.entry(key)
        if entry is not None:
            entries[key] = entry
            texts.append((functools.partial(_unpacked, corpus, ruling, entry), entry[1]))
        else:
            missing.append((i, key))
            texts.append(("", None))  # filled in below
    stats.rulings = len(entries) + len(missing)
    stats.reused, stats.computed = len(entries), len(missing)

    workers = _parallel(jobs, len(missing))
    if workers:
        step = max(20, len(missing) // (workers * 8))
        chunks = [[i for i, _ in missing[s : s + step]] for s in range(0, len(missing), step)]
        packed = _in_workers(corpus, workers, _depersonalise_packed, chunks)
        for (i, key), entry in zip(missing, (e for part in packed for e in part), strict=True):
            entries[key] = entry
            texts[i] = unpack(corpus.text_of(corpus.rulings[i]), entry)
    else:
        for i, key in missing:
            ruling = corpus.with_text(corpus.rulings[i])
            case = corpus.case_by_number[ruling.meta.case]
            entries[key] = depersonalised_entry(ruling, case, corpus.public_names)
            texts[i] = unpack(ruling.text, entries[key])
    stats.whole = sum(isinstance(entries[key][0], str) for _, key in missing)
    cache.save(entries)
    return texts, stats, keys


def _ruling_fields_of_case(case: Case, corpus: Corpus) -> dict:
    """The fields a public ruling takes from its case, the same for each of its rulings."""
    return {
        "case_number": case.number,
        "slug": url_slug(case.number),
        "resonant": case.resonant,
        "category": corpus.categories[case.category],
        "lower_courts": tuple(
            LowerCourtRef(
                corpus.courts[a.court],
                corpus.regions[corpus.courts[a.court].region],
                a.date,
                a.number,
            )
            for a in case.lower_court_acts
        ),
        "panel": tuple(corpus.judges[j] for j in case.panel),
        "rapporteur": corpus.judges.get(case.rapporteur or ""),
        "languages": tuple(
            sorted(
                {r.meta.language.value for r in corpus.rulings_by_case[case.number]},
                key=("kk", "ru").index,
            )
        ),
    }


def _unpacked(corpus: Corpus, ruling: Ruling, entry: tuple) -> str:
    """A ruling's depersonalised text, from its cache entry and its own text."""
    from generator.depersonalise.text_cache import unpack

    return unpack(corpus.text_of(ruling), entry)[0]


def public_view(
    corpus: Corpus, jobs: int | None = None, cache_dir: Path | None = None
) -> PublicView:
    """Everything public, made safe. Builders of public output read only this.

    With `cache_dir` (ROOT/.alqa-cache), depersonalised ruling texts are reused from the
    previous build for rulings whose text and case did not change
    (generator.depersonalise.text_cache); what was reused is in the view's `text_cache`."""
    stats = None
    if cache_dir is None:
        texts = depersonalised_texts(corpus, jobs)
        keys = [_text_key(*pair) for pair in texts]
    else:
        texts, stats, keys = cached_depersonalised_texts(corpus, jobs, Path(cache_dir))
    # 10,000 rulings and 13,000 hearings, kept as long as the records they are made from:
    # a third of the time went to the garbage collector walking them (generator.collector)
    with collector.paused(freeze=True):
        return _records(corpus, texts, stats, keys)


def _records(
    corpus: Corpus,
    texts: list[tuple[str | Callable[[], str], str | None]],
    stats: TextCacheStats | None,
    keys: list[bytes],
) -> PublicView:
    """The public view of the corpus, given its rulings' depersonalised texts and keys."""
    from generator.depersonalise import Depersonaliser

    rulings: list[PublicRuling] = []
    by_case: dict[str, list[PublicRuling]] = {}
    reprs = Keys()  # the repr of each shared record, made once
    of_case: dict[str, dict] = {}  # case number -> _ruling_fields_of_case
    for ruling, (text, headnote), key in zip(corpus.rulings, texts, keys, strict=True):
        case = corpus.case_by_number[ruling.meta.case]
        if case.confidential:
            continue
        common = of_case.get(case.number)
        if common is None:  # one object of each for all its rulings: its digests reuse them
            common = of_case[case.number] = _ruling_fields_of_case(case, corpus)
        meta = ruling.meta
        public = PublicRuling(
            **common,
            year=meta.date.year,
            date=meta.date,
            language=meta.language.value,
            outcome=meta.outcome,
            practice_forming=meta.practice_forming,
            headnote=headnote,
            norms=tuple(meta.norms),
            keywords=tuple(meta.keywords),
            text=text if isinstance(text, str) else "",
            source_path=ruling.path,
        )
        if not isinstance(text, str):
            _text_later(public, text)
        object.__setattr__(public, "digest", content_digest(public, _RULING, reprs, key))
        rulings.append(public)
        by_case.setdefault(case.number, []).append(public)

    hearings = [h for case in corpus.cases for h in _hearings(case, corpus)]
    hearings.sort(key=lambda h: (h.at, h.room, h.case_number))
    for h in hearings:
        object.__setattr__(h, "digest", content_digest(h, _HEARING, reprs))

    decisions = []
    for case in corpus.cases:
        considered = case.events_of("considered")
        if case.confidential or not considered:
            continue
        public_rulings = tuple(by_case.get(case.number, ()))
        first = corpus.courts.get(case.lower_court_acts[0].court) if case.lower_court_acts else None
        decisions.append(
            PublicDecision(
                case_number=case.number,
                slug=url_slug(case.number),
                date=considered[-1].date,
                outcome=considered[-1].outcome,
                category=corpus.categories[case.category],
                region=corpus.regions[first.region] if first else None,
                practice_forming=any(r.practice_forming for r in public_rulings),
                resonant=case.resonant,
                rulings=public_rulings,
            )
        )
    decisions.sort(key=lambda d: (d.date, d.case_number))
    intros = {}
    for (week, lang), text in sorted(corpus.press_intros.items()):
        # the editor writes about the week's cases: depersonalise by each of them
        # (the leak gate still scans the result against every case)
        for case in corpus.cases:
            if any(iso_week(e.date) == week for e in case.events_of("considered")):
                text = Depersonaliser.for_case(case, corpus.public_names).apply(text, lang)
        intros[(week, lang)] = text
    rulings.sort(key=lambda r: (r.date, r.case_number, r.language))
    return PublicView(
        court=corpus.court,
        categories=corpus.categories,
        regions=corpus.regions,
        courts=corpus.courts,
        judges=corpus.judges,
        rulings=tuple(rulings),
        hearings=tuple(hearings),
        decisions=tuple(decisions),
        reviews=tuple(corpus.reviews),
        press_intros=intros,
        text_cache=stats,
    )
