"""The figures of every report: pure functions (corpus, period, today) -> Report.

How things are counted (the same rules in every report):

- An event counts in a period when its date is in the period (both ends included).
- A case is closed by its first `considered` event, or by a `petition_decided` event that
  returned or refused the petition; `admitted` does not close it. A case is pending at a day
  when it was received on or before that day and not closed by then.
- A register (private rulings, violations, applications, high-profile cases) lists the items
  that were open at some time in the period: dated on or before its end, and not closed
  before its start. Their status (open, overdue, done) is as of `today`.
- Deadlines are counted from records/court.yaml and compared with `today`: overdue when the
  due day is before today, due soon when it is at most `within` days away.
- The region and the lower court of a case are those of its first-instance act (the first
  act when none is marked first instance), as on the public statistics pages.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from generator.models import Case, CaseKind, Outcome, PetitionOutcome
from generator.reports import Column, Label, Report, Table, W
from generator.reports.periods import Period, add_months

MOVES = ("received", "returned", "refused", "admitted", "considered", "pending")
GLOSSARY_OUTCOMES = (*PetitionOutcome, *Outcome)  # returned, admitted, refused, upheld, ...
_CLOSING = {PetitionOutcome.RETURNED, PetitionOutcome.REFUSED}


def col(key: str) -> Column:
    label = W.get(key) or Label.key({"case": "case_number", "judge": "rapporteur"}.get(key, key))
    return Column(key, label)


def cols(*keys: str) -> tuple[Column, ...]:
    return tuple(col(k) for k in keys)


def closed_on(case: Case) -> dt.date | None:
    for e in case.events:
        if e.type == "considered" or (e.type == "petition_decided" and e.outcome in _CLOSING):
            return e.date
    return None


def last_event(case: Case, kind: str):
    for e in reversed(case.events):
        if e.type == kind:
            return e
    return None


def _open_in(period: Period, opened: dt.date, closed: dt.date | None) -> bool:
    return opened <= period.end and (closed is None or closed >= period.start)


class Names:
    """Classifier names for cells, and the judges' order (records/judges.yaml)."""

    def __init__(self, corpus):
        self.corpus = corpus

    def judge(self, judge_id: str | None):
        if judge_id is None:
            return W["unassigned"]
        judge = self.corpus.judges.get(judge_id)
        return judge.name if judge else Label(judge_id, judge_id)

    def court(self, court_id: str | None):
        court = self.corpus.courts.get(court_id) if court_id else None
        return court.name if court else W["unknown"] if court_id is None else court_id

    def region_of_court(self, court_id: str | None):
        court = self.corpus.courts.get(court_id) if court_id else None
        region = self.corpus.regions.get(court.region) if court else None
        return region.name if region else W["unknown"]

    def category(self, category_id: str):
        category = self.corpus.categories.get(category_id)
        return category.name if category else category_id

    def judge_rows(self, counts: dict, width: int) -> list[tuple]:
        """One row per active judge (and any other judge or `None` with figures), then total."""
        order = [j for j, judge in self.corpus.judges.items() if judge.active or j in counts]
        order += sorted(j for j in counts if j is not None and j not in order) + [None]
        rows = [
            (self.judge(j), *counts.get(j, (0,) * width))
            for j in order
            if j is not None or j in counts
        ]
        total = tuple(sum(c[i] for c in counts.values()) for i in range(width))
        return [*rows, (Label.key("total"), *total)]


def first_instance_court(case: Case) -> str | None:
    acts = case.lower_court_acts
    first = next((a for a in acts if a.instance == "first"), acts[0] if acts else None)
    return first.court if first else None


def _report(kind: str, period: Period, today: dt.date, *tables: Table) -> Report:
    return Report(kind, W[kind], period, today, tables)


# -- 7.1.2 movement


def movement(corpus, period: Period, today: dt.date, within: int = 7) -> Report:
    by_kind: dict[str, list[int]] = {k.value: [0] * 6 for k in CaseKind}
    by_judge: dict[str | None, list[int]] = defaultdict(lambda: [0] * 6)
    for case in corpus.cases:
        if case.received > period.end:
            continue
        figures = [int(case.received >= period.start), 0, 0, 0, 0, 0]
        for e in case.events:
            if period.start <= e.date <= period.end:
                if e.type == "petition_decided":
                    figures[MOVES.index(e.outcome.value)] = 1
                elif e.type == "considered":
                    figures[4] = 1
        closed = closed_on(case)
        figures[5] = int(closed is None or closed > period.end)
        if any(figures):
            for target in (by_kind[case.kind.value], by_judge[case.rapporteur]):
                for i, n in enumerate(figures):
                    target[i] += n
    kinds = [(W[f"kind_{k}"], *v) for k, v in by_kind.items()]
    total = tuple(sum(v[i] for v in by_kind.values()) for i in range(6))
    names = Names(corpus)
    by_kinds = (*kinds, (Label.key("total"), *total))
    return _report(
        "movement",
        period,
        today,
        Table("by_kind", W["by_kind"], cols("kind", *MOVES), by_kinds),
        Table(
            "by_judge", W["by_judge"], cols("judge", *MOVES), tuple(names.judge_rows(by_judge, 6))
        ),
    )


