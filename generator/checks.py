"""Cross-record checks: pure functions from the loaded records to problems.

The per-file layer (yamlio + models) has already said what is wrong inside each file; these
say what is wrong between files: references, uniqueness, the order of a case's movement, the
panel, the rooms, and rulings that should exist.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from generator.errors import Problem, Severity
from generator.load import Loaded, Source
from generator.models import case_slug
from generator.yamlio import dotted

Check = Callable[[Loaded, dt.date], Iterable[Problem]]


def _p(source: Source, path: tuple, message: str, severity=Severity.ERROR) -> Problem:
    return Problem(source.path, source.line(*path), dotted(path), message, severity)


def unique_ids(data: Loaded, today: dt.date) -> Iterable[Problem]:
    for name in ("categories", "judges", "regions", "courts"):
        seen: set[str] = set()
        for i, item in enumerate(getattr(data, name)):
            if item.id in seen:
                yield _p(data.classifier_sources[name], (i, "id"), f"duplicate id {item.id!r}")
            seen.add(item.id)


def classifier_references(data: Loaded, today: dt.date) -> Iterable[Problem]:
    categories = {c.id for c in data.categories}
    regions = {r.id for r in data.regions}
    for i, judge in enumerate(data.judges):
        for j, cat in enumerate(judge.specializations):
            if cat not in categories:
                yield _p(
                    data.classifier_sources["judges"],
                    (i, "specializations", j),
                    f"no category {cat!r} in records/categories.yaml",
                )
    for i, court in enumerate(data.courts):
        if court.region not in regions:
            yield _p(
                data.classifier_sources["courts"],
                (i, "region"),
                f"no region {court.region!r} in records/regions.yaml",
            )


def case_numbers(data: Loaded, today: dt.date) -> Iterable[Problem]:
    first: dict[str, str] = {}
    prefix = data.court.case_prefix if data.court else None
    for case, src in data.cases:
        if case.number in first:
            yield _p(
                src, ("number",), f"case number {case.number} is also used by {first[case.number]}"
            )
        else:
            first[case.number] = src.path
        expected = f"{case.slug}.yaml"
        name = src.path.rsplit("/", 1)[-1]
        if name != expected:
            yield _p(
                src, ("number",), f"the file name must agree with the number: rename to {expected}"
            )
        folder = src.path.split("/")[-2]
        if folder != str(case.year):
            yield _p(
                src, ("number",), f"a case of {case.year} belongs in records/cases/{case.year}/"
            )
        if prefix and not case.number.startswith(prefix + "-"):
            yield _p(src, ("number",), f"the number must start with the court's prefix {prefix}")
        if case.received.year != case.year:
            yield _p(
                src,
                ("received",),
                f"received in {case.received.year}, but the number is of {case.year}",
            )


def case_references(data: Loaded, today: dt.date) -> Iterable[Problem]:
    categories = {c.id for c in data.categories}
    judges = {j.id: j for j in data.judges}
    courts = {c.id: c for c in data.courts}
    for case, src in data.cases:
        if case.category not in categories:
            yield _p(
                src, ("category",), f"no category {case.category!r} in records/categories.yaml"
            )
        for j, act in enumerate(case.lower_court_acts):
            court = courts.get(act.court)
            if court is None:
                yield _p(
                    src,
                    ("lower_court_acts", j, "court"),
                    f"no court {act.court!r} in records/courts.yaml",
                )
            elif court.instance != act.instance:
                yield _p(
                    src,
                    ("lower_court_acts", j, "instance"),
                    f"{act.court} is a court of {court.instance} instance, not {act.instance}",
                )
        if case.rapporteur and case.rapporteur not in judges:
            yield _p(src, ("rapporteur",), f"no judge {case.rapporteur!r} in records/judges.yaml")
        for j, judge in enumerate(case.panel):
            if judge not in judges:
                yield _p(src, ("panel", j), f"no judge {judge!r} in records/judges.yaml")
        for j, event in enumerate(case.events):
            # only some kinds of event name a court; a field asked of a record that lacks it
            # costs pydantic an exception (a second at 20,000 cases)
            court = vars(event).get("court")
            if court and court not in courts:
                yield _p(src, ("events", j, "court"), f"no court {court!r} in records/courts.yaml")
        for j, violation in enumerate(case.violations):
            if violation.court not in courts:
                yield _p(
                    src,
                    ("violations", j, "court"),
                    f"no court {violation.court!r} in records/courts.yaml",
                )


def event_order(data: Loaded, today: dt.date) -> Iterable[Problem]:
    for case, src in data.cases:  # one pass over each case's events: there are 150,000
        events = case.events
        if events[0].type != "received":
            yield _p(src, ("events", 0, "type"), "the first event must be `received`")
        elif events[0].date != case.received:
            yield _p(
                src,
                ("events", 0, "date"),
                f"`received` is dated {events[0].date}, but the case was received {case.received}",
            )
        before = events[0].date
        considered: int | None = None
        heard = False
        for j, event in enumerate(events):
            date, kind = event.date, event.type
            if date < before:
                yield _p(
                    src,
                    ("events", j, "date"),
                    f"events must be in date order: {date} comes after {before}",
                )
            before = date
            if date > today:
                yield _p(src, ("events", j, "date"), f"dated {date}, after today ({today})")
            if kind == "notice_sent":
                if event.party >= len(case.parties):
                    yield _p(
                        src,
                        ("events", j, "party"),
                        f"there is no party {event.party} (parties are numbered from 0 to {len(case.parties) - 1})",
                    )
                if event.delivered and event.delivered < date:
                    yield _p(src, ("events", j, "delivered"), "delivered before it was sent")
            elif kind == "hearing_scheduled":
                heard = True
                if event.at.date() < date:
                    yield _p(
                        src,
                        ("events", j, "at"),
                        "the hearing is set before the day it was scheduled",
                    )
            elif kind == "considered":
                if considered is not None:
                    yield _p(
                        src,
                        ("events", j, "type"),
                        "the case was already considered: an outcome cannot be given twice",
                    )
                else:
                    considered = j
        if considered is not None and not heard:
            yield _p(src, ("events", considered, "type"), "considered without a scheduled hearing")


def panels(data: Loaded, today: dt.date) -> Iterable[Problem]:
    judges = {j.id: j for j in data.judges}
    for case, src in data.cases:
        hearings = case.events_of("hearing_scheduled")
        if not hearings:
            continue
        if not case.rapporteur:
            yield _p(src, ("rapporteur",), "a case with a hearing needs a judge-rapporteur")
        elif case.rapporteur not in case.panel:
            yield _p(src, ("panel",), f"the panel must include the rapporteur {case.rapporteur}")
        if len(set(case.panel)) < 3:
            yield _p(src, ("panel",), "a hearing needs a panel of at least three judges")
        upcoming = hearings[-1].at.date() >= today and not case.events_of("considered")
        for j, jid in enumerate(case.panel):
            if upcoming and jid in judges and not judges[jid].active:
                yield _p(
                    src,
                    ("panel", j),
                    f"judge {jid} is not active and cannot sit in an upcoming hearing",
                )
        rapporteur = judges.get(case.rapporteur or "")
        if rapporteur and case.category not in rapporteur.specializations:
            yield _p(
                src,
                ("rapporteur",),
                f"{case.rapporteur}'s specialisations do not cover {case.category}",
                Severity.WARNING,
            )


def rooms(data: Loaded, today: dt.date) -> Iterable[Problem]:
    booked: dict[tuple, list] = defaultdict(list)
    for case, src in data.cases:
        for j, event in enumerate(case.events):
            if event.type == "hearing_scheduled":
                booked[(event.room, event.at)].append((case, src, j))
    for (room, at), uses in booked.items():
        if len(uses) > 1:
            for case, src, j in uses:
                others = ", ".join(c.number for c, _, _ in uses if c is not case)
                yield _p(
                    src,
                    ("events", j, "room"),
                    f"{room} is already taken at {at:%Y-%m-%d %H:%M} by case {others}",
                )
    known = set(data.court.rooms) if data.court and data.court.rooms else None
    if known:
        for (room, _), uses in booked.items():
            if room not in known:
                for _, src, j in uses:
                    yield _p(src, ("events", j, "room"), f"no room {room!r} in records/court.yaml")


def rulings(data: Loaded, today: dt.date) -> Iterable[Problem]:
    cases = {case.number: case for case, _ in data.cases}
    by_case: dict[str, list] = defaultdict(list)
    for ruling, src in data.rulings:
        meta = ruling.meta
        by_case[meta.case].append(ruling)
        case = cases.get(meta.case)
        if case is None:
            yield _p(src, ("case",), f"no case {meta.case} in records/cases/")
            continue
        expected = f"{case_slug(meta.case)}.{meta.language}.md"
        if src.path.rsplit("/", 1)[-1] != expected:
            yield _p(
                src,
                ("case",),
                f"the file name must agree with the case and language: rename to {expected}",
            )
        if src.path.split("/")[-2] != str(case.year):
            yield _p(
                src, ("case",), f"a ruling of a {case.year} case belongs in rulings/{case.year}/"
            )
        considered = case.events_of("considered")
        if not considered:
            yield _p(src, ("case",), f"case {meta.case} has no `considered` event")
            continue
        if meta.outcome != considered[-1].outcome:
            yield _p(
                src,
                ("outcome",),
                f"the case record says {considered[-1].outcome.value}, the ruling says {meta.outcome.value}",
            )
        if meta.date != considered[-1].date:
            yield _p(
                src,
                ("date",),
                f"the case was considered on {considered[-1].date}, the ruling is dated {meta.date}",
            )
    seen: set[tuple] = set()
    for ruling, src in data.rulings:
        key = (ruling.meta.case, ruling.meta.language)
        if key in seen:
            yield _p(
                src,
                ("language",),
                f"a second {ruling.meta.language} ruling for case {ruling.meta.case}",
            )
        seen.add(key)
    days = data.court.deadlines.ruling_text_days if data.court else 10
    for case, src in data.cases:
        considered = case.number not in by_case and case.events_of("considered")
        if considered:
            j = case.events.index(considered[-1])
            due = considered[-1].date + dt.timedelta(days=days)
            if due >= today:
                yield _p(
                    src,
                    ("events", j),
                    f"the ruling text is not yet prepared (due {due})",
                    Severity.WARNING,
                )
            else:
                yield _p(
                    src,
                    ("events", j),
                    f"considered on {considered[-1].date} but there is no ruling "
                    f"in rulings/{case.year}/ (the text was due {due})",
                )


def reviews(data: Loaded, today: dt.date) -> Iterable[Problem]:
    categories = {c.id for c in data.categories}
    for review, src in data.reviews:
        for j, cat in enumerate(review.meta.categories):
            if cat not in categories:
                yield _p(src, ("categories", j), f"no category {cat!r} in records/categories.yaml")
        name = src.path.rsplit("/", 1)[-1]
        if name != f"{review.slug}.{review.meta.language}.md":
            yield _p(src, ("language",), f"the file name must end in .{review.meta.language}.md")


CHECKS: tuple[Check, ...] = (
    unique_ids,
    classifier_references,
    case_numbers,
    case_references,
    event_order,
    panels,
    rooms,
    rulings,
    reviews,
)


def cross_check(data: Loaded, today: dt.date) -> list[Problem]:
    """Every cross-record problem, in a stable order."""
    return sorted(p for check in CHECKS for p in check(data, today))
