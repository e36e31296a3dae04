"""The weekly hearing schedule (Regulation 7.1.12): a page and an iCalendar file per ISO
week, a feed of all upcoming hearings, and the coming week for the home page.

Confidential cases appear only as number, time and "closed hearing"; persons only as
initials (the public view has already made them so). Each hearing's UID is made from the
case number and its original time, so calendar clients update an event instead of adding
a second one; a postponed hearing is sent as CANCELLED with the new date in its text.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

import icalendar

from generator import ical
from generator.builders import BuildContext, Page, cell, link, table, url_of
from generator.builders.rulings import ruling_path
from generator.dates import iso_week, week_days
from generator.i18n import format_date, format_time, t
from generator.public import PublicHearing, PublicView

INDEX = "schedule/index.md"
FEED = "schedule/upcoming.ics"
HEARING_MINUTES = 60


def week_path(week: str) -> str:
    return f"schedule/{week}.md"


def coming_week(today: dt.date) -> str:
    """The week the public looks at: this week until Thursday, then the next one (the list
    for the next week is published at the end of the current one)."""
    return iso_week(today if today.weekday() < 4 else today + dt.timedelta(days=7))


def weeks_of(view: PublicView) -> dict[str, list[PublicHearing]]:
    out: dict[str, list[PublicHearing]] = defaultdict(list)
    for hearing in view.hearings:
        out[iso_week(hearing.at.date())].append(hearing)
    return dict(out)


def status_text(h: PublicHearing, lang: str) -> str:
    if h.status == "postponed":
        new = f" {format_date(h.new_at.date(), lang)} {format_time(h.new_at)}" if h.new_at else ""
        return f'<span class="alqa-postponed">{t("postponed_to" if new else "postponed", lang)}{new}</span>'
    return t(h.status, lang)


def _party(role: str, name: str, lang: str) -> str:
    word = t("role_" + role, lang)
    return word if name == word else f"{word}: {cell(name)}"  # a party named by role


def _number(number: str) -> str:
    return f'<span class="alqa-number">{number}</span>'


def hearing_row(h: PublicHearing, lang: str, from_page: str, view: PublicView) -> tuple[str, ...]:
    when = f"{format_date(h.at.date(), lang)}<br>{format_time(h.at)}"
    if h.closed:
        closed = f'<span class="alqa-closed">{t("closed_hearing", lang)}</span>'
        return (when, _number(cell(h.case_number)), closed, "—", "—", status_text(h, lang))
    ruling = view.ruling(h.case_number, lang) if h.status == "held" else None
    number = _number(cell(h.case_number))
    if ruling is not None:
        number = f"[{number}]({link(from_page, ruling_path(ruling))})"
    parties = "<br>".join(_party(p.role, p.name, lang) for p in h.parties)
    place = "<br>".join(
        [
            cell(h.room),
            t(f"format_{h.format.value}", lang) if h.format else "—",
            status_text(h, lang),
        ]
    )
    return (
        when,
        number,
        cell(h.category.name(lang)) + (f"<br>{parties}" if parties else ""),
        cell(h.lower_court.name(lang)) if h.lower_court else "—",
        ", ".join(cell(j.name(lang)) for j in h.panel),
        place,
    )


def schedule_table(
    hearings: list[PublicHearing], lang: str, from_page: str, view: PublicView
) -> str:
    if not hearings:
        return t("no_hearings", lang)
    header = (
        t("date_time", lang),
        t("case_number", lang),
        t("category_parties", lang),
        t("lower_courts", lang),
        t("panel", lang),
        t("room_format_status", lang),
    )
    return table(header, (hearing_row(h, lang, from_page, view) for h in hearings))


def week_title(week: str, lang: str) -> str:
    monday, sunday = week_days(week)
    friday = monday + dt.timedelta(days=4)
    span = f"{format_date(monday, lang)} – {format_date(friday, lang)}"
    return f"{t('schedule', lang)}: {span} ({week})"


def calendar(
    hearings: Sequence[PublicHearing],
    lang: str,
    tz: str,
    name: str,
    made: dict[int, tuple[bytes, set[str]]] | None = None,
    lines: ical.PropertyLines | None = None,
) -> bytes:
    """An RFC 5545 calendar of hearings with stable UIDs and DTSTAMPs (byte-identical
    output for the same records): the icalendar Calendar of the hearings' events and the
    VTIMEZONEs they need, as its `to_ical()` writes it, but made of its components' bytes
    (generator.ical): each hearing's event is made once in `made` (by the hearing's id, for
    one build of one language), as its week's calendar and the upcoming feed both hold it,
    of property lines made once in `lines` (the languages of a build share most)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Alqa//Civil cassation collegium//KK")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tz)
    zone = ZoneInfo(tz)
    made = {} if made is None else made
    lines = ical.PropertyLines() if lines is None else lines
    events = []
    for h in hearings:
        if id(h) not in made:
            made[id(h)] = lines.component(icalendar.Event, event_properties(h, lang, zone))
        events.append(made[id(h)])
    # the zones as add_missing_timezones() adds them: those the events use, but UTC
    tzids = set().union(*(used for _, used in events)) - {"UTC"}
    head = ical.component_bytes(cal)
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    zones = [_vtimezone(tzid) for tzid in sorted(tzids)]
    return b"".join([head[: -len(end)], *zones, *(data for data, _ in events), end])


