"""Load on the search API: N concurrent clients for D seconds against a real `alqa serve`.

    python benchmarks/load_api.py --index /tmp/alqa-bench/index-10000 \
        --court /tmp/alqa-bench/court-10000 [--clients 50] [--seconds 60] [--max-requests N]

`alqa serve` is started as a subprocess on a free loopback port (with a placeholder site);
each client loops over the fixed query mix of bench_search.py (words taken from the court's
ruling files) until the time or the request budget is spent. Prints requests per second,
latency p50/p95/p99, errors (any non-200 or failed request) and the server's resident
memory at the end (VmRSS from /proc/PID/status).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import print_figures  # noqa: E402
from bench_search import query_mix, start_server  # noqa: E402


def samples_from_court(court: Path, categories: list[str], limit: int = 400) -> list:
    """(text, category, date) of up to `limit` ruling files (front-matter date)."""
    files = sorted(court.glob("rulings/*/*.md"))
    files = files[:: max(1, len(files) // limit)]
    out = []
    for i, path in enumerate(files[:limit]):
        text = path.read_text(encoding="utf-8")
        date = next(
            (
                line.split(":", 1)[1].strip()
                for line in text.splitlines()
                if line.startswith("date:")
            ),
            "2026-01-01",
        )
        out.append((text, categories[i % len(categories)], dt.date.fromisoformat(date)))
    return out


def vm_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="a built search index")
    parser.add_argument("--court", type=Path, required=True, help="the court it was built from")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as site:
        proc, base = start_server(args.index, Path(site))
        try:
            facets = json.loads(urllib.request.urlopen(base + "/api/search", timeout=30).read())
            categories = sorted(facets["facets"]["category"]) or ["civil"]
            mix = query_mix(samples_from_court(args.court, categories))
            urls = [f"{base}/api/search?{urllib.parse.urlencode(p)}" for _, p in mix]
            latencies: list[float] = []
            errors: list[str] = []
            counter = itertools.count()
            lock = threading.Lock()
            deadline = time.perf_counter() + args.seconds

            def client(offset: int) -> None:
                for i in itertools.count(offset):
                    if time.perf_counter() >= deadline or next(counter) >= args.max_requests:
                        return
                    start, why = time.perf_counter(), ""
                    try:
                        with urllib.request.urlopen(urls[i % len(urls)], timeout=30) as r:
                            r.read()
                            why = "" if r.status == 200 else f"HTTP {r.status}"
                    except (urllib.error.URLError, OSError) as exc:  # HTTPError included
                        why = str(exc)
                    took = time.perf_counter() - start
                    with lock:
                        latencies.append(took)
                        if why:
                            errors.append(why)

            started = time.perf_counter()
            threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - started
            rss = vm_rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(10)
    cuts = (
        statistics.quantiles(latencies, n=100, method="inclusive")
        if len(latencies) > 1
        else [0] * 99
    )
    print_figures(
        {
            "clients": args.clients,
            "seconds": elapsed,
            "requests": len(latencies),
            "requests/s": len(latencies) / elapsed,
            "p50 ms": cuts[49] * 1000,
            "p95 ms": cuts[94] * 1000,
            "p99 ms": cuts[98] * 1000,
            "errors": len(errors),
            "server VmRSS MB (end)": rss,
        },
        "Search API under load",
    )
    for why in sorted(set(errors))[:5]:
        print("  error:", why)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
