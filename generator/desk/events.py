"""Recording the movement of a case: its state, the rules a new event must keep, and the
round-trip edit that appends one line to the events list and changes nothing else.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from generator.corpus import Corpus
from generator.desk import DeskError
from generator.fmt import _EVENT_MODELS, _key_order, _yaml, canonical
from generator.models import Case
from generator.models.case import Event, HearingScheduled
from generator.yamlio import decode

_EVENT = TypeAdapter(Event)


# -- the state of a case


@dataclass(frozen=True)
class Hearing:
    index: int  # of its hearing_scheduled event
    event: HearingScheduled
    status: str  # scheduled | postponed | held | superseded
    closed_by: object | None = None  # the postponed / considered event


def hearings(case: Case) -> list[Hearing]:
    """Every hearing_scheduled event and what became of it: postponed or held (the events
    after it, up to the next hearing), superseded (rescheduled without a postponement), or
    still scheduled."""
    out = []
    events = case.events
    for i, event in enumerate(events):
        if event.type != "hearing_scheduled":
            continue
        status, by = "scheduled", None
        for later in events[i + 1 :]:
            if later.type == "hearing_scheduled":
                status = "superseded"
                break
            if later.type in ("postponed", "considered"):
                status, by = ("postponed" if later.type == "postponed" else "held"), later
                break
        out.append(Hearing(i, event, status, by))
    return out


def current_hearing(case: Case) -> Hearing | None:
    """The hearing still to be held (or postponed), if any."""
    found = [h for h in hearings(case) if h.status == "scheduled"]
    return found[-1] if found else None


def is_pending(case: Case) -> bool:
    """Not yet decided: neither considered nor returned or refused."""
    for event in case.events:
        if event.type == "considered":
            return False
        if event.type == "petition_decided" and event.outcome.value != "admitted":
            return False
    return True


def load_of(corpus: Corpus, judge_id: str) -> list[Case]:
    """A judge's pending cases as rapporteur (an admitted petition awaiting its hearing
    counts: it is still the judge's work)."""
    return [c for c in corpus.cases if c.rapporteur == judge_id and is_pending(c)]


def _index(case: Case, type_: str) -> int:
    """The position of the last event of `type_`, -1 when there is none."""
    return max((i for i, e in enumerate(case.events) if e.type == type_), default=-1)


def _last(case: Case, *types: str):
    found = case.events_of(*types)
    return found[-1] if found else None


# -- the rules


