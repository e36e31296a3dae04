"""The case dossier (Regulation 7.2.8-7.2.10): everything known about one case, for answers
to applications and the chair's reception of citizens. INTERNAL: parties' contacts are in it.

`dossier()` gathers a plain dict (the JSON output); `render_markdown()` and `render_text()`
present it. Deadlines come from records/court.yaml and are judged against `today`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json

from generator.corpus import Corpus
from generator.desk.events import hearings
from generator.i18n import format_date, format_time, t
from generator.models import Case


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline(what: str, due: dt.date, done: dt.date | None, today: dt.date) -> dict:
    """One time limit and where it stands: done (late or in time), overdue, or due."""
    if done is not None:
        status, days = ("done_late" if done > due else "done"), (done - due).days
    elif today > due:
        status, days = "overdue", (today - due).days
    else:
        status, days = "due", (due - today).days
    return {
        "what": what,
        "due": due.isoformat(),
        "done": done.isoformat() if done else None,
        "status": status,
        "days": days,
    }


def _event_details(event, case: Case, corpus: Corpus, lang: str) -> str:
    parts = []
    if event.type == "case_requested":
        court = corpus.courts.get(event.court)
        parts.append(court.name(lang) if court else event.court)
    if event.type in ("petition_decided", "considered"):
        parts.append(t(f"outcome_{event.outcome.value}", lang))
    if event.type == "hearing_scheduled":
        parts.append(
            f"{format_date(event.at.date(), lang)} {format_time(event.at)}, {event.room}, "
            f"{t('format_' + event.format.value, lang)}"
        )
    if event.type == "notice_sent":
        party = case.parties[event.party] if event.party < len(case.parties) else None
        parts.append(
            f"{event.party}: {party.name if party else '?'} ({t('format_' + event.participation.value, lang)})"
        )
        if event.delivered:
            parts.append(f"{label('delivered', lang)} {event.delivered}")
    for name in ("reason", "volume", "note"):
        if getattr(event, name, None):
            parts.append(getattr(event, name))
    return "; ".join(parts)


def _deadlines(case: Case, corpus: Corpus, today: dt.date) -> list[dict]:
    limits = corpus.court.deadlines
    events = case.events
    out = []
    considered = case.events_of("considered")
    refused = [
        e for e in case.events_of("petition_decided") if e.outcome.value in ("returned", "refused")
    ]
    if not refused:
        due = add_months(case.received, limits.hearing_months)
        out.append(deadline("hearing", due, considered[0].date if considered else None, today))
    if considered:
        due = considered[-1].date + dt.timedelta(days=limits.ruling_text_days)
        rulings = corpus.rulings_by_case.get(case.number, [])
        done = min((r.meta.date for r in rulings), default=None)
        out.append(deadline("ruling_text", due, done, today))
    for i, event in enumerate(events):
        if event.type == "case_requested":
            arrived = next((e for e in events[i + 1 :] if e.type == "case_arrived"), None)
            due = event.date + dt.timedelta(days=limits.requested_case_days)
            out.append(deadline("requested_case", due, arrived.date if arrived else None, today))
    for j, pr in enumerate(case.private_rulings):
        out.append(deadline(f"private_ruling[{j}]", pr.deadline, pr.response, today))
    for j, app in enumerate(case.applications):
        due = app.received + dt.timedelta(days=limits.application_answer_days)
        out.append(deadline(f"application[{j}]", due, app.answered, today))
    return out


def dossier(corpus: Corpus, case: Case, today: dt.date, lang: str | None = None) -> dict:
    """Everything known about `case`, as plain data (dates as ISO text)."""
    lang = lang or case.language.value
    judges = corpus.judges
    category = corpus.categories.get(case.category)

    def judge(jid: str | None) -> str | None:
        return judges[jid].name(lang) if jid in judges else jid

    return {
        "number": case.number,
        "language": lang,
        "today": today.isoformat(),
        "received": case.received.isoformat(),
        "kind": case.kind.value,
        "category": category.name(lang) if category else case.category,
        "case_language": case.language.value,
        "confidential": case.confidential,
        "resonant": case.resonant,
        "consultant": case.consultant,
        "rapporteur": judge(case.rapporteur),
        "panel": [judge(j) for j in case.panel],
        "stage": t(f"event_{case.stage}", lang),
        "outcome": t(f"outcome_{case.outcome.value}", lang) if case.outcome else None,
        "parties": [
            {"index": i, "role": t(f"role_{p.role.value}", lang)}
            | p.model_dump(mode="json", exclude_none=True, exclude={"role", "depersonalise"})
            for i, p in enumerate(case.parties)
        ],
        "lower_court_acts": [
            {
                "court": corpus.courts[a.court].name(lang) if a.court in corpus.courts else a.court,
                "instance": t(f"instance_{a.instance.value}", lang),
                "date": a.date.isoformat(),
                "number": a.number,
                "summary": a.summary,
            }
            for a in case.lower_court_acts
        ],
        "movement": [
            {
                "date": e.date.isoformat(),
                "type": e.type,
                "label": t(f"event_{e.type}", lang),
                "details": _event_details(e, case, corpus, lang),
            }
            for e in case.events
        ],
        "hearings": [
            {
                "at": h.event.at.strftime("%Y-%m-%d %H:%M"),
                "room": h.event.room,
                "format": t(f"format_{h.event.format.value}", lang),
                "video_link": h.event.video_link,
                "status": t(h.status, lang) if h.status != "superseded" else h.status,
            }
            for h in hearings(case)
        ],
        "rulings": [
            {
                "path": r.path,
                "date": r.meta.date.isoformat(),
                "language": r.meta.language.value,
                "outcome": t(f"outcome_{r.meta.outcome.value}", lang),
                "practice_forming": r.meta.practice_forming,
            }
            for r in corpus.rulings_by_case.get(case.number, [])
        ],
        "private_rulings": [p.model_dump(mode="json") for p in case.private_rulings],
        "violations": [v.model_dump(mode="json") for v in case.violations],
        "applications": [a.model_dump(mode="json") for a in case.applications],
        "deadlines": _deadlines(case, corpus, today),
    }


def deadline_text(d: dict, lang: str) -> str:
    if d["status"] in ("done", "done_late"):
        late = f" (+{d['days']})" if d["status"] == "done_late" else ""
        return f"{t('deadline_done', lang)} {d['done']}{late}; {t('deadline_due', lang)} {d['due']}"
    if d["status"] == "overdue":
        return f"{t('deadline_overdue', lang)}: {d['due']} (+{d['days']})"
    return f"{t('deadline_due', lang)} {d['due']} ({d['days']})"


# Field names of the records as a reader of the dossier sees them.
LABELS = {
    "index": ("№", "№"),
    "role": ("рөлі", "роль"),
    "kind": ("түрі", "вид"),
    "name": ("аты-жөні", "имя"),
    "iin": ("ЖСН", "ИИН"),
    "bin": ("БСН", "БИН"),
    "contact": ("байланыс", "контакты"),
    "address": ("мекенжайы", "адрес"),
    "phone": ("телефоны", "телефон"),
    "email": ("эл. поштасы", "эл. почта"),
    "representative": ("өкілі", "представитель"),
    "depersonalise": ("жария мәтінде", "в публикации"),
    "court": ("соты", "суд"),
    "instance": ("сатысы", "инстанция"),
    "date": ("күні", "дата"),
    "number": ("нөмірі", "номер"),
    "summary": ("қысқаша", "кратко"),
    "at": ("уақыты", "время"),
    "room": ("залы", "зал"),
    "format": ("нысаны", "форма"),
    "video_link": ("бейнебайланыс", "видеосвязь"),
    "status": ("мәртебесі", "статус"),
    "received": ("түсті", "поступило"),
    "language": ("тілі", "язык"),
    "confidential": ("жабық", "закрытое"),
    "resonant": ("резонанстық", "резонансное"),
    "consultant": ("консультант", "консультант"),
    "path": ("файлы", "файл"),
    "outcome": ("нәтижесі", "результат"),
    "addressee": ("кімге", "адресат"),
    "subject": ("мәні", "предмет"),
    "deadline": ("мерзімі", "срок"),
    "response": ("жауап", "ответ"),
    "response_summary": ("жауап мазмұны", "содержание ответа"),
    "description": ("сипаттамасы", "описание"),
    "measures": ("шаралар", "меры"),
    "measures_date": ("шаралар күні", "дата мер"),
    "applicant": ("өтініш беруші", "заявитель"),
    "answered": ("жауап берілді", "дан ответ"),
    "delivered": ("тапсырылды", "вручено"),
    "practice_forming": ("практика құратын", "практикообразующий"),
    "language_name": ("тілі", "язык"),
}


# Codes of the data format as words.
VALUES = {
    "petition": ("кассациялық өтінішхат", "ходатайство"),
    "protest": ("наразылық", "протест"),
    "submission": ("ұсыну", "представление"),
    "person": ("жеке тұлға", "физическое лицо"),
    "organization": ("ұйым", "организация"),
    "advocate": ("адвокат", "адвокат"),
    "lawyer": ("заңгер", "юрист"),
    "relative": ("туысы", "родственник"),
    "other": ("басқа", "иное"),
    "initials": ("аты-жөнінің бас әріптері", "инициалы"),
}


def label(key: str, lang: str) -> str:
    pair = LABELS.get(key)
    return pair[0 if lang == "kk" else 1] if pair else key


def _value(value, lang: str) -> str:
    if isinstance(value, bool):
        return {("kk", True): "иә", ("kk", False): "жоқ", ("ru", True): "да", ("ru", False): "нет"}[
            (lang, value)
        ]
    if isinstance(value, dict):
        return ", ".join(f"{label(k, lang)} {_value(v, lang)}" for k, v in value.items() if v)
    if isinstance(value, str) and value in VALUES:
        return VALUES[value][0 if lang == "kk" else 1]
    return _flat(value)


def _sections(d: dict) -> list[tuple[str, list[str]]]:
    """The dossier as (heading, lines) in reading order."""
    lang = d["language"]

    def fields(item: dict) -> str:
        return "; ".join(
            f"{label(k, lang)}: {_value(v, lang)}"
            for k, v in item.items()
            if v not in (None, "", [])
        )

    head = [
        f"{t('case_number', lang)}: {d['number']}",
        f"{t('category', lang)}: {d['category']}",
        f"{t('rapporteur', lang)}: {d['rapporteur'] or '—'}",
        f"{t('panel', lang)}: {', '.join(d['panel']) or '—'}",
        f"{t('status', lang)}: {d['stage']}" + (f" ({d['outcome']})" if d["outcome"] else ""),
        fields(
            {
                "received": d["received"],
                "kind": d["kind"],
                "language": d["case_language"],
                "confidential": d["confidential"],
                "resonant": d["resonant"],
                "consultant": d["consultant"],
            }
        ),
    ]
    return [
        (f"{t('dossier', lang)} № {d['number']}", head),
        (t("parties", lang), [fields(p) for p in d["parties"]]),
        (t("lower_courts", lang), [fields(a) for a in d["lower_court_acts"]]),
        (
            t("movement", lang),
            [
                f"{e['date']} {e['label']}" + (f": {e['details']}" if e["details"] else "")
                for e in d["movement"]
            ],
        ),
        (t("hearings", lang), [fields(h) for h in d["hearings"]]),
        (t("rulings", lang), [fields(r) for r in d["rulings"]]),
        (t("private_rulings", lang), [fields(p) for p in d["private_rulings"]]),
        (t("violations", lang), [fields(v) for v in d["violations"]]),
        (t("applications", lang), [fields(a) for a in d["applications"]]),
        (t("deadlines", lang), [f"{x['what']}: {deadline_text(x, lang)}" for x in d["deadlines"]]),
    ]


def _flat(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items() if v)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def render_text(d: dict) -> str:
    out = []
    for heading, lines in _sections(d):
        out += [heading, "=" * len(heading) if not out else "-" * len(heading)]
        out += [f"  {line}" for line in lines] or [f"  {t('none', d['language'])}"]
        out.append("")
    return "\n".join(out)


def render_markdown(d: dict) -> str:
    from generator.builders import safe_markdown

    out = []
    for heading, lines in _sections(d):
        out += [("# " if not out else "## ") + heading, ""]
        out += [f"- {safe_markdown(line)}" for line in lines] or [f"- {t('none', d['language'])}"]
        out.append("")
    return "\n".join(out)


def render_json(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False, indent=2) + "\n"
