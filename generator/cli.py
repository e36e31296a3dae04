"""The `alqa` command: a thin click adapter over the library.

Every command takes --root (the project root, default: the current folder); commands that
depend on the date take --today (or $ALQA_TODAY) so their output is reproducible.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from generator import __version__
from generator.options import (
    format_option,
    jobs_option,
    no_documents_option,
    out_dir_option,
    root_option,
    today_option,
)


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
@format_option("json: the same problems for editors and scripts.")
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

    data, problems = check_root(root, today, jobs, texts=False)
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
@root_option
@today_option
@out_dir_option("Where the site goes (default: ROOT/site; the search index beside it).")
@no_documents_option
@click.option(
    "--internal",
    is_flag=True,
    help="Build the court's INTERNAL site instead: the public site plus reports, "
    "registers and per-judge dashboards with personal data (default out: "
    "ROOT/internal-site; never ROOT/site).",
)
@jobs_option
@click.option(
    "--full-index",
    "--full",
    "full_index",
    is_flag=True,
    help="Rebuild the search index from scratch (default: only changed rulings).",
)
@format_option("text: a summary line; json: pages, files, seconds of each phase, warnings.")
def build(
    root: Path,
    today,
    out: Path | None,
    no_documents: bool,
    internal: bool,
    jobs: int | None,
    full_index: bool,
    fmt: str,
):
    """Build the public site from the records, in Kazakh and Russian.

    Runs the check (and stops on errors), makes every page from the depersonalised public
    view of the records, renders them with mkdocs-material, scans the result for personal
    data (the leak gate) and only then swaps it into place: a failed build leaves the
    previous site untouched. The same records and --today give byte-identical output.

    What did not change since the last build is reused from ROOT/.alqa-cache (parsed
    records, depersonalised texts, pages and their rendering, files the leak gate found
    clean), always as a full build would make it; delete that folder to build from nothing.
    """
    from generator.site import build_site

    if internal:
        from generator.reports.commands import run_internal_build

        click.echo(run_internal_build(root, today, out, not no_documents, jobs).summary())
        return
    result = _with_progress(
        lambda step: build_site(
            root,
            today,
            out=out,
            documents=not no_documents,
            progress=step,
            jobs=jobs,
            full_index=full_index,
        )
    )
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    click.echo(result.summary())
    if result.index_stats is not None:
        click.echo(result.index_stats.summary())


def _with_progress(work):
    """Run `work(step)` under a progress display of its named phases."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        return work(lambda name: None)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("starting", total=None)
        return work(lambda name: progress.update(task, description=name))


@cli.command()
@root_option
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The built site to serve (default: ROOT/site).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 to serve the intranet.",
)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--verbose", is_flag=True, help="Log every request.")
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The search index behind /api/search (default: ROOT/search_index).",
)
def serve(
    root: Path, site: Path | None, host: str, port: int, verbose: bool, index_dir: Path | None
):
    """Serve the built site and the search API (/api/search, /api/openapi.json) over HTTP
    until Ctrl-C (run `alqa build` first). A rebuilt index is picked up without a restart."""
    from generator.errors import AlqaError
    from generator.search.api import register
    from generator.serve import make_server, serve_forever

    register(index_dir or root / "search_index")

    site = site or root / "site"
    if not (site / "index.html").is_file():
        raise AlqaError(f"no built site in {site}: run `alqa build` first")
    server = make_server(site, host, port, verbose)
    click.echo(f"Serving {site} at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
    serve_forever(server)


@cli.command()
@root_option
@today_option
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the index goes (default: ROOT/search_index).",
)
@click.option("--full", is_flag=True, help="Rebuild from scratch, not only changed rulings.")
def index(root: Path, today, index_dir: Path | None, full: bool):
    """Build or update the precedent search index alone (what `alqa build` does after mkdocs).

    Only rulings whose content changed are re-indexed and removed ones deleted; --full
    rebuilds everything. The index is built aside, scanned by the leak gate, then swapped in.
    """
    from generator.site import build_index

    stats = _with_progress(
        lambda step: build_index(root, today, index_out=index_dir, full=full, progress=step)
    )
    click.echo(stats.summary())


