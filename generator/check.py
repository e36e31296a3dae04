"""`alqa check`: both layers of validation over a whole root, and the report of problems."""

from __future__ import annotations

import datetime as dt
import json
from itertools import groupby
from pathlib import Path

from generator.checks import cross_check
from generator.errors import Problem, Severity
from generator.load import Loaded, Texts, load_root


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
    from generator.errors import RecordsInvalid

    data, problems = check_root(root, today, jobs, texts)
    if errors_in(problems):
        raise RecordsInvalid(problems)
    return Corpus.from_loaded(data)
