"""mkdocs hooks: mkdocs-material's search index, the same entries, sooner.

The theme's search plugin reads every page it indexes with an HTMLParser whose callbacks ask,
for each tag and text, whether an element to skip is open (`skip.intersection(context)`) or a
<pre> is (`"pre" in context`). Its elements compare and hash by tag through Python methods,
so these questions were a third of reading a page: a court's lists and schedules are long
tables, and indexing them took seconds a language.

FastParser asks the same questions of the open elements' tags, kept beside them as strings:
an element equals another, or a tag, exactly when the tags are equal, so each answer is the
same, and so is every entry. It stands in for the theme's parser only while the theme's
parser is the code it was written from (KNOWN, a digest of its source); else the theme's own
reads the pages. Enabled by generator.render (`hooks`); tests/test_search_fast.py holds it to
its claim.
"""

from __future__ import annotations

import hashlib
import inspect
from functools import cache
from html import escape

from mkdocs.plugins import event_priority

from generator.search_entries import search_plugin

# sha256 of the source of material.plugins.search.plugin's Parser, Element, Section and
# SearchIndex.add_entry_from_context, and of its `void` tags, as of mkdocs-material 9.8.2
KNOWN = "19b825184f9c45118821c505b57b46570fca153e614cbc0471d9355fd7bb59dd"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
SKIPPED_FOR_GOOD = ("script", "style", "object")  # never leave the skip list


def _theme_search():
    from material.plugins.search import plugin

    return plugin


def theme_digest() -> str:
    """The digest of the theme's parser code that FastParser stands in for."""
    search = _theme_search()
    h = hashlib.sha256()
    parts = (
        search.Parser,
        search.Element,
        search.Section,
        search.SearchIndex.add_entry_from_context,
    )
    for part in parts:
        h.update(inspect.getsource(part).encode())
    h.update(" ".join(sorted(search.void)).encode())
    return h.hexdigest()


@cache
def parser_is_known() -> bool:
    """Whether the theme's parser is still the code FastParser was written from."""
    try:
        return theme_digest() == KNOWN
    except (ImportError, AttributeError, OSError, TypeError):
        return False


@cache
def fast_classes() -> tuple[type, type]:
    """FastParser and FastSearchIndex, made from the theme's classes (imported here, so that
    importing this module needs no theme)."""
    search = _theme_search()
    Element, Section, void = search.Element, search.Section, search.void  # noqa: N806

    class FastParser(search.Parser):
        """The theme's Parser; `tags` holds the tags of `context`, and `skip` the tags of
        the elements to skip (what the theme's Element objects stand for when compared)."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.skip = {str(tag) for tag in self.skip}
            self.tags: list[str] = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            el = Element(tag, attrs)
            if tag in void:
                return
            self.context.append(el)
            self.tags.append(tag)

            if tag in HEADINGS:
                depth = len(self.context)
                if "id" in attrs:
                    if tag != "h1" and not self.data:
                        self.section = Section(Element("hx"), depth)
                        self.data.append(self.section)
                    self.section = Section(el, depth)
                    if self.data:
                        self.section.id = attrs["id"]
                    self.data.append(self.section)

            if not self.section:
                self.section = Section(Element("hx"))
                self.data.append(self.section)

            for key, value in attrs.items():
                if key == "data-search-exclude":
                    self.skip.add(tag)
                    return
                if key == "class" and value == "linenodiv":
                    self.skip.add(tag)
                    return

            if tag in self.keep and self.skip.isdisjoint(self.tags):
                data = self.section.text
                if self.section.el.tag in self.tags:
                    data = self.section.title
                data.append(f"<{tag}>")

        def handle_endtag(self, tag):
            if not self.context or self.tags[-1] != tag:
                return

            if self.section.depth > len(self.context):
                for section in reversed(self.data):
                    if section.depth <= len(self.context):
                        self.section.depth = float("inf")
                        self.section = section
                        break

            self.context.pop()
            self.tags.pop()
            if tag in self.skip:
                if tag not in SKIPPED_FOR_GOOD:
                    self.skip.remove(tag)
                return

            if tag in self.keep and self.skip.isdisjoint(self.tags):
                data = self.section.text
                if self.section.el.tag in self.tags:
                    data = self.section.title
                index = data.index(f"<{tag}>")
                for i in range(index + 1, len(data)):
                    if not data[i].isspace():
                        index = len(data)
                        break
                if len(data) > index:
                    while len(data) > index:
                        data.pop()
                else:
                    data.append(f"</{tag}>")

        def handle_data(self, data):
            tags = self.tags
            if not self.skip.isdisjoint(tags):
                return

            if "pre" not in tags:
                data = " " if data.isspace() else data.replace("\n", " ")

            if not self.section:
                self.section = Section(Element("hx"))
                self.data.append(self.section)

            section = self.section
            if section.el.tag in tags:
                permalink = False
                for el in self.context:
                    if el.tag == "a" and el.attrs.get("class") == "headerlink":
                        permalink = True
                if not permalink:
                    section.title.append(escape(data, quote=False))
            elif data.isspace():
                text = section.text
                if not text or not text[-1].isspace() or "pre" in tags:
                    text.append(data)
            else:
                section.text.append(escape(data, quote=False))

    class FastSearchIndex(search.SearchIndex):
        """The theme's SearchIndex, reading pages with FastParser."""

        def add_entry_from_context(self, page):
            search_meta = page.meta.get("search") or {}
            if search_meta.get("exclude"):
                return
            parser = FastParser()
            parser.feed(page.content)
            parser.close()
            for section in parser.data:
                if not section.is_excluded():
                    self.create_entry_for_section(section, page.toc, page.url, page)

    return FastParser, FastSearchIndex


@event_priority(-100)  # after the search plugin has made its index (on_config)
def on_pre_build(config) -> None:
    plugin = search_plugin(config)
    index = getattr(plugin, "search_index", None)
    if index is None or not parser_is_known():
        return
    _, fast_index = fast_classes()
    if type(index) is fast_index.__mro__[1]:  # the theme's own SearchIndex, nothing else
        index.__class__ = fast_index
