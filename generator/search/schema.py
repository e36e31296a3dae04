"""The search index's schema, in one place, and the document made of each public ruling.

A ruling's text and headnote go into the fields of its language (``text_kk``/``text_ru``,
``headnote_kk``/``headnote_ru``, the headnote boosted), each stemmed by its language's
analyzer. Phrases are answered from the pairs of consecutive stems, kept beside the
Whoosh segments by :mod:`generator.search.phrases` (no field needs positions and a phrase
costs a few array look-ups); :func:`phrase_stems` gives the stems they come from.
Case numbers match exactly (``number``) and in part: a query of 3 to 24 characters is
looked for in the numbers of the ``id`` column when searching (``number_part``, not a
field: 136 n-gram postings a ruling were a fifth of the build), so "3гп/12" finds
6001-26-00-3гп/123. ``norms`` holds canonical citation tokens ("gpk:427") and the bare
article ("427") of the norms the ruling applied (its front matter) and cited in its
headnote; citations in the body are not parsed (8 ms a ruling).

Only the public view is indexed: depersonalised text, no confidential case.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint

from generator.public import PublicRuling
from generator.search import kazakh
from generator.search.analysis import TOKEN_PATTERN, kazakh_analyzer, russian_analyzer, russian_stem
from generator.search.norms import NormAnalyzer, norm_tokens

SCHEMA_VERSION = "2"  # bump when documents change meaning: every ruling is re-indexed
HEADNOTE_BOOST = 3.0
NUMBER_GRAMS = (3, 24)  # lengths of a partial case number query
NUMBER_PART = "number_part"  # the pseudo-field of partial case numbers (see above)

WORD = re.compile(TOKEN_PATTERN)
STEMMERS: dict[str, Callable[[str], str]] = {"kk": kazakh.stem, "ru": russian_stem}


def stems(text: str, lang: str) -> list[str]:
    """The terms a text gets in the field of its language (what the analyzer yields)."""
    stem = STEMMERS[lang]
    return [s for s in map(stem, WORD.findall(text)) if s]


_recent: dict[tuple[str, str], tuple[list[str], set[str]]] = {}


def analysed(text: str, lang: str) -> tuple[list[str], set[str]]:
    """:func:`stems` of a text and those of them the build's guard blocks, remembered for
    the last few texts: a ruling's text is analysed once for its word field and its phrase
    pairs (the oldest text is forgotten first, never one of the ruling being indexed)."""
    key = (lang, text)
    found = _recent.get(key)
    if found is None:
        if len(_recent) >= 8:
            del _recent[next(iter(_recent))]
        words = stems(text, lang)
        found = _recent[key] = (words, blocked(words))
    return found


def phrase_stems(doc: dict) -> tuple[list[str], set[str]]:
    """The stems of a document's headnote and text, in order (the phrase pairs' source),
    and those the guard blocks."""
    lang = doc["language"]
    head, head_blocked = analysed(doc.get(f"headnote_{lang}") or "", lang)
    text, text_blocked = analysed(doc.get(f"text_{lang}") or "", lang)
    return head + text, head_blocked | text_blocked


_guard: Callable[[str], object] | None = None


@contextmanager
def term_guard(guard: Callable[[str], object] | None) -> Iterator[None]:
    """While a build runs, text terms for which `guard(term)` is truthy are not indexed.

    The build passes the leak gate's term check (a party's surname, in any case of any
    case file, confidential ones too): a word that only looks like a party's name (a
    judge's or an advocate's namesake, "ли", "кім") is left out of the index rather than
    published as a term. Worker processes of a build inherit the guard (fork).
    """
    global _guard
    _guard = guard
    is_blocked.cache_clear()
    _recent.clear()
    try:
        yield
    finally:
        _guard = None
        is_blocked.cache_clear()
        _recent.clear()


@lru_cache(maxsize=1 << 18)
def is_blocked(term: str) -> bool:
    """Does the build's guard block `term`?"""
    return bool(_guard and _guard(term))


def blocked(terms: list[str]) -> set[str]:
    """The terms the build's guard blocks."""
    return {t for t in set(terms) if is_blocked(t)} if _guard is not None else set()


def _postings(terms: list[str], boost: float) -> Iterator[tuple[bytes, int, float, bytes]]:
    for term, freq in Counter(terms).items():
        yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)


class StemmedText(TEXT):
    """A TEXT field of one language that indexes without Token objects.

    Indexing is the hot path of a build: the text is split by the analyzer's pattern and
    each word stemmed by the (cached) stemmer of the language, which gives exactly the
    terms the analyzer gives, several times faster. Queries use the analyzer as usual.
    """

    def __init__(self, lang: str, field_boost: float = 1.0) -> None:
        analyzer = kazakh_analyzer() if lang == "kk" else russian_analyzer()
        super().__init__(analyzer=analyzer, phrase=False, field_boost=field_boost)
        self.lang = lang

    def index(self, value, **kwargs):
        terms, bad = analysed(value, self.lang)
        if bad:
            terms = [t for t in terms if t not in bad]
        return _postings(terms, self.format.field_boost)


