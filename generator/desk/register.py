"""Registering a petition (Regulation 7.1.1, 7.1.10): the next index number, the category
proposed from the petition's words, and the judge-rapporteur chosen by specialisation and
load. Every choice is a pure function of the records, so it is reproducible and explained.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.corpus import Corpus
from generator.desk import DeskError
from generator.desk.events import load_of
from generator.fmt import _yaml, canonical
from generator.models import Case, Category, Judge, case_slug
from generator.validation import validate
from generator.yamlio import load_yaml

SUFFIX = "00-3гп"  # the collegium's part of the index: PREFIX-YY-00-3гп/N


def next_number(corpus: Corpus, year: int) -> str:
    """The next index of `year`: the highest N of that year and prefix, plus one."""
    start = f"{corpus.court.case_prefix}-{year % 100:02d}-"
    taken = [int(c.number.rsplit("/", 1)[1]) for c in corpus.cases if c.number.startswith(start)]
    return f"{start}{SUFFIX}/{max(taken, default=0) + 1}"


@dataclass(frozen=True)
class Proposal:
    category: str
    matched: tuple[str, ...]  # the keywords found in the petition

    @property
    def reason(self) -> str:
        return f"keywords matched: {', '.join(self.matched)}"


def _occurs(keyword: str, text: str) -> int:
    """Occurrences of `keyword` at the start of a word (Kazakh and Russian inflect at the end:
    'пәтер' matches 'пәтерден', 'квартира' matches 'квартиры' through 'квартир')."""
    stem = keyword.lower()
    if len(stem) > 5 and stem[-1] in "аяоеыиуюь":  # a Russian ending: match the stem
        stem = stem[:-1]
    return len(re.findall(rf"(?<!\w){re.escape(stem)}", text))


def propose_category(text: str, categories: list[Category]) -> Proposal:
    """The category whose keywords occur most in `text` (distinct keywords first, then all
    occurrences, then the classifier's order)."""
    text = text.lower()
    best: tuple | None = None
    for order, category in enumerate(categories):
        hits = [(k, n) for k in category.keywords if (n := _occurs(k, text))]
        if not hits:
            continue
        key = (-len(hits), -sum(n for _, n in hits), order)
        if best is None or key < best[0]:
            best = (key, Proposal(category.id, tuple(k for k, _ in hits)))
    if best is None:
        raise DeskError(
            "no category keyword occurs in the petition text: give the category (--category)"
        )
    return best[1]


@dataclass(frozen=True)
class Candidate:
    judge: Judge
    specialist: bool  # the judge's specialisations cover the category
    open_cases: int
    received_this_year: int

    @property
    def key(self) -> tuple:
        return (not self.specialist, self.open_cases, self.received_this_year, self.judge.id)


@dataclass(frozen=True)
class Distribution:
    rapporteur: str
    panel: list[str]
    explanation: str  # why the rapporteur
    panel_explanation: str  # why the other two judges
    candidates: list[Candidate] = field(default_factory=list)


def candidates(corpus: Corpus, category: str, year: int) -> list[Candidate]:
    """Every active judge with their load, in the order of the distribution rule."""
    out = []
    for judge in corpus.judges.values():
        if not judge.active:
            continue
        received = sum(
            1 for c in corpus.cases if c.rapporteur == judge.id and c.received.year == year
        )
        out.append(
            Candidate(
                judge,
                category in judge.specializations,
                len(load_of(corpus, judge.id)),
                received,
            )
        )
    return sorted(out, key=lambda c: c.key)


def _cases(n: int) -> str:
    return f"{n} open case" + ("" if n == 1 else "s")


def explain(chosen: Candidate, rivals: list[Candidate], category: str, year: int) -> str:
    """'Әбенов Ж.Қ.: specialisation housing; 7 open cases, the fewest' and, on a tie, which
    rule decided it."""
    name = chosen.judge.name.kk
    head = f"{name}: specialisation {category}; {_cases(chosen.open_cases)}"
    tied = [r for r in rivals if r.open_cases == chosen.open_cases]
    if not rivals:
        return f"{head}, the only active judge with this specialisation"
    if not tied:
        return f"{head}, the fewest"
    names = ", ".join(r.judge.name.kk for r in tied)
    head = f"{head}, tied with {names}"
    tied_year = [r for r in tied if r.received_this_year == chosen.received_this_year]
    if not tied_year:
        return f"{head}; {chosen.received_this_year} received in {year}, the fewest"
    return (
        f"{head}; {chosen.received_this_year} received in {year}, also tied; "
        f"the first by judge id ({chosen.judge.id})"
    )


def distribute(corpus: Corpus, category: str, year: int) -> Distribution:
    """The rapporteur: the active specialist with the fewest open cases, then the fewest
    cases received this year, then the first judge id. The panel: the rapporteur and the
    next two active judges by the same rule (specialists first)."""
    if category not in corpus.categories:
        raise DeskError(f"no category {category!r} in records/categories.yaml")
    ranked = candidates(corpus, category, year)
    specialists = [c for c in ranked if c.specialist]
    if not specialists:
        raise DeskError(f"no active judge's specialisations cover the category {category!r}")
    chosen = specialists[0]
    others = [c for c in ranked if c is not chosen]
    if len(others) < 2:
        raise DeskError("fewer than three active judges: a panel cannot be formed")
    panel = [chosen.judge.id, others[0].judge.id, others[1].judge.id]
    text = explain(chosen, specialists[1:], category, year)
    members = ", ".join(
        f"{c.judge.name.kk} ({'specialisation' if c.specialist else 'other specialisation'}, "
        f"{_cases(c.open_cases)})"
        for c in others[:2]
    )
    why = f"Panel: {chosen.judge.name.kk} (rapporteur), {members}: the next by the same rule"
    return Distribution(chosen.judge.id, panel, text, why, ranked)


# -- the new registration card


@dataclass
class Registration:
    kind: str
    category: str
    language: str
    received: dt.date
    parties: list[dict]  # {role, kind, name}
    lower_court_acts: list[dict] = field(default_factory=list)  # {court, date, number}
    confidential: bool = False
    resonant: bool = False
    consultant: str | None = None


def parse_party(spec: str) -> dict:
    """'plaintiff:person:Серікбаев Асқар Болатұлы' -> a party."""
    parts = spec.split(":", 2)
    if len(parts) != 3 or not parts[2].strip():
        raise DeskError(
            f"{spec!r}: a party is ROLE:KIND:NAME, e.g. plaintiff:person:Серікбаев Асқар"
        )
    return {"role": parts[0].strip(), "kind": parts[1].strip(), "name": parts[2].strip()}


def parse_lower_court(spec: str, corpus: Corpus) -> dict:
    """'almaty-city-first:2026-05-10:7199-26-00-2/55' -> a lower-court act."""
    parts = spec.split(":", 2)
    court = corpus.courts.get(parts[0].strip())
    if court is None:
        raise DeskError(f"no court {parts[0].strip()!r} in records/courts.yaml")
    try:
        day = dt.date.fromisoformat(parts[1].strip())
    except (IndexError, ValueError):
        raise DeskError(f"{spec!r}: a lower-court act is COURT:YYYY-MM-DD[:NUMBER]") from None
    act = {"court": court.id, "instance": court.instance.value, "date": day}
    if len(parts) == 3 and parts[2].strip():
        act["number"] = parts[2].strip()
    return act


def _flow(items: list) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def card_yaml(number: str, reg: Registration, dist: Distribution, comment: str) -> str:
    """The registration card as canonical YAML, in the template's order and style."""
    doc = CommentedMap()
    doc["number"] = number
    doc["received"] = reg.received
    doc["kind"] = reg.kind
    doc["category"] = reg.category
    doc["language"] = reg.language
    doc["confidential"] = reg.confidential
    doc["resonant"] = reg.resonant
    if reg.consultant:
        doc["consultant"] = reg.consultant
    if reg.lower_court_acts:
        doc["lower_court_acts"] = [CommentedMap(act) for act in reg.lower_court_acts]
    doc["parties"] = [CommentedMap(p) for p in reg.parties]
    doc["rapporteur"] = dist.rapporteur
    doc["panel"] = _flow(list(dist.panel))
    # a copy of the date: ruamel would write one object used twice as an anchor and alias
    event = CommentedMap(
        {"date": dt.date.fromordinal(reg.received.toordinal()), "type": "received"}
    )
    event.fa.set_flow_style()
    doc["events"] = [event]
    doc.yaml_set_start_comment(comment)
    out = io.StringIO()
    _yaml().dump(doc, out)
    return canonical(out.getvalue(), Case)


def register(
    root: Path, corpus: Corpus, reg: Registration, registered_on: dt.date
) -> tuple[str, Path, Distribution]:
    """Write records/cases/YEAR/SLUG.yaml for a new petition; returns (number, path, dist).
    The card is validated with the case model before anything is written."""
    if reg.category not in corpus.categories:
        raise DeskError(f"no category {reg.category!r} in records/categories.yaml")
    if reg.received > registered_on:
        raise DeskError(f"received {reg.received}, after today ({registered_on})")
    number = next_number(corpus, reg.received.year)
    dist = distribute(corpus, reg.category, reg.received.year)
    comment = f"Registered {registered_on} by `alqa register`.\nRapporteur {dist.explanation}."
    text = card_yaml(number, reg, dist, comment)
    case, problems = validate(Case, load_yaml(text), "new case")
    if case is None or problems:
        raise DeskError("the new case is not valid: " + "; ".join(p.message for p in problems))
    path = Path(root) / "records" / "cases" / str(case.year) / f"{case_slug(number)}.yaml"
    if path.exists():
        raise DeskError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return number, path, dist
