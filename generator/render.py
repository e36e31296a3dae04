"""Rendering one language's pages with mkdocs-material, re-rendering only what changed.

Everything the generator knows about the renderer is here: the mkdocs configuration made
from the root's mkdocs.yml (docs folder, language, navigation, switcher, the Markdown
extension generator.markdown_fast, which makes the same HTML sooner, and the mkdocs hooks:
page_stash, static_links and search_fast, which make the same site with less memory and
CPU, and search_entries), the mkdocs run in a worker, and the render cache.

The render cache (ROOT/.alqa-cache/render/FLAVOUR/LANG/) keeps the Markdown of the last
build (`docs/`), its rendered site (`site/`, hard links to the same files as the published
site, so it costs no disk) and a manifest of each page's hash. A build writes only the pages
whose bytes changed (a LazyPage with the same key as then is not even made), starts its
staging site as hard links of the last one, removes from it what changed, and runs mkdocs
in dirty mode, which renders only pages whose output is missing. mkdocs-material's search index gets the kept entries of the pages not rendered
(search_entries.py), and the theme's templates (sitemap, 404) are always rendered again, so
the output is the same as a full render's. Any change of configuration, navigation, theme
or versions (the fingerprint) makes a full render. mkdocs writes files by truncating them;
every output it may write is unlinked first, so the published site, which shares those
files, never changes under a reader.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import yaml

from generator.background import detached, discard
from generator.builders import JoinedPage, Page, url_of
from generator.errors import BuildError
from generator.fingerprint import source_digest

THEME = Path(__file__).parent / "theme"
SEARCH_ENTRIES = Path(__file__).parent / "search_entries.py"  # mkdocs hooks
PAGE_STASH = Path(__file__).parent / "page_stash.py"  # mkdocs hooks
STATIC_LINKS = Path(__file__).parent / "static_links.py"  # mkdocs hooks
SEARCH_FAST = Path(__file__).parent / "search_fast.py"  # mkdocs hooks
FAST_MARKDOWN = "generator.markdown_fast"  # a Markdown extension: the same HTML, sooner
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский"}
NAV_KEYS = (
    ("home", "index.md"),
    ("rulings", "rulings/index.md"),
    ("schedule", "schedule/index.md"),
    ("press", "press/index.md"),
    ("reviews", "reviews/index.md"),
    ("statistics", "statistics/index.md"),
    ("search", "search/index.md"),
)
PERMALINK_TITLE = {"kk": "Тұрақты сілтеме", "ru": "Постоянная ссылка"}
# outputs of the theme's own templates: made from every page, so always made again
THEME_OUTPUTS = ("sitemap.xml", "sitemap.xml.gz", "404.html", "search/search_index.json")
QUIET = ("A 'dirty' build is being performed", "The directory contains stale files")


def build_date_epoch(today: dt.date) -> str:
    """mkdocs stamps sitemaps with the build date; pin it to --today for identical output."""
    return str(int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC).timestamp()))


def mkdocs_config(root: Path, lang: str, docs: Path, site: Path, nav: list) -> dict:
    """The root mkdocs.yml plus what the generator knows: docs, language, nav, switcher."""
    base = (
        yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        if (root / "mkdocs.yml").is_file()
        else {}
    )
    config = dict(base)
    theme = dict(config.get("theme") or {"name": "material"})
    theme["language"] = lang
    theme["custom_dir"] = str(THEME)
    config["theme"] = theme
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(site)
    config["use_directory_urls"] = True
    config["nav"] = nav
    config["not_in_nav"] = "/rulings/\n/schedule/\n/press/\n/reviews/\n/statistics/\n"
    extra = dict(config.get("extra") or {})
    extra["alternate"] = [
        {"name": LANGUAGE_NAMES[code], "link": "/" if code == "kk" else "/ru/", "lang": code}
        for code in ("kk", "ru")
    ]
    extra["generator"] = False
    config["extra"] = extra
    plugins = config.get("plugins") or ["search"]
    config["plugins"] = [({"search": {"lang": "ru"}} if p == "search" else p) for p in plugins]
    config["markdown_extensions"] = [
        _localised_extension(ext, lang) for ext in config.get("markdown_extensions") or []
    ] + [FAST_MARKDOWN]
    config.setdefault(
        "validation",
        {"nav": {"omitted_files": "ignore"}, "links": {"unrecognized_links": "ignore"}},
    )
    config["site_name"] = _court_name(root, lang)  # the court's name is data, per language
    if lang != "kk" and config.get("site_url"):
        config["site_url"] = config["site_url"].rstrip("/") + f"/{lang}/"
    return config


def _court_name(root: Path, lang: str) -> str:
    court = yaml.safe_load((root / "records" / "court.yaml").read_text(encoding="utf-8"))
    return f"{court['name'][lang]} · {court['collegium'][lang]}"


def _localised_extension(ext, lang: str):
    """Markdown extensions whose words a reader sees, in the page's language (the heading
    anchors of `toc` are titled "Permanent link" otherwise)."""
    if isinstance(ext, dict) and "toc" in ext:
        options = dict(ext["toc"] or {})
        if options.get("permalink"):
            options.setdefault("permalink_title", PERMALINK_TITLE[lang])
        return {"toc": options}
    return ext


def nav_for(lang: str, pages: set[str]) -> list:
    from generator.i18n import t

    return [{t(key, lang): path} for key, path in NAV_KEYS if path in pages]


def mkdocs_build(config_file: str, epoch: str, dirty: bool = False) -> list[str]:
    """Run one mkdocs build (in a worker process); returns its warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = epoch
    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            message = record.getMessage()
            if record.levelno >= logging.WARNING and not message.startswith(QUIET):
                warnings.append(message)

    handler = Collect()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build(load_config(config_file), dirty=dirty)
    except Exception as exc:  # mkdocs logs the reason, then raises a bare Abort
        reasons = "\n  ".join(warnings) or str(exc)
        raise BuildError(f"mkdocs could not build {Path(config_file).name}:\n  {reasons}") from None
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return warnings