def make_event(fields: dict) -> Event:
    """A typed event from its fields; a bad value is a plain message."""
    try:
        return _EVENT.validate_python({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"][1:]) or "event"
        raise DeskError(f"{where}: {err['msg']}") from None


def refusal(case: Case, event: Event, corpus: Corpus, today: dt.date) -> str | None:
    """Why `event` cannot follow the case's events, or None when it can."""
    last = case.events[-1]
    if event.date > today:
        return f"dated {event.date}, after today ({today})"
    if event.date < last.date:
        return f"dated {event.date}, before the case's last event ({last.type}, {last.date})"
    archived = _last(case, "archived")
    if archived:
        return f"the case was archived on {archived.date} (volume {archived.volume}): no further events"
    considered = _last(case, "considered")
    decided = _last(case, "petition_decided")
    requested = _last(case, "case_requested")
    arrived = _last(case, "case_arrived")
    awaited = requested is not None and _index(case, "case_arrived") < _index(
        case, "case_requested"
    )
    rule = _RULES.get(event.type)
    return (
        rule(case, event, corpus, considered, decided, requested, arrived, awaited)
        if rule
        else None
    )


def _received(case, event, *_):
    return "a case is received once: `received` is its first event, made by `alqa register`"


def _case_requested(case, event, corpus, considered, decided, requested, arrived, awaited):
    if event.court not in corpus.courts:
        return f"no court {event.court!r} in records/courts.yaml"
    if awaited:
        return f"the case was already requested on {requested.date} and has not arrived yet"
    return None


def _case_arrived(case, event, corpus, considered, decided, requested, arrived, awaited):
    if not requested:
        return "the case was not requested from a lower court: record `case_requested` first"
    if not awaited:
        return f"the case already arrived on {arrived.date}"
    return None


def _petition_decided(case, event, corpus, considered, decided, requested, arrived, awaited):
    if considered:
        return f"the case was already considered on {considered.date}: an outcome cannot be given twice"
    if decided:
        return (
            f"the petition was already decided on {decided.date} ({decided.outcome.value}): "
            "an outcome cannot be given twice"
        )
    return None


def _hearing_scheduled(case, event, corpus, considered, decided, requested, arrived, awaited):
    if considered:
        return f"the case was already considered on {considered.date}: no further hearing"
    if awaited:
        return (
            f"no hearing before the case arrives: it was requested from {requested.court} "
            f"on {requested.date} and has not arrived"
        )
    if decided and decided.outcome.value != "admitted":
        return f"no hearing: the petition was {decided.outcome.value} on {decided.date}"
    if event.at.date() < event.date:
        return "the hearing is set before the day it was scheduled"
    pending = current_hearing(case)
    if pending:
        return f"a hearing is already scheduled for {pending.event.at:%Y-%m-%d %H:%M}: record `postponed` first"
    if not case.rapporteur or len(set(case.panel)) < 3:
        return "a hearing needs a judge-rapporteur and a panel of three judges: set them in the case file first"
    rooms = corpus.court.rooms
    if rooms and event.room not in rooms:
        return f"no room {event.room!r} in records/court.yaml"
    taken = sorted(  # as `alqa check` books rooms: every hearing_scheduled event counts
        other.number
        for other in corpus.cases
        for h in other.events_of("hearing_scheduled")
        if h.room == event.room and h.at == event.at
    )
    if taken:
        return (
            f"{event.room} is already taken at {event.at:%Y-%m-%d %H:%M} by case {', '.join(taken)}"
        )
    return None


def _notice_sent(case, event, *_):
    if event.party >= len(case.parties):
        return f"there is no party {event.party} (parties are numbered from 0 to {len(case.parties) - 1})"
    if not current_hearing(case):
        return "no hearing is scheduled: a notice needs a `hearing_scheduled` event first"
    if event.delivered and event.delivered < event.date:
        return "delivered before it was sent"
    return None


def _postponed(case, event, corpus, considered, decided, requested, arrived, awaited):
    if considered:
        return f"the case was already considered on {considered.date}: nothing to postpone"
    every = hearings(case)
    if not every:
        return "nothing to postpone: no hearing was scheduled"
    pending = current_hearing(case)
    if pending is None:
        return f"the hearing of {every[-1].event.at:%Y-%m-%d %H:%M} was already postponed on {every[-1].closed_by.date}"
    if pending.event.at.date() > event.date:
        return f"the hearing is set for {pending.event.at:%Y-%m-%d %H:%M}: it is postponed on its day, not before"
    return None


def _considered(case, event, corpus, considered, decided, requested, arrived, awaited):
    if considered:
        return f"the case was already considered on {considered.date}: an outcome cannot be given twice"
    every = hearings(case)
    if not every:
        return "considered without a scheduled hearing"
    pending = current_hearing(case)
    if pending is None:
        return f"the hearing of {every[-1].event.at:%Y-%m-%d %H:%M} was postponed: schedule a new hearing first"
    if pending.event.at.date() > event.date:
        return f"the hearing is set for {pending.event.at:%Y-%m-%d %H:%M}: the case cannot be considered before it"
    return None


def _copies_sent(case, event, corpus, considered, decided, *_):
    if not considered and not decided:
        return "nothing to send: the case has no ruling or decision on the petition yet"
    return None


def _case_returned(case, event, corpus, considered, decided, requested, arrived, awaited):
    if not arrived:
        return "the case never arrived from a lower court: nothing to return"
    if _index(case, "case_returned") > _index(case, "case_arrived"):
        return f"the case was already returned on {_last(case, 'case_returned').date}"
    return None


def _archived(case, event, corpus, considered, decided, *_):
    if considered or (decided and decided.outcome.value in ("returned", "refused")):
        return None
    return "only a decided case is archived: it needs `considered`, or `petition_decided` returned or refused"


_RULES = {
    "received": _received,
    "case_requested": _case_requested,
    "case_arrived": _case_arrived,
    "petition_decided": _petition_decided,
    "hearing_scheduled": _hearing_scheduled,
    "notice_sent": _notice_sent,
    "postponed": _postponed,
    "considered": _considered,
    "copies_sent": _copies_sent,
    "case_returned": _case_returned,
    "archived": _archived,
}


# -- the edit


def event_node(event: Event) -> CommentedMap:
    """The event as a flow mapping `{date: ..., type: ..., ...}` in the canonical key order."""
    values = event.model_dump(exclude_none=True)
    node = CommentedMap()
    for key in _key_order(_EVENT_MODELS[event.type]):
        if key not in values:
            continue
        value = values[key]
        if isinstance(value, dt.datetime):
            value = SingleQuotedScalarString(value.strftime("%Y-%m-%dT%H:%M"))
        elif hasattr(value, "value"):  # an Enum
            value = value.value
        node[key] = value
    node.fa.set_flow_style()
    return node


def append_event(path: Path, event: Event) -> str:
    """Append `event` to the case file's events, keeping everything else byte for byte;
    returns the added line(s). The file is left untouched if the result would differ in
    anything but added lines or would not be canonical."""
    before, why = decode(path.read_bytes())
    if before is None:
        raise DeskError(f"{path}: {why}")
    yaml = _yaml()
    doc = yaml.load(before)
    doc["events"].append(event_node(event))
    out = io.StringIO()
    yaml.dump(doc, out)
    after = out.getvalue()
    diff = [
        d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:2] in ("- ", "+ ")
    ]
    if any(d.startswith("- ") for d in diff):
        raise DeskError(f"{path}: the edit would change existing lines; run `alqa fmt` first")
    if canonical(after, Case) != after:
        raise DeskError(f"{path}: the edit would not be canonical; run `alqa fmt` first")
    path.write_text(after, encoding="utf-8")
    return "\n".join(d[2:] for d in diff)


def delivery_refusal(case: Case, party: int, day: dt.date) -> tuple[int | None, str | None]:
    """(index of the notice to mark delivered, or why it cannot be)."""
    if not 0 <= party < len(case.parties):
        return None, f"there is no party {party} (parties are numbered from 0)"
    sent = [i for i, e in enumerate(case.events) if e.type == "notice_sent" and e.party == party]
    if not sent:
        return None, f"no notice was sent to party {party}"
    waiting = [i for i in sent if case.events[i].delivered is None]
    if not waiting:
        return None, f"the notices to party {party} are already marked delivered"
    index = waiting[-1]
    if day < case.events[index].date:
        return None, f"delivered {day}, before the notice was sent ({case.events[index].date})"
    return index, None


def record_delivery(path: Path, index: int, day: dt.date) -> str:
    """Set `delivered` on the notice at events[index]; only that line changes."""
    before, why = decode(path.read_bytes())
    if before is None:
        raise DeskError(f"{path}: {why}")
    yaml = _yaml()
    doc = yaml.load(before)
    doc["events"][index]["delivered"] = day
    out = io.StringIO()
    yaml.dump(doc, out)
    after = out.getvalue()
    changed = [
        d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:2] in ("- ", "+ ")
    ]
    if len(changed) != 2 or canonical(after, Case) != after:
        raise DeskError(f"{path}: the edit would change more than the notice; run `alqa fmt` first")
    path.write_text(after, encoding="utf-8")
    return changed[1][2:]
