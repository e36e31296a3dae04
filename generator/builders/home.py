"""The home page of each language: the coming week's hearings and where to find the rest."""

from __future__ import annotations

from collections.abc import Iterable

from generator.builders import BuildContext, Page
from generator.builders.schedule import coming_week, schedule_table, week_path, week_title, weeks_of
from generator.i18n import t
from generator.public import PublicView

INTRO = {
    "kk": "Алқаның кассациялық сатыда қабылдаған қаулылары, сот отырыстарының апталық кестесі, "
    "апталық баспасөз релиздері және практика құратын актілерге шолулар.",
    "ru": "Постановления коллегии в кассационном порядке, еженедельный график судебных "
    "заседаний, еженедельные пресс-релизы и обзоры практикообразующих актов.",
}


def build(view: PublicView, lang: str, ctx: BuildContext) -> Iterable[Page]:
    court = view.court
    week = coming_week(ctx.today)
    hearings = weeks_of(view).get(week, [])
    rulings = sum(1 for r in view.rulings if r.language == lang)
    body = [
        f"# {court.collegium(lang)}",
        "",
        f"*{court.name(lang)}*",
        "",
        INTRO[lang],
        "",
        f"## {t('coming_week', lang)}",
        "",
        f"[{week_title(week, lang)}]({week_path(week)})",
        "",
        schedule_table(hearings, lang, "index.md", view),
        "",
        f"## {t('sections', lang)}",
        "",
        f"- [{t('rulings', lang)}](rulings/index.md) ({rulings})",
        f"- [{t('schedule', lang)}](schedule/index.md)",
        f"- [{t('press', lang)}](press/index.md)",
        f"- [{t('reviews', lang)}](reviews/index.md)",
        f"- [{t('statistics', lang)}](statistics/index.md)",
        "",
    ]
    yield Page("index.md", "\n".join(body), {"title": t("home", lang), "alternate": ""})