def output_of(path: str) -> str:
    """Where mkdocs (use_directory_urls) writes a docs file: a/b.md -> a/b/index.html."""
    return url_of(path) + "index.html" if path.endswith(".md") else path


def _only_known_plugins(config: dict) -> bool:
    """Reusing rendered pages is safe with the theme's search (search_entries.py keeps its
    index whole); another plugin may read every page, so it gets a full render."""
    names = [next(iter(p)) if isinstance(p, dict) else p for p in config.get("plugins") or []]
    return all(name in ("search", "material/search") for name in names)


def fingerprint(config: dict) -> str:
    """Everything besides the pages that a rendered page depends on."""
    h = hashlib.sha256()
    same = {k: v for k, v in config.items() if k not in ("docs_dir", "site_dir")}
    same["extra"] = {k: v for k, v in same["extra"].items() if k != "alqa_stash"}  # per build
    h.update(json.dumps(same, sort_keys=True, ensure_ascii=False, default=str).encode())
    for package in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2"):
        try:
            h.update(f"{package}={version(package)}".encode())
        except Exception:  # not installed: nothing of it can change the output
            h.update(package.encode())
    h.update(
        source_digest(
            "theme/**/*",
            "render.py",
            "search_entries.py",
            "page_stash.py",
            "markdown_fast.py",
            "static_links.py",
            "search_fast.py",
        ).encode()
    )
    return h.hexdigest()[:32]


def link_tree(source: Path, target: Path) -> int:
    """A copy of `source` made of hard links (no data copied); returns the files linked."""
    count = 0
    for dirpath, _, filenames in os.walk(source):
        here = Path(dirpath)
        there = target / here.relative_to(source)
        there.mkdir(parents=True, exist_ok=True)
        for name in filenames:
            os.link(here / name, there / name)
            count += 1
    return count


