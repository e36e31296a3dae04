"""Open data: JSON/CSV metadata, JSON Lines texts, Akoma Ntoso, Atom feeds, the sitemap."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest

from generator.linkcheck import check_site
from generator.opendata import judgment_blocks
from generator.publish import publish
from tests.conftest import ROOT
from tests.publish.conftest import correct_and_schedule, good_court_repo

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory, git_env):
    repo = good_court_repo(tmp_path_factory.mktemp("opendata") / "court")
    correct_and_schedule(repo)
    publish(repo.path, week="2026-W48", today=dt.date(2026, 11, 27), documents=False)
    return repo.path / "site"


def ruling_pages(site) -> set[tuple[str, str]]:
    """(slug, language) of every ruling page built."""
    found = set()
    for lang, base in (("kk", site / "rulings"), ("ru", site / "ru" / "rulings")):
        for page in base.glob("[0-9]*/*/index.html"):
            found.add((page.parent.name, lang))
    return found


def test_the_json_export_matches_the_ruling_pages(site):
    data = json.loads((site / "opendata/rulings.json").read_text(encoding="utf-8"))
    assert data["count"] == len(data["rulings"]) == len(ruling_pages(site)) == 2
    assert {(r["id"].split(".")[0], r["language"]) for r in data["rulings"]} == ruling_pages(site)
    kk = next(r for r in data["rulings"] if r["language"] == "kk")
    assert kk["case_number"] == "6001-26-00-3гп/1" and kk["category"] == "housing"
    assert (kk["published"], kk["updated"], kk["versions"]) == ("2026-11-16", "2026-11-25", 2)
    assert kk["url"] == "https://alqa.sot.example.kz/rulings/2026/6001-26-00-3gp-1/"
    assert (
        kk["akn_expression"]
        == "/akn/kz/judgment/supremecourt/2026-10-14/6001-26-00-3gp-1/kaz@2026-11-25"
    )
    year = json.loads((site / "opendata/rulings-2026.json").read_text(encoding="utf-8"))
    assert year["rulings"] == data["rulings"] and year["year"] == 2026


def test_the_csv_has_one_row_per_ruling(site):
    rows = list(csv.DictReader(io.StringIO((site / "opendata/rulings.csv").read_text("utf-8"))))
    assert [(r["id"], r["outcome"], r["norms"]) for r in rows] == [
        ("6001-26-00-3gp-1.kk", "remanded", "АПК 427; АК 272"),
        ("6001-26-00-3gp-1.ru", "remanded", ""),
    ]


def test_the_json_lines_hold_the_depersonalised_texts(site):
    lines = (site / "opendata/rulings.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    assert len(texts) == 2 and all("С.А.Б." in t and "Серікбаев" not in t for t in texts)


def test_each_ruling_is_an_akoma_ntoso_judgment(site):
    root = ET.parse(site / "opendata/akn/2026/6001-26-00-3gp-1.kk.xml").getroot()
    assert root.tag == f"{AKN}akomaNtoso"
    judgment = root.find(f"{AKN}judgment")
    assert judgment is not None and judgment.get("name") == "judgment"
    ident = judgment.find(f"{AKN}meta/{AKN}identification")
    assert ident.get("source") == "#alqa"
    work = ident.find(f"{AKN}FRBRWork")
    uri = "/akn/kz/judgment/supremecourt/2026-10-14/6001-26-00-3gp-1"
    assert work.find(f"{AKN}FRBRuri").get("value") == uri
    assert work.find(f"{AKN}FRBRthis").get("value") == uri + "/!main"
    assert work.find(f"{AKN}FRBRcountry").get("value") == "kz"
    assert work.find(f"{AKN}FRBRdate").get("date") == "2026-10-14"
    expression = ident.find(f"{AKN}FRBRExpression")
    assert expression.find(f"{AKN}FRBRlanguage").get("language") == "kaz"
    assert ident.find(f"{AKN}FRBRManifestation/{AKN}FRBRauthor").get("href") == "#alqa"
    assert judgment.find(f"{AKN}header//{AKN}docNumber").text == "6001-26-00-3гп/1"
    paragraphs = judgment.findall(f"{AKN}judgmentBody/*/{AKN}p")
    assert paragraphs and "С.А.Б." in paragraphs[0].text


def test_a_signed_ruling_is_split_into_introduction_motivation_and_decision():
    text = (ROOT / "rulings/2026/6001-26-00-3гп-103.ru.md").read_text(encoding="utf-8")
    blocks = dict(judgment_blocks(text.split("---", 2)[2]))
    assert list(blocks) == ["introduction", "motivation", "decision"]
    assert blocks["introduction"][0] == "ПОСТАНОВЛЕНИЕ"
    assert blocks["motivation"][0] == "УСТАНОВИЛА:"
    assert blocks["decision"][0] == "ПОСТАНОВИЛА:"


def test_the_feeds_date_publications_and_corrections_from_git(site):
    feed = ET.parse(site / "opendata/feeds/rulings.atom").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Қаулы № 6001-26-00-3гп/1 (түзетілді)",
        "Постановление № 6001-26-00-3гп/1",
    ]
    assert entries[0].find(f"{ATOM}updated").text.startswith("2026-11-25T12:00:00")
    assert entries[0].find(f"{ATOM}published").text.startswith("2026-11-16")
    housing = ET.parse(site / "opendata/feeds/category-housing.atom").getroot()
    assert len(housing.findall(f"{ATOM}entry")) == 2
    land = ET.parse(site / "opendata/feeds/category-land.atom").getroot()
    assert land.findall(f"{ATOM}entry") == []


def test_the_open_data_page_links_every_file_and_the_sitemap_lists_them(site):
    for page in ("opendata/index.html", "ru/opendata/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert (
            "rulings.json" in html and "rulings.jsonl" in html and "category-housing.atom" in html
        )
    assert check_site(site) == []
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for name in ("rulings.json", "rulings.csv", "akn/2026/6001-26-00-3gp-1.kk.xml"):
        assert f"<loc>https://alqa.sot.example.kz/opendata/{name}</loc>" in sitemap
    import gzip

    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == sitemap
