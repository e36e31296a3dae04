"""Options every command shares: the project root and the pinned "today"."""

from __future__ import annotations

import functools
from pathlib import Path

import click

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


def format_option(help_text: str, choices: tuple[str, ...] = ("text", "json")):
    """--format: how a command prints (text for people, json for scripts and editors)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help_text,
    )


def out_dir_option(help_text: str):
    """--out DIR: where a command writes its folder of output."""
    return click.option(
        "--out", type=click.Path(file_okay=False, path_type=Path), default=None, help=help_text
    )


def jobs_option(f):
    return click.option(
        "--jobs", type=int, default=None, help="Processes to use (default: all cores)."
    )(f)


def no_documents_option(f):
    return click.option(
        "--no-documents", is_flag=True, help="Skip DOCX/PDF downloads (faster previews)."
    )(f)
