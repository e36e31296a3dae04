"""The parallel, cached gate finds what `scan_dir` finds, and a cache never hides a leak."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.depersonalise import LeakScanner, sweep
from generator.depersonalise.sweep import scan_folders

from .conftest import JUDGES, make_case
from .test_gate import SECRET, _build


@pytest.fixture
def scanner(kk_case, ru_case) -> LeakScanner:
    """As in test_gate: two published cases and a confidential one."""
    secret = make_case(
        number=SECRET,
        confidential=True,
        parties=[{"role": "applicant", "kind": "person", "name": "Тұрсынбаева Гүлнар Қайратқызы"}],
    )
    return LeakScanner.for_cases([kk_case, ru_case, secret], keep=JUDGES)


def _jsonl(path: Path, texts: list[str]) -> None:
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")


def test_the_sweep_finds_what_scan_dir_finds(
    tmp_path: Path, scanner: LeakScanner, monkeypatch
) -> None:
    _build(tmp_path / "site", leak=True)
    expected = scanner.scan_dir(tmp_path / "site")
    assert scan_folders(scanner, [tmp_path / "site"], jobs=1) == expected
    monkeypatch.setattr(sweep, "_FORK_FROM", 0)  # a few bytes, scanned by workers all the same
    assert scan_folders(scanner, [tmp_path / "site"], tmp_path / "cache", jobs=2) == expected
    # leaks are never remembered as clean: the second sweep finds them all again
    assert scan_folders(scanner, [tmp_path / "site"], tmp_path / "cache", jobs=2) == expected


def test_clean_files_are_remembered_and_changed_ones_rescanned(
    tmp_path: Path, scanner: LeakScanner
) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    _build(site, leak=False)
    _jsonl(site / "rulings.jsonl", ["Қаулы", "С.А.Б. шағымы"])
    assert scan_folders(scanner, [site], cache) == []
    assert len((cache / f"{scanner.fingerprint}.txt").read_text().split()) > 5
    _jsonl(site / "rulings.jsonl", ["Қаулы", "С.А.Б. шағымы", "Серікбаевтың шағымы"])
    (site / "press.md").write_text("Ивановой Марии\n", encoding="utf-8")
    found = [(Path(f.path).name, f.line, f.match) for f in scan_folders(scanner, [site], cache)]
    assert found == [("press.md", 1, "Ивановой"), ("rulings.jsonl", 3, "Серікбаевтың")]


def test_a_new_person_in_the_records_invalidates_the_cache(tmp_path: Path, kk_case) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "page.html").write_text("<p>Жұмабекова шағымы</p>", encoding="utf-8")
    before = LeakScanner.for_cases([kk_case], keep=JUDGES)
    assert scan_folders(before, [site], cache) == []
    other = make_case(
        number="6001-26-00-3гп/7",
        parties=[{"role": "applicant", "kind": "person", "name": "Жұмабекова Айгүл Серікқызы"}],
    )
    after = LeakScanner.for_cases([kk_case, other], keep=JUDGES)
    assert after.fingerprint != before.fingerprint
    assert [f.match for f in scan_folders(after, [site], cache)] == ["Жұмабекова"]
