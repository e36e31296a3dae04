"""Precedent search on generated courts: index build, size, cold open, query latency.

    python benchmarks/bench_search.py --sizes 1000,10000 [--work /tmp/alqa-bench] [--no-http]

For each size a court of SIZE rulings (and 2 x SIZE cases) is generated once with
make_court.py into WORK/search-court-SIZE, then:

- full build of the index (2 processes, the leak-gate term guard on, as `alqa build` does),
  rulings per second, CPU time per ruling (all processes: on a machine shared with other
  work the wall-clock rate drops, this does not), size on disk;
- an incremental build after changing the text of ten rulings;
- cold open: a new searcher's first answer (opening segments, loading the columns);
- latency p50/p95 of a fixed mix of 200 queries (40 each: one word, two words, a phrase,
  word + category filter, word + date range) with the result cache off, in the process
  and through the HTTP API of a real `alqa serve` (a subprocess, freshly started).

In the process the mix runs twice on the searcher just opened: "first pass" (every term's
postings read from disk for the first time, as after a restart) and "warm" (the same
queries again: postings from the searcher's term cache, results not cached). The goals
(p95 < 50 ms at 10,000 rulings, < 150 ms at 50,000) are judged on the first pass, the
slower of the two; the HTTP figures are a first pass too.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, print_figures, stopwatch  # noqa: E402

KINDS = ("word", "two words", "phrase", "word + filter", "date range")
_WORD = re.compile(r"(?<![\w.])[а-яәіңғүұқөһё]{5,}(?![\w.])")


def query_mix(samples: list[tuple[str, str, dt.date]], n: int = 200, seed: int = 1) -> list:
    """`n` (kind, params) pairs from (text, category, date) samples: lowercase words only
    (names are capitalised), so the queries are words people search for."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        text, category, date = samples[rnd.randrange(len(samples))]
        words = [m.group() for m in _WORD.finditer(text)]
        start = rnd.randrange(max(1, len(words) - 2))
        if kind == "word":
            params = {"q": words[start]}
        elif kind == "two words":
            params = {"q": f"{words[start]} {words[rnd.randrange(len(words))]}"}
        elif kind == "phrase":
            params = {"q": f'"{words[start]} {words[start + 1]}"'}
        elif kind == "word + filter":
            params = {"q": words[start], "category": category}
        else:
            params = {
                "q": words[start],
                "from": (date - dt.timedelta(days=60)).isoformat(),
                "to": (date + dt.timedelta(days=30)).isoformat(),
            }
        out.append((kind, params))
    return out


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    if len(values) < 2:
        return (values[0], values[0]) if values else (0.0, 0.0)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94]


def ensure_court(work: Path, size: int) -> Path:
    court = work / f"search-court-{size}"  # N rulings (bench_check names courts by cases)
    if not (court / "rulings").is_dir():
        subprocess.run(
            [
                sys.executable,
                str(REPO / "benchmarks" / "make_court.py"),
                "--cases",
                str(2 * size),
                "--rulings",
                str(size),
                "--out",
                str(court),
                "--seed",
                "1",
            ],
            check=True,
        )
    return court


def load_view(court: Path):
    from generator.check import check_root
    from generator.corpus import Corpus
    from generator.public import public_view

    data, _ = check_root(court, dt.date(2026, 11, 24), None)
    corpus = Corpus.from_loaded(data)
    return corpus, public_view(corpus)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the build's workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index: Path, site: Path) -> tuple[subprocess.Popen, str]:
    """`alqa serve` on a free port with a placeholder site; returns (process, base URL)."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("<p>bench</p>", encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--site",
            str(site),
            "--index",
            str(index),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/api/openapi.json", timeout=1).read()
            return proc, base
        except OSError:
            time.sleep(0.05)
    proc.terminate()
    raise RuntimeError("alqa serve did not start")


def latency_rows(size: int, where: str, timings: dict[str, list[float]]) -> list[dict]:
    rows = []
    for kind in KINDS:
        p50, p95 = percentiles(timings[kind])
        rows.append(
            {
                "rulings": size,
                "where": where,
                "query": kind,
                "p50 ms": p50 * 1000,
                "p95 ms": p95 * 1000,
            }
        )
    return rows


def bench(size: int, work: Path, http: bool) -> tuple[dict, list[dict]]:
    from generator.depersonalise import LeakScanner
    from generator.search.api import request_from_params
    from generator.search.engine import WhooshEngine

    court = ensure_court(work, size)
    with stopwatch() as t:
        corpus, view = load_view(court)
    guard = LeakScanner.for_cases(corpus.cases, corpus.public_names).scan_term
    index = work / f"index-{size}"
    shutil.rmtree(index, ignore_errors=True)
    engine = WhooshEngine(procs=2)
    cpu = cpu_seconds()
    full = engine.build(view, index, full=True, guard=guard)
    cpu = cpu_seconds() - cpu
    rulings = list(view.rulings)
    for i in range(0, len(rulings), max(1, len(rulings) // 10))[:10]:
        rulings[i] = dataclasses.replace(rulings[i], text=rulings[i].text + "\nӨзгертілді.")
    changed = engine.build(dataclasses.replace(view, rulings=tuple(rulings)), index, guard=guard)
    with stopwatch() as cold:
        searcher = engine.open(index)
        searcher.search(request_from_params({"q": ["сот"]}))
    searcher.cache_size = 0
    samples = [(r.text, r.category.id, r.date) for r in view.rulings[:: max(1, size // 500)]]
    mix = query_mix(samples)
    rows = []
    for where in ("first pass", "warm"):
        timings: dict[str, list[float]] = {k: [] for k in KINDS}
        totals = []
        for kind, params in mix:
            request = request_from_params({k: [v] for k, v in params.items()})
            start = time.perf_counter()
            totals.append(searcher.search(request).total)
            timings[kind].append(time.perf_counter() - start)
        rows += latency_rows(size, where, timings)
    if http:
        proc, base = start_server(index, work / "site")
        try:
            timings = {k: [] for k in KINDS}
            for kind, params in mix:
                url = f"{base}/api/search?{urllib.parse.urlencode(params)}"
                start = time.perf_counter()
                json.loads(urllib.request.urlopen(url, timeout=30).read())
                timings[kind].append(time.perf_counter() - start)
        finally:
            proc.terminate()
            proc.wait(10)
        rows += latency_rows(size, "HTTP", timings)
    figures = {
        "rulings": size,
        "cores": os.cpu_count(),
        "public view s": t["seconds"],
        "full build s": full.seconds,
        "rulings/s (full)": size / full.seconds,
        "full build CPU ms/ruling": cpu / size * 1000,  # what another load cannot inflate
        "10 changed: build s": changed.seconds,
        "10 changed: re-indexed": changed.indexed,
        "index MB": folder_mb(index),
        "cold open + first query ms": cold["seconds"] * 1000,
        "median hits per query": statistics.median(totals),
    }
    return figures, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated ruling counts")
    parser.add_argument("--work", type=Path, default=Path("/tmp/alqa-bench"))
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP measurements")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        figures, latency = bench(size, args.work, not args.no_http)
        print_figures(figures, f"Search index, {size} rulings")
        print_figures(latency, f"\nQuery latency, {size} rulings (200 queries, 40 per kind)")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
