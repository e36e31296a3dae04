"""How fast are depersonalisation and the leak gate on a big court?

    python benchmarks/bench_depersonalise.py                  # 10,000 rulings (20,000 cases)
    python benchmarks/bench_depersonalise.py --cases 2000 --rulings 1000 --jobs 1

Makes (or reuses) a synthetic court with make_court.py, loads it, and times:
- the public view: every ruling's text and headnote depersonalised by its own case
  (goal: the 10,000-ruling court in under 20 s on 2 cores);
- building the leak scanner for every person of every case;
- the gate's scan of text of the size of the built site's ruling pages (the depersonalised
  texts as HTML files in a temporary folder) and, with --site DIR, of a built site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import peak_rss_self_mb, print_figures  # noqa: E402
from bench_check import ensure_court  # noqa: E402

from generator.corpus import Corpus  # noqa: E402
from generator.depersonalise import LeakScanner  # noqa: E402
from generator.load import load_root  # noqa: E402
from generator.public import public_view  # noqa: E402

GOAL_SECONDS = 20.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--rulings", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/alqa-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", default="2026-11-24")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--site", type=Path, help="also scan this built site")
    args = parser.parse_args(argv)

    root, _ = ensure_court(args.workdir, args.cases, args.rulings, args.seed, args.today)
    start = time.perf_counter()
    corpus = Corpus.from_loaded(load_root(root))
    load_s = time.perf_counter() - start

    start = time.perf_counter()
    view = public_view(corpus, jobs=args.jobs)
    view_s = time.perf_counter() - start
    words = sum(len(r.text.split()) for r in view.rulings)

    start = time.perf_counter()
    scanner = LeakScanner.for_cases(corpus.cases, corpus.public_names)
    scanner_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, ruling in enumerate(view.rulings):
            page = folder / f"{i // 1000}" / f"{ruling.slug}.{ruling.language}.html"
            page.parent.mkdir(exist_ok=True)
            page.write_text(
                f"<html><body><article>{ruling.text}</article></body></html>", encoding="utf-8"
            )
        size_mb = sum(p.stat().st_size for p in folder.rglob("*.html")) / 2**20
        start = time.perf_counter()
        findings = scanner.scan_dir(folder)
        scan_s = time.perf_counter() - start

    rows = [
        {
            "cases": len(corpus.cases),
            "rulings": len(view.rulings),
            "words": words,
            "jobs": args.jobs or os.cpu_count(),
            "load_s": load_s,
            "depersonalise_s": view_s,
            "rulings/s": len(view.rulings) / view_s,
            "goal_s": GOAL_SECONDS,
            "scanner_build_s": scanner_s,
            "scan_MB": size_mb,
            "scan_s": scan_s,
            "MB/s": size_mb / scan_s,
            "findings": len(findings),
            "peak_rss_mb": peak_rss_self_mb(),
        }
    ]
    if args.site:
        start = time.perf_counter()
        site_findings = scanner.scan_dir(args.site)
        rows[0]["site_scan_s"] = time.perf_counter() - start
        rows[0]["site_findings"] = len(site_findings)
    print_figures(rows, title=f"Depersonalisation and leak gate ({dt.date.today():%Y-%m-%d})")
    return 0 if not findings else 1


if __name__ == "__main__":
    raise SystemExit(main())
