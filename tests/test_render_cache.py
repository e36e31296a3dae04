"""The render cache: a rebuild renders only the pages that changed, and its site is the
same, byte for byte, as a full render of the same records.

A clerk corrects one ruling and builds again; on a court of thousands of rulings only that
page (and the pages made from all of them: listings, sitemap) may be rendered anew. The
published site shares files with the cache through hard links; a rebuild must never change
a published file in place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from generator import render
from generator.builders import Page
from generator.errors import BuildError
from generator.site import build_site
from tests.conftest import TODAY
from tests.test_build import tree_digest

DAY = dt.date.fromisoformat(TODAY)


def one_ruling(court: Path) -> Path:
    return sorted((court / "rulings").rglob("*.md"))[0]


def correct(ruling: Path, words: str) -> None:
    ruling.write_text(ruling.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def full_render(court: Path, tmp_path: Path, name: str) -> Path:
    """A build of the same records with no render cache at all."""
    fresh = tmp_path / name
    shutil.copytree(court, fresh, ignore=shutil.ignore_patterns(".alqa-cache", "site*"))
    out = tmp_path / f"{name}-out" / "site"
    build_site(fresh, DAY, out=out, documents=False, gate=False, render_cache=False)
    return out


@pytest.fixture
def cached(court: Path, tmp_path: Path) -> tuple[Path, object]:
    out = tmp_path / "out" / "site"
    first = build_site(court, DAY, out=out, documents=False)
    return out, first


def test_a_first_build_renders_every_page(cached):
    _, first = cached
    assert set(first.rendered) == {"kk", "ru"}
    assert all(n > 0 for n in first.rendered.values())


def test_a_rebuild_with_no_change_renders_nothing_anew_and_is_identical(court, cached):
    out, _ = cached
    before = tree_digest(out)
    again = build_site(court, DAY, out=out, documents=False)
    assert again.rendered == {"kk": 0, "ru": 0}
    assert tree_digest(out) == before
    assert "new or changed" in again.summary()


def test_a_changed_ruling_is_rendered_anew_and_the_site_equals_a_full_render(
    court, cached, tmp_path
):
    out, _ = cached
    ruling = one_ruling(court)
    correct(ruling, "Қосымша түзету мәтіні.")
    again = build_site(court, DAY, out=out, documents=False)
    assert 1 <= sum(again.rendered.values()) < 10  # the ruling's page and few data files
    assert tree_digest(out) == tree_digest(full_render(court, tmp_path, "full"))
    assert "Қосымша түзету мәтіні" in "".join(
        p.read_text(encoding="utf-8") for p in out.rglob("index.html") if "rulings/20" in str(p)
    )


def test_a_ruling_no_longer_public_leaves_no_page_behind(court, cached, tmp_path):
    out, _ = cached
    pages_before = {p.relative_to(out) for p in out.rglob("*.html")}
    case = court / "records" / "cases" / "2026" / "6001-26-00-3гп-1.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("kind: petition\n", "kind: petition\nconfidential: true\n", 1))
    build_site(court, DAY, out=out, documents=False)
    assert {p.relative_to(out) for p in out.rglob("*.html")} < pages_before
    assert tree_digest(out) == tree_digest(full_render(court, tmp_path, "full"))


def test_a_rebuild_never_changes_a_published_file_in_place(court, cached):
    out, _ = cached
    inodes = {p: (p.stat().st_ino, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    correct(one_ruling(court), "Тағы бір түзету.")
    published = out.with_name("published")
    os.rename(out, published)  # the old site, as a reader may still have it open
    build_site(court, DAY, out=out, documents=False)
    for path, (_, data) in inodes.items():
        assert (published / path.relative_to(out)).read_bytes() == data


def test_a_changed_configuration_renders_everything_again(court, cached):
    out, _ = cached
    config = court / "mkdocs.yml"
    text = config.read_text(encoding="utf-8") if config.is_file() else ""
    config.write_text(text + "\ncopyright: Тест\n", encoding="utf-8")
    again = build_site(court, DAY, out=out, documents=False)
    assert again.rendered["kk"] > 10
    assert "Тест" in (out / "index.html").read_text(encoding="utf-8")


def test_an_interrupted_render_is_not_trusted(court, cached):
    """The manifest is removed while a build renders and written back after; a build that
    died in between leaves none, and the next build renders everything."""
    out, _ = cached
    cache = render.cache_folder(court / ".alqa-cache", out.resolve())
    (cache / "kk" / "manifest.json").unlink()
    again = build_site(court, DAY, out=out, documents=False)
    assert again.rendered["kk"] > 10 and again.rendered["ru"] == 0


def test_outputs_of_docs_files():
    assert render.output_of("index.md") == "index.html"
    assert render.output_of("rulings/index.md") == "rulings/index.html"
    assert render.output_of("rulings/2026/a-1.md") == "rulings/2026/a-1/index.html"
    assert render.output_of("schedule/2026-W48.kk.ics") == "schedule/2026-W48.kk.ics"


def test_a_rebuild_keeps_the_pages_of_unchanged_rulings_and_weeks(court, cached):
    """Ruling pages, Akoma Ntoso documents, week pages and calendars are kept by their
    content keys: after a correction, every one of them but the corrected ruling's."""
    out, first = cached
    assert first.kept == {"kk": 0, "ru": 0}
    ruling = one_ruling(court)
    lang = ruling.name.split(".")[-2]
    correct(ruling, "Үшінші түзету.")
    memo = court / ".alqa-cache" / "memo.sqlite"  # the page cache of earlier versions
    memo.write_bytes(b"SQLite format 3\0")
    again = build_site(court, DAY, out=out, documents=False)
    assert not memo.exists()
    keyed = {
        path.parent.name: len(json.loads(path.read_text())["keys"])
        for path in (court / ".alqa-cache" / "render").glob("*/*/manifest.json")
    }
    # its page; in Kazakh (where the open data is) its Akoma Ntoso document and the files
    # with a line of it: JSON Lines, JSON and CSV of all rulings and of its year
    remade = {"kk": 7 if lang == "kk" else 5, "ru": 1 if lang == "ru" else 0}
    assert again.kept == {code: keyed[code] - remade[code] for code in ("kk", "ru")}
    assert again.kept["kk"] > 0 and again.kept["ru"] > 0


