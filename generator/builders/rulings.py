"""Ruling pages and their listings (all, by year, by category, by outcome, practice-forming).

Rulings are not in the global navigation: mkdocs-material repeats the navigation in every
page, so thousands of entries would make every page huge and the build quadratic. Listing
pages link to them, paginated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from generator.builders import (
    BuildContext,
    LazyPage,
    Page,
    cell,
    link,
    page_path,
    pager,
    paginate,
    safe_markdown,
    table,
    url_of,
)
from generator.builders.history import history_header, history_section
from generator.history import history_of
from generator.i18n import format_date, t
from generator.public import PublicRuling, PublicView

INDEX = "rulings/index.md"


def ruling_path(ruling: PublicRuling) -> str:
    """The stable place of a ruling page: rulings/YEAR/SLUG.md -> /rulings/YEAR/SLUG/."""
    return f"rulings/{ruling.year}/{ruling.slug}.md"


def document_path(ruling: PublicRuling, ext: str) -> str:
    return f"rulings/{ruling.year}/{ruling.slug}.{ruling.language}.{ext}"


def outcome_label(outcome: str, lang: str) -> str:
    return t(f"outcome_{outcome}", lang)


def metadata_rows(r: PublicRuling, lang: str) -> list[tuple[str, str]]:
    lower = "<br>".join(
        f"{cell(ref.court.name(lang))} ({t('instance_' + ref.court.instance.value, lang)}, "
        f"{format_date(ref.date, lang)}{', № ' + cell(ref.number) if ref.number else ''})"
        for ref in r.lower_courts
    )
    rows = [
        (t("case_number", lang), cell(r.case_number)),
        (t("date", lang), format_date(r.date, lang)),
        (t("category", lang), cell(r.category.name(lang))),
        (t("lower_courts", lang), lower or "—"),
        (t("region", lang), cell(r.region.name(lang)) if r.region else "—"),
        (t("panel", lang), ", ".join(cell(j.name(lang)) for j in r.panel) or "—"),
        (t("rapporteur", lang), cell(r.rapporteur.name(lang)) if r.rapporteur else "—"),
        (t("outcome", lang), cell(outcome_label(r.outcome.value, lang))),
        (t("norms", lang), ", ".join(cell(n) for n in r.norms) or "—"),
    ]
    if r.practice_forming:
        rows.append((t("practice_forming", lang), "✓"))
    return rows


def ruling_page(r: PublicRuling, ctx: BuildContext) -> Page | LazyPage:
    """A ruling's page; made from the ruling, its history and whether documents are linked
    only, so a build keeps the page of the last one when these are the same (a court's
    thousands of pages take seconds to make)."""
    h = history_of(ctx, r.source_path)
    return ctx.kept_page(ruling_path(r), "ruling_page", _ruling_page, r, h, ctx.with_documents)


def _ruling_page(r: PublicRuling, h, with_documents: bool) -> tuple[str, dict]:
    ctx = BuildContext(
        today=r.date, with_documents=with_documents, history={r.source_path: h} if h else None
    )
    lang = r.language
    path = ruling_path(r)
    parts = [f"# {t('ruling', lang)} № {cell(r.case_number)}", ""]
    first, *rest = metadata_rows(r, lang)
    parts.append(table(first, rest))
    parts += history_header(r, ctx)
    if r.practice_forming and r.headnote:
        parts += [
            "",
            f'!!! abstract "{t("headnote", lang)}"',
            "",
            "    " + safe_markdown(r.headnote).replace("\n", "\n    "),
        ]
    links = []
    other = [x for x in r.languages if x != lang]
    for o in other:
        label = t("other_language", lang)
        prefix = "../" * (url_of(path).count("/") + (1 if lang == "ru" else 0))
        target = ("ru/" if o == "ru" else "") + url_of(path)
        links.append(f"[{label}]({prefix}{target}){{ hreflang={o} }}")
    if ctx.with_documents:
        for ext in ("docx", "pdf"):
            links.append(f"[{ext.upper()}]({link(path, document_path(r, ext))})")
    if links:
        parts += ["", f"**{t('downloads', lang)}:** " + " · ".join(links)]
    parts += ["", f"## {t('text', lang)}", "", safe_markdown(r.text).strip(), ""]
    parts += history_section(r, ctx)
    meta = {
        "title": f"{t('ruling', lang)} № {r.case_number}",
        "description": (r.headnote or r.category.name(lang))[:300],
        "search": {"exclude": True},
        "alternate": url_of(path) if other else "rulings/",
    }
    return "\n".join(parts), meta


def ruling_document(r: PublicRuling) -> str:
    """The body of a ruling's DOCX/PDF (the title is set apart): metadata, headnote, text."""
    lang = r.language
    first, *rest = [(k, v.replace("<br>", "; ")) for k, v in metadata_rows(r, lang)]
    parts = [table(first, rest)]
    if r.practice_forming and r.headnote:
        parts += ["", f"## {t('headnote', lang)}", "", safe_markdown(r.headnote).strip()]
    parts += ["", f"## {t('text', lang)}", "", safe_markdown(r.text).strip(), ""]
    return "\n".join(parts)