def event_properties(h: PublicHearing, lang: str, zone: ZoneInfo) -> list[tuple[str, object]]:
    """A hearing's VEVENT, as the (property, value) pairs icalendar.Event.add takes."""
    at = h.at.replace(tzinfo=zone)
    properties: list[tuple[str, object]] = [
        ("uid", f"{h.slug}-{h.at:%Y%m%dT%H%M}@alqa"),
        ("dtstamp", dt.datetime.combine(h.scheduled_on, dt.time(0, 0), dt.UTC)),
        ("dtstart", at),
        ("dtend", (h.at + dt.timedelta(minutes=HEARING_MINUTES)).replace(tzinfo=zone)),
    ]
    if h.closed:
        summary = f"№ {h.case_number}: {t('closed_hearing', lang)}"
        properties.append(("class", "CONFIDENTIAL"))
    else:
        summary = f"№ {h.case_number}: {h.category.name(lang)}"
        lines = [
            f"{t('panel', lang)}: {', '.join(j.name(lang) for j in h.panel)}",
            f"{t('format', lang)}: {t('format_' + h.format.value, lang)}",
        ]
        if h.lower_court:
            lines.append(f"{t('lower_courts', lang)}: {h.lower_court.name(lang)}")
        lines += [f"{t('role_' + p.role, lang)}: {p.name}" for p in h.parties]
        properties += [("location", h.room), ("description", "\n".join(lines))]
    if h.status == "postponed":
        new = f" {h.new_at:%Y-%m-%d %H:%M}" if h.new_at else ""
        summary += f" ({t('postponed_to' if new else 'postponed', lang)}{new})"
        properties.append(("status", "CANCELLED"))
    else:
        properties.append(("status", "CONFIRMED"))
    properties.append(("summary", summary))
    return properties


@functools.lru_cache(maxsize=8)
def _vtimezone(tzid: str) -> bytes:
    """The VTIMEZONE of a zone (its default span of years), as bytes; icalendar takes
    ~30 ms to make one, and every weekly calendar needs the same."""
    return ical.component_bytes(icalendar.Timezone.from_tzid(tzid))


def _week_page(week, hearings, _linked, lang, title, view) -> tuple[str, dict]:
    """A week's page; `_linked` (the paths of the rulings its held hearings link to) is
    in its key only: the links are made from the view."""
    path = week_path(week)
    ics = f"schedule/{week}.{lang}.ics"
    body = [
        f"# {title}",
        "",
        f"[{t('calendar', lang)}]({link(path, ics)})",
        "",
        schedule_table(list(hearings), lang, path, view),
        "",
    ]
    return "\n".join(body), {"title": title, "alternate": url_of(path)}


def _calendar(hearings, lang, tz, name, made, lines) -> tuple[bytes, dict]:
    return calendar(hearings, lang, tz, name, made, lines), {}


def build(view: PublicView, lang: str, ctx: BuildContext) -> Iterable[Page]:
    weeks = weeks_of(view)
    tz = view.court.timezone
    coming = coming_week(ctx.today)
    made: dict = {}  # each hearing's event, for its week's calendar and the feed (calendar)
    lines = ctx.shared.setdefault("schedule: property lines", ical.PropertyLines())
    for week in sorted(set(weeks) | {coming}):
        hearings = tuple(weeks.get(week, []))
        title = week_title(week, lang)
        # held hearings link their rulings: a week's page follows the rulings' pages
        linked = tuple(
            ruling_path(r)
            for h in hearings
            if h.status == "held" and (r := view.ruling(h.case_number, lang))
        )
        # hearings go into the key by their digest (public.content_digest), the view not
        yield ctx.kept_page(
            week_path(week),
            "week_page",
            _week_page,
            week,
            hearings,
            linked,
            lang,
            title,
            unkeyed=(view,),
        )
        ics = f"schedule/{week}.{lang}.ics"
        yield ctx.kept_page(
            ics, "calendar", _calendar, hearings, lang, tz, title, unkeyed=(made, lines)
        )

    upcoming = tuple(h for h in view.hearings if h.at.date() >= ctx.today)
    feed = f"schedule/upcoming.{lang}.ics"
    name = t("schedule", lang)
    yield ctx.kept_page(
        feed, "calendar", _calendar, upcoming, lang, tz, name, unkeyed=(made, lines)
    )

    entries = [
        f"- [{week_title(w, lang)}]({link(INDEX, week_path(w))}) ({len(weeks.get(w, []))})"
        for w in sorted(set(weeks) | {coming}, reverse=True)
    ]
    body = [
        f"# {t('schedule', lang)}",
        "",
        f"[{t('calendar', lang)}: {t('upcoming_hearings', lang)}]({link(INDEX, feed)})",
        "",
        f"## {t('coming_week', lang)}",
        "",
        schedule_table(weeks.get(coming, []), lang, INDEX, view),
        "",
        f"## {t('all_weeks', lang)}",
        "",
        *entries,
        "",
    ]
    yield Page(INDEX, "\n".join(body), {"title": t("schedule", lang), "alternate": url_of(INDEX)})
