"""mkdocs hooks: mkdocs-material's search index, complete when only changed pages render.

The theme's search plugin indexes the pages it renders. In a cached render (generator.render)
mkdocs renders only pages that changed, so the plugin would see a few pages only. These hooks
keep each page's search entries in a file of the render cache (`extra.alqa_search_entries`
in the mkdocs config) and, before the plugin writes search/search_index.json, put together
the entries of every page in the order a full render makes them: fresh ones for pages
rendered now, kept ones for the rest. A page whose output is reused has the entries it had.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

_urls: list[str] = []  # documentation pages (src_uri), in the order mkdocs renders them
_fresh: dict[str, list[dict]] = {}  # src_uri -> entries of pages rendered in this build
_seen = 0  # entries of the search index already assigned to a page


def search_plugin(config):
    """The theme's search plugin, if the site has it switched on (else None)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return plugin if plugin is not None and plugin.config.get("enabled", True) else None


def _index(config):
    """The theme search plugin's index, or None (no search, or no entries file)."""
    plugin = search_plugin(config) if config.extra.get("alqa_search_entries") else None
    return getattr(plugin, "search_index", None)


def on_pre_build(config) -> None:
    global _seen
    _urls.clear()
    _fresh.clear()
    _seen = 0


def on_files(files, config):
    _urls[:] = [f.src_uri for f in files.documentation_pages()]
    return files


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context, page, config, nav):
    global _seen
    index = _index(config)
    if index is not None:
        _fresh[page.file.src_uri] = index.entries[_seen:]
        _seen = len(index.entries)
    return context


@event_priority(100)  # before the search plugin writes search_index.json
def on_post_build(config) -> None:
    index = _index(config)
    if index is None:
        return
    path = Path(config.extra["alqa_search_entries"])
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    missing = [url for url in _urls if url not in _fresh and url not in kept]
    if missing:  # the cache lost them: a build that fails now is followed by a full one
        raise PluginError(
            f"the render cache has no search entries for {missing[0]} "
            f"(and {len(missing) - 1} more pages); the next build renders everything"
        )
    every = {url: _fresh[url] if url in _fresh else kept[url] for url in _urls}
    index.entries = [entry for url in _urls for entry in every[url]]
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(every, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
