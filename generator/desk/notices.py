"""Court notices (Regulation 7.1.12): one notice per party of every hearing of a week, in the
case's language, as DOCX and PDF, and the delivery checklist of the week.

These are INTERNAL documents addressed to the parties: full names and addresses are in them.
They are written under ROOT/internal/notices/ (git-ignored), never into the public site.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from generator.builders import safe_markdown
from generator.corpus import Corpus
from generator.dates import week_days
from generator.desk.events import hearings
from generator.i18n import format_date, format_time, t
from generator.models import Case, case_slug
from generator.models.case import HearingScheduled, NoticeSent, Party


@dataclass(frozen=True)
class Notice:
    case: Case
    hearing: HearingScheduled
    index: int  # of the party in case.parties
    party: Party
    sent: NoticeSent | None  # the latest notice_sent for this party after the hearing was set

    @property
    def name(self) -> str:
        return f"{case_slug(self.case.number)}_party-{self.index}"

    @property
    def participation(self) -> str:
        return (self.sent.participation if self.sent else self.hearing.format).value


def notices_of_week(corpus: Corpus, week: str) -> list[Notice]:
    """Every party of every hearing set in `week` and not postponed (nor superseded)."""
    monday, sunday = week_days(week)
    out = []
    for case in corpus.cases:
        for h in hearings(case):
            if h.status in ("postponed", "superseded") or not monday <= h.event.at.date() <= sunday:
                continue
            after = case.events[h.index + 1 :]
            for i, party in enumerate(case.parties):
                sent = [e for e in after if e.type == "notice_sent" and e.party == i]
                out.append(Notice(case, h.event, i, party, sent[-1] if sent else None))
    return sorted(out, key=lambda n: (n.hearing.at, n.case.number, n.index))


def notice_markdown(notice: Notice, corpus: Corpus) -> str:
    """The body of the notice (its title is set apart) in the case's language."""
    case, hearing, party = notice.case, notice.hearing, notice.party
    lang = case.language.value
    court = corpus.court
    category = corpus.categories.get(case.category)

    def row(label: str, value: str) -> str:
        return f"**{label}:** {safe_markdown(value)}"

    rows = [
        row(t("notice_to", lang), party.name),
        row(t("notice_role", lang), t(f"role_{party.role.value}", lang)),
    ]
    if party.contact and party.contact.address:
        rows.append(row(t("notice_address", lang), party.contact.address))
    if party.representative:
        rows.append(row(t("role_representative", lang), party.representative.name))
    parties = "; ".join(f"{t('role_' + p.role.value, lang)}: {p.name}" for p in case.parties)
    details = [
        row(t("case_number", lang), case.number),
        row(t("category", lang), category.name(lang) if category else case.category),
        row(t("parties", lang), parties),
        row(t("date", lang), format_date(hearing.at.date(), lang)),
        row(t("time", lang), format_time(hearing.at)),
        row(t("room", lang), hearing.room),
        row(t("format", lang), t(f"format_{hearing.format.value}", lang)),
        row(t("participation", lang), t(f"format_{notice.participation}", lang)),
    ]
    if notice.participation == "video" and hearing.video_link:
        details.append(row(t("video_details", lang), hearing.video_link))
    if case.rapporteur and case.rapporteur in corpus.judges:
        details.append(row(t("rapporteur", lang), corpus.judges[case.rapporteur].name(lang)))
    blocks = [
        f"**{safe_markdown(court.name(lang))}**  \n**{safe_markdown(court.collegium(lang))}**",
        "  \n".join(rows),
        safe_markdown(t("notice_intro", lang).format(number=case.number)),
        "  \n".join(details),
        safe_markdown(t("notice_absence", lang)),
        f"*{t('secretariat', lang)}*",
    ]
    return "\n\n".join(blocks) + "\n"


def make_documents(markdown: str, lang: str, title: str, date, pdf: bool) -> dict[str, bytes]:
    """DOCX (pandoc with the court's reference document) and PDF of one notice. The one
    place that knows generator.documents, so switching the converter is one edit."""
    from generator.documents import maker_for

    maker = maker_for(None)
    out = {"docx": maker.docx(markdown, lang, title, date)}
    if pdf:
        out["pdf"] = maker.pdf(markdown, lang, title, date)
    return out


