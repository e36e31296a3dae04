"""records/cases/YEAR/SLUG.yaml: one cassation proceeding, its parties and its movement."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from generator.iin import bin_problem, iin_problem
from generator.models.common import FieldError, Id, Instance, Language, Record, Text

CaseNumber = Annotated[
    str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}-\d[а-яәіңғүұқөһa-z]{1,3}/\d{1,6}$")
]


class CaseKind(StrEnum):
    PETITION = "petition"  # кассациялық өтінішхат
    PROTEST = "protest"  # прокурордың наразылығы
    SUBMISSION = "submission"  # Төрағаның ұсынуы


class Role(StrEnum):
    PLAINTIFF = "plaintiff"
    DEFENDANT = "defendant"
    THIRD_PARTY = "third_party"
    APPLICANT = "applicant"
    PROSECUTOR = "prosecutor"


class PartyKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"


class RepresentativeKind(StrEnum):
    ADVOCATE = "advocate"  # advocates keep their names in public texts
    LAWYER = "lawyer"  # a legal consultant, not an advocate
    RELATIVE = "relative"
    OTHER = "other"


class Format(StrEnum):
    """How a hearing is held, and how a party takes part in it."""

    OFFLINE = "offline"
    ONLINE = "online"
    VIDEO = "video"  # бейнеконференцбайланыс


class Outcome(StrEnum):
    """Outcome of a cassation hearing (a ruling)."""

    UPHELD = "upheld"
    MODIFIED = "modified"
    REMANDED = "remanded"
    REVERSED = "reversed"
    REINSTATED = "reinstated"
    TERMINATED = "terminated"


class PetitionOutcome(StrEnum):
    """Outcome of a petition before any hearing."""

    RETURNED = "returned"
    ADMITTED = "admitted"
    REFUSED = "refused"


class Depersonalise(StrEnum):
    """How a person's name is replaced in public texts."""

    INITIALS = "initials"
    ROLE = "role"


Phone = Annotated[str, StringConstraints(pattern=r"^[+\d][\d ()\-]{6,}$")]
# A plain shape check: full RFC validation (email-validator) cost a fifth of `alqa check`.
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")]


class Contact(Record):
    """Never published."""

    address: Text | None = None
    phone: Phone | None = None
    email: Email | None = None


class Representative(Record):
    name: Text
    kind: RepresentativeKind


class Party(Record):
    role: Role
    kind: PartyKind
    name: Text = Field(description="a person: Surname Given Patronymic; an organisation: its name")
    iin: str | None = Field(default=None, description="a person's IIN (never published)")
    bin: str | None = Field(default=None, description="an organisation's BIN (never published)")
    contact: Contact | None = None
    representative: Representative | None = None
    depersonalise: Depersonalise = Field(
        default=Depersonalise.INITIALS,
        description="in public texts replace the name by initials, or by the party's role",
    )

    @field_validator("iin")
    @classmethod
    def _iin(cls, value: str | None) -> str | None:
        if value is not None and (why := iin_problem(value)):
            raise ValueError(why)
        return value

    @field_validator("bin")
    @classmethod
    def _bin(cls, value: str | None) -> str | None:
        if value is not None and (why := bin_problem(value)):
            raise ValueError(why)
        return value

    @model_validator(mode="after")
    def _ids_by_kind(self) -> Party:
        if self.kind is PartyKind.PERSON and self.bin:
            raise FieldError("bin", "a person has an IIN, not a BIN")
        if self.kind is PartyKind.ORGANIZATION and self.iin:
            raise FieldError("iin", "an organisation has a BIN, not an IIN")
        return self


class LowerCourtAct(Record):
    court: Id
    instance: Instance
    date: dt.date
    number: Text | None = None
    summary: Text | None = Field(default=None, description="what the act decided, one sentence")


class _Event(Record):
    date: dt.date
    note: Text | None = None


class Received(_Event):
    type: Literal["received"]


class CaseRequested(_Event):
    type: Literal["case_requested"]
    court: Id


