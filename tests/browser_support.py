"""Fixtures for the browser tests (tests/test_browser.py).

The sample court (records/, rulings/, reviews/ at the project root) is built once per session
into a temporary folder, served on localhost by `generator.serve`, and driven in Debian's
Chromium (/usr/bin/chromium) through the Python `playwright` package. Playwright's own browser
download does not work on our machines and is never used: `.ci/run` installs Debian's
`chromium`.

Without /usr/bin/chromium (or the `playwright` package) the tests are skipped on a developer's
machine, and fail in CI (CI=true), where a missing browser is a broken setup, not a reason to
skip.

One browser per session (a persistent context on a new empty profile), a new page per test.
Screenshots go to test-artifacts/browser/ at the project root (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, TODAY

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

__all__ = [
    "ARTIFACTS",
    "CHROMIUM",
    "Site",
    "Tab",
    "browser",
    "built_site",
    "records",
    "site",
    "tab",
]

CHROMIUM = Path(os.environ.get("ALQA_CHROMIUM", "/usr/bin/chromium"))  # Debian's chromium
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
TIMEOUT_MS = 15_000


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str):
    """Skip on a developer's machine; fail in CI, where the browser must be there."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: .ci/run must install it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample court at the project root, built once for the session."""
    out = tmp_path_factory.mktemp("browser") / "site"
    cmd = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--root",
        str(ROOT),
        "--today",
        TODAY,
        "--out",
        str(out),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        pytest.fail(
            f"`alqa build` of the sample court failed ({done.returncode}):\n"
            f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}",
            pytrace=False,
        )
    assert (out / "index.html").is_file(), f"no index.html in {out}"
    return out


@pytest.fixture(scope="session")
def records():
    """The sample court's records, as `alqa` reads them."""
    from generator.load import load_root

    loaded = load_root(ROOT)
    assert loaded.cases, "the sample court has no cases"
    return loaded


@dataclass
class Site:
    """The built site, served on localhost."""

    dir: Path
    base: str  # http://127.0.0.1:PORT/

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def path_of(self, url: str) -> str:
        """The site-relative path of a URL of this site: `ru/rulings/`."""
        assert url.startswith(self.base), f"{url} is not on {self.base}"
        return urlsplit(url).path.lstrip("/")


@pytest.fixture(scope="session")
def site(built_site: Path) -> Iterator[Site]:
    from generator.search.api import register
    from generator.serve import make_server

    register(built_site.parent / "search_index")  # as `alqa serve` does: /api/search
    server = make_server(built_site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield Site(built_site, f"http://{host}:{port}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(tmp_path_factory) -> Iterator[BrowserContext]:
    """Debian's Chromium on a new empty profile, one for the whole session."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: install Debian's `chromium` package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the `playwright` package is missing: `bash scripts/setup test`")
    profile = tmp_path_factory.mktemp("chromium-profile")
    # Save PDFs as a reader's download instead of showing them in Chromium's viewer.
    (profile / "Default").mkdir()
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"plugins": {"always_open_pdf_externally": True}}), encoding="utf-8"
    )
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
            locale="kk-KZ",
            timezone_id="Asia/Almaty",
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


@dataclass
class Tab:
    """A page of the browser, with what went wrong on it: script errors, failed requests."""

    page: Page
    site: Site
    name: str
    errors: list[str] = field(default_factory=list)
    shots: int = 0

    def open(self, path: str = "") -> Page:
        response = self.page.goto(self.site.url(path))
        assert response is not None and response.ok, f"GET /{path}: {response and response.status}"
        return self.page

    def lang(self) -> str:
        return self.page.evaluate("document.documentElement.lang")

    def path(self) -> str:
        return self.site.path_of(self.page.url)

    def shot(self, what: str) -> Path:
        """A full-page screenshot for the test artefacts."""
        self.shots += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}-{self.shots:02d}-{what}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def visible_text(self) -> str:
        return self.page.evaluate("document.body.innerText")

    def interface_text(self) -> list[str]:
        """Text a reader sees or hears besides the body text: the title, and the
        aria-label, placeholder, title and alt attributes of every element."""
        return self.page.evaluate(
            """() => [document.title].concat(
                 Array.from(document.querySelectorAll('[aria-label],[placeholder],[title],[alt]'))
                   .flatMap(e => ['aria-label', 'placeholder', 'title', 'alt']
                     .map(a => e.getAttribute(a)).filter(v => v)))"""
        )

    def assert_clean(self) -> None:
        assert not self.errors, "errors in the browser:\n" + "\n".join(self.errors)


def _slug(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", nodeid.split("::")[-1]).strip("-")[:80]


@pytest.fixture
def tab(browser: BrowserContext, site: Site, request) -> Iterator[Tab]:
    """A new page for one test; script errors and failed requests of the site are recorded."""
    page = browser.new_page()
    t = Tab(page, site, _slug(request.node.nodeid))

    def on_response(response: Any) -> None:
        if response.url.startswith(site.base) and response.status >= 400:
            t.errors.append(f"HTTP {response.status}: {response.url}")

    page.on("pageerror", lambda exc: t.errors.append(f"script error: {exc}"))
    page.on("response", on_response)
    try:
        yield t
    finally:
        page.close()
