"""How fast is `alqa check` on a big court? Makes synthetic courts and times the check.

    python benchmarks/bench_check.py                       # 1,000 and 20,000 cases
    python benchmarks/bench_check.py --sizes 5000 --rulings-ratio 0.3 --jobs 1

For each size N the court (N cases, N x ratio rulings) is made by make_court.py into
WORKDIR/court-N, and reused while its parameters are the same. Then
`python -m generator check --root ... --today ... --format json` runs in a subprocess and the
table shows its wall time, CPU time, the files it read, the problems it found, and its peak
memory: of the largest process (kernel high-water mark via wait4) and of the whole process
tree (sampled from /proc). The goal is 20,000 case files in under 10 s on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, print_figures, run_measured, stopwatch  # noqa: E402
from make_court import MARKER, make_court  # noqa: E402

GOAL_SECONDS, GOAL_CASES = 10.0, 20_000


def _script_digest() -> str:
    """Courts made by an older make_court.py are made again."""
    return hashlib.sha256((Path(__file__).parent / "make_court.py").read_bytes()).hexdigest()[:16]


def ensure_court(
    workdir: Path, cases: int, rulings: int, seed: int, today: str
) -> tuple[Path, float | None]:
    """The court for these parameters, made unless a matching one is there: (path, seconds to
    make it, or None when it was reused)."""
    root = workdir / f"court-{cases}"
    wanted = {"cases": cases, "rulings": rulings, "seed": seed, "today": today}
    marker = root / MARKER
    if marker.is_file():
        try:
            have = json.loads(marker.read_text("utf-8"))
        except ValueError:
            have = {}
        if {k: have.get(k) for k in wanted} == wanted and have.get("script") == _script_digest():
            return root, None
    with stopwatch() as t:
        make_court(root, cases, rulings, seed, today)
    have = json.loads(marker.read_text("utf-8"))
    marker.write_text(json.dumps({**have, "script": _script_digest()}, indent=2) + "\n", "utf-8")
    return root, t["seconds"]


def check_once(root: Path, today: str, jobs: int | None) -> dict:
    cmd = [sys.executable, "-m", "generator", "check", "--root", str(root), "--today", today]
    cmd += ["--format", "json"] + (["--jobs", str(jobs)] if jobs else [])
    run = run_measured(cmd, cwd=REPO)
    try:
        report = json.loads(run.stdout)
    except ValueError:
        sys.stderr.write(run.stderr[-3000:])
        raise SystemExit(f"the check did not print JSON (exit status {run.returncode})") from None
    return {
        "files": report["files_checked"],
        "errors": report["errors"],
        "warnings": report["warnings"],
        "exit": run.returncode,
        "wall_s": run.seconds,
        "cpu_s": run.cpu_seconds,
        "peak_rss_mb": run.peak_rss_mb,
        "tree_rss_mb": run.peak_tree_rss_mb,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench_check.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--sizes", default="1000,20000", help="comma-separated case counts")
    parser.add_argument(
        "--rulings-ratio", type=float, default=0.5, help="rulings per case (0 to 1)"
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path("/tmp/alqa-bench"), help="where courts are kept"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", default="2026-11-24")
    parser.add_argument("--jobs", type=int, default=None, help="passed to `alqa check --jobs`")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per size; the fastest is reported"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not 0 <= args.rulings_ratio <= 1:
        parser.error("--rulings-ratio must be between 0 and 1")
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes {args.sizes!r}: give whole numbers separated by commas")

    rows = []
    for n in sizes:
        m = int(n * args.rulings_ratio)
        root, made = ensure_court(args.workdir, n, m, args.seed, args.today)
        runs = [check_once(root, args.today, args.jobs) for _ in range(max(1, args.repeat))]
        best = min(runs, key=lambda r: r["wall_s"])
        row = {
            "cases": n,
            "rulings": m,
            "make_s": made,
            **best,
            "files/s": best["files"] / best["wall_s"] if best["wall_s"] else None,
        }
        if args.repeat > 1:
            row["wall_s_all"] = " ".join(f"{r['wall_s']:.1f}" for r in runs)
        rows.append(row)
        print(f"court-{n}: checked in {best['wall_s']:.2f} s", file=sys.stderr, flush=True)

    print()
    print_figures(
        rows,
        title=f"alqa check (today {args.today}, {os.cpu_count()} CPUs, jobs "
        f"{args.jobs or 'default'}; make_s '-' = court reused from {args.workdir})",
    )
    for row in rows:
        if row["cases"] >= GOAL_CASES:
            scaled = row["wall_s"] * GOAL_CASES / row["cases"]
            verdict = "meets" if scaled < GOAL_SECONDS else "MISSES"
            print(
                f"\ngoal: {GOAL_CASES:,} case files in < {GOAL_SECONDS:.0f} s -> {verdict} it "
                f"({row['wall_s']:.1f} s for {row['cases']:,})"
            )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
