"""Shared fixtures: the good test court, a copy of it to break, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-24"


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite golden files and expected messages from the current output.",
    )


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


@pytest.fixture
def court(tmp_path: Path) -> Path:
    """A fresh copy of the good test court, to break in a test."""
    dest = tmp_path / "court"
    shutil.copytree(GOOD, dest)
    return dest


@pytest.fixture
def run():
    """Run `alqa ARGS...` in-process; returns the click Result."""
    from generator.cli import cli

    runner = CliRunner()

    def _run(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return _run
