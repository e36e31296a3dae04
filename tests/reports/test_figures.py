"""Every report's figures on a small hand-checked court (8 cases), today 2026-11-24.

The court (deadlines: hearing 6 months, ruling text 10 days, requested case 30 days,
application 15 days, private ruling 30 days):

  /1  petition  housing j-abenov     recv 05-10, admitted 06-15, considered 11-05 upheld, ruling;
                                     private ruling 11-05 (deadline 12-05, open), violation (open)
  /2  petition  land    j-tokhtarov  recv 05-20, admitted 07-01, postponed 11-10 (next 11-27);
                                     resonant; hearing due 11-20: overdue by 4 days
  /3  petition  family  j-kim        recv 06-01, admitted 07-10, considered 11-16 remanded, no
                                     ruling (text due 11-26); application 11-02 unanswered
  /4  protest   housing j-abenov     recv 11-03, case requested 11-04, not arrived (due 12-04)
  /5  petition  land    (none)       recv 11-12, returned 11-20
  /6  submission family j-kim        recv 04-01, admitted 05-01, considered 10-01 reversed,
                                     ruling, archived in № 6-01; private ruling answered late
                                     11-03; violation: measures 11-10; application answered 10-10
  /7  petition  housing j-tokhtarov  recv 11-18, refused 11-23; application answered 11-23
  2025/5 petition housing j-abenov   recv 2025-12-01, refused 2026-01-15
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from generator.reports import Label, load_corpus
from generator.reports.archive import volumes_of
from generator.reports.figures import make_report
from generator.reports.periods import parse_period

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "records"
TODAY = dt.date(2026, 11, 24)
D = dt.date
N = "6001-26-00-3гп/"


def _case(n, kind, category, judge, received, events, acts=("astana-first",), year=26, **extra):
    number = f"6001-{year}-00-3гп/{n}"
    lower = [{"court": c, "instance": "first" if c.endswith("first") else "appeal",
              "date": "2025-10-01"} for c in acts]  # fmt: skip
    data = {
        "number": number,
        "received": received,
        "kind": kind,
        "category": category,
        "language": "kk",
        "lower_court_acts": lower,
        "parties": [
            {"role": "plaintiff", "kind": "person", "name": f"Талапкер{n} Асқар Болатұлы"},
            {"role": "defendant", "kind": "organization", "name": f"«Жауапкер {n}» ЖШС"},
        ],
        "rapporteur": judge,
        "panel": ["j-abenov", "j-tokhtarov", "j-kim"],
        "events": [{"date": received, "type": "received"}, *events],
        **extra,
    }
    if judge is None:
        del data["rapporteur"], data["panel"]
    return data


def _cases() -> list[dict]:
    def hearing(day, at):
        return {"date": day, "type": "hearing_scheduled", "at": at, "room": "№ 1 зал",
                "format": "offline"}  # fmt: skip

    def admitted(day):
        return {"date": day, "type": "petition_decided", "outcome": "admitted"}

    return [
        _case(1, "petition", "housing", "j-abenov", "2026-05-10", [
            {"date": "2026-05-12", "type": "case_requested", "court": "astana-appeal"},
            {"date": "2026-05-30", "type": "case_arrived"},
            admitted("2026-06-15"), hearing("2026-06-16", "2026-11-05T10:00"),
            {"date": "2026-11-05", "type": "considered", "outcome": "upheld"}],
            private_rulings=[{"date": "2026-11-05", "addressee": "Астана қалалық соты",
                              "subject": "Хабарлау тәртібі", "deadline": "2026-12-05"}],
            violations=[{"court": "astana-first", "description": "Тарап хабардар етілмеген"}]),
        _case(2, "petition", "land", "j-tokhtarov", "2026-05-20", [
            admitted("2026-07-01"), hearing("2026-07-02", "2026-11-10T10:00"),
            {"date": "2026-11-10", "type": "postponed", "reason": "Тараптың ауруы"},
            hearing("2026-11-10", "2026-11-27T10:00")], resonant=True),
        _case(3, "petition", "family", "j-kim", "2026-06-01", [
            admitted("2026-07-10"), hearing("2026-07-11", "2026-11-16T10:00"),
            {"date": "2026-11-16", "type": "considered", "outcome": "remanded"}],
            acts=("astana-appeal",),
            applications=[{"received": "2026-11-02", "applicant": "Иванов С.А.", "subject": "Мерзім туралы"}]),
        _case(4, "protest", "housing", "j-abenov", "2026-11-03", [
            {"date": "2026-11-04", "type": "case_requested", "court": "astana-first"}]),
        _case(5, "petition", "land", None, "2026-11-12", [
            {"date": "2026-11-20", "type": "petition_decided", "outcome": "returned"}]),
        _case(6, "submission", "family", "j-kim", "2026-04-01", [
            admitted("2026-05-01"), hearing("2026-05-02", "2026-10-01T10:00"),
            {"date": "2026-10-01", "type": "considered", "outcome": "reversed"},
            {"date": "2026-10-20", "type": "archived", "volume": "Наряд № 6-01 за 2026 год"}],
            private_rulings=[{"date": "2026-10-01", "addressee": "Астана қалалық соты",
                              "deadline": "2026-10-31", "response": "2026-11-03",
                              "response_summary": "Талқыланды"}],
            violations=[{"court": "astana-first", "description": "Сараптама бағаланбаған",
                         "measures": "Судьяға ескерту", "measures_date": "2026-11-10"}],
            applications=[{"received": "2026-10-01", "applicant": "Петров П.П.",
                           "subject": "Көшірме", "answered": "2026-10-10"}]),
        _case(7, "petition", "housing", "j-tokhtarov", "2026-11-18", [
            {"date": "2026-11-23", "type": "petition_decided", "outcome": "refused"}],
            applications=[{"received": "2026-11-20", "applicant": "«Ромашка» ЖШС",
                           "subject": "Ақпарат", "answered": "2026-11-23"}]),
        _case(5, "petition", "housing", "j-abenov", "2025-12-01", [
            {"date": "2026-01-15", "type": "petition_decided", "outcome": "refused"}], year=25),
    ]  # fmt: skip


def _ruling(number: str, day: str, outcome: str) -> str:
    meta = {"case": number, "date": day, "language": "kk", "outcome": outcome}
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\nҚаулы мәтіні: {number}.\n"


def small_court(base: Path) -> Path:
    """Write the small court under `base` and return its root."""
    root = base / "small"
    (root / "records").mkdir(parents=True)
    for name in ("court", "categories", "judges", "regions", "courts"):
        shutil.copy(GOOD / f"{name}.yaml", root / "records" / f"{name}.yaml")
    shutil.copy(GOOD.parents[2].parent / "mkdocs.yml", root / "mkdocs.yml")
    for data in _cases():
        year = 2000 + int(data["number"].split("-")[1])
        path = root / "records" / "cases" / str(year) / (data["number"].replace("/", "-") + ".yaml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    for n, day, outcome in ((1, "2026-11-05", "upheld"), (6, "2026-10-01", "reversed")):
        path = root / "rulings" / "2026" / f"6001-26-00-3гп-{n}.kk.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_ruling(f"{N}{n}", day, outcome), "utf-8")
    return root


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return load_corpus(small_court(tmp_path_factory.mktemp("court")))


def report(corpus, kind, period="2026-11"):
    return make_report(kind, corpus, parse_period(period), TODAY, 7)


def numbers(tb):
    """Rows with labels in Russian, the rest as is (dates stay dates)."""
    return [tuple(v("ru") if callable(v) else v for v in row) for row in tb.rows]


def test_movement_november(corpus):
    r = report(corpus, "movement")
    assert numbers(r.table("by_kind")) == [
        ("Ходатайства", 2, 1, 1, 0, 2, 1),
        ("Протесты", 1, 0, 0, 0, 0, 1),
        ("Представления Председателя", 0, 0, 0, 0, 0, 0),
        ("Всего", 3, 1, 1, 0, 2, 2),
    ]
    assert numbers(r.table("by_judge")) == [
        ("Абенов Ж.К.", 1, 0, 0, 0, 1, 1),
        ("Токтаров Н.М.", 1, 0, 1, 0, 0, 1),
        ("Ким В.А.", 0, 0, 0, 0, 1, 0),
        ("не распределено", 1, 1, 0, 0, 0, 0),
        ("Всего", 3, 1, 1, 0, 2, 2),
    ]  # the retired judge, with nothing, is left out


def test_movement_year(corpus):
    r = report(corpus, "movement", "2026")
    assert numbers(r.table("by_kind")) == [
        ("Ходатайства", 5, 1, 2, 3, 2, 1),
        ("Протесты", 1, 0, 0, 0, 0, 1),
        ("Представления Председателя", 1, 0, 0, 1, 1, 0),
        ("Всего", 7, 1, 2, 4, 3, 2),
    ]


def test_deadlines(corpus):
    r = report(corpus, "deadlines")
    assert numbers(r.table("by_judge")) == [
        ("Абенов Ж.К.", 0, 0, 0, 0, 0),
        ("Токтаров Н.М.", 1, 0, 0, 0, 1),
        ("Ким В.А.", 0, 0, 0, 1, 0),
        ("Всего", 1, 0, 0, 1, 1),
    ]
    hearings = r.table("hearings")
    assert numbers(hearings) == [
        (f"{N}2", "Токтаров Н.М.", D(2026, 5, 20), D(2026, 11, 20), -4, "просрочено")
    ]
    assert hearings.flagged == {0}
    texts = r.table("ruling_texts")
    assert numbers(texts) == [
        (f"{N}3", "Ким В.А.", D(2026, 11, 16), D(2026, 11, 26), 2, "срок истекает")
    ]
    assert texts.flagged == set()
    assert numbers(r.table("postponed")) == [
        (f"{N}2", "Токтаров Н.М.", D(2026, 11, 10), "Тараптың ауруы", dt.datetime(2026, 11, 27, 10))
    ]


def test_within_widens_due_soon(corpus):
    r = make_report("deadlines", corpus, parse_period("2026-11"), TODAY, within=1)
    assert r.table("ruling_texts").rows == ()  # due in 2 days: not within 1


def test_private_rulings_open_first(corpus):
    r = report(corpus, "private-rulings")
    assert numbers(r.table("private_rulings")) == [
        (f"{N}1", "Абенов Ж.К.", D(2026, 11, 5), "Астана қалалық соты", "Хабарлау тәртібі",
         D(2026, 12, 5), None, None, "не исполнено"),
        (f"{N}6", "Ким В.А.", D(2026, 10, 1), "Астана қалалық соты", None, D(2026, 10, 31),
         D(2026, 11, 3), "Талқыланды", "исполнено с опозданием"),
    ]  # fmt: skip
    assert (
        report(corpus, "private-rulings", "2026-W40").table("private_rulings").rows[0][0] == f"{N}6"
    )
    assert (
        report(corpus, "private-rulings", "2026-12").table("private_rulings").rows[0][0] == f"{N}1"
    )
    assert len(report(corpus, "private-rulings", "2026-12").tables[0].rows) == 1  # /6 answered


def test_violations(corpus):
    r = report(corpus, "violations")
    court = "Есильский районный суд города Астаны"
    assert numbers(r.table("violations")) == [
        (f"{N}1", "Абенов Ж.К.", court, "город Астана", D(2026, 11, 5),
         "Тарап хабардар етілмеген", D(2026, 12, 5), None, None, "не исполнено"),
        (f"{N}6", "Ким В.А.", court, "город Астана", D(2026, 10, 1), "Сараптама бағаланбаған",
         D(2026, 10, 31), "Судьяға ескерту", D(2026, 11, 10), "исполнено с опозданием"),
    ]  # fmt: skip
    assert numbers(r.table("by_court")) == [(court, "город Астана", 2, 1)]


def test_requested(corpus):
    r = report(corpus, "requested")
    court = "Есильский районный суд города Астаны"
    assert numbers(r.tables[0]) == [
        (f"{N}4", "Абенов Ж.К.", court, D(2026, 11, 4), D(2026, 12, 4), 10, "не исполнено")
    ]
    assert report(corpus, "requested", "2026-10").tables[0].rows == ()  # requested after it


def test_applications(corpus):
    r = report(corpus, "applications")
    assert numbers(r.tables[0]) == [
        (f"{N}3", "Ким В.А.", D(2026, 11, 2), "Иванов С.А.", "Мерзім туралы", D(2026, 11, 17),
         None, "просрочено"),
        (f"{N}7", "Токтаров Н.М.", D(2026, 11, 20), "«Ромашка» ЖШС", "Ақпарат", D(2026, 12, 5),
         D(2026, 11, 23), "исполнено"),
    ]  # fmt: skip
    assert r.tables[0].flagged == {0}
    assert [row[0] for row in report(corpus, "applications", "2026-10").tables[0].rows] == [f"{N}6"]


def test_resonant(corpus):
    r = report(corpus, "resonant")
    assert numbers(r.tables[0]) == [
        (f"{N}2", "Земельные споры", "Токтаров Н.М.", D(2026, 5, 20), "назначено заседание",
         D(2026, 11, 10), dt.datetime(2026, 11, 27, 10),
         "передано для рассмотрения в судебном заседании кассационной инстанции"),
    ]  # fmt: skip


def test_results(corpus):
    r = report(corpus, "results")
    outcomes = [(row[0], row[2], row[3]) for row in r.table("by_outcome").rows]
    assert outcomes == [("upheld", 1, 50.0), ("modified", 0, 0.0), ("remanded", 1, 50.0),
                        ("reversed", 0, 0.0), ("reinstated", 0, 0.0), ("terminated", 0, 0.0)]  # fmt: skip
    assert numbers(r.table("by_region")) == [
        ("город Астана", 1, 0, 1, 0, 0, 0, 2),
        ("Всего", 1, 0, 1, 0, 0, 0, 2),
    ]
    assert [row[0] for row in numbers(r.table("by_court"))] == [
        "Есильский районный суд города Астаны",
        "Судебная коллегия по гражданским делам городского суда Астаны",
        "Всего",
    ]
    assert numbers(r.table("by_category")) == [
        ("Жилищные споры", 1, 0, 0, 0, 0, 0, 1),
        ("Семейные споры", 0, 0, 1, 0, 0, 0, 1),
        ("Всего", 1, 0, 1, 0, 0, 0, 2),
    ]


def test_statistics_fixed_layout(corpus):
    november = report(corpus, "statistics").tables[0]
    assert [c.key for c in november.columns] == [
        "code", "outcome", "petition", "protest", "submission", "total"
    ]  # fmt: skip
    codes = ["returned", "admitted", "refused", "upheld", "modified", "remanded", "reversed",
             "reinstated", "terminated", "total"]  # fmt: skip
    assert november.column("code") == codes
    rows = {row[0]: row[2:] for row in november.rows}
    assert rows["returned"] == (1, 0, 0, 1)
    assert rows["refused"] == (1, 0, 0, 1)
    assert rows["upheld"] == (1, 0, 0, 1)
    assert rows["remanded"] == (1, 0, 0, 1)
    assert rows["total"] == (4, 0, 0, 4)
    assert sum(r[-1] for code, r in rows.items() if code != "total") == 4
    year = {row[0]: row[2:] for row in report(corpus, "statistics", "2026").tables[0].rows}
    assert year["admitted"] == (3, 0, 1, 4)
    assert year["refused"] == (2, 0, 0, 2)
    assert year["reversed"] == (0, 0, 1, 1)
    assert year["total"] == (8, 0, 2, 10)
    empty = report(corpus, "statistics", "2024").tables[0]
    assert empty.column("code") == codes  # the same rows when nothing happened
    assert all(row[2:] == (0, 0, 0, 0) for row in empty.rows)


def test_archive_volumes(corpus):
    volumes = volumes_of(corpus, 2026)
    assert [(v.key, [c.number for c in v.cases]) for v in volumes] == [
        ("6-01", [f"{N}6"]),
        ("", [f"{N}1", f"{N}3"]),  # considered, not yet archived: listed last
    ]
    assert isinstance(volumes[1].label, Label)
    assert volumes_of(corpus, 2025) == []
