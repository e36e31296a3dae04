"""The record cache makes repeated checks fast and never hides a change."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import pickle
import shutil
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import StringConstraints, TypeAdapter

from generator import load, record_cache
from generator.errors import Problem
from generator.load import Loaded, load_root
from generator.models import Ruling
from generator.yamlio import split_front_matter
from tests.conftest import FIXTURES, TODAY

CASE = "records/cases/2026/6001-26-00-3гп-2.yaml"
RULING = "rulings/2026/6001-26-00-3гп-1.kk.md"


@pytest.fixture
def settled(monkeypatch):
    """Files count as written long before they are read, so their stats are trusted (a copied
    court is younger than the margin, and a file's ctime cannot be set back)."""
    monkeypatch.setattr(record_cache, "MARGIN_NS", 0)


@pytest.fixture
def reads(monkeypatch) -> dict[str, list[str]]:
    """The names of the files each load reads ("read") and of the records it parses."""
    seen: dict[str, list[str]] = {"read": [], "parsed": []}
    read, parse = load._stat_and_bytes, load.load_validated

    def counted_read(path: str):
        seen["read"].append(Path(path).name)
        return read(path)

    def counted_parse(model, text, rel, *rest):
        seen["parsed"].append(Path(rel).name)
        return parse(model, text, rel, *rest)

    monkeypatch.setattr(load, "_stat_and_bytes", counted_read)
    monkeypatch.setattr(load, "load_validated", counted_parse)
    return seen


def segments(court: Path) -> list[Path]:
    return sorted((court / ".alqa-cache").glob("records-*.pickle"))


def same_size_edit(path: Path, old: str, new: str) -> None:
    """Change the file in place, as within one tick of a coarse clock: the inode, the size
    and the mtime stay what they were."""
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(old.encode(), new.encode()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )


def everything(data: Loaded) -> tuple:
    return (
        [(c, s.path) for c, s in data.cases],
        [(r, s.path) for r, s in data.rulings],
        data.problems,
        data.cases_digest,
    )


def test_a_second_check_reads_unchanged_files_from_the_cache(court: Path, run):
    assert run("check", "--root", court, "--today", TODAY).exit_code == 0
    assert segments(court)
    assert run("check", "--root", court, "--today", TODAY).exit_code == 0


def test_unchanged_files_are_neither_read_nor_parsed_again(court: Path, settled, reads):
    review = "housing-2026.kk.md"  # reviews are a handful: always read
    shutil.rmtree(court / ".alqa-cache", ignore_errors=True)  # copied with the court
    load_root(court, texts=False)
    assert len(reads["parsed"]) == 5  # three cases, a ruling, the review
    reads["read"].clear()
    reads["parsed"].clear()
    load_root(court, texts=False)
    assert reads == {"read": [], "parsed": [review]}
    reads["parsed"].clear()
    load_root(court)  # a build needs the rulings' texts: only they are read
    assert reads == {"read": [Path(RULING).name], "parsed": [review]}


def test_an_edited_file_is_read_again(court: Path, run):
    run("check", "--root", court, "--today", TODAY)
    path = court / CASE
    path.write_text(
        path.read_text(encoding="utf-8").replace("language: ru", "language: en"), encoding="utf-8"
    )
    result = run("check", "--root", court, "--today", TODAY)
    assert result.exit_code == 1
    assert f"{CASE}:6: language: must be one of 'kk' or 'ru'" in result.output
    path.write_text(
        path.read_text(encoding="utf-8").replace("language: en", "language: ru"), encoding="utf-8"
    )
    assert run("check", "--root", court, "--today", TODAY).exit_code == 0


def test_a_file_edited_within_the_same_tick_and_size_is_read_again(court: Path, settled, run):
    assert run("check", "--root", court, "--today", TODAY).exit_code == 0
    same_size_edit(court / CASE, "language: ru", "language: en")
    result = run("check", "--root", court, "--today", TODAY)
    assert result.exit_code == 1
    assert f"{CASE}:6: language: must be one of 'kk' or 'ru'" in result.output


def test_a_stat_too_recent_to_trust_never_hides_a_change(court: Path, run, monkeypatch):
    """Where a file's ctime does not tell (left out here), a file changed twice within one
    tick of the clock keeps its stat: a stat taken within the margin of the reading is not
    stored, so the next check hashes the file's bytes."""
    monkeypatch.setattr(record_cache, "stat_of", lambda st: (st.st_ino, st.st_size, st.st_mtime_ns))
    path = court / CASE
    path.write_bytes(path.read_bytes())  # written just now
    assert run("check", "--root", court, "--today", TODAY).exit_code == 0
    entry = record_cache.RecordCache(court / ".alqa-cache").entries[CASE]
    assert entry[0] is None  # no stat: only the hash of the bytes stands for the file
    same_size_edit(path, "language: ru", "language: en")
    result = run("check", "--root", court, "--today", TODAY)
    assert result.exit_code == 1
    assert f"{CASE}:6: language: must be one of 'kk' or 'ru'" in result.output


def test_a_stat_is_kept_once_the_file_is_older_than_the_margin(court: Path, settled):
    load_root(court)
    entry = record_cache.RecordCache(court / ".alqa-cache").entries[CASE]
    assert entry[0] == record_cache.stat_of((court / CASE).stat())


def test_a_damaged_cache_is_ignored_and_written_again(court: Path, run):
    run("check", "--root", court, "--today", TODAY)
    for segment in segments(court):
        segment.write_bytes(b"not a pickle")
    assert run("check", "--root", court, "--today", TODAY).exit_code == 0
    assert CASE in record_cache.RecordCache(court / ".alqa-cache").entries


def test_a_cache_from_other_code_is_ignored(court: Path, settled, run):
    """Entries made by other reading code (another fingerprint) are not used, even for files
    whose stat and bytes they match."""
    run("check", "--root", court, "--today", TODAY)
    for segment in segments(court):
        saved = pickle.loads(segment.read_bytes())
        entries = {
            rel: (stat, digest, (None, [Problem(rel, 1, "", "from other code")], 0, 1))
            for rel, (stat, digest, _) in saved["entries"].items()
        }
        segment.write_bytes(pickle.dumps({"fingerprint": "other code", "entries": entries}))
    result = run("check", "--root", court, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "from other code" not in result.output


def test_an_edit_rewrites_only_the_segment_of_its_file(court: Path, settled):
    load_root(court)
    before = {p.name: p.stat().st_mtime_ns for p in segments(court)}
    path = court / CASE
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load_root(court)
    after = {p.name: p.stat().st_mtime_ns for p in segments(court)}
    assert before.keys() == after.keys()
    assert len([name for name in before if before[name] != after[name]]) == 1


def test_a_deleted_files_entry_is_dropped(court: Path, settled):
    load_root(court)
    (court / RULING).unlink()
    load_root(court)
    entries = record_cache.RecordCache(court / ".alqa-cache").entries
    assert RULING not in entries
    assert CASE in entries


def test_a_warm_load_gives_exactly_what_reading_gives(court: Path, settled):
    """Records, problems with their lines, texts and the cases' digest: the same read afresh,
    from the cache by stat, and by hash after every file was touched."""
    (court / "records/cases/2026/6001-26-00-3гп-7.yaml").write_bytes(
        (FIXTURES / "broken/bad-date.yaml").read_bytes()
    )
    (court / "rulings/2026/6001-26-00-3гп-9.kk.md").write_bytes(
        (FIXTURES / "broken/ruling-no-front-matter.md").read_bytes()
    )
    ruling = court / RULING
    text = ruling.read_text(encoding="utf-8")
    ruling.write_bytes(  # a BOM, Windows line ends and spaces around the text
        b"\xef\xbb\xbf" + (text.replace("\n", "\r\n") + "\u3000\x1c \n").encode("utf-8")
    )
    afresh = everything(load_root(court, cache=False))
    assert afresh[2]  # the broken files have problems
    (loaded, _), *_ = afresh[1]
    _, _, body, line = split_front_matter(ruling.read_bytes().decode("utf-8-sig"))
    assert loaded == Ruling(meta=loaded.meta, text=body, path=RULING, text_line=line)
    assert loaded.text.endswith("\x1c")  # pydantic strips less than str.strip()
    assert everything(load_root(court)) == afresh  # read, and the cache written
    assert everything(load_root(court)) == afresh  # by stat
    for path in court.rglob("*"):
        os.utime(path)
    assert everything(load_root(court)) == afresh  # by hash


def test_a_rulings_text_is_stripped_as_pydantic_strips_it():
    """The loader strips ruling texts itself (pydantic would read each as UTF-8 to do it)."""
    strip = TypeAdapter(list[Annotated[str, StringConstraints(strip_whitespace=True)]])
    for block in range(0, 0x110000, 0x10000):
        chars = [chr(c) for c in range(block, block + 0x10000) if not 0xD800 <= c < 0xE000]
        texts = [f"{c}x{c}" for c in chars]
        assert strip.validate_python(texts) == [t.strip(load._SPACE) for t in texts]


def test_reading_in_parallel_gives_what_one_process_gives(court: Path, monkeypatch):
    monkeypatch.setattr(load, "PARALLEL_FROM", 1)
    one = everything(load_root(court, jobs=1, cache=False))
    assert everything(load_root(court, jobs=2)) == one  # nothing cached: shared out
    for path in court.rglob("*"):
        os.utime(path)
    assert everything(load_root(court, jobs=2)) == one  # touched files: hashed by workers


def test_the_cases_digest_changes_with_any_case_file_and_only_then(court: Path, settled):
    """Other caches are kept under it: it is the hash of every case file's path and the hash
    of its bytes, however they were read."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted((court / "records/cases").rglob("*.yaml")):
        rel = path.relative_to(court).as_posix()
        data = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        digest.update(rel.encode() + b"\0" + data)
    first = load_root(court).cases_digest
    assert first == digest.hexdigest()
    assert load_root(court).cases_digest == first  # from the cache
    os.utime(court / CASE)
    ruling = court / RULING
    ruling.write_text(ruling.read_text(encoding="utf-8") + "\nЖаңа сөйлем.\n", encoding="utf-8")
    assert load_root(court).cases_digest == first  # a touched case file, an edited ruling
    same_size_edit(court / CASE, "language: ru", "language: en")
    changed = load_root(court).cases_digest
    assert changed != first
    assert changed == load_root(court, cache=False).cases_digest
    same_size_edit(court / CASE, "language: en", "language: ru")
    assert load_root(court).cases_digest == first


def test_a_rulings_front_matter_is_kept_and_an_edit_is_read_again(court: Path, run):
    """A changed field is read afresh, with its own line; the text below is never kept in
    the cache, so an edit of it reaches the build."""
    from generator.check import clean_corpus

    assert run("check", "--root", court, "--today", TODAY).exit_code == 0
    path = court / RULING
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("language: kk", "language: en"), encoding="utf-8")
    result = run("check", "--root", court, "--today", TODAY)
    assert result.exit_code == 1
    line = original.splitlines().index("language: kk") + 1
    assert f"{RULING}:{line}: language: must be one of 'kk' or 'ru'" in result.output
    path.write_text(original + "\nЖаңа сөйлем.\n", encoding="utf-8")
    assert run("check", "--root", court, "--today", TODAY).exit_code == 0
    corpus = clean_corpus(court, dt.date.fromisoformat(TODAY))
    assert corpus.rulings[0].text.rstrip().endswith("Жаңа сөйлем.")


def test_loading_leaves_the_garbage_collector_as_it_was(court: Path):
    load_root(court)
    assert gc.isenabled()
    gc.disable()
    try:
        load_root(court)
        assert not gc.isenabled()
    finally:
        gc.enable()
