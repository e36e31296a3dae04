"""How fast is `alqa build`? Full build and a one-ruling rebuild, with peak memory.

    python benchmarks/bench_build.py                         # the sample court, 1,000 rulings
    python benchmarks/bench_build.py --sizes 1000,10000 --documents

For the sample court and for synthetic courts of N rulings (2N cases, made by make_court.py
into WORKDIR/court-2N, reused), `alqa build` runs in a subprocess into a scratch folder:
a full build (no earlier site, index or document cache), then, PAUSE seconds later, the same
build again with one ruling's text changed (the incremental paths: document cache, search
index by content hash).
Memory: `*_rss_mb` is the largest sum of RSS over the build's process tree (forked workers
count the pages they share with the build again), `*_max_process_mb` the largest single
process. Synthetic courts are built without DOCX/PDF unless --documents is given (pandoc and
WeasyPrint take ~0.06 s and ~0.2-0.3 s a document: 10,000 rulings would take most of an hour
the first time; later builds take them from the cache).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, print_figures, run_measured  # noqa: E402
from bench_check import ensure_court  # noqa: E402

# A build leaves work to processes of its own that it does not wait for (linking the next
# build's staging site, deleting the site it replaced: seconds of file-system work at
# 10,000 rulings); they end before the rebuild starts, as they do while a clerk edits a file.
PAUSE = 15.0
# The record cache trusts a file's stat only when the file is older than the reading by 2 s
# (generator.record_cache: "racily clean" files are hashed again). The court is copied just
# before the full build; a court's files are not written in the seconds before a build, so
# the copy settles first (else the rebuild would hash again what was copied last).
SETTLE = 3.0


def copy_court(source: Path, dest: Path) -> Path:
    for name in ("records", "rulings", "reviews", "press", "mkdocs.yml"):
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


def build(root: Path, today: str, documents: bool) -> dict:
    cmd = [sys.executable, "-m", "generator", "build", "--root", str(root), "--today", today]
    cmd += ["--format", "json"]
    if not documents:
        cmd.append("--no-documents")
    run = run_measured(cmd, cwd=REPO)
    if run.returncode != 0:
        sys.stderr.write(run.stdout[-3000:] + run.stderr[-3000:])
        raise SystemExit(f"the build failed (exit status {run.returncode})")
    report = json.loads(run.stdout)
    phases = " ".join(
        f"{name.replace(' ', '-')}={sec:.1f}" for name, sec in report["phases"].items()
    )
    return {
        "wall_s": run.seconds,
        "cpu_s": run.cpu_seconds,
        "tree_rss_mb": run.peak_tree_rss_mb,
        "max_rss_mb": run.peak_rss_mb,
        "phases": phases,
    }


def touch_one_ruling(root: Path) -> None:
    ruling = sorted((root / "rulings").rglob("*.md"))[0]
    ruling.write_text(ruling.read_text(encoding="utf-8") + "\nТүзету.\n", encoding="utf-8")


def bench(name: str, source: Path, today: str, documents: bool, rulings: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_court(source, Path(tmp))
        time.sleep(SETTLE)
        full = build(root, today, documents)
        pages = sum(1 for _ in (root / "site").rglob("*.html"))
        time.sleep(PAUSE)
        touch_one_ruling(root)
        again = build(root, today, documents)
    return {
        "court": name,
        "rulings": rulings,
        "documents": documents,
        "html_pages": pages,
        "full_s": full["wall_s"],
        "full_cpu_s": full["cpu_s"],
        "full_rss_mb": full["tree_rss_mb"],
        "full_max_process_mb": full["max_rss_mb"],
        "one_ruling_s": again["wall_s"],
        "one_ruling_rss_mb": again["tree_rss_mb"],
        "one_ruling_max_process_mb": again["max_rss_mb"],
        "full_phases_s": full["phases"],
        "one_ruling_phases_s": again["phases"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="rulings of synthetic courts")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/alqa-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", default="2026-11-24")
    parser.add_argument("--documents", action="store_true", help="synthetic courts with DOCX/PDF")
    parser.add_argument("--no-sample", action="store_true", help="skip the sample court")
    args = parser.parse_args(argv)

    rows = []
    if not args.no_sample:
        count = sum(1 for _ in (REPO / "rulings").rglob("*.md"))
        rows.append(bench("sample", REPO, args.today, True, count))
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        source, _ = ensure_court(args.workdir, 2 * size, size, args.seed, args.today)
        rows.append(bench(f"synthetic-{size}", source, args.today, args.documents, size))
    print_figures(rows, title="alqa build")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
