"""The public site in a real browser: Debian's Chromium driven by Playwright.

The sample court is built once (tests/browser_support.py), served on localhost, and read the
way the public reads it: the home page, the language switcher, a ruling opened from a listing,
a week's schedule and its .ics, the press feed, a review's PDF and DOCX, and the keyboard.
Every test leaves screenshots in test-artifacts/browser/.

Skipped on a machine without /usr/bin/chromium; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.browser_support import *  # noqa: F403 (fixtures: built_site, records, site, browser, tab)
from tests.browser_support import Site, Tab
from tests.conftest import ROOT, TODAY

pytestmark = pytest.mark.browser

KK_LANGUAGES = ROOT / "generator" / "theme" / "partials" / "languages" / "kk.html"
# Keys of the theme's language files that are settings, not text a reader sees.
NOT_TEXT = {"language", "direction"}
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
ALMATY = "Asia/Almaty"
CLOSED = "жабық сот отырысы"
# What a closed hearing's event may carry: its number (in SUMMARY) and when, nothing else.
CLOSED_EVENT_FIELDS = {
    "SUMMARY",
    "UID",
    "DTSTART",
    "DTEND",
    "DTSTAMP",
    "CLASS",
    "STATUS",
    "SEQUENCE",
    "TRANSP",
    "CREATED",
    "LAST-MODIFIED",
}


# --- helpers ---------------------------------------------------------------------------------


def theme_strings(path: Path) -> dict[str, str]:
    """The interface strings of a mkdocs-material language file (its `t` macro's dict)."""
    text = path.read_text(encoding="utf-8")
    pairs = re.findall(r'^\s*"([^"]+)":\s*"((?:[^"\\]|\\.)*)",?\s*$', text, re.M)
    assert pairs, f"no strings found in {path}"
    return {
        key: value
        for key, value in pairs
        if key not in NOT_TEXT and not key.startswith("search.config.")
    }


@cache
def english_patterns() -> list[tuple[str, re.Pattern]]:
    """mkdocs-material's English interface strings, as whole-word patterns ('#' is a number)."""
    import material

    en = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
    out = []
    for value in sorted(set(theme_strings(en).values())):
        body = re.escape(value).replace(r"\#", r"\d+")
        out.append((value, re.compile(rf"(?<![A-Za-z]){body}(?![A-Za-z])")))
    return out


@cache
def kk() -> dict[str, str]:
    return theme_strings(KK_LANGUAGES)


def english_in(texts: list[str]) -> list[str]:
    found = []
    for value, pattern in english_patterns():
        for text in texts:
            if m := pattern.search(text):
                start = max(0, m.start() - 40)
                found.append(f"{value!r} in …{text[start : m.end() + 40]!r}…")
                break
    return found


def words(text: str) -> str:
    return " ".join(text.split())


def switch_language(tab: Tab, lang: str) -> None:
    """Use the header's language selector as a reader does: point at it, click the language."""
    page = tab.page
    page.locator(".md-header .md-select").hover()
    link = page.locator(f".md-header a.md-select__link[hreflang={lang}]")
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()
    assert tab.lang() == lang, f"after switching to {lang}: <html lang={tab.lang()!r}>"


def href(page, selector: str) -> str:
    """The absolute address a link leads to."""
    return page.locator(selector).first.evaluate("a => a.href")


def person_parties(case) -> list:
    return [p for p in case.parties if p.kind == "person"]


def case_by_slug(records) -> dict:
    from generator.public import url_slug

    return {url_slug(case.number): case for case, _ in records.cases}


def ruling_pair(site_dir: Path) -> tuple[str, str]:
    """A ruling published in both languages: (its Kazakh page, the Russian page it links to)."""
    for page in sorted((site_dir / "rulings").glob("*/*/index.html")):
        html = page.read_text(encoding="utf-8")
        m = re.search(r'<a href="([^"]+)" hreflang="ru">Орыс тіліндегі мәтіні</a>', html)
        if m:
            kk_path = page.parent.relative_to(site_dir).as_posix() + "/"
            return kk_path, m.group(1)
    pytest.fail("no Kazakh ruling page links its Russian text (Орыс тіліндегі мәтіні)")


# --- 1. the home page in Kazakh --------------------------------------------------------------


def test_home_page_is_kazakh_with_the_coming_weeks_hearings(tab: Tab):
    from generator.builders.schedule import coming_week

    page = tab.open("")
    assert tab.lang() == "kk"
    heading = page.get_by_role("heading", name="Алдағы аптадағы сот отырыстары")
    assert heading.is_visible()
    week = coming_week(dt.date.fromisoformat(TODAY))
    week_link = page.locator(f'article a[href="schedule/{week}/"]')
    assert week_link.is_visible(), f"the home page does not link the coming week {week}"
    table = page.locator("article table").first
    assert table.is_visible(), "the coming week's hearings table is not shown"
    rows = table.locator("tbody tr")
    assert rows.count() >= 1, "the coming week's table is empty in the sample court"
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_inner_texts()
        assert any(re.fullmatch(r"\d{4}-\d\d-\d\d-\S+/\d+", c.strip()) for c in cells), cells
    tab.shot("home-kk")
    found = english_in([tab.visible_text(), *tab.interface_text()])
    assert not found, "English interface strings on the Kazakh home page:\n" + "\n".join(found)
    tab.assert_clean()


@pytest.mark.parametrize("where", ["rulings/", "ruling", "schedule/", "reviews/", "press/"])
def test_no_english_interface_strings_on_kazakh_pages(tab: Tab, site: Site, where: str):
    path = ruling_pair(site.dir)[0] if where == "ruling" else where
    tab.open(path)
    assert tab.lang() == "kk"
    # the search box's texts are drawn by the theme's script: open it to see them
    tab.page.locator(".md-search__input").click()
    found = english_in([tab.visible_text(), *tab.interface_text()])
    tab.shot(where.strip("/"))
    assert not found, f"English interface strings on /{path}:\n" + "\n".join(found)
    tab.assert_clean()


@pytest.mark.parametrize("path", ["", "ru/"])
def test_heading_permalinks_are_not_labelled_in_english(tab: Tab, path: str):
    """Python-Markdown's toc extension titles every heading's ¶ link "Permanent link" unless
    `permalink_title` is set: a tooltip in English on every Kazakh and Russian page."""
    page = tab.open(path)
    titles = page.locator("a.headerlink").evaluate_all("links => links.map(a => a.title)")
    assert titles, "no heading permalinks on the page"
    english = sorted({t for t in titles if re.search(r"[A-Za-z]", t)})
    assert not english, f"/{path}: heading permalinks titled in English: {english}"


# --- 2. the language switcher ----------------------------------------------------------------


def test_language_switch_from_the_home_page(tab: Tab, site: Site):
    tab.open("")
    tab.shot("home-kk")
    switch_language(tab, "ru")
    assert tab.path() == "ru/", f"Русский led to /{tab.path()}, not to /ru/"
    assert tab.page.get_by_role("heading", level=1).first.is_visible()
    tab.shot("home-ru")
    switch_language(tab, "kk")
    assert tab.path() == "", f"Қазақша led to /{tab.path()}, not back to /"
    tab.assert_clean()


def test_language_switch_on_a_ruling_leads_to_its_other_language(tab: Tab, site: Site):
    kk_path, _ = ruling_pair(site.dir)
    page = tab.open(kk_path)
    ru_url = href(page, 'article a[hreflang="ru"]')
    assert site.path_of(ru_url).startswith("ru/rulings/"), ru_url
    tab.shot("ruling-kk")
    switch_language(tab, "ru")
    assert page.url == ru_url, f"the switcher on /{kk_path} led to {page.url}, not {ru_url}"
    back = page.get_by_role("link", name="Текст на казахском языке")
    assert back.is_visible(), "the Russian ruling page does not link its Kazakh text"
    assert back.evaluate("a => a.href") == site.url(kk_path)
    tab.shot("ruling-ru")
    switch_language(tab, "kk")
    assert tab.path() == kk_path, f"switching back led to /{tab.path()}, not /{kk_path}"
    tab.assert_clean()


# --- 3. a ruling opened from the listing -----------------------------------------------------


def test_ruling_from_the_listing_shows_metadata_and_text_without_party_names(
    tab: Tab, site: Site, records, tmp_path: Path
):
    import docx

    cases = case_by_slug(records)
    page = tab.open("rulings/")
    links = page.locator("article table a[href]")
    assert links.count() >= 1, "the rulings listing links no ruling"
    chosen = None
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href") or ""
        case = cases.get(target.rstrip("/").rsplit("/", 1)[-1])
        if case is not None and person_parties(case):
            chosen = (links.nth(i), case)
            break
    assert chosen, "no ruling in the listing is of a case with a person among its parties"
    link, case = chosen
    tab.shot("listing")
    with page.expect_navigation():
        link.click()
    assert tab.path().startswith("rulings/"), page.url
    assert case.number in page.get_by_role("heading", level=1).first.inner_text()

    meta = page.locator("article table").first
    assert meta.is_visible(), "the ruling's metadata table is not shown"
    rows = dict(  # the first pair (case number) is the table's header row
        tuple(c.strip() for c in row.locator("th, td").all_inner_texts()[:2])
        for row in meta.locator("tr").all()
    )
    assert rows.get("Іс нөмірі") == case.number, rows
    assert rows.get("Күні"), rows
    assert page.get_by_role("heading", name="Мәтіні").is_visible(), "no «Мәтіні» heading"
    body = page.locator("article").inner_text()
    text = body.split("Мәтіні", 1)[-1]
    assert len(text) > 500, f"the ruling's text is missing or short: {text[:200]!r}"
    tab.shot("ruling")

    shown = "\n".join([tab.visible_text(), *tab.interface_text()])
    leaked = [
        f"{p.name} ({p.role})"
        for p in person_parties(case)
        if p.name.split()[0] in shown or (p.iin and p.iin in shown)
    ]
    assert not leaked, f"/{tab.path()} names parties of {case.number}: {leaked}"

    # its DOCX, downloaded as a reader does, names no one either
    with page.expect_download() as info:
        page.locator('article a[href$=".docx"]').first.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    document = docx.Document(str(saved))
    doc_text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert case.number in doc_text
    leaked = [p.name for p in person_parties(case) if p.name.split()[0] in doc_text]
    assert not leaked, f"{saved.name} names parties of {case.number}: {leaked}"
    tab.assert_clean()


# --- 4. the schedule and its .ics ------------------------------------------------------------


def closed_hearings(records) -> dict[str, list[dt.datetime]]:
    """Case number -> hearing times, for the confidential cases of the sample court."""
    return {
        case.number: [e.at for e in case.events_of("hearing_scheduled")]
        for case, _ in records.cases
        if case.confidential and case.events_of("hearing_scheduled")
    }


def test_schedule_week_and_its_ics(tab: Tab, site: Site, records, tmp_path: Path):
    from icalendar import Calendar

    from generator.dates import iso_week

    closed = closed_hearings(records)
    closed_weeks = {iso_week(at.date()) for times in closed.values() for at in times}
    assert closed_weeks, "the sample court has no closed hearing to check"

    page = tab.open("")
    with page.expect_navigation():
        page.locator(".md-tabs a[href='schedule/']").click()
    assert tab.path() == "schedule/"
    tab.shot("schedule")
    week_links = page.locator("article li a[href]")
    week = next(
        (
            h.rstrip("/")
            for h in week_links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
            if h.rstrip("/") in closed_weeks
        ),
        None,
    )
    assert week, f"the schedule lists none of the weeks with a closed hearing: {closed_weeks}"
    with page.expect_navigation():
        page.locator(f'article li a[href="{week}/"]').click()
    assert tab.path() == f"schedule/{week}/"
    rows = page.locator("article table tbody tr")
    assert rows.count() >= 1
    assert page.locator("article table").get_by_text(CLOSED).first.is_visible()
    tab.shot(week)

    with page.expect_download() as info:
        page.locator('article a[href$=".ics"]').first.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.suffix == ".ics", saved.name
    calendar = Calendar.from_ical(saved.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == rows.count(), "the .ics and the page list different hearings"

    uids = [str(e.get("UID", "")) for e in events]
    assert all(uids), "an event has no UID"
    assert len(set(uids)) == len(uids), f"UIDs repeat: {uids}"
    for event in events:
        start = event["DTSTART"]
        assert start.params.get("TZID") == ALMATY, f"{event['UID']}: DTSTART {start.to_ical()}"
        assert isinstance(start.dt, dt.datetime) and start.dt.tzinfo is not None

    seen_closed = 0
    for event in events:
        summary = str(event["SUMMARY"])
        number = next((n for n in closed if n in summary), None)
        if number is None:
            assert CLOSED not in summary, f"an open hearing marked closed: {summary}"
            continue
        seen_closed += 1
        assert summary == f"№ {number}: {CLOSED}", f"a closed hearing shows more: {summary!r}"
        extra = set(event.keys()) - CLOSED_EVENT_FIELDS
        assert not extra, f"the closed hearing {number} carries {sorted(extra)}"
        local = event["DTSTART"].dt.replace(tzinfo=None)
        assert local in closed[number], f"{number} at {local}, not at {closed[number]}"
    assert seen_closed, f"the .ics of {week} has none of its closed hearings"
    tab.assert_clean()


# --- 5. the press feed -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_press_feed(tab: Tab, site: Site, lang: str):
    import feedparser

    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    prefix = "" if lang == "kk" else "ru/"
    page = tab.open(f"{prefix}press/")
    tab.shot(f"press-{lang}")
    releases = page.locator("article li a[href]").count()
    feed_url = href(page, 'article a[href$=".atom"]')
    assert site.path_of(feed_url) == f"{prefix}press/feed.{lang}.atom", feed_url
    response = page.request.get(feed_url)
    assert response.ok, f"GET {feed_url}: {response.status}"
    assert "atom" in response.headers.get("content-type", ""), response.headers
    feed = feedparser.parse(response.body())
    assert not feed.bozo, f"{feed_url} is not well-formed: {feed.get('bozo_exception')}"
    assert feed.feed.get("title"), "the feed has no title"
    assert feed.feed.get("language") == lang, feed.feed.get("language")
    assert feed.entries, "the feed has no entries"
    assert len(feed.entries) == releases, "the feed and the press page list different releases"
    for entry in feed.entries:
        assert entry.get("title", "").strip(), f"an entry without a title: {entry.get('id')}"
        link = entry.get("link", "")
        assert link.startswith(site_url), f"{entry.title}: {link!r} is not on {site_url}"
        local = site.url(link[len(site_url) :])
        assert page.request.get(local).ok, f"{entry.title}: {link} is not a page of the site"
    tab.assert_clean()


# --- 6. a review's PDF and DOCX --------------------------------------------------------------


def test_review_pdf_and_docx(tab: Tab, site: Site, tmp_path: Path):
    import docx
    from pypdf import PdfReader

    page = tab.open("reviews/")
    tab.shot("reviews")
    first = page.locator("article li a[href]").first
    assert first.count(), "reviews/ lists no review (generator/builders/reviews.py)"
    with page.expect_navigation():
        first.click()
    assert tab.path().startswith("reviews/") and tab.path() != "reviews/", page.url
    title = words(page.get_by_role("heading", level=1).first.inner_text().rstrip("¶"))
    assert KAZAKH_LETTERS & set(title), f"the review's title is not in Kazakh: {title!r}"
    tab.shot("review")

    def download(ext: str) -> Path:
        with page.expect_download() as info:
            page.locator(f'article a[href$=".{ext}"]').first.click()
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert saved.suffix == f".{ext}", saved.name
        return saved

    pdf = download("pdf")
    assert pdf.read_bytes().startswith(b"%PDF"), f"{pdf.name} is not a PDF"
    reader = PdfReader(str(pdf))
    pdf_text = words("\n".join(p.extract_text() or "" for p in reader.pages))
    assert KAZAKH_LETTERS & set(pdf_text), f"no Kazakh text extracted from {pdf.name}"
    assert title in pdf_text, f"{pdf.name} does not carry the title {title!r}"

    document = docx.Document(str(download("docx")))
    docx_text = words("\n".join(p.text for p in document.paragraphs))
    assert title in docx_text, f"the DOCX does not carry the title {title!r}"
    tab.assert_clean()


# --- 7. the keyboard -------------------------------------------------------------------------


def test_language_selector_and_navigation_reachable_by_keyboard(tab: Tab, site: Site):
    page = tab.open("")
    tabs = page.locator(".md-tabs a.md-tabs__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(tabs) >= 5, f"the main navigation has {tabs}"
    wanted = {f"link {h}" for h in tabs} | {"language button", "link ru/"}
    reached: list[str] = []
    hidden: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement;
                 const r = e.getBoundingClientRect();
                 return {tag: e.tagName, href: e.getAttribute('href'),
                         label: e.getAttribute('aria-label'),
                         visible: r.width > 0 && r.height > 0
                                  && getComputedStyle(e).visibility !== 'hidden'}; }"""
        )
        if focused["tag"] == "BUTTON" and focused["label"] == kk()["select.language"]:
            what = "language button"
        elif focused["tag"] == "A":
            what = f"link {focused['href']}"
        else:
            what = f"{focused['tag'].lower()} {focused['label'] or ''}".strip()
        reached.append(what)
        if what in wanted and not focused["visible"]:
            hidden.append(what)
        if what == "link ru/":
            tab.shot("focus-russian")
        if wanted <= set(reached):
            break
    missing = wanted - set(reached)
    assert not missing, f"not reached with Tab: {sorted(missing)}; order: {reached}"
    assert reached[0] == "link #" + page.locator("article h1").get_attribute("id"), (
        f"the first Tab does not reach the skip link ({kk()['action.skip']}): {reached[0]}"
    )
    assert not hidden, f"focused but not visible: {hidden}"

    # Enter on the focused Russian link switches language
    for _ in range(len(reached)):
        if page.evaluate("document.activeElement.getAttribute('href')") == "ru/":
            break
        page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert tab.lang() == "ru" and tab.path() == "ru/"
    tab.assert_clean()


def test_search_page_finds_filters_and_opens_a_precedent(tab, site) -> None:
    """Type a query, filter by category, open a result; the URL keeps the query."""
    page = tab.open("search/")
    assert tab.lang() == "kk"
    box = page.locator("#s-q")
    box.fill("өтінішхат")  # the bare word finds every inflected form
    box.press("Enter")
    results = page.locator("#alqa-results li")
    results.first.wait_for()
    total = int(page.locator("#alqa-status").inner_text().rsplit(":", 1)[1])
    assert total >= 2, page.locator("#alqa-status").inner_text()
    assert "q=%D3%A9%D1%82" in page.url or "q=өтінішхат" in page.url  # shareable URL
    assert page.locator("#alqa-results mark").count() >= 1  # highlighted snippets
    tab.shot("results")

    category = page.locator("#s-category")
    options = [o for o in category.locator("option").all() if o.get_attribute("value")]
    counted = [o for o in options if not o.inner_text().endswith("(0)")]
    chosen = counted[0].get_attribute("value")
    category.select_option(chosen)
    page.wait_for_url(f"**category={chosen}**")
    page.wait_for_function(
        "() => !document.querySelector('#alqa-status').textContent.endsWith('…')"
    )
    filtered = int(page.locator("#alqa-status").inner_text().rsplit(":", 1)[1])
    assert 1 <= filtered <= total
    tab.shot("filtered")

    page.go_back()  # the back button returns to the unfiltered search
    page.wait_for_function("() => !location.search.includes('category=')")
    assert page.locator("#s-category").input_value() == ""

    first = page.locator("#alqa-results li a").first
    first.wait_for()
    number = first.inner_text().split(" ")[0]
    with page.expect_navigation():
        first.click()
    assert number in page.get_by_role("heading", level=1).first.inner_text()
    tab.shot("opened")
