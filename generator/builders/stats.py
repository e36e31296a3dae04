"""Public statistics: statistics/index.md and statistics/YEAR.md for every year with decisions
and the current one: cases considered in cassation by outcome, category and the region of
the lower court, as tables and SVG charts (statistics/YEAR-KIND.LANG.svg).

Charts are drawn with matplotlib (no pyplot, no global state) and are byte-identical
across runs: fixed hash salt for SVG ids, no date in the metadata, text kept as text.
"""

from __future__ import annotations

import io
import os
import textwrap
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from generator.builders import BuildContext, Page, cell, link, table, url_of
from generator.i18n import format_date, format_number, t
from generator.models import Outcome
from generator.public import PublicDecision, PublicView

INDEX = "statistics/index.md"
KINDS = (("outcome", "by_outcome"), ("category", "by_category"), ("region", "by_region"))
UNKNOWN = ""  # key of decisions whose lower court (and so region) is not known
BAR_COLOUR = "#2b5d8a"


def year_path(year: int) -> str:
    return f"statistics/{year}.md"


def chart_path(year: int, kind: str, lang: str) -> str:
    return f"statistics/{year}-{kind}.{lang}.svg"


def years_of(view: PublicView, ctx: BuildContext) -> list[int]:
    """Every year that has decisions, and the current one; newest first."""
    return sorted({d.date.year for d in view.decisions} | {ctx.today.year}, reverse=True)


def _key(d: PublicDecision, kind: str) -> str:
    if kind == "outcome":
        return d.outcome.value
    if kind == "category":
        return d.category.id
    return d.region.id if d.region else UNKNOWN


def counts(
    decisions: Iterable[PublicDecision], kind: str, view: PublicView, lang: str
) -> list[tuple[str, int]]:
    """(label in `lang`, count) for every value with decisions: most first, then in the
    classifier's order (outcomes as the glossary lists them); unknown region last."""
    counter = Counter(_key(d, kind) for d in decisions)
    if kind == "outcome":
        order = [o.value for o in Outcome]
    elif kind == "category":
        order = list(view.categories)
    else:
        order = list(view.regions)
    order += sorted(k for k in counter if k not in order and k != UNKNOWN) + [UNKNOWN]
    keys = sorted(counter, key=lambda k: (k == UNKNOWN, -counter[k], order.index(k)))
    return [(label(kind, k, view, lang), counter[k]) for k in keys]


def label(kind: str, key: str, view: PublicView, lang: str) -> str:
    if kind == "outcome":
        return t(f"outcome_{key}", lang)
    if kind == "category":
        return view.categories[key].name(lang) if key in view.categories else key
    if key == UNKNOWN:
        return t("region_unknown", lang)
    return view.regions[key].name(lang) if key in view.regions else key


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}".replace(".", ",") + "\u00a0%"


def count_table(rows: list[tuple[str, int]], heading: str, lang: str) -> str:
    total = sum(n for _, n in rows)
    body = [(cell(name), format_number(n, lang), _share(n, total)) for name, n in rows]
    body.append((f"**{t('total', lang)}**", f"**{format_number(total, lang)}**", _share(1, 1)))
    return table((heading, t("count", lang), t("share", lang)), body)


def chart_svg(rows: list[tuple[str, int]], title: str) -> bytes:
    """A horizontal bar chart as SVG; the same rows give the same bytes."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = ["\n".join(textwrap.wrap(name, 42)) or name for name, _ in rows]
    values = [n for _, n in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    style = {
        "svg.hashsalt": "alqa",
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with matplotlib.rc_context(style):
        fig = Figure(figsize=(8, 0.9 + 0.3 * lines + 0.15 * len(rows)))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        positions = list(range(len(rows)))
        bars = ax.barh(positions, values, color=BAR_COLOUR)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()  # the largest on top, as in the table
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.bar_label(bars, padding=3)
        ax.set_xlim(0, max(values) * 1.12 + 0.5)
        ax.set_title(title, loc="left", fontsize=11)
        buf = io.BytesIO()
        fig.savefig(
            buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None}
        )
    return buf.getvalue()


def cached_chart_svg(rows: list[tuple[str, int]], title: str, ctx: BuildContext) -> bytes:
    """`chart_svg`, reused from ROOT/.alqa-cache/charts when the rows, the title, this
    module's code and matplotlib are the same (matplotlib takes ~0.2 s a chart)."""
    if ctx.cache_dir is None:
        return chart_svg(rows, title)
    import hashlib
    from importlib.metadata import version

    # the version from the package's metadata: importing matplotlib takes 0.2 s
    key = hashlib.sha256(
        repr((rows, title, version("matplotlib"))).encode() + Path(__file__).read_bytes()
    ).hexdigest()
    cached = Path(ctx.cache_dir) / "charts" / f"{key}.svg"
    if cached.is_file():
        return cached.read_bytes()
    svg = chart_svg(rows, title)
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(svg)
    tmp.replace(cached)
    return svg


def year_pages(
    year: int, decisions: list[PublicDecision], view: PublicView, lang: str, ctx: BuildContext
) -> Iterable[Page]:
    path = year_path(year)
    title = f"{t('statistics', lang)}: {t('year_title', lang).format(year=year)}"
    body = [f"# {title}", "", t("statistics_intro", lang), ""]
    if year == ctx.today.year:
        date = format_date(ctx.today, lang, attributive=True)
        body += [f"*{t('as_of', lang).format(date=date)}*", ""]
    body += [f"{t('considered_cases', lang)}: **{format_number(len(decisions), lang)}**", ""]
    if not decisions:
        body += [t("no_decisions", lang), ""]
    for kind, title_key in KINDS if decisions else ():
        heading = t(title_key, lang)
        rows = counts(decisions, kind, view, lang)
        svg = chart_path(year, kind, lang)
        yield Page(svg, cached_chart_svg(rows, f"{heading} ({year})", ctx))
        body += [f"## {heading}", "", count_table(rows, t(kind, lang), lang), ""]
        body += [f"![{heading} ({year})]({link(path, svg)})", ""]
    yield Page(path, "\n".join(body), {"title": title, "alternate": url_of(path)})


def build(view: PublicView, lang: str, ctx: BuildContext) -> Iterable[Page]:
    by_year: dict[int, list[PublicDecision]] = {}
    for d in view.decisions:
        by_year.setdefault(d.date.year, []).append(d)
    rows = []
    for year in years_of(view, ctx):
        decisions = by_year.get(year, [])
        yield from year_pages(year, decisions, view, lang, ctx)
        name = t("year_title", lang).format(year=year)
        rows.append(
            (f"[{name}]({link(INDEX, year_path(year))})", format_number(len(decisions), lang))
        )
    body = [
        f"# {t('statistics', lang)}",
        "",
        t("statistics_intro", lang),
        "",
        table((t("year", lang), t("considered_cases", lang)), rows),
        "",
    ]
    yield Page(INDEX, "\n".join(body), {"title": t("statistics", lang), "alternate": url_of(INDEX)})
