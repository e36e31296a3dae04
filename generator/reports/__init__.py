"""Internal reports for the collegium chair (Regulation 7.1.2-7.1.12, 7.3.1-7.3.3).

Nothing here reaches the public site: reports name parties, applicants and judges.

    periods.py        `--period 2026-W48 | 2026-11 | 2026-Q4 | 2026-H2 | 2026` -> Period
    figures.py        pure functions (corpus, period, today) -> Report: the numbers
    render.py         Report -> terminal table, Markdown, DOCX, XLSX, CSV, JSON
    charts.py         SVG charts of the results report (deterministic bytes)
    archive.py        `alqa archive YEAR`: the year's volume (inventory DOCX, one PDF)
    internal_site.py  `alqa build --internal`: the public site plus report pages
    commands.py       the click commands: report, archive, build-internal

A Report is language-neutral: labels are `Label`s (or classifier names, which are
`Bilingual`) resolved at rendering time, so one computation serves kk and ru.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from generator.errors import AlqaError, RecordsInvalid
from generator.i18n import t


class ReportError(AlqaError):
    """A report could not be made: the message says why."""


class Label(NamedTuple):
    """A word or title in Kazakh and Russian; `label(lang)` picks one."""

    kk: str
    ru: str

    def __call__(self, lang: str) -> str:
        return self.kk if lang == "kk" else self.ru

    @classmethod
    def key(cls, key: str) -> Label:
        """A word the site already has (generator.i18n)."""
        return cls(t(key, "kk"), t(key, "ru"))


def text(value: Any, lang: str) -> str:
    """A cell as text: labels in `lang`, dates ISO, None empty."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if callable(value):  # Label, or a classifier's Bilingual name
        return value(lang)
    return str(value)


@dataclass(frozen=True)
class Column:
    key: str  # stable code: the CSV header of stable tables, JSON keys
    label: Label


@dataclass(frozen=True)
class Table:
    key: str
    title: Label
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    flagged: frozenset[int] = frozenset()  # indices of rows to mark (overdue)
    stable: bool = False  # CSV header = column keys, whatever the language (7.1.11)

    def column(self, key: str) -> list:
        i = [c.key for c in self.columns].index(key)
        return [row[i] for row in self.rows]

    def row(self, first: Any) -> tuple:
        """The row whose first cell is `first` (a code, a label or a case number)."""
        for row in self.rows:
            if row[0] == first or (isinstance(row[0], Label) and first in row[0]):
                return row
        raise KeyError(first)


@dataclass(frozen=True)
class Report:
    kind: str
    title: Label
    period: Any  # generator.reports.periods.Period
    today: dt.date
    tables: tuple[Table, ...]
    notes: tuple[Label, ...] = ()  # how the figures were counted
    charts: dict[str, bytes] = field(default_factory=dict, compare=False)  # name -> SVG

    def table(self, key: str) -> Table:
        return next(tb for tb in self.tables if tb.key == key)


def L(kk: str, ru: str) -> Label:  # noqa: N802 - short on purpose: used in every table
    return Label(kk, ru)


def load_corpus(root: Path):
    """Read the records and build the corpus. Files that do not load stop the report (its
    figures would be short); cross-record problems do not: an overdue ruling text is an
    error for `alqa check` and exactly what the deadline report must show."""
    from generator.corpus import Corpus
    from generator.errors import Severity
    from generator.load import load_root

    data = load_root(Path(root))
    if data.court is None or any(p.severity is Severity.ERROR for p in data.problems):
        raise RecordsInvalid(data.problems)
    return Corpus.from_loaded(data)


