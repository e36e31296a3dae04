"""Builders: pure functions from the public view to pages (Markdown and downloadable files).

Each builder module has `build(view, lang, ctx) -> Iterable[Page]`. Nothing here touches the
disk: the site module owns writing. Paths are relative to one language's docs folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Page:
    path: str  # e.g. "rulings/2026/6001-26-00-3gp-1.md", or "schedule/2026-W48.ics"
    content: str | bytes
    meta: dict = field(default_factory=dict, compare=False)  # front matter of a Markdown page
    key: str | None = None  # see LazyPage

    def render(self) -> bytes:
        return _rendered(self.content, self.meta)


def _rendered(content: str | bytes, meta: dict) -> bytes:
    if isinstance(content, bytes):
        return content
    if not meta:
        return content.encode("utf-8")
    return f"---\n{front_matter(meta)}---\n\n{content}".encode()


class LazyPage:
    """A page made only when its bytes are needed. Its `key` names everything the content
    is made from (the code, the function, the content digests of its inputs), so the render
    cache, finding the same key at the same path, keeps the page written by an earlier
    build without making it again: the 20,000 ruling pages and Akoma Ntoso documents of a
    court took most of a rebuild's seconds to make, even from a cache of made pages."""

    __slots__ = ("path", "key", "_make", "_made")

    def __init__(self, path: str, key: str, make: Callable[[], tuple[str | bytes, dict]]):
        self.path, self.key, self._make = path, key, make
        self._made: tuple[str | bytes, dict] | None = None

    def _get(self) -> tuple[str | bytes, dict]:
        if self._made is None:
            self._made = self._make()
        return self._made

    @property
    def content(self) -> str | bytes:
        return self._get()[0]

    @property
    def meta(self) -> dict:
        return self._get()[1]

    def render(self) -> bytes:
        return _rendered(*self._get())


class JoinedPage:
    """A file that is many parts one after another, each made from its own inputs: the open
    data's JSON Lines, a line per ruling (366 MB at 10,000 rulings). Each part has a key as a
    LazyPage has; the page's key is a hash of them all. When it changed, the render cache
    copies the parts it wrote before from the file it wrote then and makes only the new
    ones (render.write_joined): encoding, hashing and writing the whole file took seconds
    of a rebuild after one correction."""

    __slots__ = ("path", "key", "parts")
    meta: dict = {}

    def __init__(self, path: str, parts: list[tuple[str, Callable[[], bytes]]]):
        self.path, self.parts = path, parts
        keys = "\0".join(key for key, _ in parts).encode()
        self.key = hashlib.blake2b(keys, digest_size=20).hexdigest()

    @property
    def content(self) -> bytes:
        return b"".join(make() for _, make in self.parts)

    def render(self) -> bytes:
        return self.content


# line breaks that YAML folds inside a quoted scalar; JSON leaves them as they are
_YAML_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\x85"})


def front_matter(meta: Mapping[str, Any], indent: str = "") -> str:
    """YAML front matter of a page: keys sorted, strings double-quoted as JSON writes them
    (a JSON string is a YAML double-quoted scalar). yaml.safe_dump did the same in ~0.5 ms
    a page, which is seconds for a court's pages; a test reads this back with PyYAML."""
    lines = []
    for key in sorted(meta):
        value = meta[key]
        name = key if _PLAIN_KEY.fullmatch(key) else _quoted(key)
        if isinstance(value, Mapping):
            lines.append(f"{indent}{name}:\n{front_matter(value, indent + '  ')}")
        elif isinstance(value, list | tuple):
            lines.append(f"{indent}{name}: [{', '.join(map(_quoted, value))}]\n")
        elif isinstance(value, bool | int) or value is None:
            lines.append(f"{indent}{name}: {json.dumps(value)}\n")
        else:
            lines.append(f"{indent}{name}: {_quoted(value)}\n")
    return "".join(lines)


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _quoted(value: object) -> str:
    return json.dumps(str(value), ensure_ascii=False).translate(_YAML_BREAKS)


@dataclass(frozen=True)
class BuildContext:
    today: dt.date
    languages: tuple[str, ...] = ("kk", "ru")
    page_size: int = 50
    with_documents: bool = True  # DOCX/PDF downloads (pandoc); off in quick test builds
    site_url: str = "http://localhost:8000/"  # absolute links in feeds (mkdocs.yml site_url)
    cache_dir: Path | None = None  # reused DOCX/PDF documents (ROOT/.alqa-cache); None: none
    # ruling source path -> its publication history from git (generator.history), if any
    history: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)
    # the raw corpus, for INTERNAL builders only (public builders read the public view)
    corpus: Any = field(default=None, compare=False, repr=False)
    # the content keys of pages the render cache keeps between builds (generator.keys)
    keys: Any = field(default=None, compare=False, repr=False)
    # what a builder makes once for every language of a build, under a name of its own:
    # only what is a function of values (the same value, the same thing made)
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def content_key(self, name: str, *args) -> str | None:
        """The key of a LazyPage made by `name` from `args` (records with a content
        `digest` are keyed by it), or None without keys (no render cache): then make the
        page at once."""
        return self.keys.key(name, args) if self.keys is not None else None

    def kept_page(self, path: str, name: str, make, *args, unkeyed: tuple = ()):
        """The page `make(*args, *unkeyed)` -> (content, meta) as a LazyPage, kept by the
        render cache under the key of `name` and `args`; `unkeyed` go to `make` only (what
        it reads of them, `args` stand for). Without keys, the page is made at once."""
        key = self.content_key(name, *args)
        inputs = (*args, *unkeyed)
        if key is None:
            return Page(path, *make(*inputs))
        return LazyPage(path, key, lambda: make(*inputs))


