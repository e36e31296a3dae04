"""Ruling pages' HTML waits on disk while mkdocs converts the rest (generator/page_stash.py):
the site is the same, byte for byte, as when mkdocs holds every page in memory."""

from __future__ import annotations

import yaml

from generator import render
from generator.builders import Page
from tests.test_build import tree_digest

PAGES = [
    Page("index.md", "# Басты бет\n\nСот туралы.\n", {"title": "Басты бет"}),
    Page(
        "rulings/2026/a-1.md",
        '# Қаулы № 1\n\nМәтін.\n\n## Мәтін\n\nТараптар { data-search-x="y" }\n',
        {"title": "Қаулы № 1", "search": {"exclude": True}},
    ),
    Page(  # no <h1>: the theme adds the title, with or without the stash
        "rulings/2026/a-2.md",
        "Мәтін тақырыпсыз.\n",
        {"title": "Қаулы № 2", "search": {"exclude": True}},
    ),
]


def test_stashed_pages_come_out_as_mkdocs_makes_them(court, tmp_path):
    (court / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\nmarkdown_extensions: [attr_list, toc]\n",
        encoding="utf-8",
    )
    stashed = render.prepare(
        court, "kk", PAGES, lambda paths: [], tmp_path / "a", tmp_path / "a" / "site", None
    )
    config = yaml.safe_load(stashed.config_file.read_text(encoding="utf-8"))
    assert config["hooks"] and config["extra"]["alqa_stash"]
    plain = dict(config, hooks=[], site_dir=str(tmp_path / "b" / "site"))
    plain_file = tmp_path / "b.yml"
    plain_file.write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")

    render.mkdocs_build(str(stashed.config_file), "1764000000")
    render.mkdocs_build(str(plain_file), "1764000000")

    assert tree_digest(tmp_path / "a" / "site") == tree_digest(tmp_path / "b" / "site")
    page = (tmp_path / "a" / "site" / "rulings" / "2026" / "a-2" / "index.html").read_text()
    assert "Мәтін тақырыпсыз" in page and "alqa-stash" not in page
    assert not any((tmp_path / "a" / "stash-kk").glob("*.html"))  # nothing left behind
