"""Front matter of generated pages: whatever a title holds, mkdocs reads back the same."""

from __future__ import annotations

import yaml

from generator.builders import Page, front_matter

AWKWARD = [
    "Қаулы № 6001-26-00-3гп/1",
    "Баспасөз релизі: 2026 жылғы 12 қазан – 16 қазан",
    "yes",
    "no",
    "null",
    "~",
    "123",
    "1e3",
    "- a list?",
    "# not a comment",
    "key: value",
    "'single' and \"double\" quotes",
    "back\\slash",
    "line\nbreak",
    "tab\there",
    "  leading and trailing  ",
    "unicode line\u2028separator\u2029and\x85next line",
    "{braces} [brackets] & * ! | > % @ `",
    "",
]


def test_every_awkward_string_reads_back_as_written():
    for text in AWKWARD:
        meta = {"title": text, "description": text, "alternate": "rulings/"}
        assert yaml.safe_load(front_matter(meta)) == meta, text


def test_nested_maps_lists_and_flags_read_back():
    meta = {"search": {"exclude": True}, "tags": ["a: b", "в"], "weight": 3, "hide": None}
    assert yaml.safe_load(front_matter(meta)) == meta


def test_a_page_starts_with_its_front_matter():
    page = Page("rulings/index.md", "# Қаулылар\n", {"title": "Қаулылар"})
    assert page.render().decode() == '---\ntitle: "Қаулылар"\n---\n\n# Қаулылар\n'
