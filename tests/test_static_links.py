"""The docs' static files reach the site as hard links, not copies (generator/static_links.py):
the site is the same, byte for byte, as mkdocs's copying makes it, and a docs file written
again is a new file, so the site made before keeps its bytes."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from generator import render, static_links
from generator.builders import Page
from tests.render_support import render_with_and_without
from tests.test_build import tree_digest

PAGES = [
    Page("index.md", "# Басты бет\n\n[Деректер](opendata/a.xml)\n", {"title": "Басты бет"}),
    Page("opendata/a.xml", "<akn>бір</akn>\n"),
    Page("opendata/akn/2026/b.xml", "<akn>екі</akn>\n"),
]


def test_the_installed_mkdocs_copies_files_as_the_links_expect():
    # when this fails, mkdocs changed File.copy_file: compare it with static_links.COPY_FILE
    assert static_links.copies_as_known()


def test_static_files_are_linked_and_the_site_is_what_copying_makes(court, tmp_path):
    (court / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n", encoding="utf-8")
    _, site, plain = render_with_and_without(court, PAGES, render.STATIC_LINKS, tmp_path)
    assert tree_digest(site) == tree_digest(plain)
    docs = tmp_path / "a" / "docs" / "kk"
    for name in ("opendata/a.xml", "opendata/akn/2026/b.xml"):
        assert (tmp_path / "a" / "site" / name).samefile(docs / name)
    theme_css = next((tmp_path / "a" / "site" / "assets").rglob("*.css"))
    assert theme_css.stat().st_nlink == 1  # the theme's own files are copied, as before


def test_a_docs_file_written_again_leaves_the_linked_site_file_as_it_was(tmp_path):
    docs, site = tmp_path / "docs" / "a.xml", tmp_path / "site" / "a.xml"
    render._write(docs, b"old")
    site.parent.mkdir()
    site.hardlink_to(docs)
    render._write(docs, b"new")
    assert site.read_bytes() == b"old" and docs.read_bytes() == b"new"
    assert not list(docs.parent.glob(".*"))  # no temporary file left behind


def test_a_static_file_where_a_page_is_written_is_copied_not_linked(court, tmp_path):
    """mkdocs writes a page over a static file of the same output in place: a link there
    would write over the docs file too."""
    (court / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n", encoding="utf-8")
    pages = [Page("index.md", "# Бет\n"), Page("a.md", "# А\n"), Page("a/index.html", "<p>x</p>")]
    made = render.prepare(
        court, "kk", pages, lambda paths: [], tmp_path / "s", tmp_path / "s" / "site", None
    )
    render.mkdocs_build(str(made.config_file), "1764000000")
    assert (tmp_path / "s" / "docs" / "kk" / "a" / "index.html").read_text() == "<p>x</p>"
    assert "<h1" in (tmp_path / "s" / "site" / "a" / "index.html").read_text()


def test_a_linked_file_written_over_fails_the_build(tmp_path, monkeypatch):
    source, target = tmp_path / "a.xml", tmp_path / "site-a.xml"
    source.write_text("бір")
    target.hardlink_to(source)
    done = source.stat()
    monkeypatch.setitem(
        static_links._linked, str(source), (str(target), done.st_size, done.st_mtime_ns)
    )
    static_links.on_post_build(None)  # as linked: nothing to say
    target.write_text("басқа мазмұн")  # a plugin writing its own output in place
    with pytest.raises(PluginError, match="written over"):
        static_links.on_post_build(None)