@cli.command()
@root_option
@click.argument("query", default="")
@click.option("--category", help="Category id, e.g. housing.")
@click.option("--region", help="Region id of the first-instance court.")
@click.option("--year", help="Year of the ruling.")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Rulings on or after.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Rulings on or before.")
@click.option("--outcome", help="upheld, modified, remanded, reversed, reinstated, terminated.")
@click.option("--practice-forming", is_flag=True, help="Only practice-forming rulings.")
@click.option("--language", type=click.Choice(["kk", "ru"]), help="Language of the ruling.")
@click.option("--norm", help="An article applied: 'АПК 427', 'ст. 427 ГПК', '427-бабы'.")
@click.option(
    "--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True
)
@click.option("--page", default="1", show_default=True, help="Page of results.")
@click.option("--json", "as_json", is_flag=True, help="The API's JSON, for scripts.")
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The index to search (default: ROOT/search_index).",
)
def search(root: Path, query: str, as_json: bool, index_dir: Path | None, **filters):
    """Search the precedents: words in any inflected form (Kazakh or Russian), "phrases",
    OR, -exclusions, word*, case numbers, norms ('АПК 427'), and filters.

    Prints a table of results with snippets and facet counts, or --json (the API's body).
    """
    import json
    import re

    from generator.errors import AlqaError
    from generator.search.api import request_from_params, results_json
    from generator.search.engine import IndexMissing, default_engine
    from generator.search.request import InvalidRequest

    names = {"date_from": "from", "date_to": "to"}
    params = {names.get(k, k): [str(v)] for k, v in filters.items() if v}
    try:
        request = request_from_params({"q": [query], **params})
    except InvalidRequest as exc:
        raise click.UsageError(str(exc)) from None
    try:
        results = default_engine().open(index_dir or root / "search_index").search(request)
    except IndexMissing as exc:
        raise AlqaError(str(exc)) from None
    if as_json:
        click.echo(json.dumps(results_json(results), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(
        title=f"{results.total} ruling(s), page {request.page} of {results.pages}", show_lines=True
    )
    table.expand = True
    for column in ("case", "date", "lang", "category", "outcome", "snippet"):
        table.add_column(column, overflow="fold", ratio=5 if column == "snippet" else 1)
    for hit in results.hits:
        snippet = re.sub(
            r"</?mark>",
            lambda m: "[/b]" if m[0][1] == "/" else "[b]",
            escape(html_unescape(hit.snippet)),
        )
        table.add_row(
            hit.case_number + (" ★" if hit.practice_forming else ""),
            hit.date.isoformat(),
            hit.language,
            hit.category_name,
            hit.outcome,
            snippet,
        )
    console = Console(width=max(100, Console().width))
    console.print(table)
    for name, counts in results.facets.items():
        if counts:
            console.print(f"[dim]{name}:[/dim] " + ", ".join(f"{k} {n}" for k, n in counts.items()))


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


@cli.command()
@root_option
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@format_option("json: the findings for scripts.")
def audit(root: Path, folder: Path, fmt: str):
    """Scan FOLDER for personal data from the records (the build's leak gate, on any folder).

    Every form of every person's name from every case (confidential ones too), every IIN/BIN
    with a valid check digit, phone, e-mail and address of any party is looked for in HTML,
    feeds, calendars, JSON, CSV, DOCX, PDF and search indexes. Exit status 1 on any finding:
    for the press office before sending documents out, and for audits of a published site.
    """
    import json

    from generator.corpus import Corpus
    from generator.depersonalise import LeakScanner
    from generator.load import load_root

    data = load_root(root)
    keep = Corpus.from_loaded(data).public_names if data.court else ()
    scanner = LeakScanner.for_cases((case for case, _ in data.cases), keep)
    findings = scanner.scan_dir(folder)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "folder": str(folder),
                    "findings": [
                        {
                            "path": f.path,
                            "line": f.line,
                            "kind": f.kind,
                            "match": f.match,
                            "case": f.case,
                        }
                        for f in findings
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for f in findings:
            click.echo(f"{f.path}:{f.line}: {f.kind} {f.match!r} (case {f.case or '?'})")
        click.echo(
            f"{len(findings)} finding(s) in {folder}."
            if findings
            else f"No personal data found in {folder}."
        )
    sys.exit(1 if findings else 0)


@cli.command()
def reference():
    """Print the data-format reference (Markdown), generated from the record models.

    The README's "Data format" section is this output; a test keeps them equal."""
    from generator.reference import reference as render

    click.echo(render(), nl=False)


def _register_commands() -> None:
    """Commands that live with their concern (the Secretariat's desk, ...)."""
    from generator.desk.commands import delivered, dossier, event, notices, register
    from generator.publish_commands import publish
    from generator.reports.commands import COMMANDS as REPORT_COMMANDS

    for command in (register, event, delivered, notices, dossier, publish, *REPORT_COMMANDS):
        cli.add_command(command)


_register_commands()


def main():
    """The `alqa` command. It ends without the interpreter freeing its objects one by one:
    after a build of 10,000 rulings that was ~0.7 s of a million records, after the summary
    was printed. Output is flushed first; no command leaves work for exit time (pools and
    workers end in `with` blocks, files are closed, nothing is registered with atexit)."""
    try:
        cli(prog_name="alqa")
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    if isinstance(code, str):  # as the interpreter would: the message, and status 1
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)