def document_pages(r: PublicRuling, ctx: BuildContext) -> Iterable[Page]:
    """The DOCX and PDF that the ruling page links to (document_path)."""
    from generator.documents import maker_for

    maker = maker_for(ctx.cache_dir)
    title = f"{t('ruling', r.language)} № {r.case_number}"
    body = ruling_document(r)
    yield Page(document_path(r, "docx"), maker.docx(body, r.language, title, r.date))
    yield Page(document_path(r, "pdf"), maker.pdf(body, r.language, title, r.date))


def _summary_row(r: PublicRuling, from_page: str, lang: str, cells: dict) -> tuple[str, ...]:
    """A ruling's row in a listing. Its cells but the link are made once (`cells`, by id,
    for one build's rulings): each ruling is in four listings (all, its year, its
    category, its outcome), 40,000 rows at 10,000 rulings."""
    known = cells.get(id(r))
    if known is None:
        known = cells[id(r)] = (
            cell(r.case_number),
            " ★" if r.practice_forming else "",
            format_date(r.date, lang),
            cell(r.category.name(lang)),
            cell(outcome_label(r.outcome.value, lang)),
        )
    number, mark, *rest = known
    return (f"[{number}]({link(from_page, ruling_path(r))}){mark}", *rest)


def listing(
    base: str,
    title: str,
    rulings: list[PublicRuling],
    lang: str,
    ctx: BuildContext,
    intro: str = "",
    cells: dict | None = None,
) -> Iterable[Page]:
    """A paginated listing, newest first, at base (…/index.md), …/page-2.md, …"""
    cells = {} if cells is None else cells
    ordered = sorted(rulings, key=lambda r: (r.date, r.case_number), reverse=True)
    chunks = paginate(ordered, ctx.page_size)
    header = (t("case_number", lang), t("date", lang), t("category", lang), t("outcome", lang))
    for number, chunk in enumerate(chunks, 1):
        path = page_path(base, number)
        nav = pager(
            base, number, len(chunks), path, (t("page", lang), t("previous", lang), t("next", lang))
        )
        body = [f"# {title}", "", intro, "", f"{t('total', lang)}: {len(ordered)}", ""]
        if chunk:
            body.append(table(header, (_summary_row(r, path, lang, cells) for r in chunk)))
        body += ["", nav, ""]
        yield Page(path, "\n".join(body), {"title": title, "alternate": url_of(path)})


def build(view: PublicView, lang: str, ctx: BuildContext) -> Iterable[Page]:
    mine = [r for r in view.rulings if r.language == lang]
    cells: dict = {}  # each ruling's listing cells, made once (_summary_row)
    for r in mine:
        yield ruling_page(r, ctx)
        if ctx.with_documents:
            yield from document_pages(r, ctx)

    groups: dict[str, dict[str, list[PublicRuling]]] = {
        "year": defaultdict(list),
        "category": defaultdict(list),
        "outcome": defaultdict(list),
    }
    for r in mine:
        groups["year"][str(r.year)].append(r)
        groups["category"][r.category.id].append(r)
        groups["outcome"][r.outcome.value].append(r)
    practice = [r for r in mine if r.practice_forming]

    def label(kind: str, key: str) -> str:
        if kind == "year":
            return key
        if kind == "category":
            return view.categories[key].name(lang)
        return outcome_label(key, lang)

    index_links = []
    for kind, title_key in (
        ("year", "by_year"),
        ("category", "by_category"),
        ("outcome", "by_outcome"),
    ):
        items = sorted(groups[kind].items(), key=lambda kv: kv[0], reverse=(kind == "year"))
        entries = []
        for key, rulings in items:
            base = f"rulings/{kind}/{key}/index.md"
            yield from listing(
                base, f"{t(title_key, lang)}: {label(kind, key)}", rulings, lang, ctx, cells=cells
            )
            entries.append(f"- [{cell(label(kind, key))}]({link(INDEX, base)}) ({len(rulings)})")
        index_links.append(f"### {t(title_key, lang)}\n\n" + "\n".join(entries))
    yield from listing(
        "rulings/practice-forming/index.md",
        t("practice_forming_only", lang),
        practice,
        lang,
        ctx,
        cells=cells,
    )
    intro = "\n\n".join(
        [
            f"[{t('practice_forming_only', lang)} ({len(practice)})](practice-forming/index.md)",
            *index_links,
            f"### {t('all_rulings', lang)}",
        ]
    )
    yield from listing(INDEX, t("rulings", lang), mine, lang, ctx, intro=intro, cells=cells)