def mirror_tree(source: Path, mirror: Path) -> int:
    """Make `mirror` hard links to exactly the files of `source`, changing only entries that
    differ (by inode: the same inode is the same file); returns the files linked anew.
    Relinking a whole site of 20,000 files and removing the old links took seconds."""
    linked = 0

    def sync(src: str, dst: str) -> None:
        nonlocal linked
        try:
            there = {entry.name: entry for entry in os.scandir(dst)}
        except FileNotFoundError:
            os.makedirs(dst)
            there = {}
        for entry in os.scandir(src):
            target = os.path.join(dst, entry.name)
            other = there.pop(entry.name, None)
            if other is not None and other.is_dir(follow_symlinks=False) != entry.is_dir(
                follow_symlinks=False
            ):
                _remove(other)
                other = None
            if entry.is_dir(follow_symlinks=False):
                sync(entry.path, target)
                continue
            if other is not None:
                if other.inode() == entry.inode():
                    continue
                os.unlink(target)
            os.link(entry.path, target)
            linked += 1
        for other in there.values():
            _remove(other)

    sync(str(source), str(mirror))
    return linked


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


@dataclass
class Render:
    """One language's render: what to run, and what to keep afterwards."""

    config_file: Path
    site: Path  # the staging site mkdocs writes
    dirty: bool = False  # a previous render is reused; mkdocs renders what is missing
    cache: Path | None = None
    manifest: dict = field(default_factory=dict)
    changed: int = 0  # files to render anew this build (-1: all, no cache)
    kept: int = 0  # LazyPages not made: their key is the one the kept page was made under
    pages: int = 0  # Markdown pages

    def commit(self) -> None:
        """Keep this render for the next build (after mkdocs succeeded). The kept site is
        brought in line with this one file by file: after a rebuild, only what mkdocs wrote
        anew differs (the manifest, written last, vouches for it only when all is done)."""
        if self.cache is None:
            return
        mirror_tree(self.site, self.cache / "site")
        written = _write_json(self.cache / "manifest.json", self.manifest)
        link_next(self.cache, _stamp(written))


# The next build's staging site, made ahead: a copy of the kept render in hard links is a
# folder per page (11,000 folders at 10,000 rulings), seconds to make; a process of its own
# makes it after a build, while the build goes on or after it ends. The next build takes it
# only if its stamp is that of the kept render it starts from (the manifest's hash); else
# it links its own. Made under a temporary name and renamed when whole.
NEXT, STAMP = "next-site", ".alqa-next"
_LINK_NEXT = "import sys; from generator.render import make_next; make_next(*sys.argv[1:])"


