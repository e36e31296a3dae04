"""The record cache makes repeated checks fast and never hides a change."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import TODAY

CASE = "records/cases/2026/6001-26-00-3гп-2.yaml"


def test_a_second_check_reads_unchanged_files_from_the_cache(court: Path, run):
    assert run("check", "--root", court, "--today", TODAY).exit_code == 0
    assert (court / ".alqa-cache" / "records.pickle").is_file()
    assert run("check", "--root", court, "--today", TODAY).exit_code == 0


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


def test_a_damaged_cache_is_ignored(court: Path, run):
    run("check", "--root", court, "--today", TODAY)
    (court / ".alqa-cache" / "records.pickle").write_bytes(b"not a pickle")
    assert run("check", "--root", court, "--today", TODAY).exit_code == 0


RULING = "rulings/2026/6001-26-00-3гп-1.kk.md"


def test_a_rulings_front_matter_is_kept_and_an_edit_is_read_again(court: Path, run):
    """The front matter of thousands of rulings is seconds of YAML: it is kept by its text,
    so a changed field is read afresh, with its own line, and the text below never is kept."""
    import datetime as dt

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
