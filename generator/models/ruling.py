"""rulings/YEAR/SLUG.LANG.md: the front matter of one ruling (the text follows it)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from generator.models.case import CaseNumber, Outcome
from generator.models.common import FieldError, Language, Record, Text


class RulingMeta(Record):
    case: CaseNumber = Field(description="number of the case this ruling decides")
    date: dt.date
    language: Language
    outcome: Outcome
    practice_forming: bool = False
    headnote: Text | None = Field(
        default=None, description="the legal position; required if practice_forming"
    )
    norms: list[Text] = Field(
        default_factory=list, description='norms applied, as cited: "АПК 427"'
    )
    keywords: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _headnote(self) -> RulingMeta:
        if self.practice_forming and not self.headnote:
            raise FieldError("headnote", "a practice-forming ruling needs a headnote")
        return self


class Ruling(Record):
    """A ruling as loaded: its front matter, its text and where it came from."""

    meta: RulingMeta
    text: str
    path: str
    text_line: int = 1