# -- 7.1.3 deadlines


def _status(due: dt.date, today: dt.date) -> Label:
    return W["overdue"] if due < today else W["due_soon"]


def _sorted_table(key, title, columns, rows: list[tuple], sort, flag) -> Table:
    rows = sorted(rows, key=sort)
    return Table(
        key,
        title,
        columns,
        tuple(r[:-1] for r in rows),
        frozenset(i for i, r in enumerate(rows) if flag(r)),
    )


def deadlines(corpus, period: Period, today: dt.date, within: int = 7) -> Report:
    limits = corpus.court.deadlines
    soon = today + dt.timedelta(days=within)
    names = Names(corpus)
    hearings, texts, postponed = [], [], []
    per_judge: dict[str | None, list[int]] = defaultdict(lambda: [0] * 5)
    for index, case in enumerate(corpus.cases):
        judge = names.judge(case.rapporteur)
        considered = last_event(case, "considered")
        if closed_on(case) is None:
            due = add_months(case.received, limits.hearing_months)
            if due <= soon:
                row = (case.number, judge, case.received, due, (due - today).days, _status(due, today))  # fmt: skip
                hearings.append((*row, index))
                per_judge[case.rapporteur][0 if due < today else 1] += 1
        elif considered and case.number not in corpus.rulings_by_case:
            due = considered.date + dt.timedelta(days=limits.ruling_text_days)
            if due <= soon:
                row = (case.number, judge, considered.date, due, (due - today).days, _status(due, today))  # fmt: skip
                texts.append((*row, index))
                per_judge[case.rapporteur][2 if due < today else 3] += 1
        for i, e in enumerate(case.events):
            if e.type == "postponed" and e.date in period:
                nxt = next((h.at for h in case.events[i:] if h.type == "hearing_scheduled"), None)
                postponed.append((case.number, judge, e.date, e.reason, nxt, (e.date, index)))
                per_judge[case.rapporteur][4] += 1
    by_due = lambda r: (r[3], r[-1])  # noqa: E731 - overdue first: they are due earliest
    late = lambda r: r[4] < 0  # noqa: E731
    item = cols("case", "judge", "received_on", "due", "days_left", "status")
    text_cols = cols("case", "judge", "considered_on", "due", "days_left", "status")
    summary = ("hearings_overdue", "hearings_due", "rulings_overdue", "rulings_due", "postponed")
    judges = tuple(names.judge_rows(per_judge, 5))
    postponed_cols = cols("case", "judge", "date", "reason", "next_hearing")
    return _report(
        "deadlines",
        period,
        today,
        Table("by_judge", W["by_judge"], cols("judge", *summary), judges),
        _sorted_table("hearings", W["hearing_limits"], item, hearings, by_due, late),
        _sorted_table("ruling_texts", W["ruling_texts"], text_cols, texts, by_due, late),
        _sorted_table(
            "postponed",
            W["postponements"],
            postponed_cols,
            postponed,
            lambda r: r[-1],
            lambda r: False,
        ),  # fmt: skip
    )


# -- registers: 7.1.4, 7.1.5 / 7.3.1, 7.1.8, 7.1.9, 7.3.3


def _done(done: dt.date | None, due: dt.date, today: dt.date) -> Label:
    if done is not None:
        return W["done_late"] if done > due else W["done"]
    return W["overdue"] if due < today else W["waiting"]


def _register(key, kind, period, today, columns, rows, extra: Iterable[Table] = ()) -> Report:
    """Rows end with (done date, due, order): open ones first, by due day, then done ones."""
    rows = sorted(rows, key=lambda r: (r[-3] is not None, r[-2], r[-1]))
    flagged = frozenset(i for i, r in enumerate(rows) if r[-3] is None and r[-2] < today)
    main = Table(key, W[kind], columns, tuple(r[:-3] for r in rows), flagged)
    return _report(kind, period, today, main, *extra)


