"""How fast are the movement and deadline reports on a big court? Goal: under 5 s on 20,000
cases (the figures and their rendering; reading the records is `bench_check.py`'s concern,
and is shown here apart).

    python benchmarks/bench_reports.py                       # 20,000 cases, 10,000 rulings
    python benchmarks/bench_reports.py --cases 5000 --rulings 2500 --period 2026-Q4

The court is made by make_court.py into WORKDIR/court-N (reused while its parameters are the
same, as bench_check.py does). Then, in this process: the records are read into a corpus
(wall time and peak RSS), and each report is computed (figures) and rendered as a terminal
table, CSV and XLSX; each step shows its wall time and the peak of Python allocations
(tracemalloc). Exit status 1 when the reports take longer than the goal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _common import measure, peak_rss_self_mb, print_figures, stopwatch  # noqa: E402
from bench_check import ensure_court  # noqa: E402

GOAL_SECONDS = 5.0
KINDS = ("movement", "deadlines")


def run(root: Path, period: str, today: dt.date, within: int) -> tuple[dict, list[dict]]:
    from generator.reports import load_corpus
    from generator.reports.figures import make_report
    from generator.reports.periods import parse_period
    from generator.reports.render import to_csv, to_terminal, to_xlsx

    with stopwatch() as t:
        corpus = load_corpus(root)
    loading = {
        "cases": len(corpus.cases),
        "rulings": len(corpus.rulings),
        "load_s": t["seconds"],
        "peak_rss_mb": peak_rss_self_mb(),
    }
    span = parse_period(period)
    rows = []
    for kind in KINDS:
        report, figures_s, figures_mb = measure(make_report, kind, corpus, span, today, within)
        _, table_s, table_mb = measure(to_terminal, report, "kk")
        _, csv_s, _ = measure(to_csv, report, "kk")
        _, xlsx_s, xlsx_mb = measure(to_xlsx, report, "kk")
        rows.append(
            {
                "report": kind,
                "rows": sum(len(tb.rows) for tb in report.tables),
                "figures_s": figures_s,
                "table_s": table_s,
                "csv_s": csv_s,
                "xlsx_s": xlsx_s,
                "total_s": figures_s + table_s + csv_s + xlsx_s,
                "peak_mb": max(figures_mb, table_mb, xlsx_mb),
            }
        )
    return loading, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--rulings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", default="2026-11-24")
    parser.add_argument("--period", default="2026-11", help="the reports' period")
    parser.add_argument("--within", type=int, default=7, help="deadlines: days ahead")
    parser.add_argument(
        "--workdir", type=Path, default=Path("/tmp/alqa-bench"), help="where courts are kept"
    )
    parser.add_argument("--root", type=Path, help="use this court instead of making one")
    args = parser.parse_args(argv)

    if args.root:
        root, made = args.root, None
    else:
        root, made = ensure_court(args.workdir, args.cases, args.rulings, args.seed, args.today)
    loading, rows = run(root, args.period, dt.date.fromisoformat(args.today), args.within)
    loading["make_s"] = made
    print_figures(loading, f"Reading {root} (make_s None: court reused)")
    print()
    print_figures(rows, f"Reports for {args.period}, today {args.today} (goal: < {GOAL_SECONDS} s)")
    total = sum(r["total_s"] for r in rows)
    print(f"\nmovement + deadlines: {total:.2f} s, peak RSS {peak_rss_self_mb():.0f} MB")
    return 0 if total < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
