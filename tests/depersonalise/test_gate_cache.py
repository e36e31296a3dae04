"""What the leak gate keeps between builds, and that nothing kept ever hides a leak.

A file found clean is known again by its stat (device, inode, size, mtime) or by its bytes,
a Whoosh segment by its files, the scanner itself by the case files, the public names and
the code. Whatever changed is read and scanned again.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from generator.check import clean_corpus
from generator.depersonalise import LeakScanner, scanner_cache, sweep
from generator.depersonalise.sweep import CleanCache, scan_folders
from generator.site import leak_scanner
from tests.conftest import TODAY

from .conftest import JUDGES

OLD = time.time_ns() - 3600 * 10**9  # an mtime long before any sweep
CLEAN = "<p>Серікбаев А.А. шағымы</p>"  # someone else of the family: other initials
LEAK = "<p>Серікбаев А.Б. шағымы</p>"  # the plaintiff, in as many bytes


@pytest.fixture
def scanner(kk_case, ru_case) -> LeakScanner:
    return LeakScanner.for_cases([kk_case, ru_case], keep=JUDGES)


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The files the sweep opens to read."""
    paths: list[str] = []

    def spy(path, *args, **kwargs):
        paths.append(Path(path).name)
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(sweep, "open", spy, raising=False)
    return paths


