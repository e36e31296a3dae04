"""Reading YAML and front matter with line numbers, refusing what PyYAML lets through.

PyYAML silently keeps the last of two duplicate keys and reports no line for a value it could
not construct. Here the document is composed into nodes (with the C parser where available),
duplicate keys are found on the nodes, every value's line is remembered by its field path, and
each scalar is constructed on its own so that a bad date names its own line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is several times faster; the pure one behaves the same
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader

_TAGS: dict[str, str] = {}  # plain scalar -> its resolved tag


class _Loader(_Base):
    """The safe loader with a memo of implicit tags: even the C parser asks Python to
    resolve every scalar, and records repeat the same keys and values endlessly."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_TAGS) > 200_000:
                    _TAGS.clear()
                _TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


Path = tuple[str | int, ...]


@dataclass
class Located:
    """A parsed document, the line of every field path in it, and what went wrong reading it."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, message)

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def dotted(path: Path) -> str:
    """`('events', 3, 'room')` -> `events[3].room`: the field path a clerk can find."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def decode(raw: bytes) -> tuple[str | None, str | None]:
    """UTF-8 text, or the reason the bytes are not a UTF-8 text file."""
    if b"\x00" in raw:
        return None, "this is a binary file, not a UTF-8 text file"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            raw.decode("cp1251")
            hint = " (it looks like Windows-1251: re-save it as UTF-8)"
        except UnicodeDecodeError:
            hint = ""
        return None, f"the file is not UTF-8 text: byte {exc.start} cannot be read{hint}"
    return text.removeprefix("\ufeff"), None


def load_yaml(text: str, first_line: int = 1) -> Located:
    """Parse one YAML document; problems carry 1-based lines offset by `first_line - 1`."""
    offset = first_line - 1
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else first_line
        what = exc.problem or exc.context or "not valid YAML"
        return Located(None, {(): first_line}, [(line, "", f"YAML syntax error: {what}")])
    except yaml.YAMLError as exc:
        return Located(None, {(): first_line}, [(first_line, "", f"YAML syntax error: {exc}")])
    finally:
        loader.dispose()
    located = Located(None, {(): first_line})
    if node is not None:
        located.data = _construct(loader, node, (), located, offset)
    return located


class _NeedsLines(Exception):
    """The quick reading met something to report: read again, with lines."""


_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def quick_load(text: str) -> Any:
    """The document's data, or raise _NeedsLines at anything unusual (a syntax error, a
    duplicate key, a value that cannot be read). Most files are clean: reading them without
    remembering every field's line is about a third faster."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _NeedsLines from exc
    finally:
        loader.dispose()
    return None if node is None else _quick(loader, node)


def _quick(loader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key_node, yaml.ScalarNode) or key in result:
                raise _NeedsLines
            result[key] = _quick(loader, value_node)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_quick(loader, item) for item in node.value]
    if node.tag == _STR:
        return node.value
    try:
        if node.tag == _TIMESTAMP and len(node.value) == 10:  # a plain date: the common case
            return _date(node.value)
        return loader.yaml_constructors[node.tag](loader, node)
    except Exception as exc:  # any trouble: the careful reading explains it
        raise _NeedsLines from exc


_DATES: dict[str, dt.date] = {}  # ISO date -> one object for every record


def _date(text: str) -> dt.date:
    """Equal dates as one object: a court's 150,000 events fall on a few thousand days, and
    the record cache then keeps (and unpickles) each day once."""
    date = _DATES.get(text)
    if date is None:
        date = dt.date.fromisoformat(text)
        if len(_DATES) > 100_000:
            _DATES.clear()
        _DATES[text] = date
    return date


def load_validated(model, text: str, rel: str, first_line: int = 1):
    """(record, problems): the quick reading when the file is clean, else the careful one
    whose problems name lines and fields."""
    from pydantic import ValidationError

    from generator.validation import validate

    try:
        return model.model_validate(quick_load(text)), []
    except (_NeedsLines, ValidationError):
        return validate(model, load_yaml(text, first_line), rel)


def _line(node: yaml.Node, offset: int) -> int:
    return node.start_mark.line + 1 + offset


def _construct(loader, node: yaml.Node, path: Path, out: Located, offset: int) -> Any:
    out.lines.setdefault(path, _line(node, offset))
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                out.problems.append(
                    (_line(key_node, offset), dotted(path), "a key must be plain text")
                )
                continue
            key = key_node.value
            child = (*path, key)
            if key in result:
                first = out.lines.get(child, 0)
                out.problems.append(
                    (
                        _line(key_node, offset),
                        dotted(child),
                        f"duplicate key {key!r} (first given on line {first}); YAML keeps only the last one",
                    )
                )
                continue
            out.lines[child] = _line(key_node, offset)
            result[key] = _construct(loader, value_node, child, out, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(loader, item, (*path, i), out, offset) for i, item in enumerate(node.value)
        ]
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        message = getattr(exc, "problem", None) or str(exc)
        out.problems.append(
            (_line(node, offset), dotted(path), f"cannot read {node.value!r}: {message}")
        )
        return _Invalid(node.value)


class _Invalid(str):
    """A value that could not be constructed; validation skips re-reporting it."""


def is_invalid(value: Any) -> bool:
    return isinstance(value, _Invalid)


def split_front_matter(text: str) -> tuple[str | None, int, str, int]:
    """(front matter YAML, its first line, body, body's first line) of a Markdown file."""
    bounds = front_matter_bounds(text)
    if bounds is None:
        return None, 1, text, 1
    start, end, body, body_line = bounds
    return text[start:end], 2, text[body:], body_line


def front_matter_bounds(text: str) -> tuple[int, int, int, int] | None:
    """Where the front matter starts and ends, where the body starts and its first line;
    None without a front matter. The front matter's first line is 2."""
    first_end = text.find("\n")
    if text[: first_end if first_end >= 0 else len(text)].strip() != "---":
        return None
    pos = first_end + 1
    line = 2
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip() in ("---", "..."):
            # the front matter ends before the newline that ends its last line
            return first_end + 1, max(first_end + 1, pos - 1), min(end + 1, len(text)), line + 1
        pos, line = end + 1, line + 1
    return None