CHECKLIST_HEADER = (
    "case",
    "party",
    "role",
    "name",
    "language",
    "hearing",
    "room",
    "participation",
    "sent",
    "delivered",
    "status",
)


def checklist_rows(notices: list[Notice]) -> list[dict]:
    rows = []
    for n in notices:
        sent = n.sent.date.isoformat() if n.sent else ""
        delivered = n.sent.delivered.isoformat() if n.sent and n.sent.delivered else ""
        status = "delivered" if delivered else ("sent, not delivered" if sent else "NOT SENT")
        rows.append(
            {
                "case": n.case.number,
                "party": n.index,
                "role": n.party.role.value,
                "name": n.party.name,
                "language": n.case.language.value,
                "hearing": n.hearing.at.strftime("%Y-%m-%d %H:%M"),
                "room": n.hearing.room,
                "participation": n.participation,
                "sent": sent,
                "delivered": delivered,
                "status": status,
            }
        )
    return rows


def checklist_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CHECKLIST_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# The checklist's columns and statuses for the Secretariat (the CSV keeps the codes).
COLUMN_WORDS = {
    "case": "Іс / Дело",
    "party": "№",
    "role": "Рөлі / Роль",
    "name": "Аты-жөні / ФИО",
    "language": "Тілі / Язык",
    "hearing": "Отырыс / Заседание",
    "room": "Зал",
    "participation": "Қатысу / Участие",
    "sent": "Жіберілді / Направлено",
    "delivered": "Тапсырылды / Вручено",
    "status": "Мәртебесі / Статус",
}
STATUS_WORDS = {
    "delivered": "тапсырылды / вручено",
    "sent, not delivered": "жіберілді, тапсырылмады / направлено, не вручено",
    "NOT SENT": "ЖІБЕРІЛМЕДІ / НЕ НАПРАВЛЕНО",
}


def checklist_markdown(week: str, rows: list[dict]) -> str:
    lines = [
        f"# Хабарламалардың жеткізілуі / Доставка судебных извещений, {week}",
        "",
        "Ішкі құжат: дербес деректер бар. / Внутренний документ: содержит персональные данные.",
        "",
        "| " + " | ".join(COLUMN_WORDS[k] for k in CHECKLIST_HEADER) + " |",
        "|" + "---|" * len(CHECKLIST_HEADER),
    ]
    for r in rows:
        shown = {**r, "status": STATUS_WORDS.get(r["status"], r["status"])}
        cells = [str(shown[k]).replace("|", "/") or "—" for k in CHECKLIST_HEADER]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", summary_line(rows)]
    return "\n".join(lines) + "\n"


def summary_line(rows: list[dict]) -> str:
    hearings_ = len({(r["case"], r["hearing"]) for r in rows})
    sent = sum(1 for r in rows if r["sent"])
    delivered = sum(1 for r in rows if r["delivered"])
    return (
        f"{hearings_} hearing(s), {len(rows)} notice(s): {sent} sent, {delivered} delivered, "
        f"{len(rows) - sent} not sent, {sent - delivered} sent but not delivered."
    )


def write_notices(
    corpus: Corpus, week: str, out: Path, pdf: bool = True
) -> tuple[Path, list[dict]]:
    """Write the week's notices and checklist into OUT/WEEK/; returns (folder, checklist)."""
    notices = notices_of_week(corpus, week)
    folder = Path(out) / week
    folder.mkdir(parents=True, exist_ok=True)
    for n in notices:
        lang = n.case.language.value
        docs = make_documents(
            notice_markdown(n, corpus), lang, t("notice_title", lang), n.hearing.date, pdf
        )
        for ext, data in docs.items():
            (folder / f"{n.name}.{ext}").write_bytes(data)
    rows = checklist_rows(notices)
    (folder / "checklist.csv").write_text(checklist_csv(rows), encoding="utf-8")
    (folder / "checklist.md").write_text(checklist_markdown(week, rows), encoding="utf-8")
    return folder, rows
