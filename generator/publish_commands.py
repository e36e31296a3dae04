"""`alqa publish`: the click adapter over generator.publish (registered by generator.cli)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.dates import today as resolve_today
from generator.options import no_documents_option, out_dir_option


@click.command("publish")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default="the current folder",
    help="Project root holding records/, rulings/, reviews/ (a git repository).",
)
@click.option("--week", metavar="YYYY-Www", help="The week published (default: --today's week).")
@click.option(
    "--today",
    "today_",
    metavar="YYYY-MM-DD",
    envvar="ALQA_TODAY",
    help="The publication date (default: $ALQA_TODAY, else the date of the commit published, "
    "so publishing one commit twice gives the same bytes).",
)
@out_dir_option("Where the site goes (default: ROOT/site; the search index beside it).")
@no_documents_option
def publish(root: Path, week: str | None, today_: str | None, out: Path | None, no_documents: bool):
    """Publish the week from the committed records.

    Refuses uncommitted changes under records/, rulings/, reviews/, press/. Then checks the
    records, builds the site with ruling history and open data, runs the leak gate and a
    check of every internal link, writes the release notes (a page releases/WEEK/ and
    ROOT/publish/release-WEEK.txt), archives the site (ROOT/publish/site-WEEK.tar.gz, the
    same bytes for the same commit), tags the commit publish/WEEK and only then replaces
    site/. A failure at any step leaves the published site and the tags as they were.
    """
    from generator.publish import publish as run

    try:
        today = resolve_today(today_) if today_ else None
    except ValueError as exc:
        raise click.BadParameter(f"{today_!r} is not a date (YYYY-MM-DD)", "--today") from exc
    result = run(root, week=week, today=today, out=out, documents=not no_documents,
                 progress=lambda name: click.echo(f"· {name}", err=True))  # fmt: skip
    click.echo(result.notes.text())
    verb = "tagged" if result.tagged else "already tagged"
    click.echo(f"Published {result.week}: commit {result.commit[:10]} {verb} {result.tag}")
    click.echo(f"  site     {result.site}")
    click.echo(f"  archive  {result.archive} (sha256 {result.archive_sha256})")
    click.echo(f"  notes    {result.notes_file}")