def _age(folder: Path) -> None:
    """Files as a build leaves them for the next one: written long before it starts."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD, OLD))


def _site(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "page.html").write_text(CLEAN, encoding="utf-8")
    (folder / "press.md").write_text("# Баспасөз релизі\n\nС.А.Б. шағымы\n", encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


def _names(findings) -> list[tuple[str, str]]:
    return [(Path(f.path).name, f.match) for f in findings]


# -- files by their stat --------------------------------------------------------------------


def test_a_file_found_clean_is_not_read_again(
    tmp_path: Path, scanner: LeakScanner, opened: list[str]
) -> None:
    site, cache = _site(tmp_path / "site"), tmp_path / "cache"
    _age(site)
    assert scan_folders(scanner, [site], cache, jobs=1) == []
    opened.clear()
    assert scan_folders(scanner, [site], cache, jobs=1) == []
    assert opened == []


def test_a_hard_link_in_a_new_folder_is_not_read_and_a_copy_is_not_scanned(
    tmp_path: Path, scanner: LeakScanner, opened: list[str], monkeypatch
) -> None:
    """As the next build links the unchanged outputs of the last one into a new staging
    folder; a copy has the same bytes under another inode: read, but known clean."""
    site, cache = _site(tmp_path / "site"), tmp_path / "cache"
    _age(site)
    assert scan_folders(scanner, [site], cache, jobs=1) == []
    linked = tmp_path / "staging" / "site"
    shutil.copytree(site, linked, copy_function=os.link)
    copied = tmp_path / "copy"
    shutil.copytree(site, copied)
    scanned: list[str] = []
    scan_unit = sweep._scan_unit
    monkeypatch.setattr(sweep, "_scan_unit", lambda u: scanned.append(u[0]) or scan_unit(u))
    opened.clear()
    assert scan_folders(scanner, [linked, copied], cache, jobs=1) == []
    assert sorted(opened) == ["logo.png", "page.html", "press.md"]  # the copies
    assert scanned == []


def test_a_file_rewritten_in_place_with_the_same_size_is_scanned_again(
    tmp_path: Path, scanner: LeakScanner
) -> None:
    site, cache = _site(tmp_path / "site"), tmp_path / "cache"
    _age(site)
    assert scan_folders(scanner, [site], cache, jobs=1) == []
    page = site / "page.html"
    before = page.stat()
    with page.open("r+b") as f:
        f.write(LEAK.encode())
    after = page.stat()
    assert (after.st_ino, after.st_size) == (before.st_ino, before.st_size)
    assert _names(scan_folders(scanner, [site], cache, jobs=1)) == [("page.html", "Серікбаев")]


def test_a_file_changed_within_the_tick_it_was_read_in_is_checked_by_content(
    tmp_path: Path, scanner: LeakScanner
) -> None:
    """A file written just before a sweep may be written again in the same timestamp tick
    after the sweep read it, keeping its stat (git's "racily clean" files): its stat is
    not trusted, its bytes are read again."""
    site, cache = _site(tmp_path / "site"), tmp_path / "cache"
    assert scan_folders(scanner, [site], cache, jobs=1) == []  # written just now
    page = site / "page.html"
    before = page.stat()
    with page.open("r+b") as f:
        f.write(LEAK.encode())
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same tick
    assert page.stat().st_mtime_ns == before.st_mtime_ns
    assert _names(scan_folders(scanner, [site], cache, jobs=1)) == [("page.html", "Серікбаев")]


def test_only_the_changed_lines_of_a_new_json_lines_file_are_scanned(
    tmp_path: Path, scanner: LeakScanner, monkeypatch
) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    texts = ["Қаулы", "С.А.Б. шағымы", "", "И.П.П. шағымы"]
    lines = [json.dumps({"text": t}, ensure_ascii=False) if t else "" for t in texts]
    (site / "rulings.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _age(site)
    assert scan_folders(scanner, [site], cache, jobs=1) == []
    lines[1] = json.dumps({"text": "Серікбаевтың шағымы"}, ensure_ascii=False)
    (site / "rulings.jsonl").unlink()  # a new file, as every build writes it
    (site / "rulings.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    scanned: list[int] = []
    scan_unit = sweep._scan_unit
    monkeypatch.setattr(sweep, "_scan_unit", lambda u: scanned.append(u[1]) or scan_unit(u))
    found = scan_folders(scanner, [site], cache, jobs=1)
    assert [(f.line, f.match) for f in found] == [(2, "Серікбаевтың")]
    assert scanned == [1]  # numbered from 0


def test_a_damaged_clean_cache_only_means_scanning_again(
    tmp_path: Path, scanner: LeakScanner
) -> None:
    site, cache = _site(tmp_path / "site"), tmp_path / "cache"
    _age(site)
    assert scan_folders(scanner, [site], cache, jobs=1) == []
    (cache / f"{scanner.fingerprint}.txt").write_bytes(b"\xff\x00 garbage\n@\n")
    (site / "page.html").write_text(LEAK, encoding="utf-8")
    assert _names(scan_folders(scanner, [site], cache, jobs=1)) == [("page.html", "Серікбаев")]


def test_the_stats_of_files_gone_do_not_pile_up(tmp_path: Path) -> None:
    """Each build writes a new JSON Lines file, whose stat key holds a key per line (the
    same lines, mostly): the stat keys of the files of builds long gone are dropped."""
    lines = [f"{i:040x}" for i in range(12_000)]
    for build in range(6):
        cache = CleanCache(tmp_path, "fingerprint")
        assert all(line in cache for line in lines) == (build > 0)
        cache.add_whole(f"@{build:040x}", lines)
        cache.save()
    wholes = CleanCache(tmp_path, "fingerprint").wholes
    assert f"@{5:040x}" in wholes and len(wholes) <= 2


def test_a_sweep_of_a_part_keeps_what_the_cache_knew_of_the_rest(
    tmp_path: Path, scanner: LeakScanner, opened: list[str], monkeypatch
) -> None:
    """A build scans one language's site while the other renders, then everything: the
    first sweep must not forget the rest, though it saw a small part of it (a sweep of
    all prunes what it did not see when that outnumbers what it saw by far)."""
    monkeypatch.setattr(sweep, "KEPT_ANYWAY", 0)
    rest = tmp_path / "ru"
    rest.mkdir()
    for i in range(20):
        (rest / f"{i}.html").write_text(f"<p>{i}: {CLEAN}</p>", encoding="utf-8")
    part, cache = _site(tmp_path / "kk"), tmp_path / "cache"
    _age(rest)
    _age(part)
    assert scan_folders(scanner, [part, rest], cache, jobs=1) == []
    assert scan_folders(scanner, [part], cache, jobs=1, part=True) == []
    opened.clear()
    assert scan_folders(scanner, [part, rest], cache, jobs=1) == []
    assert opened == [], "the rest is still known by its stats"
    scan_folders(scanner, [part], cache, jobs=1)  # a sweep of all that saw only this
    assert scan_folders(scanner, [part, rest], cache, jobs=1) == []
    assert len(opened) == 20, "what a whole sweep did not see is forgotten"


# -- Whoosh segments ------------------------------------------------------------------------


def _index(folder: Path):
    from whoosh import fields, index

    folder.mkdir(parents=True)
    schema = fields.Schema(
        number=fields.ID(stored=True, unique=True),
        title=fields.TEXT(stored=True),
        content=fields.TEXT(stored=False),
    )
    return index.create_in(str(folder), schema)


def _add(ix, number: str, title: str, content: str = "сот") -> None:
    """One document in a segment of its own (as an update of one ruling writes it)."""
    writer = ix.writer()
    writer.add_document(number=number, title=title, content=content)
    writer.commit(merge=False)


@pytest.fixture
def stored_reads(monkeypatch) -> list[int]:
    """The documents whose stored fields are read."""
    from whoosh.reading import SegmentReader

    docs: list[int] = []
    stored_fields = SegmentReader.stored_fields

    def spy(self, docnum):
        docs.append(docnum)
        return stored_fields(self, docnum)

    monkeypatch.setattr(SegmentReader, "stored_fields", spy)
    return docs


def test_a_whoosh_segment_found_clean_is_not_read_and_a_new_one_is(
    tmp_path: Path, scanner: LeakScanner, stored_reads: list[int]
) -> None:
    folder, cache = tmp_path / "index", tmp_path / "cache"
    ix = _index(folder)
    _add(ix, "1", "С.А.Б. шағымы")
    _add(ix, "2", "И.П.П. шағымы")
    _age(folder)
    assert scan_folders(scanner, [folder], cache, jobs=1) == []
    assert len(stored_reads) == 2
    stored_reads.clear()
    assert scan_folders(scanner, [folder], cache, jobs=1) == []
    assert stored_reads == []
    _add(ix, "3", "Серікбаевтың шағымы", content="иванов")
    found = {(f.match, f.kind) for f in scan_folders(scanner, [folder], cache, jobs=1)}
    # stored, and the terms of both fields
    assert found == {("Серікбаевтың", "name"), ("серікбаевтың", "name"), ("иванов", "name")}
    assert stored_reads == [0]  # the new segment's one document


def test_a_segment_written_just_before_a_sweep_is_known_by_its_bytes(
    tmp_path: Path, scanner: LeakScanner, stored_reads: list[int], opened: list[str]
) -> None:
    """Its stats are not trusted yet (see the racily clean file above): the next sweep
    reads its files, not its documents, and then trusts their stats."""
    folder, cache = tmp_path / "index", tmp_path / "cache"
    ix = _index(folder)
    _add(ix, "1", "С.А.Б. шағымы")
    assert scan_folders(scanner, [folder], cache, jobs=1) == []
    stored_reads.clear()
    opened.clear()
    assert scan_folders(scanner, [folder], cache, jobs=1) == []
    assert stored_reads == [] and [name.endswith(".seg") for name in opened] == [True]
    _age(folder)
    opened.clear()
    assert scan_folders(scanner, [folder], cache, jobs=1) == []
    opened.clear()
    assert scan_folders(scanner, [folder], cache, jobs=1) == []
    assert stored_reads == [] and opened == []


def test_a_segment_found_clean_stays_clean_when_a_document_in_it_is_deleted(
    tmp_path: Path, scanner: LeakScanner, stored_reads: list[int]
) -> None:
    folder, cache = tmp_path / "index", tmp_path / "cache"
    ix = _index(folder)
    writer = ix.writer()
    writer.add_document(number="1", title="С.А.Б. шағымы", content="сот")
    writer.add_document(number="2", title="И.П.П. шағымы", content="сот")
    writer.commit(merge=False)
    _age(folder)
    assert scan_folders(scanner, [folder], cache, jobs=1) == []
    writer = ix.writer()  # ruling 2 changed: deleted where it was, added in a new segment
    writer.delete_by_term("number", "2")
    writer.add_document(number="2", title="Иванову шағымы", content="сот")
    writer.commit(merge=False)
    stored_reads.clear()
    found = scan_folders(scanner, [folder], cache, jobs=1)
    assert {f.match for f in found} == {"Иванову", "иванову"}
    assert stored_reads == [0]  # the new segment's one document


# -- the scanner, kept between builds -------------------------------------------------------


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """Each scanner built (rather than loaded), by its number of public names."""
    built: list[int] = []
    for_cases = LeakScanner.for_cases.__func__

    def spy(cls, cases, keep=(), cache_dir=None):
        built.append(len(tuple(keep)))
        return for_cases(cls, cases, keep, cache_dir)

    monkeypatch.setattr(LeakScanner, "for_cases", classmethod(spy))
    return built


def _gate(court: Path) -> LeakScanner:
    return leak_scanner(clean_corpus(court, dt.date.fromisoformat(TODAY)), court / ".alqa-cache")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_scanner_is_kept_while_the_case_files_stay_the_same(
    court: Path, builds: list[int]
) -> None:
    first = _gate(court)
    again = _gate(court)
    assert len(builds) == 1
    assert "fingerprint" in vars(again)  # kept with it, not computed again
    assert again.fingerprint == first.fingerprint
    assert again.scan_text("Серікбаевтың шағымы") == first.scan_text("Серікбаевтың шағымы")


def test_a_changed_case_file_gets_a_new_scanner(court: Path, builds: list[int]) -> None:
    before = _gate(court)
    case = court / "records" / "cases" / "2026" / "6001-26-00-3гп-1.yaml"
    _edit(case, "Серікбаев Асқар Болатұлы", "Жұмабеков Асқар Болатұлы")
    after = _gate(court)
    assert len(builds) == 2
    text = "Жұмабековтың шағымы"
    assert not before.scan_text(text)
    assert [f.match for f in after.scan_text(text)] == ["Жұмабековтың"]


def test_changed_public_names_get_a_new_scanner(court: Path, builds: list[int]) -> None:
    text = "Серікбаев А.Б. төрағалық етті"  # the plaintiff, or a judge of that name
    before = _gate(court)
    assert [f.match for f in before.scan_text(text)] == ["Серікбаев"]
    _edit(court / "records" / "judges.yaml", "Жақсыбеков Қ.О.", "Серікбаев А.Б.")
    after = _gate(court)
    assert len(builds) == 2
    assert after.scan_text(text) == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-100] + bytes(b ^ 1 for b in data[-100:]),  # bytes flipped
        lambda data: b"not a scanner at all",
        lambda data: b"",
    ],
)
def test_a_damaged_kept_scanner_only_costs_building_it_again(
    court: Path, builds: list[int], damage
) -> None:
    _gate(court)
    (kept,) = (court / ".alqa-cache" / "gate").glob("scanner-*.pickle")
    kept.write_bytes(damage(kept.read_bytes()))
    scanner = _gate(court)
    assert len(builds) == 2
    assert [f.match for f in scanner.scan_text("Серікбаевтың шағымы")] == ["Серікбаевтың"]
    _gate(court)  # and it is kept again
    assert len(builds) == 2


def test_no_scanner_is_kept_when_the_case_files_are_not_known(
    tmp_path: Path, kk_case, builds: list[int]
) -> None:
    for _ in range(2):
        scanner_cache.leak_scanner([kk_case], JUDGES, None, "", tmp_path)
    assert len(builds) == 2
    assert list(tmp_path.iterdir()) == []


def test_two_scanners_are_kept(tmp_path: Path, kk_case, ru_case, builds: list[int]) -> None:
    """The newest two: undoing a change to a case finds the scanner of before."""
    for digest in ("a", "b", "c", "b"):
        scanner_cache.leak_scanner([kk_case, ru_case], JUDGES, None, digest, tmp_path)
    assert len(builds) == 3
    assert len(list(tmp_path.glob("scanner-*.pickle"))) == 2
