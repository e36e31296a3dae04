"""DOCX and PDF downloads: Markdown -> pandoc -> DOCX, and Markdown -> pandoc HTML -> PDF.

    maker = DocumentMaker(cache_dir)          # cache_dir None: no cache
    data = maker.docx(markdown, "kk", title)  # bytes of a .docx
    data = maker.pdf(markdown, "kk", title)   # bytes of a .pdf

or the one-off functions `to_docx(markdown, lang, title)` and `to_pdf(...)`.

`markdown` is the body of the document without its title: the title is given apart and
pandoc sets it as the document's Title (DOCX) or first heading (PDF) and in the metadata.
Record text in it must have gone through `builders.safe_markdown`, which escapes legal
clause numbers ("1)", "3.") so pandoc keeps them as written instead of renumbering a list.

Output is deterministic: the same input gives the same bytes on every run and machine.
DOCX: pandoc stamps zip entries and docProps with SOURCE_DATE_EPOCH, which is pinned to
`date` (the ruling's date; a fixed day when none). PDF: WeasyPrint writes no dates unless
the HTML asks for them (it does not), the file identifier is pinned to a hash of the input,
and the font is pinned to the DejaVu Sans files matplotlib ships (every Kazakh letter).

Cache: with a cache_dir each document is stored as <sha256>.<ext>, the hash over the input,
the styles (reference.docx, print.css) and the tool versions, so a rebuild converts only
documents whose content changed. Files are written atomically; the folder can be deleted
at any time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import importlib.metadata
import importlib.util
import json
import logging
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from generator.errors import BuildError

HERE = Path(__file__).parent / "templates" / "documents"
REFERENCE_DOCX = HERE / "reference.docx"
PRINT_CSS = HERE / "print.css"
FORMAT_VERSION = "1"  # bump when the conversion itself changes, to drop cached documents
# what pandoc reads: Markdown without raw HTML/TeX (record text is shown, never executed)
# and without "smart" quotes and dashes (legal text is kept as written)
PANDOC_FROM = "markdown-smart-raw_html-raw_tex-raw_attribute"
DEFAULT_DATE = dt.date(2026, 1, 1)


@cache
def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


@cache
def dejavu_dir() -> Path:
    """The folder of the DejaVu Sans files that matplotlib ships (found without importing it)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("matplotlib is not installed: PDF documents need its DejaVu fonts")
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    if not (folder / "DejaVuSans.ttf").is_file():
        raise BuildError(f"DejaVuSans.ttf is missing from {folder}")
    return folder


@cache
def _salt() -> str:
    """What else decides the bytes of a document: the styles and the tools' versions."""
    h = hashlib.sha256(FORMAT_VERSION.encode())
    h.update(REFERENCE_DOCX.read_bytes())
    h.update(PRINT_CSS.read_bytes())
    for package in ("pypandoc-binary", "weasyprint", "pydyf"):
        try:
            h.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{package}=none".encode())
    return h.hexdigest()


def _epoch(date: dt.date | None) -> str:
    day = date or DEFAULT_DATE
    return str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()))


def _pandoc(markdown: str, to: str, args: list[str], epoch: str) -> bytes:
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    proc = subprocess.run(
        [pandoc_path(), "--from", PANDOC_FROM, "--to", to, *args, "--output", "-"],
        input=markdown.encode("utf-8"),
        capture_output=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise BuildError(f"pandoc could not make {to}: {message}")
    return proc.stdout


@contextmanager
def _source_date_epoch(epoch: str) -> Iterator[None]:
    """Pin SOURCE_DATE_EPOCH while WeasyPrint writes: without libharfbuzz-subset it subsets
    fonts with fontTools, which stamps each subset with the current time otherwise."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


class _QuietFontToolsNotice(logging.Filter):
    """WeasyPrint warns once per font and document that it subsets with fontTools when
    libharfbuzz-subset is missing; the result is right, so the notice is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Using fontTools instead of HarfBuzz-Subset")


_QUIET = _QuietFontToolsNotice()


class DocumentMaker:
    """Makes DOCX and PDF documents, reusing those already in `cache_dir` (None: no cache)."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._css = None
        self._fonts = None

    def docx(self, markdown: str, lang: str, title: str, date: dt.date | None = None) -> bytes:
        return self._cached("docx", markdown, lang, title, date, self._make_docx)

    def pdf(self, markdown: str, lang: str, title: str, date: dt.date | None = None) -> bytes:
        return self._cached("pdf", markdown, lang, title, date, self._make_pdf)

    # -- cache

    def key(self, ext: str, markdown: str, lang: str, title: str, date: dt.date | None) -> str:
        data = json.dumps([_salt(), ext, lang, title, _epoch(date), markdown], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def _cached(self, ext, markdown, lang, title, date, make) -> bytes:
        key = self.key(ext, markdown, lang, title, date)
        path = self.cache_dir / f"{key}.{ext}" if self.cache_dir else None
        if path is not None and path.is_file():
            return path.read_bytes()
        data = make(markdown, lang, title, _epoch(date), key)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        return data

    # -- makers

    def _make_docx(self, markdown: str, lang: str, title: str, epoch: str, key: str) -> bytes:
        args = [
            "--reference-doc",
            str(REFERENCE_DOCX),
            "-M",
            f"title={title}",
            "-M",
            f"lang={lang}",
        ]
        return _pandoc(markdown, "docx", args, epoch)

    def _stylesheet(self):
        if self._css is None:
            from weasyprint import CSS
            from weasyprint.text.fonts import FontConfiguration

            css = PRINT_CSS.read_text(encoding="utf-8")
            css = css.replace("__FONTS__", dejavu_dir().as_uri())
            logging.getLogger("weasyprint").addFilter(_QUIET)
            self._fonts = FontConfiguration()
            self._css = CSS(string=css, font_config=self._fonts)
        return self._css, self._fonts

    def _make_pdf(self, markdown: str, lang: str, title: str, epoch: str, key: str) -> bytes:
        from weasyprint import HTML

        body = _pandoc(markdown, "html5", [], epoch).decode("utf-8")
        page = (
            f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n</head>\n<body>\n"
            f'<h1 class="title">{html.escape(title)}</h1>\n{body}\n</body>\n</html>\n'
        )
        css, fonts = self._stylesheet()
        with _source_date_epoch(epoch):  # fontTools stamps the embedded font subsets
            return HTML(string=page).write_pdf(
                stylesheets=[css], font_config=fonts, pdf_identifier=key[:32].encode("ascii")
            )


def to_docx(
    markdown: str, lang: str, title: str, date: dt.date | None = None, cache_dir: Path | None = None
) -> bytes:
    """One DOCX document (see DocumentMaker)."""
    return DocumentMaker(cache_dir).docx(markdown, lang, title, date)


def to_pdf(
    markdown: str, lang: str, title: str, date: dt.date | None = None, cache_dir: Path | None = None
) -> bytes:
    """One PDF document (see DocumentMaker)."""
    return DocumentMaker(cache_dir).pdf(markdown, lang, title, date)


_MAKERS: dict[Path | None, DocumentMaker] = {}


def maker_for(cache_dir: Path | None) -> DocumentMaker:
    """One shared maker per cache folder, so the PDF fonts are loaded once per build."""
    folder = Path(cache_dir) / "documents" if cache_dir else None
    if folder not in _MAKERS:
        _MAKERS[folder] = DocumentMaker(folder)
    return _MAKERS[folder]
