"""benchmarks/make_court.py: a synthetic court that `alqa check` accepts, made the same way
every time for a seed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.yamlio import split_front_matter

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "make_court.py"
TODAY = "2026-11-24"
CASES, RULINGS = 60, 20


@pytest.fixture(scope="module")
def make_court():
    spec = importlib.util.spec_from_file_location("bench_make_court", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.make_court


@pytest.fixture(scope="module")
def court(make_court, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "court"
    make_court(root, CASES, RULINGS, seed=7, today=TODAY)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_check_passes(court: Path):
    result = CliRunner().invoke(cli, ["check", "--root", str(court), "--today", TODAY])
    assert result.exit_code == 0, result.output
    summary = result.output.strip().splitlines()[-1]
    assert "no problems" in summary or " 0 error(s)" in summary, summary


def test_counts(court: Path):
    cases = list((court / "records" / "cases").rglob("*.yaml"))
    rulings = list((court / "rulings").rglob("*.md"))
    assert len(cases) == CASES
    assert len(rulings) == RULINGS
    assert {p.parent.name for p in cases} <= {"2023", "2024", "2025", "2026"}
    for name in ("court", "categories", "judges", "regions", "courts"):
        assert (court / "records" / f"{name}.yaml").is_file()


def test_ruling_lengths_and_languages(court: Path):
    for path in (court / "rulings").rglob("*.md"):
        fm, _, body, _ = split_front_matter(path.read_text("utf-8"))
        assert fm is not None, path
        words = len(body.split())
        assert 1500 <= words <= 4000, (path.name, words)
        language = path.name.rsplit(".", 2)[-2]
        assert f"language: {language}" in fm


def test_same_seed_same_bytes(make_court, tmp_path: Path):
    make_court(tmp_path / "a", 25, 10, seed=3, today=TODAY)
    make_court(tmp_path / "b", 25, 10, seed=3, today=TODAY)
    make_court(tmp_path / "c", 25, 10, seed=4, today=TODAY)
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert a == b
    assert a != c


def test_refuses_a_folder_it_did_not_make(make_court, tmp_path: Path):
    (tmp_path / "records").mkdir()
    with pytest.raises(FileExistsError):
        make_court(tmp_path, 5, 1, seed=1, today=TODAY)


def test_more_rulings_than_cases_is_refused(make_court, tmp_path: Path):
    with pytest.raises(ValueError):
        make_court(tmp_path / "x", 5, 6, seed=1, today=TODAY)
