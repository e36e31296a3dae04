"""The `alqa` command: a thin click adapter over the library.

Every command takes --root (the project root, default: the current folder); commands that
depend on the date take --today (or $ALQA_TODAY) so their output is reproducible.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from generator import __version__
from generator.dates import today as resolve_today


def root_option(f):
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default="the current folder",
        help="Project root holding records/, rulings/, reviews/.",
    )(f)


def today_option(f):
    @click.option(
        "--today",
        "today_",
        metavar="YYYY-MM-DD",
        envvar="ALQA_TODAY",
        help="The date to check deadlines and weeks against (default: $ALQA_TODAY, "
        "else the system date).",
    )
    @functools.wraps(f)
    def wrapper(*args, today_=None, **kwargs):
        try:
            kwargs["today"] = resolve_today(today_)
        except ValueError as exc:
            raise click.BadParameter(
                f"{today_!r} is not a date (YYYY-MM-DD)", param_hint="--today"
            ) from exc
        return f(*args, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="alqa")
def cli():
    """Alqa (алқа): records and publishing of the civil cassation collegium.

    Cases live as YAML in records/, rulings as Markdown in rulings/, practice reviews in
    reviews/. Alqa checks them and builds everything else from them.

    \b
    Start with:
      alqa check            validate every record (file by file, then across files)
      alqa fmt --check      are the records in canonical form?
    """


@cli.command()
@root_option
@today_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the same problems for editors and scripts.",
)
@click.option(
    "--jobs", type=int, default=None, help="Processes for reading files (default: all cores)."
)
def check(root: Path, today, fmt: str, jobs: int | None):
    """Validate the whole root and report every problem.

    Each file is checked on its own (YAML syntax, duplicate keys, encoding, fields, types,
    dates, IIN/BIN check digits), then the records are checked against each other (unique
    numbers, file names, references to judges, categories, courts and regions, the order of
    events, panels, rooms, rulings of considered cases).

    Each problem is printed as `path:line: field: message`. Exit status 1 if there is any
    error; warnings alone exit 0.
    """
    from generator.check import check_root, errors_in, render_json, render_text, summary

    data, problems = check_root(root, today, jobs)
    if fmt == "json":
        click.echo(render_json(problems, data.files_read))
    else:
        if problems:
            click.echo(render_text(problems))
            click.echo()
        click.echo(summary(problems, data.files_read))
    sys.exit(1 if errors_in(problems) else 0)


@cli.command()
@root_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Change nothing; list the files that are not canonical and exit 1 if any.",
)
def fmt(root: Path, check_only: bool):
    """Rewrite record YAML in canonical form: key order of the data format, one indentation
    style. Comments and values are kept."""
    from generator.fmt import format_root

    changed, unreadable = format_root(root, write=not check_only)
    for path in changed:
        click.echo(f"{'would reformat' if check_only else 'reformatted'} {path}")
    for path, why in unreadable:
        click.echo(f"{path}: skipped: {why}", err=True)
    click.echo(f"{len(changed)} file(s) {'to reformat' if check_only else 'reformatted'}.")
    sys.exit(1 if (check_only and changed) or unreadable else 0)


@cli.command()
def reference():
    """Print the data-format reference (Markdown), generated from the record models.

    The README's "Data format" section is this output; a test keeps them equal."""
    from generator.reference import reference as render

    click.echo(render(), nl=False)


def main():
    cli(prog_name="alqa")
