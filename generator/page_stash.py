"""mkdocs hooks: ruling pages' HTML kept on disk between converting and writing.

mkdocs converts every page's Markdown first and writes the pages afterwards, so a court's
whole site is in memory at once: ~300 KB a ruling page, over 2 GB at 10,000 rulings. Pages
that the theme's search does not read (`search: exclude`: the rulings) are only written
from their HTML, so these hooks put that HTML in a file of the staging folder
(`extra.alqa_stash`) as soon as it is made, give mkdocs a marker in its place, and put it
back into the finished page. The page comes out as it would without them.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.plugins import event_priority

from generator.search_entries import search_plugin

_SEARCH_ATTRS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # as the theme's search removes
_stashed: dict[str, tuple[Path, str]] = {}  # src_uri -> (file, marker)


def on_pre_build(config) -> None:
    _stashed.clear()


@event_priority(-100)  # the last to see the HTML: other hooks and plugins before
def on_page_content(html, page, config, files):
    folder = config.extra.get("alqa_stash")
    search = page.meta.get("search") or {}
    if not folder or not search.get("exclude"):
        return html
    path = Path(folder) / f"{len(_stashed)}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    # the theme adds the title as <h1> to a page without one: keep that decision
    marker = f"<!--alqa-stash {len(_stashed)}-->" + ("<h1>" if "<h1" in html else "")
    _stashed[page.file.src_uri] = (path, marker)
    page.markdown = ""  # converted; nothing reads it again
    return marker


@event_priority(100)  # the first to see the page: the HTML back before anything else
def on_post_page(output, page, config):
    stash = _stashed.pop(page.file.src_uri, None)
    if stash is None:
        return output
    path, marker = stash
    html = path.read_text(encoding="utf-8")
    path.unlink()
    # what the theme's search removes; the search of a long page for none took milliseconds
    if "data-search-" in html and search_plugin(config) is not None:
        html = _SEARCH_ATTRS.sub("", html)
    return output.replace(marker, html, 1)