def make_next(source: str, target: str, stamp: str) -> None:
    """In the detached process: link_tree under a temporary name, stamped, then renamed."""
    tmp = Path(f"{target}.{os.getpid()}.tmp")
    try:
        link_tree(Path(source), tmp)
        (tmp / STAMP).write_text(stamp)
        tmp.rename(target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def _stamp(manifest: bytes) -> str:
    return hashlib.blake2b(manifest, digest_size=16).hexdigest() if manifest else ""


def link_next(cache: Path, stamp: str) -> None:
    """Start making the next build's staging site from the kept render whose manifest has
    this stamp (see NEXT)."""
    if (cache / NEXT).exists():  # made for a render before this one
        (cache / NEXT).rename(cache / f"{NEXT}.{os.getpid()}.old")
    discard(
        sorted(cache.glob(f"{NEXT}.*.old"))
        + [t for t in cache.glob(f"{NEXT}.*.tmp") if not _running(t)]
    )
    detached(_LINK_NEXT, str(cache / "site"), str(cache / NEXT), stamp)


def _running(tmp: Path) -> bool:
    """Whether the process making `tmp` (NEXT.PID.tmp) may still be at it."""
    try:
        os.kill(int(tmp.name.split(".")[-2]), 0)
    except (ValueError, ProcessLookupError):
        return False
    except OSError:
        return True
    return True


def take_next(cache: Path, site: Path, stamp: str) -> bool:
    """Move the staging site made ahead into place, if it was made from the render whose
    manifest has this stamp."""
    ahead = cache / NEXT
    try:
        if not stamp or (ahead / STAMP).read_text() != stamp:
            return False
        (ahead / STAMP).unlink()
        site.parent.mkdir(parents=True, exist_ok=True)
        ahead.rename(site)
        return True
    except OSError:
        return False


def prepare(
    root: Path,
    lang: str,
    pages: Iterable[Page],
    nav_of: Callable[[set[str]], list],
    staging: Path,
    site: Path,
    cache: Path | None,
) -> Render:
    """Write one language's docs, as the builders make them (a court's pages are not all
    held in memory), and its mkdocs config with the navigation `nav_of(paths)`. With
    `cache` (a folder of the render cache, held under `cache_lock`), only changed pages are
    written, and the last render is the staging site's start when nothing else changed."""
    docs = cache / "docs" if cache is not None else staging / "docs" / lang
    manifest = _read_bytes(cache / "manifest.json") if cache is not None else b""
    previous = _parsed(manifest)
    stamp = _stamp(manifest)
    if cache is not None:
        (cache / "manifest.json").unlink(missing_ok=True)  # valid again only after commit()
    old: dict[str, str] = previous.get("pages", {})  # docs/ holds exactly these
    old_keys: dict[str, str] = previous.get("keys", {})  # of the LazyPages among them
    if not old:
        shutil.rmtree(docs, ignore_errors=True)

    now: dict[str, str] = {}
    keys: dict[str, str] = {}
    old_parts: dict[str, list] = previous.get("parts", {})  # where JoinedPages' parts are
    parts: dict[str, list] = {}
    stale: list[str] = list(THEME_OUTPUTS)  # outputs to remove from the reused render
    changed = markdown = kept = 0
    for page in pages:
        if page.path in now:
            raise BuildError(f"two pages were made for {page.path}")
        markdown += page.path.endswith(".md")
        if page.key is not None:
            keys[page.path] = page.key
            if old_keys.get(page.path) == page.key and page.path in old:
                now[page.path] = old[page.path]  # made from the same: the same bytes
                kept += 1
                if page.path in old_parts:
                    parts[page.path] = old_parts[page.path]
                continue
        if isinstance(page, JoinedPage) and cache is not None:
            before = old_parts.get(page.path) if page.path in old else None
            parts[page.path] = write_joined(docs / page.path, page.parts, before)
            now[page.path] = page.key  # stands for the bytes, as a hash of them would
            changed += 1
            stale.append(output_of(page.path))
            continue
        data = page.render()
        # SHA-256, which CPUs with SHA extensions make twice as fast as blake2b: ~600 MB
        # of pages at 10,000 rulings
        digest = hashlib.sha256(data).hexdigest()[:32]
        now[page.path] = digest
        if old.get(page.path) != digest:
            _write(docs / page.path, data)
            changed += 1
            stale.append(output_of(page.path))
    for path in old.keys() - now.keys():
        (docs / path).unlink(missing_ok=True)
        stale.append(output_of(path))

    config = mkdocs_config(root, lang, docs, site, nav_of(set(now)))
    config["hooks"] = [str(PAGE_STASH), str(STATIC_LINKS), str(SEARCH_FAST)]
    config["extra"]["alqa_stash"] = str(staging / f"stash-{lang}")
    if cache is not None:
        config["hooks"].append(str(SEARCH_ENTRIES))
        config["extra"]["alqa_search_entries"] = str(cache / "search-entries.json")
    render = _render(lang, config, staging)
    render.pages = markdown
    render.kept = kept
    if cache is None:
        return render
    print_ = fingerprint(config)
    render.cache = cache
    render.manifest = {"fingerprint": print_, "pages": now, "keys": keys, "parts": parts}
    render.dirty = (
        previous.get("fingerprint") == print_
        and (cache / "site").is_dir()
        and (cache / "search-entries.json").is_file()
        and _only_known_plugins(config)
    )
    if render.dirty:
        if not take_next(cache, site, stamp):
            shutil.rmtree(site, ignore_errors=True)
            link_tree(cache / "site", site)
        for path in stale:
            (site / path).unlink(missing_ok=True)
    render.changed = changed if render.dirty else len(now)
    return render


def write_joined(
    target: Path, parts: list[tuple[str, Callable[[], bytes]]], before: list | None
) -> list[tuple[str, int, int]]:
    """Write a JoinedPage to `target`: parts whose key is in `before` (the (key, offset,
    length) of each part in the file `target` held) are copied from that file, runs of them
    at once and in the kernel; the others are made. Returns the new file's (key, offset,
    length) list. The new file replaces the old one only when it is whole."""
    where = {key: (offset, length) for key, offset, length in before or ()}
    size = before[-1][1] + before[-1][2] if before else 0
    source = None
    if where and target.is_file() and target.stat().st_size == size:
        source = open(target, "rb")  # noqa: SIM115 (closed by the with below)
    else:  # nothing to copy from, or not the file the index describes: make every part
        where = {}
    tmp = target.with_name(f".{target.name}.{os.getpid()}.new")
    target.parent.mkdir(parents=True, exist_ok=True)
    index: list[tuple[str, int, int]] = []
    try:
        with source or contextlib.nullcontext(), open(tmp, "wb", buffering=0) as out:
            run: list[int] = []  # [offset, length] of old bytes still to copy
            at = 0
            for key, make in parts:
                span = where.get(key)
                if span is not None and run and run[0] + run[1] == span[0]:
                    run[1] += span[1]
                elif span is not None:
                    _copy(source, out, run)
                    run = list(span)
                else:
                    _copy(source, out, run)
                    run = []
                    data = make()
                    out.write(data)
                    span = (at, len(data))
                index.append((key, at, span[1]))
                at += span[1]
            _copy(source, out, run)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return index


def _copy(source, out, run: list[int]) -> None:
    """Append `run` ([offset, length] of `source`) to `out`: copy_file_range where the
    system has it, reads and writes otherwise."""
    if not run:
        return
    offset, left = run
    while left > 0:
        try:
            done = os.copy_file_range(source.fileno(), out.fileno(), left, offset)
        except (AttributeError, OSError):
            source.seek(offset)
            done = out.write(source.read(min(left, 1 << 24)))
        if done <= 0:
            raise BuildError(f"{source.name} is shorter than the render cache says")
        offset += done
        left -= done


def _render(lang: str, config: dict, staging: Path) -> Render:
    config_file = staging / f"mkdocs.{lang}.yml"
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return Render(config_file, Path(config["site_dir"]), changed=-1)


@contextmanager
def cache_lock(folder: Path) -> Iterator[None]:
    """One build at a time uses a render cache (two would write the same docs)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cache_folder(cache_dir: Path, out: Path) -> Path:
    """The render cache of one output folder (the public and internal sites differ)."""
    key = hashlib.sha256(str(out).encode()).hexdigest()[:12]
    return cache_dir / "render" / key


def _write(path: Path, data: bytes) -> None:
    """A new file in the place of the old one, never the old one rewritten: the site holds
    the docs' static files as hard links (static_links.py), and a kept render's must not
    change under the published site."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "xb") as new:  # the common case: no file there
            new.write(data)
        return
    except FileExistsError:
        pass
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    tmp.write_bytes(data)
    tmp.replace(path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _parsed(data: bytes) -> dict:
    try:
        found = json.loads(data) if data else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _write_json(path: Path, data: dict) -> bytes:
    """Write `data` atomically; returns the bytes written."""
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    # in the order made, which is the pages' order: sorting 20,000 keys took most of it
    written = json.dumps(data, separators=(",", ":")).encode()
    tmp.write_bytes(written)
    tmp.replace(path)
    return written
