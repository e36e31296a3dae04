"""One typed model per record kind. Unknown fields are refused everywhere."""

from generator.models.case import (
    EVENT_TYPES,
    Case,
    CaseKind,
    Format,
    Outcome,
    Party,
    PartyKind,
    PetitionOutcome,
    Role,
    case_slug,
)
from generator.models.common import LANGUAGES, Bilingual, Language
from generator.models.court import Category, Court, Judge, LowerCourt, Region
from generator.models.review import Review, ReviewMeta
from generator.models.ruling import Ruling, RulingMeta

__all__ = [
    "EVENT_TYPES",
    "LANGUAGES",
    "Bilingual",
    "Case",
    "CaseKind",
    "Category",
    "Court",
    "Format",
    "Judge",
    "Language",
    "LowerCourt",
    "Outcome",
    "Party",
    "PartyKind",
    "PetitionOutcome",
    "Region",
    "Review",
    "ReviewMeta",
    "Role",
    "Ruling",
    "RulingMeta",
    "case_slug",
]