def norm_terms(text: str) -> list[str]:
    """Citation tokens of a text plus each article and part without its code ("427")."""
    out = []
    for token in norm_tokens(text):
        out.append(token)
        code, sep, rest = token.partition(":")
        if sep and not code.isdigit():
            out.append(rest)
    return list(dict.fromkeys(out))


class NormText(TEXT):
    """The ``norms`` field: :func:`norm_terms` of the ruling's norms and headnote."""

    def __init__(self) -> None:
        super().__init__(analyzer=NormAnalyzer(), phrase=False)

    def index(self, value, **kwargs):
        return _postings(norm_terms(value), self.format.field_boost)


def schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),  # "NUMBER#LANG"
        hash=ID(sortable=True),  # content hash, for incremental builds
        number=KEYWORD(stored=True, lowercase=True, scorable=True),
        date=DATETIME(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        category=ID(stored=True, sortable=True),
        region=ID(stored=True, sortable=True),
        lower_court=KEYWORD(commas=True),
        outcome=ID(stored=True, sortable=True),
        practice_forming=ID(stored=True, sortable=True),  # "1" or "0"
        language=ID(stored=True, sortable=True),
        judges=KEYWORD(commas=True),
        norms=NormText(),
        headnote_kk=StemmedText("kk", field_boost=HEADNOTE_BOOST),
        headnote_ru=StemmedText("ru", field_boost=HEADNOTE_BOOST),
        text_kk=StemmedText("kk"),
        text_ru=StemmedText("ru"),
        url=STORED(),
        category_name=STORED(),
        headnote=STORED(),
        body=STORED(),  # the depersonalised text, for snippets
    )


FACET_FIELDS = ("category", "year", "outcome", "region", "language", "practice_forming")


def ruling_url(ruling: PublicRuling) -> str:
    """The ruling page from the site root: kk at /, ru under /ru/."""
    from generator.builders import url_of
    from generator.builders.rulings import ruling_path

    prefix = "/ru/" if ruling.language == "ru" else "/"
    return prefix + url_of(ruling_path(ruling))


def doc_id(ruling: PublicRuling) -> str:
    """The index id of a ruling: "NUMBER#LANG"."""
    return f"{ruling.case_number}#{ruling.language}"


def document(ruling: PublicRuling) -> dict:
    """The index document of one public ruling (field name -> value)."""
    lang = ruling.language
    headnote = ruling.headnote or ""
    doc = {
        "id": doc_id(ruling),
        "number": ruling.case_number,
        "date": dt.datetime.combine(ruling.date, dt.time()),
        "year": str(ruling.year),
        "category": ruling.category.id,
        "region": ruling.region.id if ruling.region else "",
        "lower_court": ",".join(ref.court.id for ref in ruling.lower_courts),
        "outcome": ruling.outcome.value,
        "practice_forming": "1" if ruling.practice_forming else "0",
        "language": lang,
        "judges": ",".join(judge.id for judge in ruling.panel),
        "norms": "\n".join((*ruling.norms, headnote)),  # the norms applied
        f"text_{lang}": ruling.text,
        "url": ruling_url(ruling),
        "category_name": ruling.category.name(lang),
        "headnote": ruling.headnote,
        "body": ruling.text,
    }
    if headnote:
        doc[f"headnote_{lang}"] = headnote
    doc["hash"] = _digest_hash(ruling.digest, doc["url"]) if ruling.digest else content_hash(doc)
    return doc


def index_hash(ruling: PublicRuling) -> str:
    """``document(ruling)["hash"]``, without making the document when the ruling has a
    digest: an update compares every ruling's, and hashing their texts cost most of it.
    A ruling changed with dataclasses.replace has no digest (it is not an argument), so
    it is compared by content."""
    if ruling.digest:
        return _digest_hash(ruling.digest, ruling_url(ruling))
    return document(ruling)["hash"]


def _digest_hash(digest: str, url: str) -> str:
    """The hash of a ruling by its digest (public_view's hash of all of the ruling, its
    texts by what they were made from) and its URL (the one value not made of the ruling
    alone): what is indexed of a ruling follows from these and SCHEMA_VERSION."""
    key = f"{SCHEMA_VERSION}\x00digest\x01{digest}\x00url\x01{url}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def content_hash(doc: dict) -> str:
    """A digest of everything indexed for a ruling (and of the schema version), for a
    ruling without a digest (made by hand, as tests do)."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for key in sorted(doc):
        if key not in ("hash", "body"):  # the body is the text again
            digest.update(f"\x00{key}\x01{doc[key]}".encode())
    return digest.hexdigest()[:32]
