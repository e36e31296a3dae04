"""Practice reviews (Regulation 7.3.6): reviews/index.md and one page per review.

A review (reviews/SLUG.LANG.md) is the editors' text and a period; its page shows that text,
then the practice-forming rulings of the period and of its categories (all when it names
none), grouped by category, each with its headnote, norms and a link to the ruling. The
editorial text is written in one language; a review may also have a file per language, and
then each language's page uses its own. The whole review is also a DOCX and a PDF.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.builders import BuildContext, Page, cell, link, safe_markdown, url_of
from generator.builders.rulings import ruling_path
from generator.i18n import format_date, t
from generator.models import Category, Review
from generator.public import PublicRuling, PublicView

INDEX = "reviews/index.md"
LANGUAGES = ("kk", "ru")


def review_path(slug: str) -> str:
    return f"reviews/{slug}.md"


def document_path(slug: str, lang: str, ext: str) -> str:
    return f"reviews/{slug}.{lang}.{ext}"


def reviews_by_slug(view: PublicView) -> dict[str, dict[str, Review]]:
    """slug -> {language of the editorial text: review}."""
    out: dict[str, dict[str, Review]] = {}
    for review in view.reviews:
        out.setdefault(review.slug, {})[review.meta.language.value] = review
    return out


def text_for(versions: dict[str, Review], lang: str) -> tuple[Review, bool]:
    """The review shown on the `lang` page, and whether its text is in the other language."""
    if lang in versions:
        return versions[lang], False
    return versions[next(x for x in LANGUAGES if x in versions)], True


def review_rulings(review: Review, view: PublicView, lang: str) -> list[PublicRuling]:
    """The practice-forming rulings of the review's period and categories: one per case, in
    the page's language when it exists, else in the other."""
    period, wanted = review.meta.period, set(review.meta.categories)
    by_case: dict[str, PublicRuling] = {}
    for r in view.rulings:
        if not r.practice_forming or not (period.from_ <= r.date <= period.to):
            continue
        if wanted and r.category.id not in wanted:
            continue
        if r.case_number not in by_case or r.language == lang:
            by_case[r.case_number] = r
    return sorted(by_case.values(), key=lambda r: (r.date, r.case_number))


def grouped(
    review: Review, view: PublicView, rulings: list[PublicRuling]
) -> list[tuple[Category, list[PublicRuling]]]:
    """Rulings by category: in the review's order of categories, else the classifier's."""
    order = review.meta.categories or list(view.categories)
    return [
        (view.categories[cid], found)
        for cid in order
        if cid in view.categories and (found := [r for r in rulings if r.category.id == cid])
    ]


def ruling_link(from_page: str, lang: str, r: PublicRuling) -> str:
    """A link to a ruling page; a ruling in the other language lives in the other language's
    site (kk at the site root, ru under ru/), reached through the site root."""
    if r.language == lang:
        return link(from_page, ruling_path(r))
    up = "../" * (url_of(from_page).count("/") + (0 if lang == "kk" else 1))
    return up + ("" if r.language == "kk" else f"{r.language}/") + url_of(ruling_path(r))


def ruling_url(r: PublicRuling, ctx: BuildContext) -> str:
    """The absolute address of a ruling page (for documents, which leave the site)."""
    prefix = "" if r.language == "kk" else f"{r.language}/"
    return ctx.site_url.rstrip("/") + "/" + prefix + url_of(ruling_path(r))


def _period(review: Review, lang: str) -> str:
    period = review.meta.period
    return f"{format_date(period.from_, lang)} — {format_date(period.to, lang)}"


def _categories(review: Review, view: PublicView, lang: str) -> str:
    names = [view.categories[c].name(lang) for c in review.meta.categories if c in view.categories]
    return ", ".join(cell(n) for n in names) or t("all_categories", lang)


def _ruling_block(r: PublicRuling, lang: str, target: str, level: str) -> list[str]:
    other = f" ({t('in_other_language', lang)})" if r.language != lang else ""
    parts = [f"{level} [№ {cell(r.case_number)}]({target}) · {format_date(r.date, lang)}{other}"]
    if r.headnote:
        parts += ["", safe_markdown(r.headnote).strip()]
    if r.norms:
        parts += ["", f"**{t('norms', lang)}:** " + ", ".join(cell(n) for n in r.norms)]
    return parts + [""]


def review_body(
    review: Review,
    foreign: bool,
    view: PublicView,
    lang: str,
    ctx: BuildContext,
    path: str | None,
    downloads: str = "",
) -> str:
    """The review in Markdown: for the page (path given: links within the site) or, without
    a path, for the DOCX/PDF (no title heading, absolute links, one heading level up)."""
    h = "#" if path else ""
    parts = [f"# {cell(review.meta.title(lang))}", ""] if path else []
    parts += [
        f"**{t('review_period', lang)}:** {_period(review, lang)}  ",
        f"**{t('review_categories', lang)}:** {_categories(review, view, lang)}",
        "",
    ]
    if downloads:
        parts += [downloads, ""]
    if foreign:
        parts += [f"*{t('text_in_other_language', lang)}*", ""]
    parts += [safe_markdown(review.text).strip(), ""]
    parts += [f"{h}# {t('review_rulings', lang)}", ""]
    groups = grouped(review, view, review_rulings(review, view, lang))
    if not groups:
        parts += [t("no_practice_forming", lang), ""]
    for category, rulings in groups:
        parts += [f"{h}## {cell(category.name(lang))}", ""]
        for r in rulings:
            target = ruling_link(path, lang, r) if path else ruling_url(r, ctx)
            parts += _ruling_block(r, lang, target, f"{h}###")
    return "\n".join(parts)


def build(view: PublicView, lang: str, ctx: BuildContext) -> Iterable[Page]:
    from generator.documents import maker_for

    entries = []
    for slug, versions in reviews_by_slug(view).items():
        review, foreign = text_for(versions, lang)
        path = review_path(slug)
        title = review.meta.title(lang)
        downloads = ""
        if ctx.with_documents:
            maker = maker_for(ctx.cache_dir)
            document = review_body(review, foreign, view, lang, ctx, None)
            day = review.meta.period.to
            for ext, make in (("docx", maker.docx), ("pdf", maker.pdf)):
                yield Page(document_path(slug, lang, ext), make(document, lang, title, day))
            downloads = f"**{t('downloads', lang)}:** " + " · ".join(
                f"[{ext.upper()}]({link(path, document_path(slug, lang, ext))})"
                for ext in ("docx", "pdf")
            )
        body = review_body(review, foreign, view, lang, ctx, path, downloads)
        yield Page(path, body, {"title": title, "alternate": url_of(path)})
        entries.append((review.meta.period.to, slug, review, path))

    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)  # newest period first
    body = [f"# {t('reviews', lang)}", ""]
    for _, _, review, path in entries:
        body.append(
            f"- [{cell(review.meta.title(lang))}]({link(INDEX, path)}) ({_period(review, lang)})"
        )
    body.append("")
    yield Page(INDEX, "\n".join(body), {"title": t("reviews", lang), "alternate": url_of(INDEX)})
