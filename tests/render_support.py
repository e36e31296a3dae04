"""Rendering the same pages with and without one of the generator's mkdocs hooks: a hook
that only makes the site sooner must leave it byte for byte as mkdocs alone makes it."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator import render


def render_with_and_without(court: Path, pages: list, hook: Path, tmp_path: Path) -> tuple:
    """Render `pages` of `court` (kk) twice: as prepare configures it, into tmp_path/a/site,
    and with `hook` left out, into tmp_path/b/site. Returns (the Render of the first, its
    site, the other site)."""
    job = render.prepare(
        court, "kk", pages, lambda paths: [], tmp_path / "a", tmp_path / "a" / "site", None
    )
    config = yaml.safe_load(job.config_file.read_text(encoding="utf-8"))
    assert str(hook) in config["hooks"]
    hooks = [h for h in config["hooks"] if h != str(hook)]
    plain = dict(config, hooks=hooks, site_dir=str(tmp_path / "b" / "site"))
    plain_file = tmp_path / "b.yml"
    plain_file.write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    render.mkdocs_build(str(job.config_file), "1764000000")
    render.mkdocs_build(str(plain_file), "1764000000")
    return job, tmp_path / "a" / "site", tmp_path / "b" / "site"