def private_rulings(corpus, period: Period, today: dt.date, within: int = 7) -> Report:
    names, rows = Names(corpus), []
    for index, case in enumerate(corpus.cases):
        for pr in case.private_rulings:
            if _open_in(period, pr.date, pr.response):
                status = _done(pr.response, pr.deadline, today)
                rows.append((case.number, names.judge(case.rapporteur), pr.date, pr.addressee,
                             pr.subject, pr.deadline, pr.response, pr.response_summary, status,
                             pr.response, pr.deadline, index))  # fmt: skip
    columns = cols("case", "judge", "date", "addressee", "subject", "due", "response",
                   "response_summary", "status")  # fmt: skip
    return _register("private_rulings", "private-rulings", period, today, columns, rows)


def violations(corpus, period: Period, today: dt.date, within: int = 7) -> Report:
    """A violation's deadline: that of the case's private ruling, else the response time of
    a private ruling (court.yaml) from the day the ruling named it."""
    names, rows = Names(corpus), []
    per_court: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    days = dt.timedelta(days=corpus.court.deadlines.private_ruling_response_days)
    for index, case in enumerate(corpus.cases):
        considered = last_event(case, "considered")
        named = considered.date if considered else case.events[-1].date
        for v in case.violations:
            done = v.measures_date or (named if v.measures else None)
            due = case.private_rulings[0].deadline if case.private_rulings else named + days
            if not _open_in(period, named, done):
                continue
            per_court[v.court][0] += 1
            per_court[v.court][1] += done is None
            rows.append((case.number, names.judge(case.rapporteur), names.court(v.court),
                         names.region_of_court(v.court), named, v.description, due, v.measures,
                         v.measures_date, _done(done, due, today), done, due, index))  # fmt: skip
    order = list(corpus.courts)
    courts = sorted(
        per_court, key=lambda c: (-per_court[c][0], order.index(c) if c in order else 0, c)
    )
    by_court = Table(
        "by_court",
        W["by_court"],
        cols("court", "region", "all", "open"),
        tuple((names.court(c), names.region_of_court(c), *per_court[c]) for c in courts),
    )
    columns = cols("case", "judge", "court", "region", "considered_on", "description", "due",
                   "measures", "measures_date", "status")  # fmt: skip
    return _register("violations", "violations", period, today, columns, rows, (by_court,))


def requested(corpus, period: Period, today: dt.date, within: int = 7) -> Report:
    """Cases requested from a lower court on or before the period's end that have not arrived
    (no `case_arrived` on or after the latest request)."""
    names, rows = Names(corpus), []
    days = dt.timedelta(days=corpus.court.deadlines.requested_case_days)
    for index, case in enumerate(corpus.cases):
        req = last_event(case, "case_requested")
        if req is None or req.date > period.end:
            continue
        if any(e.type == "case_arrived" and e.date >= req.date for e in case.events):
            continue
        due = req.date + days
        rows.append((case.number, names.judge(case.rapporteur), names.court(req.court), req.date,
                     due, (due - today).days, _done(None, due, today), None, due, index))  # fmt: skip
    columns = cols("case", "judge", "court", "requested_on", "due", "days_left", "status")
    return _register("requested", "requested", period, today, columns, rows)


def applications(corpus, period: Period, today: dt.date, within: int = 7) -> Report:
    names, rows = Names(corpus), []
    days = dt.timedelta(days=corpus.court.deadlines.application_answer_days)
    for index, case in enumerate(corpus.cases):
        for a in case.applications:
            due = a.received + days
            if _open_in(period, a.received, a.answered):
                rows.append((case.number, names.judge(case.rapporteur), a.received, a.applicant,
                             a.subject, due, a.answered, _done(a.answered, due, today),
                             a.answered, due, index))  # fmt: skip
    columns = cols(
        "case", "judge", "received_on", "applicant", "subject", "due", "answered", "status"
    )
    return _register("applications", "applications", period, today, columns, rows)


def resonant(corpus, period: Period, today: dt.date, within: int = 7) -> Report:
    names, rows = Names(corpus), []
    for case in corpus.cases:
        if case.resonant and _open_in(period, case.received, closed_on(case)):
            last = case.events[-1]
            hearing = last_event(case, "hearing_scheduled")
            outcome = case.outcome
            rows.append((case.number, names.category(case.category), names.judge(case.rapporteur),
                         case.received, W[f"event_{last.type}"], last.date,
                         hearing.at if hearing else None,
                         Label.key(f"outcome_{outcome.value}") if outcome else None))  # fmt: skip
    columns = cols("case", "category", "judge", "received_on", "stage", "stage_date",
                   "hearing", "outcome")  # fmt: skip
    return _report(
        "resonant", period, today, Table("resonant", W["resonant"], columns, tuple(rows))
    )


