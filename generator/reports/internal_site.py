"""`alqa build --internal --out internal-site/`: the public site plus the reports as pages,
for the court's intranet only (personal data intact).

It reuses generator.site's build whole (check, pages, mkdocs, search index, swap); only
more builders are added and the leak gate is off. The internal builders follow the builder
protocol, `build(view, lang, ctx) -> Iterable[Page]`, but read the raw corpus from
`ctx.corpus` (the public view has no parties, private rulings or applications).

Kept apart from the public build:
- it refuses an --out that is, holds or lies inside ROOT/site (or the public search index);
- its search index goes beside it (OUT.search_index), never to ROOT/search_index;
- report pages carry XLSX/CSV downloads made here, never through the shared document cache
  (ROOT/.alqa-cache), so nothing internal is stored where the public build reads.
The public build reads only records/, rulings/, reviews/, mkdocs.yml and its own outputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.builders import BuildContext, Page, link, table, url_of
from generator.errors import BuildError
from generator.reports import L, Label, Table, W
from generator.reports.charts import results_charts
from generator.reports.figures import Names, closed_on, cols, deadlines, last_event, make_report
from generator.reports.periods import Period, add_months, parse_period
from generator.reports.render import table_markdown, to_csv, to_markdown, to_xlsx

BASE = "internal"
INDEX = f"{BASE}/index.md"
TITLE = L("Ішкі есептер", "Внутренние отчёты")
DASHBOARDS = L("Судьялардың панельдері", "Панели судей")
OPEN_CASES = L("Қаралмаған істер", "Нерассмотренные дела")
MY_DEADLINES = L("Мерзімдер", "Сроки")
# page -> (report kind, which period: the month or the year of --today)
PAGES = {
    "deadlines": ("deadlines", "month"),
    "movement": ("movement", "month"),
    "registers/private-rulings": ("private-rulings", "year"),
    "registers/violations": ("violations", "year"),
    "registers/requested": ("requested", "year"),
    "registers/applications": ("applications", "year"),
    "registers/resonant": ("resonant", "year"),
    "results": ("results", "year"),
    "statistics": ("statistics", "year"),
}


@dataclass(frozen=True)
class InternalContext(BuildContext):
    """The context the internal builders need: the public one plus the raw corpus. (The
    proposal is that BuildContext itself gains `corpus`, set by build_site.)"""

    corpus: Any = None


def corpus_of(ctx: BuildContext):
    corpus = getattr(ctx, "corpus", None)
    if corpus is None:
        raise BuildError(
            "the internal pages need the raw corpus: build_site must set ctx.corpus "
            "(see generator/reports/internal_site.py)"
        )
    return corpus


def period_of(which: str, today: dt.date) -> Period:
    return parse_period(f"{today:%Y-%m}" if which == "month" else str(today.year))


def _page(path: str, body: str, title: str) -> Page:
    return Page(path, body, {"title": title, "alternate": url_of(path)})


class ReportPages:
    """The deadline monitor, the registers, movement, results and the statistical report."""

    def build(self, view, lang: str, ctx: BuildContext) -> Iterable[Page]:
        corpus = corpus_of(ctx)
        for name, (kind, which) in PAGES.items():
            report = make_report(kind, corpus, period_of(which, ctx.today), ctx.today)
            path = f"{BASE}/{name}.md"
            stem = f"{BASE}/{name}.{lang}"
            charts = {}
            for key, svg in results_charts(report, lang).items():
                yield Page(f"{stem}-{key}.svg", svg)
                charts[key] = link(path, f"{stem}-{key}.svg")
            yield Page(f"{stem}.xlsx", to_xlsx(report, lang))
            yield Page(f"{stem}.csv", to_csv(report, lang))
            downloads = " · ".join(
                f"[{ext.upper()}]({link(path, f'{stem}.{ext}')})" for ext in ("xlsx", "csv")
            )
            body = to_markdown(report, lang, charts=charts)
            yield _page(path, f"{body}\n{W['internal'](lang)} · {downloads}\n", report.title(lang))


class Dashboards:
    """internal/judges/index.md and one dashboard per judge: open cases and deadlines."""

    def build(self, view, lang: str, ctx: BuildContext) -> Iterable[Page]:
        corpus = corpus_of(ctx)
        today, months = ctx.today, corpus.court.deadlines.hearing_months
        monitor = deadlines(corpus, period_of("month", today), today)
        names = Names(corpus)
        columns = cols("case", "category", "received_on", "stage", "stage_date",
                       "next_hearing", "due", "days_left")  # fmt: skip
        index_rows = []
        for judge_id, judge in corpus.judges.items():
            path = f"{BASE}/judges/{judge_id}.md"
            cases = [c for c in corpus.cases if c.rapporteur == judge_id and closed_on(c) is None]
            if not judge.active and not cases:
                continue
            rows = []
            for case in cases:
                last, hearing = case.events[-1], last_event(case, "hearing_scheduled")
                due = add_months(case.received, months)
                rows.append((case.number, names.category(case.category), case.received, W[f"event_{last.type}"], last.date,
                             hearing.at if hearing and hearing.at.date() >= today else None,
                             due, (due - today).days))  # fmt: skip
            late = frozenset(i for i, r in enumerate(rows) if r[-1] < 0)
            open_table = Table("open", OPEN_CASES, columns, tuple(rows), late)
            mine = [_only(tb, judge.name) for tb in monitor.tables[1:]]
            title = judge.name(lang)
            body = [f"# {title}", "", f"{W['as_of'](lang)}: {today.isoformat()}", ""]
            body += [table_markdown(open_table, lang)]
            body += [f"## {MY_DEADLINES(lang)}", ""] + [table_markdown(tb, lang, 3) for tb in mine]
            yield _page(path, "\n".join(body), title)
            overdue = sum(len(tb.flagged) for tb in mine)
            name = f"[{title}]({link(f'{BASE}/judges/index.md', path)})"
            index_rows.append((name, len(cases), overdue))
        head = (Label.key("rapporteur")(lang), OPEN_CASES(lang), W["overdue"](lang))
        grid = table(head, [(n, str(c), str(o)) for n, c, o in index_rows])
        body = f"# {DASHBOARDS(lang)}\n\n{W['as_of'](lang)}: {today.isoformat()}\n\n{grid}\n"
        yield _page(f"{BASE}/judges/index.md", body, DASHBOARDS(lang))


def _only(tb, judge_name):
    """The rows of a deadline table whose judge (second column) is `judge_name`."""
    keep = [i for i, r in enumerate(tb.rows) if r[1] == judge_name]
    flagged = frozenset(n for n, i in enumerate(keep) if i in tb.flagged)
    return replace(tb, rows=tuple(tb.rows[i] for i in keep), flagged=flagged)


class Home:
    """internal/index.md: what the internal site has."""

    def build(self, view, lang: str, ctx: BuildContext) -> Iterable[Page]:
        lines = [f"# {TITLE(lang)}", "", f"**{W['internal'](lang)}**", ""]
        lines.append(f"- [{DASHBOARDS(lang)}]({link(INDEX, f'{BASE}/judges/index.md')})")
        for name, (kind, which) in PAGES.items():
            period = period_of(which, ctx.today).title(lang)
            lines.append(f"- [{W[kind](lang)}]({link(INDEX, f'{BASE}/{name}.md')}) ({period})")
        yield _page(INDEX, "\n".join(lines) + "\n", TITLE(lang))


INTERNAL_BUILDERS = (Home(), Dashboards(), ReportPages())
INTERNAL_NAV = ((TITLE, INDEX),)  # (title by language, page): the nav entry asked for


def check_out(root: Path, out: Path) -> None:
    """Refuse an --out that would overwrite or sit inside the public outputs or the records."""
    root, out = Path(root).resolve(), Path(out).resolve()
    public = [root / "site", root / "search_index"]
    for folder in public:
        if out == folder or folder in out.parents or out in folder.parents:
            raise BuildError(f"--out {out} is the public site's folder ({folder}): choose another")
    for name in ("records", "rulings", "reviews"):
        if out == root / name or (root / name) in out.parents:
            raise BuildError(f"--out {out} is inside {root / name}: choose another")


def build_internal_site(
    root: Path,
    today: dt.date,
    out: Path | None = None,
    progress=None,
    jobs: int | None = None,
    documents: bool = True,
):
    """Build the internal site into `out` (default ROOT/internal-site): the public build
    with the internal builders and their navigation, and no leak gate (it shows personal
    data on purpose); its search index goes beside it, never into ROOT/search_index."""
    from generator.site import build_site

    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "internal-site"
    check_out(root, out)
    return build_site(
        root,
        today,
        out=out,
        index_out=out.with_name(f"{out.name}.search_index"),
        documents=documents,
        progress=progress,
        jobs=jobs,
        extra_builders=INTERNAL_BUILDERS,
        extra_nav=INTERNAL_NAV,
        gate=False,
    )