class CaseArrived(_Event):
    type: Literal["case_arrived"]


class PetitionDecided(_Event):
    """The petition was returned, refused, or admitted to a hearing (no hearing needed)."""

    type: Literal["petition_decided"]
    outcome: PetitionOutcome


class HearingScheduled(_Event):
    type: Literal["hearing_scheduled"]
    at: dt.datetime = Field(description="date and local time of the hearing, 2026-04-15T10:00")
    room: Text
    format: Format
    video_link: Text | None = Field(default=None, description="videoconference details")


class NoticeSent(_Event):
    type: Literal["notice_sent"]
    party: int = Field(ge=0, description="index of the party in `parties`, from 0")
    participation: Format
    delivered: dt.date | None = None


class Postponed(_Event):
    type: Literal["postponed"]
    reason: Text


class Considered(_Event):
    type: Literal["considered"]
    outcome: Outcome


class CopiesSent(_Event):
    type: Literal["copies_sent"]


class CaseReturned(_Event):
    type: Literal["case_returned"]


class Archived(_Event):
    type: Literal["archived"]
    volume: Text = Field(description="archive volume (наряд) by the records nomenclature")


Event = Annotated[
    Received
    | CaseRequested
    | CaseArrived
    | PetitionDecided
    | HearingScheduled
    | NoticeSent
    | Postponed
    | Considered
    | CopiesSent
    | CaseReturned
    | Archived,
    Field(discriminator="type"),
]

EVENT_TYPES: tuple[str, ...] = (
    "received",
    "case_requested",
    "case_arrived",
    "petition_decided",
    "hearing_scheduled",
    "notice_sent",
    "postponed",
    "considered",
    "copies_sent",
    "case_returned",
    "archived",
)


class PrivateRuling(Record):
    """Жеке ұйғарым: internal control of its execution (never published)."""

    date: dt.date
    addressee: Text
    subject: Text | None = None
    deadline: dt.date
    response: dt.date | None = None
    response_summary: Text | None = None


class Violation(Record):
    """A gross violation by a lower court named in the ruling (never published)."""

    court: Id
    description: Text
    measures: Text | None = None
    measures_date: dt.date | None = None


class Application(Record):
    """An application (өтініш) from a person or entity about the case (never published)."""

    received: dt.date
    applicant: Text
    subject: Text
    answered: dt.date | None = None


class Case(Record):
    """One cassation proceeding; the file is its registration card."""

    number: CaseNumber = Field(description="official index, e.g. 6001-26-00-3гп/123; unique")
    received: dt.date
    kind: CaseKind
    category: Id
    language: Language
    confidential: bool = Field(default=False, description="closed hearing: never published")
    resonant: bool = Field(default=False, description="high-profile case (7.3.3)")
    consultant: Text | None = Field(default=None, description="the judge's consultant (internal)")
    lower_court_acts: list[LowerCourtAct] = Field(default_factory=list)
    parties: list[Party] = Field(min_length=1)
    rapporteur: Id | None = None
    panel: list[Id] = Field(default_factory=list)
    events: list[Event] = Field(min_length=1)
    private_rulings: list[PrivateRuling] = Field(default_factory=list)
    violations: list[Violation] = Field(default_factory=list)
    applications: list[Application] = Field(default_factory=list)

    @property
    def year(self) -> int:
        return 2000 + int(self.number.split("-")[1])

    @property
    def slug(self) -> str:
        return case_slug(self.number)

    def events_of(self, *types: str) -> list:
        return [e for e in self.events if e.type in types]

    @property
    def outcome(self) -> Outcome | PetitionOutcome | None:
        decided = self.events_of("considered", "petition_decided")
        return decided[-1].outcome if decided else None

    @property
    def stage(self) -> str:
        """The case's latest event type: its stage (received, scheduled, considered ...)."""
        return self.events[-1].type


def case_slug(number: str) -> str:
    """The file-name form of a case number: `6001-26-00-3гп/123` -> `6001-26-00-3гп-123`."""
    return number.replace("/", "-")
