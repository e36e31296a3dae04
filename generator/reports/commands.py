"""The click commands of the reports: `report`, `archive` and `build-internal`.

They are registered on the `alqa` group by generator/cli.py (`cli.add_command(...)`); the
options --root and --today behave as in every other command. This module does not import
generator.cli, so cli.py may import it at the top.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.options import (
    jobs_option,
    no_documents_option,
    out_dir_option,
    root_option,
    today_option,
)
from generator.reports.figures import REPORTS
from generator.reports.render import EXTENSIONS, FORMATS, render

BINARY = ("docx", "xlsx")


def _common(f):
    """--root and --today, as every command takes them (`root: Path`, `today: date`)."""
    return root_option(today_option(f))


def _lang(f):
    return click.option(
        "--lang",
        type=click.Choice(["kk", "ru"]),
        default="kk",
        show_default=True,
        help="Language of the labels.",
    )(f)


@click.command("report")
@click.argument("kind", type=click.Choice(list(REPORTS)))
@click.option(
    "--period",
    metavar="PERIOD",
    help="2026-W48, 2026-11, 2026-Q4, 2026-H2 or 2026 (default: the month of --today).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: the terminal; docx and xlsx go to "
    "ROOT/internal/reports/KIND-PERIOD.LANG.EXT).",
)
@click.option(
    "--within",
    type=click.IntRange(min=0),
    default=7,
    show_default=True,
    help="Deadlines: days ahead counted as due soon.",
)
@_lang
@_common
def report(kind, period, fmt, out, within, lang, root, today):
    """Make an internal report for the collegium chair (names stay in: not for publication).

    \b
    KIND:
      movement         received, returned, refused, admitted, considered, pending (7.1.2)
      deadlines        overdue and due soon per judge: hearings, ruling texts; postponements (7.1.3)
      private-rulings  private rulings with deadlines and responses, open first (7.1.4)
      violations       violations named in rulings and measures taken (7.1.5, 7.3.1)
      requested        cases requested from lower courts and not arrived (7.1.8)
      applications     applications from persons, answer deadlines (7.1.9)
      results          results by outcome, region, lower court, category, with charts (7.1.6)
      statistics       the period statistical report, fixed layout (7.1.11)
      resonant         high-profile cases and their stage (7.3.3)
    """
    from generator.reports import load_corpus
    from generator.reports.figures import make_report
    from generator.reports.periods import parse_period

    try:
        span = parse_period(period or f"{today:%Y-%m}")
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from None
    made = make_report(kind, load_corpus(root), span, today, within)
    if out is None and fmt in BINARY:
        out = Path(root) / "internal" / "reports" / f"{kind}-{span.label}.{lang}.{EXTENSIONS[fmt]}"
    if out is None:
        data = render(made, fmt, lang)
        click.echo(data.decode("utf-8"), nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "markdown":
        _write_markdown(made, lang, out)
    else:
        out.write_bytes(render(made, fmt, lang))
    click.echo(f"{made.title(lang)} ({span.label}) -> {out}")


def _write_markdown(made, lang: str, out: Path) -> None:
    """Markdown, with the results report's SVG charts written beside it and linked."""
    from generator.reports.charts import results_charts
    from generator.reports.render import to_markdown

    links = {}
    for key, svg in results_charts(made, lang).items():
        chart = out.with_name(f"{out.stem}-{key}.svg")
        chart.write_bytes(svg)
        links[key] = chart.name
    out.write_text(to_markdown(made, lang, charts=links), encoding="utf-8")


@click.command("archive")
@click.argument("year", type=click.IntRange(1990, 2100))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the volume (default: ROOT/internal/archive/YEAR).",
)
@_lang
@_common
def archive(year, out, lang, root, today):
    """Assemble the year's archive volumes (7.1.12): an inventory of the cases considered
    in YEAR grouped by archive volume (DOCX), and one PDF of the inventory followed by the
    rulings' texts."""
    from generator.reports.archive import make_archive

    click.echo(make_archive(root, year, today, out, lang).summary())


@click.command("build-internal")
@out_dir_option("Where the internal site goes (default: ROOT/internal-site). Never ROOT/site.")
@no_documents_option
@jobs_option
@_common
def build_internal(out, no_documents, jobs, root, today):
    """Build the internal site: the public site plus the reports as pages (a dashboard per
    judge, the deadline monitor, the registers), with personal data intact. For the
    court's intranet only; the public site and its search index are not touched."""
    result = run_internal_build(root, today, out, not no_documents, jobs)
    click.echo(result.summary())


def run_internal_build(root: Path, today, out: Path | None, documents: bool = True, jobs=None):
    """What `alqa build --internal` runs (cli.build can call it when the flag is set)."""
    from generator.reports.internal_site import build_internal_site

    return build_internal_site(root, today, out, documents=documents, jobs=jobs)


COMMANDS = (report, archive, build_internal)