# The reports' own words (the site's shared words come from generator.i18n via Label.key).
W: dict[str, Label] = {
    # report titles
    "movement": L("Істердің қозғалысы", "Движение дел"),
    "deadlines": L("Мерзімдер мониторингі", "Мониторинг сроков"),
    "private-rulings": L("Жеке ұйғарымдар", "Частные определения"),
    "violations": L(
        "Қаулыларда аталған өрескел бұзушылықтар", "Грубые нарушения, указанные в постановлениях"
    ),
    "requested": L("Талап етілген, келіп түспеген істер", "Истребованные и не поступившие дела"),
    "applications": L("Жеке және заңды тұлғалардың өтініштері", "Обращения граждан и организаций"),
    "results": L("Кассациялық қарау нәтижелері", "Результаты кассационного рассмотрения"),
    "statistics": L("Кезеңдік статистикалық есеп", "Статистический отчёт за период"),
    "resonant": L("Резонанстық істер", "Резонансные дела"),
    # tables
    "by_kind": L("Түрлері бойынша", "По видам"),
    "by_judge": L("Судьялар бойынша", "По судьям"),
    "by_court": L("Төмен тұрған соттар бойынша", "По нижестоящим судам"),
    "summary": L("Жиынтық", "Сводка"),
    "hearing_limits": L("Қарау мерзімі", "Сроки рассмотрения"),
    "ruling_texts": L("Дайындалмаған қаулы мәтіндері", "Неизготовленные тексты постановлений"),
    "postponements": L("Кейінге қалдырылған отырыстар", "Отложенные заседания"),
    # columns
    "kind": L("Түрі", "Вид"),
    "received": L("Түсті", "Поступило"),
    "returned": L("Қайтарылды", "Возвращено"),
    "refused": L("Бас тартылды", "Отказано"),
    "admitted": L("Қарауға берілді", "Передано"),
    "considered": L("Қаралды", "Рассмотрено"),
    "pending": L("Қаралмаған қалдық", "Остаток"),
    "received_on": L("Түскен күні", "Дата поступления"),
    "considered_on": L("Қаралған күні", "Дата рассмотрения"),
    "due": L("Мерзімі", "Срок"),
    "days_left": L("Қалған күн", "Осталось дней"),
    "reason": L("Себебі", "Причина"),
    "next_hearing": L("Келесі отырыс", "Следующее заседание"),
    "hearing": L("Соңғы тағайындалған отырыс", "Последнее назначенное заседание"),
    "addressee": L("Кімге", "Адресат"),
    "subject": L("Мәні", "Существо"),
    "response": L("Жауап күні", "Дата ответа"),
    "response_summary": L("Жауаптың мазмұны", "Содержание ответа"),
    "court": L("Төмен тұрған сот", "Нижестоящий суд"),
    "description": L("Бұзушылық", "Нарушение"),
    "measures": L("Қабылданған шаралар", "Принятые меры"),
    "measures_date": L("Шаралар күні", "Дата мер"),
    "requested_on": L("Талап етілген күні", "Дата истребования"),
    "applicant": L("Өтініш беруші", "Заявитель"),
    "answered": L("Жауап берілген күні", "Дата ответа"),
    "stage": L("Сатысы", "Стадия"),
    "stage_date": L("Сатының күні", "Дата стадии"),
    "code": L("Коды", "Код"),
    "hearings_overdue": L("Отырыс: мерзімі өтті", "Заседание: просрочено"),
    "hearings_due": L("Отырыс: мерзімі жақын", "Заседание: срок истекает"),
    "rulings_overdue": L("Қаулы мәтіні: мерзімі өтті", "Текст: просрочено"),
    "rulings_due": L("Қаулы мәтіні: мерзімі жақын", "Текст: срок истекает"),
    "postponed": L("Кейінге қалдырылды", "Отложено"),
    "open": L("Орындалмаған", "Не исполнено"),
    "all": L("Барлығы", "Всего"),
    # values
    "kind_petition": L("Өтінішхаттар", "Ходатайства"),
    "kind_protest": L("Наразылықтар", "Протесты"),
    "kind_submission": L("Төрағаның ұсынулары", "Представления Председателя"),
    "unassigned": L("бөлінбеген", "не распределено"),
    "unknown": L("көрсетілмеген", "не указано"),
    "overdue": L("мерзімі өтті", "просрочено"),
    "due_soon": L("мерзімі жақын", "срок истекает"),
    "waiting": L("орындалмаған", "не исполнено"),
    "done": L("орындалды", "исполнено"),
    "done_late": L("мерзімі өткен соң орындалды", "исполнено с опозданием"),
    "not_arrived": L("келіп түспеді", "не поступило"),
    "event_received": L("түсті", "поступило"),
    "event_case_requested": L("іс талап етілді", "дело истребовано"),
    "event_case_arrived": L("іс келіп түсті", "дело поступило"),
    "event_petition_decided": L("өтінішхат шешілді", "ходатайство разрешено"),
    "event_hearing_scheduled": L("отырыс тағайындалды", "назначено заседание"),
    "event_notice_sent": L("хабарлама жіберілді", "извещение направлено"),
    "event_postponed": L("кейінге қалдырылды", "отложено"),
    "event_considered": L("қаралды", "рассмотрено"),
    "event_copies_sent": L("көшірмелер жіберілді", "копии направлены"),
    "event_case_returned": L("іс қайтарылды", "дело возвращено"),
    "event_archived": L("мұрағатқа тапсырылды", "сдано в архив"),
    # headings of documents and pages
    "period": L("Кезең", "Период"),
    "as_of": L("Жағдай бойынша", "По состоянию на"),
    "within": L("Жақын мерзім, күн", "Ближайший срок, дней"),
    "no_rows": L("Жазбалар жоқ.", "Записей нет."),
    "internal": L("Ішкі пайдалану үшін", "Для служебного пользования"),
}
