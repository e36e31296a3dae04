"""The theme's search index read sooner (generator/search_fast.py): every page gives the same
sections, so search/search_index.json is the same, byte for byte; a theme whose parser is not
the code it was written from reads the pages itself."""

from __future__ import annotations

import json

import pytest
from material.plugins.search.plugin import Parser

from generator import render, search_fast
from generator.builders import Page
from tests.render_support import render_with_and_without
from tests.test_build import tree_digest

PAGES_HTML = [
    "<p>Кіріспе мәтін.</p><h1 id='a'>Тақырып</h1><p>Бірінші <em>абзац</em>.</p>",
    '<h2 id="b">Бөлім<a class="headerlink" href="#b">¶</a></h2><p>Мәтін</p>\n\n<p> </p>',
    "<div><h2 id='c'>Ішкі</h2><p>ішінде</p></div><p>кейін</p><h3 id='d'>Үш</h3>",
    "<table><tr><td>1</td><td>Іс<br>№ 2</td></tr></table><ul><li>бір</li><li></li></ul>",
    "<pre><code>line 1\n\n   line 2\n</code></pre><p>a\nb</p>",
    "<div data-search-exclude><p>жасырын</p><div><p>ішкі</p></div></div><p>көрінеді</p>",
    '<div class="linenodiv"><pre>1\n2</pre></div><p>код</p>',
    "<script>var x = '<p>no</p>';</script><style>p{}</style><p>иә &amp; &lt;тег&gt;</p>",
    "<p>ашық <b>жабылмаған</p></i><h4 id='e'>Төрт</h4><img src='x.png'><hr><p>соңы",
    "<h1>id жоқ</h1><p>мәтін</p><h2 id='f'><code>код</code> тақырыпта</h2><sub>1</sub>",
    "<div data-search-exclude><div data-search-exclude><p>x</p></div><p>y</p></div><p>z</p>",
    "",
]


def sections(parser_class: type, html: str) -> list:
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return [
        (s.el.tag, s.el.attrs, s.id, s.title, s.text, s.depth, s.is_excluded()) for s in parser.data
    ]


def test_the_installed_theme_parser_is_the_one_the_fast_parser_was_written_from():
    # when this fails, mkdocs-material changed its search parser: compare it with FastParser,
    # then set search_fast.KNOWN to search_fast.theme_digest()
    assert search_fast.parser_is_known()


@pytest.mark.parametrize("html", PAGES_HTML)
def test_the_fast_parser_finds_the_sections_the_theme_finds(html):
    fast, _ = search_fast.fast_classes()
    assert sections(fast, html) == sections(Parser, html)


def test_a_site_has_the_same_search_index_with_the_fast_parser(court, tmp_path):
    (court / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\nmarkdown_extensions: [attr_list, toc]\n",
        encoding="utf-8",
    )
    pages = [
        Page("index.md", "# Басты\n\nМәтін.\n\n## Бөлім { #b }\n\n- бір\n- екі\n", {}),
        Page("a.md", "Кіріспе.\n\n## Екі\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", {"title": "А"}),
    ]
    _, site, plain = render_with_and_without(court, pages, render.SEARCH_FAST, tmp_path)
    assert tree_digest(site) == tree_digest(plain)
    index = json.loads((tmp_path / "a" / "site" / "search" / "search_index.json").read_text())
    assert {"Бөлім", "Екі"} <= {entry["title"] for entry in index["docs"]}


def test_a_theme_parser_of_other_code_reads_the_pages_itself(monkeypatch):
    monkeypatch.setattr(search_fast, "KNOWN", "another theme's")
    search_fast.parser_is_known.cache_clear()
    try:
        assert not search_fast.parser_is_known()
    finally:
        search_fast.parser_is_known.cache_clear()
