"""`alqa fmt`: canonical YAML for records, with comments and flow style kept.

Canonical means: keys in the order of the data format (the model's field order, so the
order cannot drift from the models), one indentation style, no reflowed lines. ruamel.yaml
round-trips the comments; PyYAML would drop them.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.load import CLASSIFIERS, RECORDS, record_files
from generator.models import Case, Court
from generator.models.case import Event
from generator.yamlio import decode

_EVENT_MODELS = {
    m.model_fields["type"].annotation.__args__[0]: m for m in get_args(get_args(Event)[0])
}


def _yaml(top_level_list: bool = False) -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096
    if top_level_list:  # classifier files: `- id: ...` at the margin
        yaml.indent(mapping=2, sequence=2, offset=0)
    else:  # nested lists indented under their key
        yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _key_order(model: type[BaseModel]) -> list[str]:
    names = [f.alias or name for name, f in model.model_fields.items()]
    if "type" in names:  # events read best as date, type, details, note
        names = ["date", "type", *[n for n in names if n not in ("date", "type", "note")], "note"]
    return names


def _submodel(annotation: Any) -> Any:
    """The model (or list-of-model) inside an annotation like `list[Party] | None`."""
    for arg in (annotation, *get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = get_args(arg)
        if inner and getattr(arg, "__origin__", None) is list:
            sub = _submodel(inner[0])
            if sub is not None:
                return [sub]
    return None


def reorder(node: Any, model: Any) -> None:
    """Put the keys of `node` in the model's order, recursively; unknown keys go last."""
    if isinstance(model, list):
        if isinstance(node, CommentedSeq):
            for item in node:
                reorder(item, model[0])
        return
    if not isinstance(node, CommentedMap):
        return
    if model is _EventUnion:
        model = _EVENT_MODELS.get(node.get("type"))
        if model is None:
            return
    order = _key_order(model)
    for key in sorted(node.keys(), key=lambda k: order.index(k) if k in order else len(order)):
        node.move_to_end(key)
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key in node:
            sub = _EventUnion if name == "events" else _submodel(field.annotation)
            if name == "events":
                sub = [_EventUnion]
            if sub is not None:
                reorder(node[key], sub)


class _EventUnion:
    """Marker: pick the event model by the node's `type`."""


def canonical(text: str, model: Any) -> str:
    yaml = _yaml(top_level_list=isinstance(model, list))
    data = yaml.load(text)
    reorder(data, model)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _targets(root: Path) -> list[tuple[Path, Any]]:
    rec = root / RECORDS
    targets: list[tuple[Path, Any]] = [(rec / "court.yaml", Court)]
    targets += [(rec / f"{name}.yaml", [model]) for name, model in CLASSIFIERS.items()]
    targets += [(p, Case) for p in record_files(root)["cases"] if p.suffix == ".yaml"]
    return [(p, m) for p, m in targets if p.is_file()]


def format_root(root: Path, write: bool) -> tuple[list[str], list[tuple[str, str]]]:
    """(files not canonical, files that could not be read). Writes only when `write`."""
    root = Path(root).resolve()
    changed, unreadable = [], []
    for path, model in _targets(root):
        rel = path.relative_to(root).as_posix()
        text, why = decode(path.read_bytes())
        if text is None:
            unreadable.append((rel, why))
            continue
        try:
            new = canonical(text, model)
        except Exception as exc:  # ruamel raises many kinds; `alqa check` explains them
            unreadable.append((rel, f"not valid YAML ({type(exc).__name__}); run `alqa check`"))
            continue
        if new != text:
            changed.append(rel)
            if write:
                path.write_text(new, encoding="utf-8")
    return changed, unreadable
