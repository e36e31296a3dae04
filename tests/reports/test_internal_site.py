"""The internal site: its pages (with personal data), and its separation from the public one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from test_figures import TODAY, small_court  # the hand-checked small court

from generator.builders import BuildContext
from generator.errors import BuildError
from generator.reports import load_corpus
from generator.reports.internal_site import (
    INTERNAL_BUILDERS,
    InternalContext,
    build_internal_site,
    check_out,
)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return small_court(tmp_path_factory.mktemp("court"))


@pytest.fixture(scope="module")
def pages(root):
    ctx = InternalContext(today=TODAY, corpus=load_corpus(root))
    return {
        lang: {p.path: p for b in INTERNAL_BUILDERS for p in b.build(None, lang, ctx)}
        for lang in ("kk", "ru")
    }


def test_pages(pages):
    kk = pages["kk"]
    assert all(path.startswith("internal/") for path in kk)
    for path in (
        "internal/index.md",
        "internal/judges/index.md",
        "internal/deadlines.md",
        "internal/registers/private-rulings.md",
        "internal/registers/violations.md",
        "internal/registers/requested.md",
        "internal/registers/applications.md",
        "internal/registers/resonant.md",
        "internal/results.md",
        "internal/results.kk-by_region.svg",
        "internal/deadlines.kk.xlsx",
    ):
        assert path in kk, path
    # a dashboard per active judge; the retired judge has no open case and no page
    judges = sorted(p for p in kk if p.startswith("internal/judges/j-"))
    assert judges == [f"internal/judges/{j}.md" for j in ("j-abenov", "j-kim", "j-tokhtarov")]


def test_personal_data_is_intact(pages):
    applications = pages["ru"]["internal/registers/applications.md"].render().decode()
    assert "Иванов С.А." in applications and "просрочено" in applications
    kim = pages["kk"]["internal/judges/j-kim.md"].render().decode()
    assert "6001-26-00-3гп/3" in kim and "мерзімі жақын" in kim  # the ruling text due 11-26
    tokhtarov = pages["kk"]["internal/judges/j-tokhtarov.md"].render().decode()
    assert "**6001-26-00-3гп/2**" in tokhtarov  # its hearing is overdue


def test_the_builders_need_the_corpus():
    for builder in INTERNAL_BUILDERS[1:]:  # the index page lists sections only
        with pytest.raises(BuildError, match="ctx.corpus"):
            list(builder.build(None, "kk", BuildContext(today=TODAY)))


@pytest.mark.parametrize("out", ["site", "site/internal", ".", "search_index", "records/x"])
def test_refuses_public_folders(root, out):
    with pytest.raises(BuildError, match="choose another"):
        check_out(root, root / out)
    with pytest.raises(BuildError):
        build_internal_site(root, TODAY, root / out)


def test_accepts_its_own_folder(root, tmp_path):
    check_out(root, root / "internal-site")
    check_out(root, tmp_path / "intranet")


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_kept_apart_from_the_public_build(root):
    from generator.site import build_site

    public = build_site(root, TODAY, documents=False)
    before, index_before = _tree(public.site), _tree(root / "search_index")
    result = build_internal_site(root, TODAY, root / "internal-site", documents=False)
    internal = root / "internal-site"
    assert result.site == internal
    assert _tree(public.site) == before  # never writes into site/
    assert _tree(root / "search_index") == index_before  # nor the public search index
    html = (internal / "ru" / "internal" / "registers" / "applications" / "index.html").read_text()
    assert "Иванов С.А." in html
    assert (internal / "internal" / "judges" / "j-kim" / "index.html").is_file()
    assert not any("internal" in name for name in before)
    # the public build does not read what the internal one produced
    build_site(root, TODAY, documents=False)
    assert _tree(public.site) == before