def test_a_rebuild_makes_only_the_corrected_rulings_page_and_document(court, cached, monkeypatch):
    """Ruling pages and Akoma Ntoso documents are kept by their content key: the pages of
    unchanged rulings are not even made again (a court has thousands)."""
    from generator import opendata
    from generator.builders import rulings

    out, _ = cached
    made: list[str] = []

    def counted(module, name):
        make = getattr(module, name)

        def wrapper(r, *args):
            made.append(f"{name} {r.source_path}")
            return make(r, *args)

        monkeypatch.setattr(module, name, wrapper)

    counted(rulings, "_ruling_page")
    counted(opendata, "akn_xml")
    counted(opendata, "record")  # its line in the open data's JSON, CSV and JSON Lines
    ruling = one_ruling(court)
    correct(ruling, "Төртінші түзету.")
    build_site(court, DAY, out=out, documents=False)
    source = ruling.relative_to(court).as_posix()
    assert sorted(made) == [f"_ruling_page {source}", f"akn_xml {source}", f"record {source}"]
    assert "Төртінші түзету" in (out / "opendata" / "rulings.jsonl").read_text(encoding="utf-8")


def test_the_theme_search_index_stays_whole_when_one_searchable_page_changes(
    court, cached, tmp_path
):
    """Press releases are in mkdocs-material's own search: a rebuild renders only the
    changed release, and search_index.json still holds every page's entries, as a full
    render's does."""
    out, _ = cached
    (court / "press").mkdir(exist_ok=True)
    (court / "press" / "2026-W42.kk.md").write_text(
        "Апта шолуы: алқа тұрғын үй дауларын қарады.\n", encoding="utf-8"
    )
    again = build_site(court, DAY, out=out, documents=False)
    assert again.rendered["kk"] <= 3 and again.rendered["ru"] == 0
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("Апта шолуы" in entry["text"] for entry in index["docs"])
    full = full_render(court, tmp_path, "full")
    assert index == json.loads((full / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert tree_digest(out) == tree_digest(full)


def test_build_prints_its_phases_as_json_for_scripts(court, run, tmp_path):
    result = run(
        "build", "--root", court, "--today", TODAY, "--out", tmp_path / "o" / "site",
        "--no-documents", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report["pages"]) == {"kk", "ru"} and report["files"] > 0
    assert list(report["phases"])[:3] == ["check", "public view", "history"]
    assert {"pages", "mkdocs", "search index", "leak gate", "swap"} <= set(report["phases"])
    assert abs(sum(report["phases"].values()) - report["seconds"]) < 1.0


def test_a_render_cache_missing_search_entries_fails_once_then_renders_everything(court, cached):
    """Kept search entries that lost a page would make the theme's search index silently
    incomplete: the build stops and says so, and the next build renders everything."""
    out, _ = cached
    cache = render.cache_folder(court / ".alqa-cache", out.resolve())
    entries = cache / "kk" / "search-entries.json"
    kept = json.loads(entries.read_text(encoding="utf-8"))
    kept.pop("index.md")
    entries.write_text(json.dumps(kept), encoding="utf-8")
    correct(one_ruling(court), "Түзету.")
    with pytest.raises(BuildError, match="no search entries for index.md"):
        build_site(court, DAY, out=out, documents=False)
    again = build_site(court, DAY, out=out, documents=False)
    assert again.rendered["kk"] > 10


def test_two_builders_writing_one_page_is_an_error_naming_it(court, tmp_path):
    pages = [Page("index.md", "# A\n", {"title": "A"}), Page("index.md", "# B\n", {"title": "B"})]
    with pytest.raises(BuildError, match="two pages were made for index.md"):
        render.prepare(court, "kk", pages, lambda p: [], tmp_path, tmp_path / "site", None)


def test_the_kept_render_mirrors_the_new_one_relinking_only_what_differs(tmp_path):
    """After mkdocs, the render cache is brought in line with the staging site file by file:
    the same inode stays, a new file is linked, a file or folder gone is removed, and a
    file that became a folder (or back) is replaced."""
    new, kept = tmp_path / "new", tmp_path / "kept"
    for rel, text in {"a/index.html": "a", "b.xml": "b", "c": "file", "d/x": "x"}.items():
        (new / rel).parent.mkdir(parents=True, exist_ok=True)
        (new / rel).write_text(text)
    assert render.mirror_tree(new, kept) == 4
    (new / "b.xml").unlink()
    (new / "b.xml").write_text("b2")  # rewritten: a new inode
    (new / "c").unlink()
    (new / "c").mkdir()
    (new / "c" / "y").write_text("y")
    shutil.rmtree(new / "d")
    (new / "d").write_text("now a file")
    (kept / "stray").write_text("left by an interrupted build")
    unchanged = (kept / "a" / "index.html").stat().st_ino
    assert render.mirror_tree(new, kept) == 3
    files = {p.relative_to(kept).as_posix(): p for p in kept.rglob("*") if p.is_file()}
    assert sorted(files) == ["a/index.html", "b.xml", "c/y", "d"]
    for rel, path in files.items():
        assert path.stat().st_ino == (new / rel).stat().st_ino
    assert (kept / "a" / "index.html").stat().st_ino == unchanged


def test_a_joined_file_copies_the_parts_it_wrote_before_and_makes_only_new_ones(tmp_path):
    """The open data's JSON Lines is a line per ruling; a rebuild after one correction
    makes that line only and copies the others from the file the last build wrote."""
    target = tmp_path / "docs" / "opendata" / "rulings.jsonl"
    made: list[str] = []

    def part(key: str, text: str):
        def make() -> bytes:
            made.append(key)
            return f'{{"text": "{text}"}}\n'.encode()

        return key, make

    first = [part(f"k{i}", "ә" * i) for i in range(6)]
    index = render.write_joined(target, first, None)
    assert made == [f"k{i}" for i in range(6)]
    assert target.read_bytes() == b"".join(make() for _, make in first)
    made.clear()
    second = [*first[:2], part("k2'", "түзетілді"), *first[3:5], part("k6", "жаңа")]
    again = render.write_joined(target, second, index)
    assert made == ["k2'", "k6"]
    assert target.read_bytes() == b"".join(make() for _, make in second)
    assert [key for key, _, _ in again] == ["k0", "k1", "k2'", "k3", "k4", "k6"]
    assert list(target.parent.iterdir()) == [target]


def test_a_joined_file_that_is_not_what_its_index_says_is_made_whole(tmp_path):
    target = tmp_path / "rulings.jsonl"
    parts = [(f"k{i}", lambda i=i: f"{i}\n".encode()) for i in range(3)]
    index = render.write_joined(target, parts, None)
    target.write_bytes(b"damaged")
    render.write_joined(target, parts, index)
    assert target.read_bytes() == b"0\n1\n2\n"


def wait_for(path: Path, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.exists(), f"{path} was not made in {seconds} s"


def test_the_next_staging_site_is_made_ahead_and_taken_by_the_next_build(
    court, cached, monkeypatch, tmp_path
):
    """After a build, a process of its own links the next build's staging site; the next
    build takes it instead of linking its own, and its site is still a full render's."""
    out, _ = cached
    caches = list((court / ".alqa-cache" / "render").glob("*/kk"))
    assert len(caches) == 1
    wait_for(caches[0] / render.NEXT)

    def no_linking(*_):
        raise AssertionError("the staging site made ahead was not taken")

    monkeypatch.setattr(render, "link_tree", no_linking)
    correct(one_ruling(court), "Бесінші түзету.")
    build_site(court, DAY, out=out, documents=False)
    monkeypatch.undo()
    assert tree_digest(out) == tree_digest(full_render(court, tmp_path, "full"))


def test_a_staging_site_made_for_another_render_is_not_taken(court, cached, tmp_path):
    out, _ = cached
    kk = next((court / ".alqa-cache" / "render").glob("*/kk"))
    wait_for(kk / render.NEXT)
    (kk / render.NEXT / render.STAMP).write_text("a render before this one")
    (kk / render.NEXT / "index.html").unlink()
    (kk / render.NEXT / "index.html").write_text("stale")
    correct(one_ruling(court), "Алтыншы түзету.")
    build_site(court, DAY, out=out, documents=False)
    assert (out / "index.html").read_text(encoding="utf-8") != "stale"
    assert tree_digest(out) == tree_digest(full_render(court, tmp_path, "full"))
