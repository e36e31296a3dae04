"""`alqa fmt`: canonical YAML, comments and values kept, and --check for CI."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT

CASE = "records/cases/2026/6001-26-00-3гп-2.yaml"


def test_the_sample_court_is_canonical(run):
    result = run("fmt", "--check", "--root", ROOT)
    assert result.exit_code == 0, result.output


def test_check_lists_files_out_of_order_and_exits_1(court: Path, run):
    path = court / CASE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("kind: petition\n", "")
        .replace(
            "received: 2026-10-01\n", "received: 2026-10-01\nkind: petition  # a comment to keep\n"
        )
        .replace("number: 6001-26-00-3гп/2\n", "")
        + "number: 6001-26-00-3гп/2\n",
        encoding="utf-8",
    )
    before = path.read_text(encoding="utf-8")

    result = run("fmt", "--check", "--root", court)
    assert result.exit_code == 1
    assert f"would reformat {CASE}" in result.output
    assert path.read_text(encoding="utf-8") == before, "--check must not write"


def test_fmt_restores_the_order_and_keeps_comments(court: Path, run):
    path = court / CASE
    original = path.read_text(encoding="utf-8")
    moved = original.replace("category: land\n", "") + "category: land  # moved here\n"
    path.write_text(moved, encoding="utf-8")

    result = run("fmt", "--root", court)
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == original.replace(
        "category: land\n", "category: land  # moved here\n"
    )
    assert run("fmt", "--check", "--root", court).exit_code == 0


def test_events_are_ordered_date_type_details_note(court: Path, run):
    path = court / CASE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "{date: 2026-10-20, type: petition_decided, outcome: admitted}",
            "{outcome: admitted, note: сот отырысына, type: petition_decided, date: 2026-10-20}",
        ),
        encoding="utf-8",
    )
    run("fmt", "--root", court)
    assert (
        "{date: 2026-10-20, type: petition_decided, outcome: admitted, note: сот отырысына}"
        in path.read_text(encoding="utf-8")
    )


def test_unreadable_files_are_skipped_with_a_message(court: Path, run):
    (court / CASE).write_text("number: [unclosed\n", encoding="utf-8")
    result = run("fmt", "--check", "--root", court)
    assert result.exit_code == 1
    assert "skipped: not valid YAML" in result.output
