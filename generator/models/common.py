"""What every record model shares: forbid unknown fields, strip strings, bilingual text."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Record(BaseModel):
    """Base of every record: unknown fields are refused, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=2)]
Text = Annotated[str, StringConstraints(min_length=1)]


class Language(StrEnum):
    KK = "kk"
    RU = "ru"


LANGUAGES: tuple[Language, ...] = (Language.KK, Language.RU)  # Kazakh first: the state language


class Bilingual(Record):
    """A name or title in Kazakh and Russian (English where the court has one)."""

    kk: Text
    ru: Text
    en: Text | None = None

    def __call__(self, language: str) -> str:
        return getattr(self, str(language))


class Instance(StrEnum):
    FIRST = "first"
    APPEAL = "appeal"


class FieldError(ValueError):
    """A model-level rule broken by one field: the problem is reported at that field's line."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def doc(text: str):
    """A field description that also feeds the generated data-format reference."""
    return Field(description=text)
