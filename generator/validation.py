"""Turning pydantic's validation errors into problems a clerk understands, with their lines."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Problem
from generator.models.common import FieldError
from generator.yamlio import Located, dotted, is_invalid

_PLAIN = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (not in the data format; a typo?)",
    "date_from_datetime_parsing": "is not a date (write YYYY-MM-DD)",
    "date_parsing": "is not a date (write YYYY-MM-DD)",
    "date_type": "is not a date (write YYYY-MM-DD)",
    "datetime_parsing": "is not a date and time (write 'YYYY-MM-DDTHH:MM' in quotes)",
    "datetime_from_date_parsing": "is not a date and time (write 'YYYY-MM-DDTHH:MM' in quotes)",
    "datetime_type": "is not a date and time (write 'YYYY-MM-DDTHH:MM' in quotes)",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "string_type": "must be text (put it in quotes)",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
}


def _message(error: dict, value: Any) -> str:
    kind = error["type"]
    shown = (
        f" (got {value!r})"
        if value is not None
        and kind not in ("missing", "extra_forbidden")
        and not isinstance(value, dict | list)
        else ""
    )
    if kind in _PLAIN:
        return _PLAIN[kind] + shown
    if kind == "enum" or kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}{shown}"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        return f"unknown type {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return "the event has no `type`"
    if kind == "string_pattern_mismatch":
        return f"has the wrong form{shown}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"])).removeprefix("Value error, ")
    if kind == "too_short":
        return "must not be empty"
    if kind in ("greater_than", "greater_than_equal"):
        return f"{error['msg'].lower()}{shown}"
    return error["msg"].removeprefix("Value error, ") + shown


def _resolve(loc: tuple, data: Any) -> tuple[tuple, Any]:
    """Walk `loc` through the data, dropping pydantic's union tags that are not real keys."""
    path: list = []
    node = data
    for part in loc:
        if (
            isinstance(node, dict)
            and isinstance(part, str)
            and part not in node
            and node.get("type") == part
        ):
            continue  # discriminated-union tag, e.g. ('events', 3, 'hearing_scheduled', 'room')
        if part == "from_" and isinstance(node, dict) and "from" in node:
            part = "from"
        path.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(path), node


def validate(
    model: type[BaseModel], located: Located, rel: str, prefix: tuple = ()
) -> tuple[Any, list[Problem]]:
    """Validate `located.data` as `model`; every error becomes a Problem with its line."""
    problems = [Problem(rel, line, field, msg) for line, field, msg in located.problems]
    if located.data is None:
        if not problems:
            problems.append(Problem(rel, 1, "", "the file is empty"))
        return None, problems
    try:
        return model.model_validate(located.data), problems
    except ValidationError as exc:
        for error in exc.errors():
            path, value = _resolve(error["loc"], located.data)
            cause = error.get("ctx", {}).get("error")
            if isinstance(cause, FieldError):
                path = (*path, cause.field)
            if is_invalid(value):
                continue  # the YAML layer already said why this value could not be read
            if error["type"] == "extra_forbidden":
                value = None
            problems.append(
                Problem(
                    rel, located.line_of(path), dotted((*prefix, *path)), _message(error, value)
                )
            )
        if not problems:  # an error was only a consequence of an unreadable value
            problems.append(Problem(rel, 1, "", "the file could not be read"))
        return None, problems


def validate_list(model: type[BaseModel], located: Located, rel: str) -> tuple[list, list[Problem]]:
    """A classifier file: a list of records, each validated on its own so one bad item
    does not hide the others."""
    problems = [Problem(rel, line, field, msg) for line, field, msg in located.problems]
    if not isinstance(located.data, list):
        if located.data is not None or not problems:
            problems.append(Problem(rel, 1, "", "must be a list of records (`- id: ...`)"))
        return [], problems
    items = []
    for i, item in enumerate(located.data):
        sub = Located(item, {k[1:]: v for k, v in located.lines.items() if k[:1] == (i,)})
        sub.lines.setdefault((), located.line_of((i,)))
        record, item_problems = validate(model, sub, rel, prefix=(i,))
        problems.extend(item_problems)
        if record is not None:
            items.append((record, sub))
    return items, problems
