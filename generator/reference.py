"""The data-format reference, generated from the models so it cannot drift from them."""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import get_args, get_origin

from pydantic import BaseModel

from generator.models import case, court, review, ruling

SECTIONS: list[tuple[str, list[type[BaseModel]]]] = [
    ("records/court.yaml", [court.Court, court.Deadlines]),
    ("records/categories.yaml (a list)", [court.Category]),
    ("records/judges.yaml (a list)", [court.Judge]),
    ("records/regions.yaml (a list)", [court.Region]),
    ("records/courts.yaml (a list)", [court.LowerCourt]),
    (
        "records/cases/YEAR/SLUG.yaml",
        [
            case.Case,
            case.Party,
            case.Contact,
            case.Representative,
            case.LowerCourtAct,
            case.PrivateRuling,
            case.Violation,
            case.Application,
        ],
    ),
    (
        "Events (`events:` of a case, by `type`)",
        [
            case.Received,
            case.CaseRequested,
            case.CaseArrived,
            case.PetitionDecided,
            case.HearingScheduled,
            case.NoticeSent,
            case.Postponed,
            case.Considered,
            case.CopiesSent,
            case.CaseReturned,
            case.Archived,
        ],
    ),
    ("rulings/YEAR/SLUG.LANG.md (front matter)", [ruling.RulingMeta]),
    ("reviews/SLUG.LANG.md (front matter)", [review.ReviewMeta, review.Period]),
]


def type_name(annotation) -> str:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return type_name(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        names = [type_name(a) for a in get_args(annotation) if a is not type(None)]
        return " or ".join(names)
    if origin is list:
        return f"list of {type_name(get_args(annotation)[0])}"
    if origin is typing.Literal:
        return " | ".join(f"`{a}`" for a in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " \\| ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    return {
        "str": "text",
        "int": "number",
        "bool": "true/false",
        "date": "date YYYY-MM-DD",
        "datetime": "'YYYY-MM-DDTHH:MM'",
    }.get(getattr(annotation, "__name__", ""), str(annotation))


def model_table(model: type[BaseModel]) -> str:
    doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
    rows = [
        f"**{model.__name__}**" + (f": {doc}" if doc else ""),
        "",
        "| field | type | required | meaning |",
        "|---|---|---|---|",
    ]
    for name, field in model.model_fields.items():
        key = field.alias or name
        kind = type_name(field.annotation).replace("|", "\\|").replace("\\\\|", "\\|")
        required = "yes" if field.is_required() else "no"
        rows.append(f"| `{key}` | {kind} | {required} | {field.description or ''} |")
    return "\n".join(rows)


def reference() -> str:
    """Markdown: one table per model, grouped by file."""
    parts = []
    for title, models in SECTIONS:
        parts.append(f"#### {title}\n\n" + "\n\n".join(model_table(m) for m in models))
    return "\n\n".join(parts) + "\n"
