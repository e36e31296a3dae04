"""`alqa check`: both layers of validation over a whole root, and the report of problems."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from generator.checks import cross_check
from generator.errors import Problem, Severity
from generator.load import Loaded, Texts, load_root

if TYPE_CHECKING:
    from generator.corpus import Corpus
    from generator.public import PublicView


def check_root(
    root: Path, today: dt.date, jobs: int | None = None, texts: Texts = True
) -> tuple[Loaded, list[Problem]]:
    """Load everything and run every check; problems sorted by file and line.
    `texts=False`: ruling texts are not kept (a plain check does not need them); "lazy":
    see load_root."""
    data = load_root(root, jobs=jobs, texts=texts)
    return data, sorted([*data.problems, *cross_check(data, today)])


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def summary(problems: list[Problem], files_checked: int) -> str:
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    if not problems:
        return f"{files_checked} files checked: no problems."
    return (
        f"{files_checked} files checked: {errors} error(s), {warnings} warning(s) "
        f"in {files} file(s)."
    )


def render_text(problems: list[Problem]) -> str:
    """Problems grouped by file, a blank line between files."""
    blocks = []
    for _, group in groupby(problems, key=lambda p: p.path):
        blocks.append("\n".join(str(p) for p in group))
    return "\n\n".join(blocks)


def render_json(problems: list[Problem], files_checked: int) -> str:
    errors = len(errors_in(problems))
    return json.dumps(
        {
            "files_checked": files_checked,
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [p.as_json() for p in problems],
        },
        ensure_ascii=False,
        indent=2,
    )


def clean_corpus(root: Path, today: dt.date, jobs: int | None = None, texts: Texts = True):
    """The corpus of a root that checks clean; raises RecordsInvalid otherwise. What every
    command that builds from the records starts with. `texts="lazy"`: the texts of rulings
    unchanged since the last load are read when needed (Corpus.text_of)."""
    from generator.corpus import Corpus

    data, problems = check_root(root, today, jobs, texts)
    _stop_if_invalid(problems)
    return Corpus.from_loaded(data)


def clean_view(
    root: Path,
    today: dt.date,
    jobs: int | None = None,
    texts: Texts = True,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[Corpus, PublicView]:
    """`clean_corpus` and its public view (generator.public.public_view with `cache_dir`),
    with the cross-record checks in a child forked beside the public view: they take 0.6 s
    of 10,000 rulings, on the core that a rebuild otherwise leaves idle until the pages.
    Raises RecordsInvalid exactly as clean_corpus does, also when the view failed (invalid
    records explain that; the view is then dropped). `progress("public view")` is called
    once the records are loaded. With one job, or without fork, all in this process."""
    from generator.corpus import Corpus
    from generator.forked import Forked
    from generator.public import public_view

    data = load_root(root, jobs=jobs, texts=texts)
    beside = (jobs or os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()
    # with a file in error, a record may be missing that the view needs: check it all now
    checks = Forked(cross_check, data, today) if beside and not errors_in(data.problems) else None
    if checks is None:
        _stop_if_invalid([*data.problems, *cross_check(data, today)])
    if progress is not None:
        progress("public view")
    try:
        corpus = Corpus.from_loaded(data)
        view = public_view(corpus, jobs, cache_dir)
    except Exception:
        if checks is not None:  # invalid records explain a failed view
            _stop_if_invalid([*data.problems, *checks.result()])
        raise
    except BaseException:
        if checks is not None:
            checks.cancel()
        raise
    if checks is not None:
        _stop_if_invalid([*data.problems, *checks.result()])
    return corpus, view


def _stop_if_invalid(problems: list[Problem]) -> None:
    from generator.errors import RecordsInvalid

    if errors_in(problems):
        raise RecordsInvalid(sorted(problems))
