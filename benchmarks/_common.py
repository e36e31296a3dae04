"""Shared helpers of the benchmark scripts: timing, peak memory, a table of figures.

Memory is measured two ways, because a check reads files in a pool of worker processes:

- `peak_rss_mb` of a child run: the high-water RSS of the largest single process in the
  child's tree (the kernel keeps it; `os.wait4` returns it for exactly that child), and
- `peak_tree_rss_mb`: the largest sum of RSS over the child and all its descendants, sampled
  from /proc every few milliseconds (Linux only; None elsewhere).

CPU time likewise: the kernel's count for a child holds only the descendants it waited for,
and a build's mkdocs workers are children of a fork server nobody waits for; so on Linux
`cpu_seconds` is the sum of the own CPU time of every process seen in the tree, each as last
sampled (a process of less than a sampling interval may be missed).

In-process code can be measured with `measure()` (wall time and tracemalloc's peak).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@contextmanager
def stopwatch() -> Iterator[dict]:
    """`with stopwatch() as t: ...` then `t["seconds"]` is the wall time of the block."""
    out: dict[str, float] = {}
    start = time.perf_counter()
    try:
        yield out
    finally:
        out["seconds"] = time.perf_counter() - start


def measure(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    """Run `fn` in this process: (result, wall seconds, peak Python allocations in MB)."""
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    try:
        result = fn(*args, **kwargs)
    finally:
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        if not tracing:
            tracemalloc.stop()
    return result, seconds, peak / 2**20


def peak_rss_self_mb() -> float:
    """High-water RSS of this process and of the children it has waited for, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return _kb_to_mb(max(own, children))


def _kb_to_mb(value: int) -> float:
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS
    return value / (2**20 if sys.platform == "darwin" else 2**10)


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return found


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _tree_sample(pid: int, cpu: dict[int, float]) -> tuple[int, int]:
    """(sum of RSS, largest RSS) over the tree in bytes; each process's own CPU seconds so
    far are put in `cpu` by (pid, start time)."""
    total = largest = 0
    for p in _descendants(pid):
        try:
            with open(f"/proc/{p}/statm") as f:
                rss = int(f.read().split()[1]) * _PAGE
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, ValueError, IndexError):
            continue
        total += rss
        largest = max(largest, rss)
        # utime, stime (the process's own, not its children's) and its start time
        cpu[(p, fields[19])] = (int(fields[11]) + int(fields[12])) / _TICK
    return total, largest


@dataclass
class ChildRun:
    """What one measured subprocess did."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float  # wall time
    cpu_seconds: float  # user + system of the child and its descendants (see above)
    peak_rss_mb: float  # largest single process in the tree
    peak_tree_rss_mb: float | None  # largest sampled sum over the tree (Linux)


def run_measured(cmd: Sequence[str], cwd: Path | None = None, interval: float = 0.02) -> ChildRun:
    """Run `cmd` to completion and measure it (wall, CPU, peak RSS of its process tree)."""
    sample = Path("/proc/self/statm").exists()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=err)
        peak_tree = [0, 0]
        cpu: dict = {}
        done = threading.Event()

        def sampler() -> None:
            while not done.is_set():
                total, largest = _tree_sample(proc.pid, cpu)
                peak_tree[:] = max(peak_tree[0], total), max(peak_tree[1], largest)
                done.wait(interval)

        thread = threading.Thread(target=sampler, daemon=True)
        if sample:
            thread.start()
        # wait4 (not Popen.wait): it returns the rusage of exactly this child and its tree
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        if sample:
            thread.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return ChildRun(
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
        seconds=seconds,
        cpu_seconds=max(usage.ru_utime + usage.ru_stime, sum(cpu.values())),
        peak_rss_mb=max(_kb_to_mb(usage.ru_maxrss), peak_tree[1] / 2**20),
        peak_tree_rss_mb=peak_tree[0] / 2**20 if sample else None,
    )


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def format_figures(figures: dict | Sequence[dict], title: str | None = None) -> str:
    """A dict -> a two-column table (name, value); a list of dicts -> one row per dict."""
    rows = [figures] if isinstance(figures, dict) else list(figures)
    lines = [title, ""] if title else []
    if isinstance(figures, dict):
        width = max((len(str(k)) for k in figures), default=0)
        lines += [f"  {str(k).ljust(width)}  {_cell(v)}" for k, v in figures.items()]
        return "\n".join(lines)
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [all(_is_number(row.get(c)) for row in rows) for c in columns]

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    lines.append(line(columns))
    lines.append("  ".join("-" * w for w in widths))
    lines += [line(r) for r in cells]
    return "\n".join(lines)


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def print_figures(figures: dict | Sequence[dict], title: str | None = None) -> None:
    """Print `format_figures(...)` and flush, so figures show up while a long run goes on."""
    print(format_figures(figures, title), flush=True)
