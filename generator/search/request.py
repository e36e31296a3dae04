"""What a search asks and what it answers: the engine-neutral side of the seam.

The API, the CLI and the site speak only these dataclasses; no Whoosh type crosses them,
so another engine (tantivy, OpenSearch) could answer the same requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

OUTCOMES = ("upheld", "modified", "remanded", "reversed", "reinstated", "terminated")
LANGUAGES = ("kk", "ru")
SORTS = ("relevance", "date")
FACETS = ("category", "year", "outcome", "region")
MAX_QUERY_CHARS = 300  # longer queries are cut here, not refused
MAX_TERMS = 20  # words, phrases and numbers of one query; the rest is ignored
MAX_PAGE_SIZE = 50
MAX_PAGE = 1000


class InvalidRequest(ValueError):
    """A parameter a search cannot take (bad date, unknown outcome, page 0 …)."""


@dataclass(frozen=True)
class SearchRequest:
    """One search: the text people typed plus filters, sort and page.

    Filters left as None do not filter. `q` may be empty: then the filters alone select
    (newest first when sorted by relevance, as there is no relevance to rank by).
    """

    q: str = ""
    category: str | None = None
    region: str | None = None
    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outcome: str | None = None
    practice_forming: bool | None = None
    language: str | None = None
    norm: str | None = None
    judge: str | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 10

    def __post_init__(self) -> None:
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise InvalidRequest(f"outcome must be one of {', '.join(OUTCOMES)}")
        if self.language is not None and self.language not in LANGUAGES:
            raise InvalidRequest("language must be kk or ru")
        if self.sort not in SORTS:
            raise InvalidRequest("sort must be relevance or date")
        if not 1 <= self.page <= MAX_PAGE:
            raise InvalidRequest(f"page must be between 1 and {MAX_PAGE}")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise InvalidRequest(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        if self.year is not None and not 1900 <= self.year <= 2200:
            raise InvalidRequest("year must be a four-digit year")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidRequest("from must not be after to")


@dataclass(frozen=True)
class Hit:
    """One ruling found. `snippet` is HTML: escaped text with <mark> around matches."""

    case_number: str
    url: str  # from the site root: /rulings/2026/slug/ (kk) or /ru/rulings/2026/slug/ (ru)
    date: dt.date
    language: str
    category: str
    category_name: str
    region: str | None
    outcome: str
    practice_forming: bool
    headnote: str | None
    snippet: str
    score: float = 0.0


@dataclass(frozen=True)
class SearchResults:
    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.page_size))


@dataclass
class IndexStats:
    """What a build of the index did."""

    documents: int = 0  # in the index after the build
    added: int = 0  # new rulings
    updated: int = 0  # rulings whose content changed
    deleted: int = 0  # rulings gone from the corpus
    unchanged: int = 0
    full: bool = False
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        return self.added + self.updated

    def summary(self) -> str:
        kind = "full rebuild" if self.full else "incremental"
        return (
            f"Search index ({kind}): {self.documents} rulings; {self.added} added, "
            f"{self.updated} updated, {self.deleted} deleted, {self.unchanged} unchanged "
            f"in {self.seconds:.1f} s"
        )
