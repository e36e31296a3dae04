"""A Report -> terminal table (rich), Markdown, DOCX (generator.documents), XLSX (openpyxl),
CSV or JSON, in Kazakh or Russian. Every format is deterministic: the same report gives the
same bytes (XLSX: workbook dates and zip entry times are pinned to the report's `today`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

from generator.builders import cell, table
from generator.reports import Report, Table, W, text

FORMATS = ("table", "markdown", "docx", "xlsx", "csv", "json")
EXTENSIONS = {"table": "txt", "markdown": "md", "docx": "docx", "xlsx": "xlsx", "csv": "csv",
              "json": "json"}  # fmt: skip


def heading(report: Report, lang: str) -> str:
    """'Period: 2026 ж. қараша (2026-11-01 – 2026-11-30) · As of: 2026-11-24'."""
    return (
        f"{W['period'](lang)}: {report.period.title(lang)} · "
        f"{W['as_of'](lang)}: {report.today.isoformat()}"
    )


# -- terminal


def to_terminal(report: Report, lang: str, width: int | None = None, color: bool = False) -> str:
    from rich.console import Console
    from rich.table import Table as RichTable

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or 160,
        force_terminal=color,
        color_system="standard" if color else None,
    )
    console.print(f"[bold]{report.title(lang)}[/bold]", highlight=False)
    console.print(heading(report, lang), highlight=False)
    for tb in report.tables:
        grid = RichTable(title=tb.title(lang), title_justify="left", show_lines=False)
        for i, column in enumerate(tb.columns):
            numeric = bool(tb.rows) and all(isinstance(r[i], int | float) for r in tb.rows)
            grid.add_column(
                column.label(lang), justify="right" if numeric else "left", overflow="fold"
            )
        for i, row in enumerate(tb.rows):
            grid.add_row(
                *(text(v, lang) for v in row), style="bold red" if i in tb.flagged else None
            )
        console.print()
        console.print(grid)
        if not tb.rows:
            console.print(W["no_rows"](lang))
    return buffer.getvalue()


# -- Markdown and DOCX


def table_markdown(tb: Table, lang: str, heading_level: int = 2) -> str:
    head = [cell(c.label(lang)) for c in tb.columns]
    rows = []
    for i, row in enumerate(tb.rows):
        cells = [cell(text(v, lang)) for v in row]
        if i in tb.flagged:
            cells = [f"**{c}**" if c else c for c in cells]
        rows.append(cells)
    body = table(head, rows) if rows else W["no_rows"](lang)
    return f"{'#' * heading_level} {tb.title(lang)}\n\n{body}\n"


def to_markdown(
    report: Report, lang: str, title: bool = True, charts: dict[str, str] | None = None
) -> str:
    """The report as Markdown; `charts` maps a table key to the link of its SVG chart."""
    parts = [f"# {report.title(lang)}\n"] if title else []
    parts.append(f"{heading(report, lang)}\n")
    for tb in report.tables:
        parts.append(table_markdown(tb, lang))
        if charts and tb.key in charts:
            parts.append(f"![{tb.title(lang)}]({charts[tb.key]})\n")
    parts += [f"_{note(lang)}_\n" for note in report.notes]
    return "\n".join(parts)


def to_docx(report: Report, lang: str, cache_dir: Path | None = None) -> bytes:
    from generator.documents import to_docx as docx

    return docx(
        to_markdown(report, lang, title=False), lang, report.title(lang), report.today, cache_dir
    )


# -- XLSX, CSV, JSON


def _sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    base, n = name, 2
    while name in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def to_xlsx(report: Report, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    stamp = dt.datetime(report.today.year, report.today.month, report.today.day)
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "alqa"
    book.properties.title = report.title(lang)
    book.properties.created = book.properties.modified = stamp
    bold, red = Font(bold=True), Font(bold=True, color="C00000")
    taken: set[str] = set()
    for tb in report.tables:
        sheet = book.create_sheet(_sheet_name(tb.title(lang), taken))
        sheet.append([c.label(lang) for c in tb.columns])
        for c in sheet[1]:
            c.font = bold
        for i, row in enumerate(tb.rows):
            sheet.append(
                [v if isinstance(v, int | float | dt.date) else text(v, lang) for v in row]
            )
            if i in tb.flagged:
                for c in sheet[sheet.max_row]:
                    c.font = red
        for i, column in enumerate(tb.columns, start=1):
            width = max([len(column.label(lang))] + [len(text(r[i - 1], lang)) for r in tb.rows])
            sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))
            for c in sheet[get_column_letter(i)][1:]:
                if isinstance(c.value, dt.datetime):
                    c.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(c.value, dt.date):
                    c.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    raw = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()  # not
    return _pin_zip(raw.getvalue(), stamp)  # save_workbook: it stamps `modified` with now


def _pin_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same zip with every entry dated `stamp` (zipfile dates entries with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o600 << 16
            dst.writestr(pinned, src.read(info.filename))
    return out.getvalue()


def to_csv(report: Report, lang: str) -> bytes:
    """One table: header and rows. Several: each after a row with its title, a blank row
    between. A stable table (7.1.11) has the column codes as its header in every language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    several = len(report.tables) > 1
    for n, tb in enumerate(report.tables):
        if several:
            writer.writerows([[]] * (n > 0) + [[tb.title(lang)]])
        writer.writerow([c.key if tb.stable else c.label(lang) for c in tb.columns])
        writer.writerows([text(v, lang) for v in row] for row in tb.rows)
    return out.getvalue().encode("utf-8")


def as_data(report: Report, lang: str) -> dict:
    def value(v):
        return v if isinstance(v, int | float) and not isinstance(v, bool) else text(v, lang)

    return {
        "report": report.kind,
        "title": report.title(lang),
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },  # fmt: skip
        "today": report.today.isoformat(),
        "tables": [
            {
                "key": tb.key,
                "title": tb.title(lang),
                "columns": [{"key": c.key, "label": c.label(lang)} for c in tb.columns],
                "rows": [[value(v) for v in row] for row in tb.rows],
                "flagged": sorted(tb.flagged),
            }
            for tb in report.tables
        ],
    }


def to_json(report: Report, lang: str) -> str:
    return json.dumps(as_data(report, lang), ensure_ascii=False, indent=2) + "\n"


def render(report: Report, fmt: str, lang: str, cache_dir: Path | None = None) -> bytes:
    """Any format as bytes (text formats in UTF-8)."""
    if fmt == "table":
        return to_terminal(report, lang).encode("utf-8")
    if fmt == "markdown":
        return to_markdown(report, lang).encode("utf-8")
    if fmt == "docx":
        return to_docx(report, lang, cache_dir)
    if fmt == "xlsx":
        return to_xlsx(report, lang)
    if fmt == "csv":
        return to_csv(report, lang)
    if fmt == "json":
        return to_json(report, lang).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
