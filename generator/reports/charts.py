"""SVG charts of the results report (7.1.6, 7.3.2): outcomes as bars, and regions, lower
courts and categories as bars stacked by outcome.

Deterministic like the public statistics charts: matplotlib without pyplot (no global state),
a fixed `svg.hashsalt` for element ids, no date in the metadata, text kept as text.
"""

from __future__ import annotations

import io
import textwrap

from generator.builders.stats import chart_svg
from generator.models import Outcome
from generator.reports import Report, Table, text

# one colour per outcome, in glossary order: upheld ... terminated
COLOURS = ("#2b5d8a", "#6a9fcb", "#c0504d", "#e08a3c", "#7f9f4f", "#8c8c8c")
STYLE = {
    "svg.hashsalt": "alqa-reports",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
STACKED = ("by_region", "by_court", "by_category")


def outcome_chart(table: Table, lang: str) -> bytes:
    """Bars of the by-outcome table (the public statistics chart, reused)."""
    rows = [(text(row[1], lang), row[2]) for row in table.rows if row[2]]
    return chart_svg(rows or [("-", 0)], table.title(lang))


def stacked_chart(table: Table, lang: str, top: int = 20) -> bytes:
    """Horizontal bars of a cross table (rows x outcomes), stacked by outcome; at most `top`
    rows (the table's order: most decisions first), the total row left out."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = [r for r in table.rows[:-1]][:top]
    outcomes = [o.value for o in Outcome]
    first = [c.key for c in table.columns].index(outcomes[0])
    labels = ["\n".join(textwrap.wrap(text(r[0], lang), 40)) or "-" for r in rows]
    lines = sum(label.count("\n") + 1 for label in labels) or 1
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9, 1.6 + 0.28 * lines + 0.12 * len(rows)))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        positions = list(range(len(rows)))
        left = [0] * len(rows)
        for k in range(len(outcomes)):
            values = [r[first + k] for r in rows]
            label = table.columns[first + k].label(lang)
            ax.barh(positions, values, left=left, color=COLOURS[k], label=label)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max(left or [0]) * 1.05 + 0.5)
        ax.set_title(table.title(lang), loc="left", fontsize=11)
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=7, frameon=False
        )
        buf = io.BytesIO()
        fig.savefig(
            buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None}
        )
    return buf.getvalue()


def results_charts(report: Report, lang: str) -> dict[str, bytes]:
    """Table key -> SVG for the results report (empty for any other report)."""
    if report.kind != "results":
        return {}
    charts = {"by_outcome": outcome_chart(report.table("by_outcome"), lang)}
    for key in STACKED:
        charts[key] = stacked_chart(report.table(key), lang)
    return charts
