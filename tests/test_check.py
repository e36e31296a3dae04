"""`alqa check`: the specification of what it accepts and exactly what it says otherwise.

tests/fixtures/good/ is a small court that checks clean. Each file in tests/fixtures/broken/
is a broken version of one record; its .expect file names where it goes (`target:`) and
lists, exactly, every problem `alqa check` must print for it. Update with --update-goldens
after reading the new messages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, GOOD, TODAY

BROKEN = sorted(p for p in (FIXTURES / "broken").iterdir() if p.suffix != ".expect")
PROBLEM_LINE = re.compile(r"^\S+?:(\d+:)? ")


def test_the_good_court_checks_clean(run):
    result = run("check", "--root", GOOD, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "10 files checked: no problems."


def test_the_sample_court_checks_clean(run):
    root = Path(__file__).resolve().parents[1]
    result = run("check", "--root", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output or "no problems" in result.output


@pytest.mark.parametrize("broken", BROKEN, ids=[p.stem for p in BROKEN])
def test_each_broken_record_gets_its_exact_message(broken: Path, court: Path, run, update_goldens):
    expect_file = broken.with_suffix(".expect")
    target, *expected = expect_file.read_text(encoding="utf-8").splitlines()
    target_path = court / target.removeprefix("target: ")
    target_path.write_bytes(broken.read_bytes())

    result = run("check", "--root", court, "--today", TODAY)
    reported = [line for line in result.output.splitlines() if PROBLEM_LINE.match(line)]

    if update_goldens:
        expect_file.write_text("\n".join([target, *reported]) + "\n", encoding="utf-8")
        return
    assert reported == expected
    errors = [line for line in reported if not line.endswith("(warning)")]
    assert result.exit_code == (1 if errors else 0)


def test_problems_are_grouped_by_file_with_a_total(court: Path, run):
    (court / "records/judges.yaml").write_text(
        (court / "records/judges.yaml").read_text().replace("[housing, land]", "[housing, sea]")
    )
    case = court / "records/cases/2026/6001-26-00-3гп-2.yaml"
    case.write_text(case.read_text().replace("language: ru", "language: en"))
    result = run("check", "--root", court, "--today", TODAY)
    assert result.exit_code == 1
    blocks = result.output.strip().split("\n\n")
    assert blocks[0].startswith("records/cases/2026/6001-26-00-3гп-2.yaml:6: language:")
    assert blocks[1].startswith("records/judges.yaml:3: [0].specializations[1]: no category 'sea'")
    assert blocks[-1] == "10 files checked: 2 error(s), 0 warning(s) in 2 file(s)."


def test_json_output_lists_the_same_problems(court: Path, run):
    case = court / "records/cases/2026/6001-26-00-3гп-2.yaml"
    case.write_text(case.read_text().replace("language: ru", "language: en"))
    result = run("check", "--root", court, "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["errors"] == 1 and report["files_checked"] == 10
    assert report["problems"] == [
        {
            "path": "records/cases/2026/6001-26-00-3гп-2.yaml",
            "line": 6,
            "field": "language",
            "message": "must be one of 'kk' or 'ru' (got 'en')",
            "severity": "error",
        }
    ]


def test_every_problem_is_reported_not_only_the_first(court: Path, run):
    for n in (2, 3):
        case = court / f"records/cases/2026/6001-26-00-3гп-{n}.yaml"
        case.write_text(case.read_text().replace("kind: petition", "kind: letter"))
    result = run("check", "--root", court, "--today", TODAY, "--format", "json")
    assert json.loads(result.output)["errors"] == 2


def test_a_root_without_records_says_so(tmp_path: Path, run):
    result = run("check", "--root", tmp_path, "--today", TODAY)
    assert result.exit_code == 1
    assert "no records/ folder" in result.output


def test_today_must_be_a_date(run):
    result = run("check", "--root", GOOD, "--today", "yesterday")
    assert result.exit_code == 2
    assert "'yesterday' is not a date" in result.output


def test_today_comes_from_the_environment(run, monkeypatch):
    monkeypatch.setenv("ALQA_TODAY", "2026-10-01")
    result = run("check", "--root", GOOD)
    # on 2026-10-01 the hearing of case 1 (2026-10-14) had not happened yet
    assert "after today (2026-10-01)" in result.output
