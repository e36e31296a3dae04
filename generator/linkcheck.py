"""Internal link check of a built site: every relative link and resource must exist.

Reads every HTML file's <a href>, <link href>, <script src>, <img src> and <source src>;
links with a scheme (https:, mailto:, data: …), protocol-relative ones and pure fragments are
left alone. A link is resolved against the page's URL; a folder means its index.html.
Absolute paths ("/assets/…") are taken from the site's root path (from site_url).
Attributes are found with a regular expression, not a full HTML parser: the site has
thousands of pages, and mkdocs writes its attributes quoted and well formed.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TAG = re.compile(r"<(a|link|script|img|source)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # the HTML file, relative to the site
    href: str  # as written
    target: str  # what it resolved to, relative to the site

    def __str__(self) -> str:
        return f"{self.page}: {self.href} -> {self.target} (missing)"


def links_of(text: str) -> list[str]:
    """The href/src values of the checked tags, unescaped."""
    found = []
    for tag in _TAG.finditer(text):
        for attr in _ATTR.finditer(tag[2]):
            value = attr[2] if attr[2] is not None else attr[3] if attr[3] is not None else attr[4]
            found.append(html.unescape(value))
    return found


def is_internal(href: str) -> bool:
    href = href.strip()
    return bool(href) and not (
        href.startswith(("#", "//", "?")) or _SCHEME.match(href) or "{" in href
    )


def resolve(page_url: str, href: str, base_path: str = "/") -> str | None:
    """The site-relative path a link points to, or None if it leaves the site."""
    path = unquote(urlsplit(href.strip()).path)
    if not path:
        return page_url.rsplit("/", 1)[0] + "/" if "/" in page_url else ""
    if path.startswith("/"):
        base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        if not path.startswith(base):
            return None
        joined = path[len(base) :]
    else:
        joined = posixpath.join(posixpath.dirname(page_url), path)
    trailing = path.endswith("/")
    norm = posixpath.normpath(joined) if joined else "."
    if norm.startswith(".."):
        return None
    norm = "" if norm == "." else norm
    return norm + ("/" if trailing and norm else "")


def check_site(site: Path, base_path: str = "/") -> list[BrokenLink]:
    """Every broken internal link of the site under `site` (sorted)."""
    site = Path(site)
    exists: dict[str, bool] = {}
    broken = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        for href in links_of(page.read_text(encoding="utf-8", errors="replace")):
            if not is_internal(href):
                continue
            target = resolve(rel, href, base_path)
            if target is None:
                broken.append(BrokenLink(rel, href, "(outside the site)"))
                continue
            if target not in exists:
                exists[target] = _exists(site, target)
            if not exists[target]:
                broken.append(BrokenLink(rel, href, target))
    return sorted(set(broken))


def _exists(site: Path, target: str) -> bool:
    path = site / target if target else site
    if path.is_dir():
        return (path / "index.html").is_file()
    return path.is_file() and not target.endswith("/")


def base_path_of(site_url: str) -> str:
    """'https://court.kz/rulings-site/' -> '/rulings-site/' (absolute links start there)."""
    return urlsplit(site_url).path or "/"


def report(broken: list[BrokenLink], limit: int = 30) -> str:
    lines = [f"  {b}" for b in broken[:limit]]
    if len(broken) > limit:
        lines.append(f"  … and {len(broken) - limit} more")
    return "\n".join(lines)