# -- 7.1.6 / 7.3.2 results, 7.1.11 the statistical report


def decisions_in(corpus, period: Period) -> list[tuple[Case, Outcome]]:
    """Cases considered in the period, with the outcome of their last hearing in it."""
    out = []
    for case in corpus.cases:
        hits = [e for e in case.events if e.type == "considered" and e.date in period]
        if hits:
            out.append((case, hits[-1].outcome))
    return out


def _cross(
    key, title, first: Column, decided, keyfn: Callable, label: Callable, order: list
) -> Table:
    counts: dict = defaultdict(Counter)
    for case, outcome in decided:
        counts[keyfn(case)][outcome] += 1
    rank = {k: i for i, k in enumerate(order)}
    keys = sorted(
        counts, key=lambda k: (k is None, -counts[k].total(), rank.get(k, len(rank)), k or "")
    )
    rows = [(label(k), *(counts[k][o] for o in Outcome), counts[k].total()) for k in keys]
    total = Counter(o for _, o in decided)
    rows.append((Label.key("total"), *(total[o] for o in Outcome), total.total()))
    columns = (
        first,
        *(Column(o.value, Label.key(f"outcome_{o.value}")) for o in Outcome),
        col("total"),
    )
    return Table(key, title, columns, tuple(rows))


def results(corpus, period: Period, today: dt.date, within: int = 7) -> Report:
    names = Names(corpus)
    decided = decisions_in(corpus, period)
    total = len(decided)
    counts = Counter(o for _, o in decided)
    by_outcome = Table(
        "by_outcome",
        Label.key("by_outcome"),
        cols("code", "outcome", "count", "share"),
        tuple(
            (
                o.value,
                Label.key(f"outcome_{o.value}"),
                counts[o],
                round(100 * counts[o] / total, 1) if total else 0.0,
            )
            for o in Outcome
        ),
    )
    court_of = first_instance_court

    def region_of(case: Case) -> str | None:
        court = corpus.courts.get(court_of(case) or "")
        return court.region if court else None

    def region_name(region_id: str | None):
        return corpus.regions[region_id].name if region_id in corpus.regions else W["unknown"]

    tables = (
        by_outcome,
        _cross(
            "by_region",
            Label.key("by_region"),
            col("region"),
            decided,
            region_of,
            region_name,
            list(corpus.regions),
        ),
        _cross(
            "by_court",
            W["by_court"],
            col("court"),
            decided,
            court_of,
            names.court,
            list(corpus.courts),
        ),
        _cross(
            "by_category",
            Label.key("by_category"),
            col("category"),
            decided,
            lambda c: c.category,
            names.category,
            list(corpus.categories),
        ),  # fmt: skip
    )
    return _report("results", period, today, *tables)


STAT_COLUMNS = ("code", "outcome", *(k.value for k in CaseKind), "total")


def statistics(corpus, period: Period, today: dt.date, within: int = 7) -> Report:
    """Fixed rows (every outcome in glossary order, then the total) and fixed columns, so the
    CSV has the same shape every period: decisions dated in the period, by case kind."""
    counts: dict = defaultdict(Counter)
    for case in corpus.cases:
        for e in case.events:
            if e.type in ("petition_decided", "considered") and e.date in period:
                counts[e.outcome.value][case.kind.value] += 1
    kinds = [k.value for k in CaseKind]
    rows = [(o.value, Label.key(f"outcome_{o.value}"), *(counts[o.value][k] for k in kinds),
             counts[o.value].total()) for o in GLOSSARY_OUTCOMES]  # fmt: skip
    rows.append(
        ("total", Label.key("total"), *(sum(r[2 + i] for r in rows) for i in range(len(kinds) + 1)))
    )
    columns = (
        col("code"),
        col("outcome"),
        *(Column(k, W[f"kind_{k}"]) for k in kinds),
        col("total"),
    )
    table = Table("statistics", W["statistics"], columns, tuple(rows), stable=True)
    return _report("statistics", period, today, table)


REPORTS: dict[str, Callable[..., Report]] = {
    "movement": movement,
    "deadlines": deadlines,
    "private-rulings": private_rulings,
    "violations": violations,
    "requested": requested,
    "applications": applications,
    "results": results,
    "statistics": statistics,
    "resonant": resonant,
}


def make_report(kind: str, corpus, period: Period, today: dt.date, within: int = 7) -> Report:
    return REPORTS[kind](corpus, period, today, within)
