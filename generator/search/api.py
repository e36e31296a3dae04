"""The search API of `alqa serve`: GET /api/search and its OpenAPI description.

    GET /api/search?q=…&category=…&region=…&year=…&from=…&to=…&outcome=…
                   &practice_forming=…&language=…&norm=…&judge=…&sort=…&page=…&page_size=…

answers {total, page, pages, results: [...], facets: {category, year, outcome, region}}.
A parameter the search cannot take answers 400 with {"error": "..."}; a query it cannot
parse never does (it falls back to plain words). The searcher is opened once and reused;
it re-opens the index by itself when a build swaps a new one in.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.search.query import FILTER_KEYS
from generator.search.request import (
    FACETS,
    LANGUAGES,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    OUTCOMES,
    SORTS,
    InvalidRequest,
    SearchRequest,
    SearchResults,
)

PARAMS = ("q", *FILTER_KEYS, "sort", "page", "page_size")  # the filters people can type
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidRequest(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _int(name: str, value: str) -> int:
    if not value.isdigit() or len(value) > 6:
        raise InvalidRequest(f"{name} must be a whole number, not {value!r}")
    return int(value)


def request_from_params(params: dict[str, list[str]]) -> SearchRequest:
    """A SearchRequest from query-string parameters; raises InvalidRequest with a message."""
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        raise InvalidRequest(f"unknown parameter {unknown[0]!r}; known: {', '.join(PARAMS)}")
    one = {k: v[0].strip() for k, v in params.items() if v and v[0].strip()}
    args: dict = {"q": one.get("q", "")}
    for name in ("category", "region", "judge"):
        if name in one:
            if not _ID.match(one[name]):
                raise InvalidRequest(f"{name} must be an id like 'housing', not {one[name]!r}")
            args[name] = one[name]
    for name in ("outcome", "language", "sort"):
        if name in one:
            args[name] = one[name].lower()
    if "norm" in one:
        if not re.search(r"\d", one["norm"]) or len(one["norm"]) > 100:
            raise InvalidRequest(f"norm must name an article, e.g. 'АПК 427', not {one['norm']!r}")
        args["norm"] = one["norm"]
    if "year" in one:
        args["year"] = _int("year", one["year"])
    if "from" in one:
        args["date_from"] = _date("from", one["from"])
    if "to" in one:
        args["date_to"] = _date("to", one["to"])
    if "page" in one:
        args["page"] = _int("page", one["page"])
    if "page_size" in one:
        args["page_size"] = _int("page_size", one["page_size"])
    if "practice_forming" in one:
        value = one["practice_forming"].lower()
        if value not in _TRUE + _FALSE:
            raise InvalidRequest("practice_forming must be true or false")
        args["practice_forming"] = value in _TRUE
    return SearchRequest(**args)


def results_json(results: SearchResults) -> dict:
    """The JSON body of a search (also `alqa search --json`)."""
    return {
        "total": results.total,
        "page": results.request.page,
        "pages": results.pages,
        "results": [
            {
                "case_number": h.case_number,
                "url": h.url,
                "date": h.date.isoformat(),
                "language": h.language,
                "category": h.category,
                "category_name": h.category_name,
                "region": h.region,
                "outcome": h.outcome,
                "practice_forming": h.practice_forming,
                "headnote": h.headnote,
                "snippet": h.snippet,
                "score": h.score,
            }
            for h in results.hits
        ],
        "facets": results.facets,
    }


class SearchApi:
    """The handlers of the API routes over one index folder."""

    def __init__(self, index_dir: Path, engine=None) -> None:
        from generator.search.engine import default_engine

        self.engine = engine or default_engine()
        self.searcher = self.engine.open(Path(index_dir))  # opens lazily, reopens by itself

    def search(self, params: dict[str, list[str]]) -> tuple[int, object]:
        from generator.search.engine import IndexMissing

        try:
            request = request_from_params(params)
        except InvalidRequest as exc:
            return 400, {"error": str(exc)}
        try:
            return 200, results_json(self.searcher.search(request))
        except IndexMissing as exc:
            return 503, {"error": str(exc)}

    def openapi(self, params: dict[str, list[str]]) -> tuple[int, object]:
        return 200, OPENAPI


def register(index_dir: Path, engine=None) -> SearchApi:
    """Add /api/search and /api/openapi.json to `alqa serve`."""
    from generator.serve import register_api

    api = SearchApi(index_dir, engine)
    register_api("/api/search", api.search)
    register_api("/api/openapi.json", api.openapi)
    return api


def _param(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


_STR = {"type": "string"}
_ERROR = {"type": "object", "required": ["error"], "properties": {"error": _STR}}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
OPENAPI: dict = {
    "openapi": "3.1.0",
    "info": {
        "title": "Alqa precedent search",
        "version": "1",
        "description": "Rulings of the civil cassation collegium, depersonalised, searched "
        "in Kazakh and Russian in any inflected form.",
    },
    "paths": {
        "/api/search": {
            "get": {
                "summary": "Search the published rulings",
                "operationId": "search",
                "parameters": [
                    _param(
                        "q",
                        'Words (all must match), "phrases", OR, -exclusions, word*, '
                        "case numbers in full or in part, norms ('АПК 427').",
                        {"type": "string", "maxLength": 10000},
                    ),
                    _param("category", "Category id.", _STR),
                    _param("region", "Region id (of the first-instance court).", _STR),
                    _param("year", "Year of the ruling.", {"type": "integer"}),
                    _param(
                        "from",
                        "Rulings on or after this date.",
                        {"type": "string", "format": "date"},
                    ),
                    _param(
                        "to",
                        "Rulings on or before this date.",
                        {"type": "string", "format": "date"},
                    ),
                    _param("outcome", "Outcome of the ruling.", {"enum": list(OUTCOMES)}),
                    _param(
                        "practice_forming",
                        "Only practice-forming rulings (or only not).",
                        {"type": "boolean"},
                    ),
                    _param("language", "Language of the ruling.", {"enum": list(LANGUAGES)}),
                    _param(
                        "norm",
                        "An article applied, however written: 'АПК 427', "
                        "'ст. 427 ГПК', '427-бабы'.",
                        _STR,
                    ),
                    _param("judge", "Judge id (in the panel).", _STR),
                    _param(
                        "sort", "Order of results.", {"enum": list(SORTS), "default": "relevance"}
                    ),
                    _param(
                        "page",
                        "Page number.",
                        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
                    ),
                    _param(
                        "page_size",
                        "Results per page.",
                        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": 10},
                    ),
                ],
                "responses": {
                    "200": {
                        "description": "Results, with facet counts",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Results"}}
                        },
                    },
                    "400": {
                        "description": "A parameter the search cannot take",
                        "content": {"application/json": {"schema": _ERROR}},
                    },
                    "503": {
                        "description": "No search index has been built yet",
                        "content": {"application/json": {"schema": _ERROR}},
                    },
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "summary": "This description",
                "operationId": "openapi",
                "responses": {"200": {"description": "OpenAPI 3.1 document"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Hit": {
                "type": "object",
                "properties": {
                    "case_number": _STR,
                    "url": {"type": "string", "description": "ruling page, from the site root"},
                    "date": {"type": "string", "format": "date"},
                    "language": {"enum": list(LANGUAGES)},
                    "category": _STR,
                    "category_name": _STR,
                    "region": {"type": ["string", "null"]},
                    "outcome": {"enum": list(OUTCOMES)},
                    "practice_forming": {"type": "boolean"},
                    "headnote": {"type": ["string", "null"]},
                    "snippet": {
                        "type": "string",
                        "description": "HTML: escaped text, matches in <mark>",
                    },
                    "score": {"type": "number"},
                },
            },
            "Results": {
                "type": "object",
                "required": ["total", "page", "pages", "results", "facets"],
                "properties": {
                    "total": {"type": "integer"},
                    "page": {"type": "integer"},
                    "pages": {"type": "integer"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                    "facets": {"type": "object", "properties": {name: _COUNTS for name in FACETS}},
                },
            },
        }
    },
}
