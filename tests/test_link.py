"""Links between pages: relative, as posixpath.relpath makes them, and fast (a court's
listings hold tens of thousands)."""

from __future__ import annotations

import posixpath
import random

from generator.builders import link


def relpath_link(from_page: str, to: str) -> str:
    return posixpath.relpath(to, posixpath.dirname(from_page) or ".")


def test_links_between_pages_are_what_relpath_gives():
    cases = [
        ("rulings/year/2026/page-2.md", "rulings/2026/6001-26-00-3gp-1.md"),
        ("rulings/index.md", "rulings/practice-forming/index.md"),
        ("index.md", "schedule/2026-W48.md"),
        ("schedule/2026-W48.md", "schedule/2026-W48.kk.ics"),
        ("schedule/index.md", "schedule"),
        ("a/b/c.md", "a"),
        ("a/b/c.md", "a/b"),
        ("index.md", "index.md"),
        ("rulings/2026/x.md", "../ru/rulings/2026/x.md"),
        ("./a/b.md", "a/c.md"),
        ("a//b.md", "a/./c.md"),
    ]
    for from_page, to in cases:
        assert link(from_page, to) == relpath_link(from_page, to), (from_page, to)


def test_links_agree_with_relpath_on_random_paths():
    rng = random.Random(7)
    words = ["rulings", "2026", "year", "index.md", "a", "b", "page-2.md", "x.kk.ics"]
    for _ in range(5000):
        from_page = "/".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        to = "/".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        assert link(from_page, to) == relpath_link(from_page, to), (from_page, to)