def url_of(path: str) -> str:
    """The URL (relative to the language root) mkdocs gives a Markdown page."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


_UNPLAIN = {"", ".", ".."}  # path segments only relpath handles


def link(from_page: str, to: str) -> str:
    """A relative Markdown link from one page to another page or file (mkdocs resolves it).
    Pages' paths are plain (no ".", "..", "//"): then it is a walk over common folders,
    which posixpath.relpath (a listing's 50 links a page, 50,000 in a court) takes far
    longer to do by way of absolute paths."""
    base = from_page.split("/")[:-1]
    parts = to.split("/")
    if _UNPLAIN & {*base, *parts}:
        return posixpath.relpath(to, posixpath.dirname(from_page) or ".")
    common = 0
    for a, b in zip(base, parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


_LIST_MARKER = re.compile(r"^(\s{0,3})(\d{1,3})([.)])(\s)", re.MULTILINE)
# a line that starts as a list marker does, found by its line break ("\n" is a literal
# the regex engine skips to; a pattern that starts with "^" is tried at every letter)
_MARKER_LINE = re.compile(r"\n(?=\s{0,3}\d{1,3}[.)]\s)")
# the break before an escaped clause number; _hard_breaks looks back for the rest of
# r"(?<=\S)[ \t]*\n(?=…)", which, tried at every letter, took seconds for a court's texts
_CLAUSE_BREAK = re.compile(r"\n(?=[ \t]{0,3}\d{1,3}\\[.)]\s)")
_UNSAFE_LINK = re.compile(
    r"\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:(?:[^()]|\([^()]*\))*\)", re.IGNORECASE
)
_UNSAFE_REF = re.compile(
    r"^(\s{0,3}\[[^\]]+\]:\s*)<?\s*(?:javascript|vbscript|data)\s*:.*$",
    re.IGNORECASE | re.MULTILINE,
)


# what safe_markdown may change: a text without any of it is returned as it is (most
# table cells: names, dates, categories), which spares the passes over it. A long text
# (a ruling's) almost always has some, and each pass finds its own quickly: it is not
# searched first (4 s for a court's 10,000 texts)
_NEEDS_CARE = re.compile(r"[&<>]|\]\s*[(:]|^\s{0,3}\d{1,3}[.)]\s|\d\\?[.)]\s", re.MULTILINE)
_SHORT = 256


def safe_markdown(text: str) -> str:
    """Record text made safe and faithful for Markdown renderers:
    raw HTML is shown as text, never executed; links to javascript:/data: are cut;
    legal clause numbers ("1)", "3.") are kept as written instead of being renumbered."""
    if len(text) <= _SHORT and not _NEEDS_CARE.search(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "]" in text:  # both patterns need one
        text = _UNSAFE_LINK.sub("](#)", text)
        text = _UNSAFE_REF.sub(r"\1#", text)
    text = _escape_list_markers(text)
    # a numbered clause starts a new line, as signed: end the line before it with a hard
    # break (two spaces), or Markdown would run the clauses together into one paragraph
    return _hard_breaks(text)


def _escape_list_markers(text: str) -> str:
    r"""`_LIST_MARKER.sub` putting "\" before each marker's "." or ")", with the regex
    tried only where a line starts as a marker does (the text's start, `_MARKER_LINE`),
    from the end of the last marker on, as `sub` does."""
    starts = [m.end() for m in _MARKER_LINE.finditer(text)]
    if not starts and not _LIST_MARKER.match(text):
        return text
    out: list[str] = []
    done = 0  # text[:done] is in out
    after = 0  # where the last marker ended: sub goes on from there
    for start in (0, *starts):
        marker = _LIST_MARKER.match(text, start) if start >= after else None
        if marker is not None:
            out += (text[done : marker.start(3)], "\\")
            done, after = marker.start(3), marker.end()
    out.append(text[done:])
    return "".join(out)


def _hard_breaks(text: str) -> str:
    r"""`re.sub(r"(?<=\S)[ \t]*\n(?=[ \t]{0,3}\d{1,3}\\[.)]\s)", "  \n", text)`: each
    break before a clause, with the spaces and tabs before it, becomes "  \n" when a
    letter that is not a space comes before those."""
    out: list[str] = []
    done = 0
    for m in _CLAUSE_BREAK.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if start > 0 and not text[start - 1].isspace():
            out += (text[done:start], "  \n")
            done = m.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return _cell(text if type(text) is str else str(text))


@functools.lru_cache(maxsize=1 << 14)
def _cell(text: str) -> str:
    """`cell`, made once for each text: most are the names of judges, courts, categories
    and norms, each in thousands of rows (half a million cells at 10,000 rulings)."""
    return safe_markdown(text).replace("|", "\\|").replace("\n", " ")


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def paginate(items: Sequence, size: int) -> list[Sequence]:
    """Pages of at most `size` items; always at least one (possibly empty) page."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def page_path(base: str, number: int) -> str:
    """base 'rulings/index.md' -> page 2 'rulings/page-2.md'."""
    if number == 1:
        return base
    folder = posixpath.dirname(base)
    return posixpath.join(folder, f"page-{number}.md")


def pager(base: str, number: int, total: int, current: str, labels: tuple[str, str, str]) -> str:
    """Previous / page N of M / next, as Markdown links."""
    if total <= 1:
        return ""
    word, previous, nxt = labels
    parts = []
    if number > 1:
        parts.append(f"[← {previous}]({link(current, page_path(base, number - 1))})")
    parts.append(f"{word} {number} / {total}")
    if number < total:
        parts.append(f"[{nxt} →]({link(current, page_path(base, number + 1))})")
    return " · ".join(parts)
