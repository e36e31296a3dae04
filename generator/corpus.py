"""The corpus: every loaded record, with the lookups builders need.

Built once after a clean check; builders read it (through the public view for public output)
and never touch the files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.load import Loaded, read_ruling_text
from generator.models import Case, Category, Court, Judge, LowerCourt, Region, Review, Ruling


@dataclass
class Corpus:
    court: Court
    categories: dict[str, Category]
    judges: dict[str, Judge]
    regions: dict[str, Region]
    courts: dict[str, LowerCourt]
    cases: list[Case]
    rulings: list[Ruling]
    reviews: list[Review]
    press_intros: dict[tuple[str, str], str] = field(default_factory=dict)  # (week, lang) -> text
    paths: dict[str, str] = field(default_factory=dict)  # record key -> file, for messages
    cases_digest: str = ""  # of every case file (load.Loaded); "": not known
    # number -> (the case as loaded, the hash of its file): the hash stands for that very
    # object only (a case replaced in memory is not the file's)
    case_hashes: dict[str, tuple[Case, bytes]] = field(default_factory=dict)
    ruling_hashes: dict[str, tuple[Ruling, bytes]] = field(default_factory=dict)  # by path
    root: Path | None = None  # where the records were read
    # path -> (byte where the text starts, the file's hash) of the rulings loaded without
    # their text (load_root(texts="lazy")): `text_of` reads it when needed
    text_at: dict[str, tuple[int, bytes]] = field(default_factory=dict)

    @classmethod
    def from_loaded(cls, data: Loaded) -> Corpus:
        assert data.court is not None, "build the corpus only from records that checked clean"
        cases = sorted((c for c, _ in data.cases), key=lambda c: (c.year, _index(c.number)))
        rulings = sorted((r for r, _ in data.rulings), key=lambda r: (r.meta.date, r.path))
        reviews = sorted((r for r, _ in data.reviews), key=lambda r: r.path)
        paths = {c.number: s.path for c, s in data.cases}
        return cls(
            court=data.court,
            categories={c.id: c for c in data.categories},
            judges={j.id: j for j in data.judges},
            regions={r.id: r for r in data.regions},
            courts={c.id: c for c in data.courts},
            cases=cases,
            rulings=rulings,
            reviews=reviews,
            press_intros=dict(data.press_intros),
            paths=paths,
            cases_digest=data.cases_digest,
            case_hashes={
                c.number: (c, data.case_hashes[c.number])
                for c in cases
                if c.number in data.case_hashes
            },
            ruling_hashes={
                r.path: (r, data.ruling_hashes[r.path])
                for r in rulings
                if r.path in data.ruling_hashes
            },
            root=data.root,
            text_at=data.text_at,
        )

    @cached_property
    def case_by_number(self) -> dict[str, Case]:
        return {c.number: c for c in self.cases}

    @cached_property
    def rulings_by_case(self) -> dict[str, list[Ruling]]:
        out: dict[str, list[Ruling]] = defaultdict(list)
        for ruling in self.rulings:
            out[ruling.meta.case].append(ruling)
        return dict(out)

    @cached_property
    def public_names(self) -> tuple[str, ...]:
        """Names that stay in public texts: the judges (in both languages) and court staff."""
        names = {n for j in self.judges.values() for n in (j.name.kk, j.name.ru)}
        return tuple(sorted(names | set(self.court.staff)))

    def text_of(self, ruling: Ruling) -> str:
        """A ruling's text, read from its file if it was loaded without it."""
        at = None if ruling.text else self.text_at.get(ruling.path)
        if at is None:
            return ruling.text
        return read_ruling_text(self.root / ruling.path, *at)

    def with_text(self, ruling: Ruling) -> Ruling:
        """The ruling with its text (`text_of`): what reads `ruling.text` needs this one."""
        return ruling if ruling.text else ruling.model_copy(update={"text": self.text_of(ruling)})

    def let_texts_go(self) -> None:
        """Drop the rulings' texts (~400 MB at 10,000 rulings) once nothing will read them:
        a public build, after the public view holds the depersonalised ones."""
        self.rulings = [r.model_copy(update={"text": ""}) for r in self.rulings]
        self.__dict__.pop("rulings_by_case", None)  # the cached lookup held the old ones
        self.ruling_hashes = {}  # they stood for the rulings with their texts

    def open_cases_of(self, judge_id: str) -> list[Case]:
        """Cases with this rapporteur not yet decided: the judge's current load."""
        return [c for c in self.cases if c.rapporteur == judge_id and c.outcome is None]


def _index(number: str) -> int:
    return int(number.rsplit("/", 1)[1])
