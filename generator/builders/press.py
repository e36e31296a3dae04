"""The weekly press release (Regulation 7.2.13) on the cases considered that week.

One release per ISO week that had considered cases, up to the current week: how many cases,
their outcomes, and a short paragraph for each notable one (practice-forming or resonant)
written from the ruling's headnote and metadata. An editor's introduction for a week, in
press/YYYY-Www.LANG.md, opens the release when present. An Atom feed per language lists them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from feedgen.feed import FeedGenerator

from generator.builders import BuildContext, Page, cell, link, safe_markdown, table, url_of
from generator.builders.rulings import outcome_label, ruling_path
from generator.dates import iso_week, week_days
from generator.i18n import format_date, t
from generator.public import PublicDecision, PublicView

INDEX = "press/index.md"


def release_path(week: str) -> str:
    return f"press/{week}.md"


def releases(view: PublicView, today: dt.date) -> dict[str, list[PublicDecision]]:
    """Considered cases by ISO week, for weeks up to and including today's."""
    out: dict[str, list[PublicDecision]] = defaultdict(list)
    current = iso_week(today)
    for decision in view.decisions:
        week = iso_week(decision.date)
        if week <= current:
            out[week].append(decision)
    return dict(sorted(out.items()))


def release_title(week: str, lang: str) -> str:
    monday, _ = week_days(week)
    friday = monday + dt.timedelta(days=4)
    return f"{t('press_release', lang)}: {format_date(monday, lang)} – {format_date(friday, lang)}"


def _paragraph(d: PublicDecision, lang: str, from_page: str) -> str:
    ruling = next((r for r in d.rulings if r.language == lang), d.rulings[0] if d.rulings else None)
    number = cell(d.case_number)
    if ruling is not None and ruling.language == lang:
        number = f"[{number}]({link(from_page, ruling_path(ruling))})"
    region = f" ({cell(d.region.name(lang))})" if d.region else ""
    lead = {
        "kk": f"**№ {number} іс**{region}, {cell(d.category.name(lang)).lower()}. "
        f"Қаралған күні: {format_date(d.date, lang)}. "
        f"Нәтижесі: {outcome_label(d.outcome.value, lang)}.",
        "ru": f"**Дело № {number}**{region}, {cell(d.category.name(lang)).lower()}. "
        f"Дата рассмотрения: {format_date(d.date, lang)}. "
        f"Результат: {outcome_label(d.outcome.value, lang)}.",
    }[lang]
    parts = [lead]
    if ruling is not None and ruling.headnote:
        parts.append(f"{t('headnote', lang)}: {safe_markdown(ruling.headnote)}")
    if ruling is not None and ruling.norms:
        parts.append(f"{t('norms', lang)}: {', '.join(cell(n) for n in ruling.norms)}.")
    return " ".join(parts)


def release_markdown(
    week: str, decisions: list[PublicDecision], lang: str, view: PublicView, path: str
) -> str:
    counts = Counter(d.outcome.value for d in decisions)
    body = [f"# {release_title(week, lang)}", ""]
    intro = view.press_intros.get((week, lang))
    if intro:
        body += [safe_markdown(intro).strip(), ""]
    total = {
        "kk": f"Осы аптада алқа кассациялық тәртіппен **{len(decisions)}** істі қарады.",
        "ru": f"На этой неделе коллегия рассмотрела в кассационном порядке "
        f"**{len(decisions)}** дел(а).",
    }[lang]
    body += [
        total,
        "",
        table(
            (t("outcome", lang), t("count", lang)),
            ((outcome_label(o, lang), str(n)) for o, n in sorted(counts.items())),
        ),
        "",
    ]
    notable = [d for d in decisions if d.practice_forming or d.resonant]
    if notable:
        body += [f"## {t('notable_cases', lang)}", ""]
        body += [_paragraph(d, lang, path) + "\n" for d in notable]
    body += [
        f"## {t('considered_cases', lang)}",
        "",
        table(
            (t("case_number", lang), t("date", lang), t("category", lang), t("outcome", lang)),
            (
                (
                    cell(d.case_number),
                    format_date(d.date, lang),
                    cell(d.category.name(lang)),
                    outcome_label(d.outcome.value, lang),
                )
                for d in decisions
            ),
        ),
        "",
    ]
    return "\n".join(body)


def feed(
    weeks: dict[str, list[PublicDecision]], lang: str, view: PublicView, site_url: str
) -> bytes:
    """Atom feed of the releases, newest first, with dates from the weeks (reproducible)."""
    fg = FeedGenerator()
    base = site_url.rstrip("/") + "/" + ("" if lang == "kk" else "ru/")
    fg.id(base + "press/")
    fg.title(f"{t('press', lang)} · {view.court.collegium(lang)}")
    fg.link(href=base + "press/", rel="alternate")
    fg.language(lang)
    fg.generator("Alqa")
    last = None
    for week, decisions in weeks.items():  # feedgen puts the last added first
        _, sunday = week_days(week)
        updated = dt.datetime.combine(
            min(sunday, max(d.date for d in decisions)), dt.time(18, 0), dt.UTC
        )
        last = max(last, updated) if last else updated
        entry = fg.add_entry()
        entry.id(base + url_of(release_path(week)))
        entry.title(release_title(week, lang))
        entry.link(href=base + url_of(release_path(week)))
        entry.updated(updated)
        entry.published(updated)
        counts = Counter(d.outcome.value for d in decisions)
        entry.summary(
            "; ".join(f"{outcome_label(o, lang)}: {n}" for o, n in sorted(counts.items()))
        )
    fg.updated(last or dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    return fg.atom_str(pretty=True)


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def release_docx(markdown: str, week: str, lang: str, ctx: BuildContext) -> bytes:
    """The release as DOCX: the page without its title (pandoc sets it) and with links
    reduced to their text (they point into the site)."""
    from generator.documents import maker_for

    body = _LINK.sub(r"\1", markdown.split("\n", 1)[1])
    _, sunday = week_days(week)
    return maker_for(ctx.cache_dir).docx(body, lang, release_title(week, lang), sunday)


def build(view: PublicView, lang: str, ctx: BuildContext) -> Iterable[Page]:
    weeks = releases(view, ctx.today)
    for week, decisions in weeks.items():
        path = release_path(week)
        markdown = release_markdown(week, decisions, lang, view, path)
        if ctx.with_documents:  # the press office sends the release on as a Word document
            docx = f"press/{week}.{lang}.docx"
            yield Page(docx, release_docx(markdown, week, lang, ctx))
            markdown += f"\n**{t('downloads', lang)}:** [DOCX]({link(path, docx)})\n"
        yield Page(path, markdown, {"title": release_title(week, lang), "alternate": url_of(path)})
    feed_path = f"press/feed.{lang}.atom"
    yield Page(feed_path, feed(weeks, lang, view, ctx.site_url))
    entries = [
        f"- [{release_title(w, lang)}]({link(INDEX, release_path(w))}) ({len(d)})"
        for w, d in sorted(weeks.items(), reverse=True)
    ]
    body = [f"# {t('press', lang)}", "", f"[Atom]({link(INDEX, feed_path)})", "", *entries, ""]
    yield Page(INDEX, "\n".join(body), {"title": t("press", lang), "alternate": url_of(INDEX)})
