"""The court's own records: identity and deadlines, and the classifiers that cases refer to."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from generator.models.common import Bilingual, Id, Instance, Record, Text


class Deadlines(Record):
    """Time limits set by law, kept as data because the law changes."""

    hearing_months: int = Field(gt=0, description="months from receipt to the hearing")
    ruling_text_days: int = Field(
        gt=0, description="days from the hearing to the signed ruling text"
    )
    private_ruling_response_days: int = Field(
        gt=0, description="days for an answer to a private ruling"
    )
    requested_case_days: int = Field(
        gt=0, description="days for a lower court to send a requested case"
    )
    application_answer_days: int = Field(gt=0, description="days to answer an application")


class Court(Record):
    """records/court.yaml: who the court is and its deadlines."""

    name: Bilingual = Field(description="the court's name in kk, ru (and en)")
    collegium: Bilingual = Field(description="the collegium's name")
    case_prefix: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] = Field(
        description="the court's code that starts every case number, e.g. 6001"
    )
    timezone: Text = Field(default="Asia/Almaty", description="IANA time zone of hearings")
    rooms: list[Text] = Field(default_factory=list, description="hearing rooms (optional list)")
    staff: list[Text] = Field(
        default_factory=list,
        description="court staff named in rulings (secretaries of hearings, as 'Surname I.O.'); "
        "like judges, they keep their names in public texts",
    )
    deadlines: Deadlines


class Category(Record):
    """records/categories.yaml: one category of civil cases."""

    id: Id
    name: Bilingual
    keywords: list[Text] = Field(
        default_factory=list, description="words of a petition that suggest this category"
    )


class Judge(Record):
    """records/judges.yaml: a judge of the collegium."""

    id: Id
    name: Bilingual = Field(description="surname and initials, as printed in rulings")
    specializations: list[Id] = Field(description="category ids the judge is distributed")
    active: bool = True


class Region(Record):
    """records/regions.yaml: one of the 20 regions (17 oblys and 3 cities)."""

    id: Id
    name: Bilingual
    kind: Annotated[str, StringConstraints(pattern=r"^(oblys|city)$")] = "oblys"


class LowerCourt(Record):
    """records/courts.yaml: a lower court whose acts come to cassation."""

    id: Id
    name: Bilingual
    region: Id
    instance: Instance
