"""reviews/SLUG.LANG.md: a review of practice-forming rulings (7.3.6)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from generator.models.common import Bilingual, FieldError, Id, Language, Record


class Period(Record):
    from_: dt.date = Field(alias="from")
    to: dt.date

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.to < self.from_:
            raise FieldError("to", "the period ends before it starts")
        return self


class ReviewMeta(Record):
    title: Bilingual
    language: Language = Field(default=Language.KK, description="language of the editorial text")
    period: Period
    categories: list[Id] = Field(default_factory=list, description="category ids; empty: all")


class Review(Record):
    meta: ReviewMeta
    text: str
    path: str
    slug: str
