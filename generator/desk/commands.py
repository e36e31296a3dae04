"""The desk's click commands: register, event, notices, dossier. A thin adapter: the work is
in register.py, events.py, notices.py and dossier.py; refusals are DeskError (exit 1).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from generator.desk import DeskError, load_clean
from generator.models import EVENT_TYPES, CaseKind, Format, Language
from generator.options import root_option, today_option


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


def _recheck(root: Path, today: dt.date, path: Path, restore: str | None) -> None:
    """After an edit: the file must check clean, or the edit is undone."""
    from generator.check import check_root, errors_in

    rel = path.resolve().relative_to(Path(root).resolve()).as_posix()
    _, problems = check_root(Path(root), today)
    mine = [p for p in errors_in(problems) if p.path == rel]
    if mine:
        if restore is None:
            path.unlink()
        else:
            path.write_text(restore, encoding="utf-8")
        raise DeskError(
            "the edit was undone; it would break the records:\n" + "\n".join(map(str, mine))
        )


# -- register


@click.command()
@root_option
@today_option
@click.option(
    "--kind",
    type=click.Choice([k.value for k in CaseKind]),
    help="petition | protest | submission.",
)
@click.option(
    "--category", help="Category id (records/categories.yaml); default: proposed from --text."
)
@click.option(
    "--language",
    type=click.Choice([x.value for x in Language]),
    help="Language of the proceedings.",
)
@click.option("--received", metavar="YYYY-MM-DD", help="Date of receipt (default: today).")
@click.option(
    "--party",
    "parties",
    multiple=True,
    metavar="ROLE:KIND:NAME",
    help="A party, repeatable: plaintiff:person:Серікбаев Асқар Болатұлы.",
)
@click.option(
    "--lower-court",
    "lower_courts",
    multiple=True,
    metavar="COURT:DATE[:NUMBER]",
    help="An act under review, repeatable: almaty-city-first:2026-05-10:7199-26-00-2/55.",
)
@click.option(
    "--text",
    help="The petition's text (or its key passage): the category is proposed from its keywords.",
)
@click.option("--consultant", help="The judge's consultant (internal).")
@click.option("--confidential", is_flag=True, help="Closed hearing: never published.")
@click.option("--resonant", is_flag=True, help="High-profile case (register 7.3.3).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print {number, path, category, reason, rapporteur, explanation}.",
)
def register(
    root,
    today,
    kind,
    category,
    language,
    received,
    parties,
    lower_courts,
    text,
    consultant,
    confidential,
    resonant,
    as_json,
):
    """Register a petition (Regulation 7.1.1, 7.1.10): create its case file.

    The file records/cases/YEAR/SLUG.yaml gets the next index number of the year
    (PREFIX-YY-00-3гп/N, N = the year's highest + 1), the category (given, or proposed from
    the keywords of the petition's --text, with the keywords that matched), and a
    judge-rapporteur chosen automatically: among active judges whose specialisations cover
    the category, the one with the fewest pending cases, then the fewest cases received this
    year, then the first judge id. The panel is the rapporteur and the next two active judges
    by the same rule, specialists first. The choice is printed and written as a comment at
    the top of the file, and the same records always give the same choice.

    Without --party every missing field is asked for interactively. With --party (a script)
    --kind defaults to petition, --received to today, and --language and --category (or
    --text) must be given. Refuses
    (exit 1) when the records do not check clean, a category or court is unknown, or no
    active judge covers the category.
    """
    from generator.desk.register import (
        Registration,
        parse_lower_court,
        parse_party,
        propose_category,
    )
    from generator.desk.register import (
        register as do_register,
    )

    _, corpus = load_clean(root, today)
    if parties:  # a script: defaults instead of questions
        kind, received = kind or "petition", _date(received, "--received") or today
        if not language:
            raise DeskError("--language is required (kk or ru)")
        if not category and not text:
            raise DeskError("give --category, or --text to propose one")
    kind = kind or click.prompt(
        "Kind", type=click.Choice([k.value for k in CaseKind]), default="petition"
    )
    language = language or click.prompt(
        "Language", type=click.Choice([x.value for x in Language]), default="kk"
    )
    received = _date(received, "--received") or (
        _date(click.prompt("Received (YYYY-MM-DD)", default=today.isoformat()), "--received")
    )
    reason = "given"
    if not category:
        text = text or click.prompt("Petition text (for the category)")
        proposal = propose_category(text, list(corpus.categories.values()))
        category, reason = proposal.category, proposal.reason
        if not as_json and sys.stdin.isatty():
            click.echo(f"Proposed category: {category} ({reason})")
            category = click.prompt("Category", default=category)
            reason = reason if category == proposal.category else "given"
    if category not in corpus.categories:
        raise DeskError(f"no category {category!r} in records/categories.yaml")
    parties = list(parties)
    while not parties or parties[-1] == "...":  # ask until an empty answer
        parties = [p for p in parties if p != "..."]
        spec = click.prompt(
            "Party ROLE:KIND:NAME" + (" (empty to finish)" if parties else ""),
            default="" if parties else None,
            show_default=False,
        )
        if spec:
            parties += [spec, "..."]
    reg = Registration(
        kind=kind,
        category=category,
        language=language,
        received=received,
        parties=[parse_party(p) for p in parties],
        lower_court_acts=[parse_lower_court(x, corpus) for x in lower_courts],
        confidential=confidential,
        resonant=resonant,
        consultant=consultant,
    )
    number, path, dist = do_register(root, corpus, reg, today)
    _recheck(root, today, path, None)
    rel = path.resolve().relative_to(Path(root).resolve()).as_posix()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "number": number,
                    "path": rel,
                    "category": category,
                    "reason": reason,
                    "rapporteur": dist.rapporteur,
                    "panel": dist.panel,
                    "explanation": dist.explanation,
                    "panel_explanation": dist.panel_explanation,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"Registered {number}: {rel}")
    click.echo(f"Category: {category} ({reason})")
    click.echo(f"Rapporteur: {dist.explanation}")
    click.echo(dist.panel_explanation)


# -- event

_FIELDS = {  # option -> (event field, event types it applies to)
    "court": ("court", {"case_requested"}),
    "outcome": ("outcome", {"petition_decided", "considered"}),
    "at": ("at", {"hearing_scheduled"}),
    "room": ("room", {"hearing_scheduled"}),
    "format_": ("format", {"hearing_scheduled"}),
    "video_link": ("video_link", {"hearing_scheduled"}),
    "party": ("party", {"notice_sent"}),
    "participation": ("participation", {"notice_sent"}),
    "delivered": ("delivered", {"notice_sent"}),
    "reason": ("reason", {"postponed"}),
    "volume": ("volume", {"archived"}),
}
_FORMATS = click.Choice([f.value for f in Format])


@click.command()
@root_option
@today_option
@click.argument("case_number", metavar="CASE")
@click.argument("type_", metavar="TYPE", type=click.Choice(EVENT_TYPES[1:]))
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Date of the event (default: today).")
@click.option("--court", help="case_requested: the lower court's id.")
@click.option(
    "--outcome",
    help="petition_decided: returned | admitted | refused; considered: upheld | modified | remanded | reversed | reinstated | terminated.",
)
@click.option(
    "--at", metavar="YYYY-MM-DDTHH:MM", help="hearing_scheduled: date and time of the hearing."
)
@click.option("--room", help="hearing_scheduled: the hearing room (records/court.yaml rooms).")
@click.option(
    "--format", "format_", type=_FORMATS, help="hearing_scheduled: offline | online | video."
)
@click.option("--video-link", help="hearing_scheduled: videoconference details.")
@click.option("--party", type=int, help="notice_sent: the party's index in `parties`, from 0.")
@click.option("--participation", type=_FORMATS, help="notice_sent: the party's participation form.")
@click.option("--delivered", metavar="YYYY-MM-DD", help="notice_sent: date of delivery.")
@click.option("--reason", help="postponed: why.")
@click.option("--volume", help="archived: the archive volume (наряд).")
@click.option("--note", help="Any event: a short note.")
def event(root, today, case_number, type_, date_, note, **options):
    """Record the movement of CASE (e.g. 6001-26-00-3гп/101): append an event of TYPE.

    TYPE is one of case_requested, case_arrived, petition_decided, hearing_scheduled,
    notice_sent, postponed, considered, copies_sent, case_returned, archived. The event is
    checked against the case's state first (no hearing before a requested case arrives or
    before the petition is admitted, no outcome twice, postponed and considered only for a
    scheduled hearing, archived only when decided, no date before the last event, the room
    free at that time, the party exists); a refusal says why and changes nothing (exit 1).

    The line is appended to the case file with everything else kept as it was, so
    `git diff` shows one added line.
    """
    from generator.desk.events import append_event, make_event, refusal

    fields = {"date": _date(date_, "--date") or today, "type": type_, "note": note}
    for option, value in options.items():
        if value is None:
            continue
        name, types = _FIELDS[option]
        if type_ not in types:
            raise DeskError(f"--{option.rstrip('_').replace('_', '-')} does not apply to {type_}")
        if name == "delivered":
            value = _date(value, "--delivered")
        if name == "at":
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                raise click.BadParameter(
                    f"{value!r} is not YYYY-MM-DDTHH:MM", param_hint="--at"
                ) from None
        fields[name] = value
    missing = [
        f"--{opt.rstrip('_').replace('_', '-')}"
        for opt, (name, types) in _FIELDS.items()
        if type_ in types and name not in fields and name in _required(type_)
    ]
    if missing:
        raise DeskError(f"{type_} needs {', '.join(missing)}")
    data, corpus = load_clean(root, today)
    case = corpus.case_by_number.get(case_number)
    if case is None:
        raise DeskError(f"no case {case_number} in records/cases/")
    new = make_event(fields)
    why = refusal(case, new, corpus, today)
    if why:
        raise DeskError(f"{case_number}: {why}")
    path = Path(data.root) / corpus.paths[case_number]
    before = path.read_text(encoding="utf-8")
    added = append_event(path, new)
    _recheck(data.root, today, path, before)
    click.echo(f"{corpus.paths[case_number]}: added\n{added}")


@click.command()
@root_option
@today_option
@click.argument("case_number", metavar="CASE")
@click.option("--party", type=int, required=True, help="The party's index in `parties`, from 0.")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Date of delivery (default: today).")
def delivered(root, today, case_number, party, date_):
    """Record that the court notice to a party of CASE was delivered (7.1.12).

    Sets `delivered` on the latest notice sent to that party which has no delivery date
    yet; only that line of the case file changes. Refuses (exit 1) when no such notice
    exists or the date is before the notice was sent.
    """
    from generator.desk.events import delivery_refusal, record_delivery

    day = _date(date_, "--date") or today
    data, corpus = load_clean(root, today)
    case = corpus.case_by_number.get(case_number)
    if case is None:
        raise DeskError(f"no case {case_number} in records/cases/")
    index, why = delivery_refusal(case, party, day)
    if why:
        raise DeskError(f"{case_number}: {why}")
    path = Path(data.root) / corpus.paths[case_number]
    before = path.read_text(encoding="utf-8")
    line = record_delivery(path, index, day)
    _recheck(data.root, today, path, before)
    click.echo(f"{corpus.paths[case_number]}: notice marked delivered\n{line}")


def _required(type_: str) -> set[str]:
    from generator.fmt import _EVENT_MODELS

    model = _EVENT_MODELS[type_]
    return {n for n, f in model.model_fields.items() if f.is_required()}


# -- notices


@click.command()
@root_option
@today_option
@click.option("--week", metavar="YYYY-Www", help="ISO week of the hearings (default: next week).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder (default: ROOT/internal/notices).",
)
@click.option("--no-pdf", is_flag=True, help="Write DOCX only (faster).")
def notices(root, today, week, out, no_pdf):
    """Court notices of a week's hearings (Regulation 7.1.12), and the delivery checklist.

    One notice per party of every hearing set in the week and not postponed, in the case's
    language (СОТ ХАБАРЛАМАСЫ / СУДЕБНОЕ ИЗВЕЩЕНИЕ): the court, the case, the parties, the
    hearing's date, time, room and format, and the party's participation form from its
    notice_sent event (with the videoconference details for video). DOCX (the court's
    reference document) and PDF, named OUT/WEEK/CASE_party-N.docx; checklist.md and
    checklist.csv say which notices were sent and delivered.

    INTERNAL: the notices carry names and addresses. Keep OUT out of git and of the site.
    """
    from generator.dates import iso_week, week_days
    from generator.desk.notices import summary_line, write_notices

    week = week or iso_week(today + dt.timedelta(days=7))
    try:
        week_days(week)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--week") from None
    data, corpus = load_clean(root, today)
    out = out or Path(root) / "internal" / "notices"
    folder, rows = write_notices(corpus, week, out, pdf=not no_pdf)
    click.echo(f"{week}: {summary_line(rows)}")
    for r in rows:
        if r["status"] != "delivered":
            click.echo(f"  {r['case']} party {r['party']} ({r['role']}): {r['status']}")
    click.echo(f"Written to {folder}")


# -- dossier


@click.command()
@root_option
@today_option
@click.argument("case_number", metavar="CASE")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--lang",
    type=click.Choice([x.value for x in Language]),
    help="Language of the labels (default: the case's).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of printing.",
)
def dossier(root, today, case_number, fmt, lang, out):
    """Everything known about CASE (Regulation 7.2.8-7.2.10): parties with their contacts,
    lower-court acts, the movement, hearings, rulings, private rulings, violations,
    applications, and the deadlines from records/court.yaml marked done, due or overdue
    against --today. INTERNAL: it carries personal data.
    """
    import generator.desk.dossier as module

    _, corpus = load_clean(root, today)
    case = corpus.case_by_number.get(case_number)
    if case is None:
        raise DeskError(f"no case {case_number} in records/cases/")
    data = module.dossier(corpus, case, today, lang)
    render = {
        "text": module.render_text,
        "markdown": module.render_markdown,
        "json": module.render_json,
    }
    text = render[fmt](data)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        click.echo(f"Written to {out}")
    else:
        click.echo(text, nl=False)
