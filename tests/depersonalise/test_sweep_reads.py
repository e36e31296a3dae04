"""The sweep scans the bytes it knows a file by: a worker reads each file once, hashes and
scans those bytes, and a file's stat is remembered only for the file it read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.depersonalise import LeakScanner, sweep
from generator.depersonalise.sweep import scan_folders

from .conftest import JUDGES
from .test_gate_cache import CLEAN, LEAK, OLD


@pytest.fixture
def scanner(kk_case, ru_case) -> LeakScanner:
    return LeakScanner.for_cases([kk_case, ru_case], keep=JUDGES)


def test_each_file_is_read_once(tmp_path: Path, scanner: LeakScanner, monkeypatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text(LEAK, encoding="utf-8")
    (site / "b.md").write_text("С.А.Б. шағымы", encoding="utf-8")
    opened: list[str] = []
    real_open = open
    monkeypatch.setattr(
        sweep, "open", lambda p, *a, **k: opened.append(Path(p).name) or real_open(p, *a, **k),
        raising=False,
    )  # fmt: skip
    found = scan_folders(scanner, [site], tmp_path / "cache", jobs=1)
    assert [(Path(f.path).name, f.match) for f in found] == [("a.html", "Серікбаев")]
    assert sorted(opened) == ["a.html", "b.md"]


def test_a_file_replaced_after_its_stat_is_not_remembered_by_that_stat(
    tmp_path: Path, scanner: LeakScanner, monkeypatch
) -> None:
    """The stat taken before the file was read belongs to a file no worker read (here kept
    under another name): it is not remembered as clean."""
    site, other = tmp_path / "site", tmp_path / "other"
    site.mkdir()
    other.mkdir()
    (site / "page.html").write_text(LEAK, encoding="utf-8")
    os.utime(site / "page.html", ns=(OLD, OLD))
    os.link(site / "page.html", other / "page.html")  # the leak, kept
    read_unit = sweep._read_unit

    def replaced_first(unit):
        new = site / "new.tmp"
        new.write_text(CLEAN, encoding="utf-8")
        os.utime(new, ns=(OLD, OLD))
        new.replace(site / "page.html")
        return read_unit(unit)

    monkeypatch.setattr(sweep, "_read_unit", replaced_first)
    assert scan_folders(scanner, [site], tmp_path / "cache", jobs=1) == []
    monkeypatch.setattr(sweep, "_read_unit", read_unit)
    found = scan_folders(scanner, [other], tmp_path / "cache", jobs=1)
    assert [f.match for f in found] == ["Серікбаев"]
