"""How fast is ruling history from git? 10,000 rulings over 2,000 commits, goal under 5 s.

    python benchmarks/bench_history.py                   # 10,000 files, 2,000 commits
    python benchmarks/bench_history.py --files 2000 --commits 500

The repository is made with `git fast-import` (seconds, not minutes): the first commit adds
every ruling file (Cyrillic names, like the court's), each later commit corrects a few of
them. Then `generator.history.load_history` (one `git log` pass, parsed once) is timed, the
texts of the corrected versions are read through GitPython's object database, and, for
comparison, asking git per file (`git log -1 -- FILE`) is timed on a sample and extrapolated.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import print_figures, stopwatch  # noqa: E402

from generator.history import load_history  # noqa: E402

GOAL_SECONDS = 5.0
EPOCH = 1767225600  # 2026-01-01T00:00:00Z: commits are an hour apart from here


def ruling_path(i: int) -> str:
    year = 2025 + i % 2
    return f"rulings/{year}/6001-{year % 100}-00-3гп-{i}.{'kk' if i % 3 else 'ru'}.md"


def ruling_text(i: int, version: int) -> bytes:
    body = f"---\ncase: 6001-26-00-3гп/{i}\nlanguage: kk\n---\nҚаулы {i}, редакция {version}.\n"
    return body.encode()


def fast_import_stream(files: int, commits: int, per_commit: int) -> bytes:
    out = bytearray()

    def commit(n: int, message: str, changes: list[tuple[str, bytes]]) -> None:
        # commits of one stream to one branch follow each other: no `from` needed
        msg = message.encode()
        when = EPOCH + n * 3600
        out.extend(b"commit refs/heads/main\n")
        out.extend(f"committer Clerk <clerk@sot.example.kz> {when} +0500\n".encode())
        out.extend(b"data %d\n%s\n" % (len(msg), msg))
        for path, data in changes:
            out.extend(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))

    commit(0, "Барлық қаулылар", [(ruling_path(i), ruling_text(i, 0)) for i in range(files)])
    for n in range(1, commits):
        touched = [(n * per_commit + k) % files for k in range(per_commit)]
        commit(n, f"Түзету {n}", [(ruling_path(i), ruling_text(i, n)) for i in touched])
    return bytes(out)


def make_repo(path: Path, files: int, commits: int, per_commit: int) -> float:
    with stopwatch() as t:
        subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
        stream = fast_import_stream(files, commits, per_commit)
        subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=stream, check=True)
        subprocess.run(["git", "checkout", "-q", "main"], cwd=path, check=True)
    return t["seconds"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=2_000)
    parser.add_argument("--per-commit", type=int, default=5, help="files each later commit changes")
    parser.add_argument("--sample", type=int, default=100, help="files asked one by one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "court"
        made = make_repo(root, args.files, args.commits, args.per_commit)
        with stopwatch() as t:
            history = load_history(root)
        corrected = [c for changes in history.files.values() if len(changes) > 1 for c in changes]
        with stopwatch() as r:
            chars = sum(len(history.read(c)) for c in corrected)
        sample = sorted(history.files)[: args.sample]
        with stopwatch() as p:
            for path in sample:
                subprocess.run(["git", "log", "-1", "--format=%cI", "--", path], cwd=root,
                               check=True, capture_output=True)  # fmt: skip
        per_file = p["seconds"] / max(len(sample), 1)
        print_figures(
            {
                "files": len(history.files),
                "commits": history.commits,
                "make repo (fast-import), s": made,
                "history, one git log pass, s": t["seconds"],
                "corrected versions read": len(corrected),
                "  reading their texts, s": r["seconds"],
                "  characters": chars,
                "git per file, ms a file": per_file * 1000,
                "git per file, all files (est.), s": per_file * len(history.files),
                "goal, s": GOAL_SECONDS,
            },
            "Ruling history from git",
        )
        ok = len(history.files) == args.files and t["seconds"] < GOAL_SECONDS
        print("OK" if ok else "GOAL MISSED")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
