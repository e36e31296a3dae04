"""The search API over a real HTTP server on an ephemeral port."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from generator.check import check_root
from generator.corpus import Corpus
from generator.public import public_view
from generator.search.api import register
from generator.search.engine import WhooshEngine
from generator.serve import API, make_server
from generator.site import swap_in
from tests.conftest import ROOT, TODAY


@pytest.fixture(scope="module")
def view():
    data, _ = check_root(ROOT, dt.date.fromisoformat(TODAY), None)
    return public_view(Corpus.from_loaded(data))


@pytest.fixture(scope="module")
def server(view, tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<h1>site</h1>", encoding="utf-8")
    WhooshEngine().build(view, root / "search_index", full=True)
    api = register(root / "search_index")
    httpd = make_server(root / "site", port=0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", api, root
    httpd.shutdown()
    httpd.server_close()
    API.clear()


def get(base: str, path: str, **params) -> tuple[int, dict]:
    url = f"{base}{path}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_search_answers_json_with_results_and_facets(server):
    base, _, _ = server
    status, body = get(base, "/api/search", q="решения", sort="date")
    assert status == 200
    assert set(body) == {"total", "page", "pages", "results", "facets"}
    assert body["total"] > 0 and body["page"] == 1
    hit = body["results"][0]
    for key in (
        "case_number",
        "url",
        "date",
        "language",
        "category",
        "outcome",
        "practice_forming",
        "headnote",
        "snippet",
    ):
        assert key in hit
    assert hit["url"].startswith(("/rulings/", "/ru/rulings/"))
    assert set(body["facets"]) == {"category", "year", "outcome", "region"}


def test_filters_and_pages(server):
    base, _, _ = server
    status, body = get(
        base, "/api/search", language="kk", practice_forming="true", page_size=2, page=2
    )
    assert status == 200 and body["page"] == 2 and len(body["results"]) <= 2
    assert all(r["language"] == "kk" and r["practice_forming"] for r in body["results"])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "year must be a whole number"),
        ({"from": "2026-13-01"}, "from must be a date"),
        ({"outcome": "won"}, "outcome must be one of"),
        ({"language": "en"}, "language must be kk or ru"),
        ({"page": "0"}, "page must be between"),
        ({"sort": "name"}, "sort must be relevance or date"),
        ({"practice_forming": "maybe"}, "practice_forming must be true or false"),
        ({"from": "2026-05-01", "to": "2026-01-01"}, "from must not be after to"),
        ({"colour": "red"}, "unknown parameter 'colour'"),
        ({"category": "<script>"}, "category must be an id"),
    ],
)
def test_bad_parameters_get_400_with_a_message(server, params, message):
    base, _, _ = server
    status, body = get(base, "/api/search", **params)
    assert status == 400
    assert message in body["error"]


def test_a_malformed_query_is_not_an_error(server):
    base, _, _ = server
    for q in ('"unclosed', "AND OR", "((", "*", "x" * 10_000):
        status, body = get(base, "/api/search", q=q)
        assert status == 200, q


def test_openapi_describes_the_search(server):
    base, _, _ = server
    status, body = get(base, "/api/openapi.json")
    assert status == 200 and body["openapi"].startswith("3.1")
    names = {p["name"] for p in body["paths"]["/api/search"]["get"]["parameters"]}
    assert {
        "q",
        "category",
        "region",
        "year",
        "from",
        "to",
        "outcome",
        "practice_forming",
        "language",
        "norm",
        "sort",
        "page",
    } <= names


def test_a_rebuilt_index_is_picked_up_without_a_restart(server, view):
    base, api, root = server
    before = get(base, "/api/search")[1]["total"]
    staging = root / "staging"
    WhooshEngine().build(dataclasses.replace(view, rulings=view.rulings[:5]), staging, full=True)
    api.searcher.check_every = 0  # the server checks at most once a second
    swap_in(staging, root / "search_index")
    assert get(base, "/api/search")[1]["total"] == 5 != before
    assert api.searcher.opens == 2


def test_no_index_is_503(tmp_path: Path):
    from generator.search.api import SearchApi

    status, body = SearchApi(tmp_path / "missing").search({"q": ["x"]})
    assert status == 503 and "alqa build" in body["error"]
