"""The link check of a built site: every relative link and resource exists."""

from __future__ import annotations

from pathlib import Path

from generator.linkcheck import BrokenLink, base_path_of, check_site, links_of, resolve


def write(site: Path, rel: str, text: str = "") -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page(*links: str) -> str:
    return "<html><body>" + "".join(links) + "</body></html>"


def test_links_and_resources_are_read_from_every_checked_tag():
    html = (
        '<a href="a/">x</a><link rel="stylesheet" href=\'s.css\'><script src=j.js></script>'
        '<img alt="" src="i.png"><a name="top">no link</a><a href="q?x=1&amp;y=2">q</a>'
    )
    assert links_of(html) == ["a/", "s.css", "j.js", "i.png", "q?x=1&y=2"]


def test_a_folder_link_needs_its_index_html_and_a_missing_file_is_reported(tmp_path: Path):
    write(tmp_path, "index.html", page('<a href="rulings/">r</a>', '<a href="gone/">g</a>'))
    write(tmp_path, "rulings/index.html", page('<a href="../assets/x.css">c</a>'))
    write(tmp_path, "gone/readme.txt")
    assert check_site(tmp_path) == [
        BrokenLink("index.html", "gone/", "gone/"),
        BrokenLink("rulings/index.html", "../assets/x.css", "assets/x.css"),
    ]


def test_external_links_fragments_and_other_schemes_are_not_checked(tmp_path: Path):
    write(
        tmp_path,
        "index.html",
        page(
            '<a href="https://adilet.zan.kz/">law</a>',
            '<a href="//cdn.example/x.js">cdn</a>',
            '<a href="#top">top</a>',
            '<a href="mailto:press@sot.kz">mail</a>',
            '<img src="data:image/png;base64,AAAA">',
        ),
    )
    assert check_site(tmp_path) == []


def test_queries_fragments_and_percent_encoding_are_resolved(tmp_path: Path):
    write(
        tmp_path,
        "rulings/2026/6001-26-00-3gp-1/index.html",
        page('<a href="../../../%D0%B0.json?x#y">j</a>'),
    )
    write(tmp_path, "а.json", "{}")
    assert check_site(tmp_path) == []


def test_absolute_paths_start_at_the_sites_base_path(tmp_path: Path):
    write(tmp_path, "assets/app.css")
    write(
        tmp_path, "404.html", page('<link href="/court/assets/app.css">', '<a href="/other/">x</a>')
    )
    broken = check_site(tmp_path, base_path_of("https://sot.example.kz/court/"))
    assert broken == [BrokenLink("404.html", "/other/", "(outside the site)")]


def test_a_link_above_the_site_root_is_broken():
    assert resolve("index.html", "../../etc/passwd") is None
    assert (
        resolve("ru/opendata/index.html", "../../opendata/rulings.json") == "opendata/rulings.json"
    )
    assert resolve("ru/index.html", "") == "ru/"
