"""iCalendar bytes of icalendar components, as their `to_ical()` writes them, made quicker.

icalendar folds each content line a letter at a time (encoding every letter to count its
octets): 1.5 s of the 2 s it took to write a court's 400 weekly calendars as bytes. Here a
line is encoded once and cut at octet offsets. A calendar is also the concatenation of its
components' lines, so a component's bytes can be made once and put into several calendars.
"""

from __future__ import annotations

from collections.abc import Iterable

from icalendar import Component
from icalendar.caselessdict import canonsort_keys

_WIDTH = 74  # octets of a folded line's content, as icalendar folds (RFC 5545: 75 a line)
_ESCAPES = b"\\^"  # a text or parameter escape that icalendar keeps on one line


def fold(line: str) -> bytes:
    r"""A content line folded as icalendar folds it (parser.Contentline(line).to_ical()):
    pieces of at most 74 octets, never cutting a character; a piece (of more than one
    character) ending in "\" or "^" gives that character to the next one, so an escape is
    not split; pieces joined by CRLF and a space."""
    data = line.encode("utf-8")
    if len(data) <= _WIDTH:
        return data
    pieces = []
    start = 0
    while len(data) - start > _WIDTH:
        end = start + _WIDTH
        while data[end] & 0xC0 == 0x80:  # inside a character: cut before it
            end -= 1
        if data[end - 1] in _ESCAPES and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def component_bytes(component) -> bytes:
    """`component.to_ical()`: its content lines and its subcomponents', folded."""
    return b"".join(fold(line) + b"\r\n" for line in component.content_lines() if line)


class PropertyLines:
    """The content lines of components' properties, each made by icalendar once: a line is
    a function of the component's kind, the property's name and its value, and a court's
    27,000 hearing events (an event per hearing and language) share most of theirs (the
    times, the UID, the room, the status). Making an icalendar component of each event
    and serialising it took ~5 s at 10,000 rulings; the values are still encoded, escaped
    and folded by icalendar, a property at a time."""

    def __init__(self) -> None:
        self._made: dict[tuple, tuple[bytes, str | None]] = {}

    def line(self, kind: type[Component], name: str, value: object) -> tuple[bytes, str | None]:
        """The folded line (with its CRLF) of `kind().add(name, value)` in `to_ical()`, and
        the TZID it names (None: none)."""
        # a string by itself; any other value by its repr (a datetime's shows its zone and
        # fold, which == leaves out)
        key = (kind, name, value) if type(value) is str else (kind, name, repr(value))
        made = self._made.get(key)
        if made is None:
            component = kind()
            component.add(name, value)
            prop = component[name]
            line = component.content_line(name.upper(), prop)
            params = getattr(prop, "params", None)
            made = fold(line) + b"\r\n", params.get("TZID") if params else None
            self._made[key] = made
        return made

    def component(
        self, kind: type[Component], properties: Iterable[tuple[str, object]]
    ) -> tuple[bytes, set[str]]:
        """`component_bytes` of a `kind` with these properties added (one value a property,
        no subcomponent), in icalendar's order of them; and the TZIDs its values name."""
        lines = {name.upper(): self.line(kind, name, value) for name, value in properties}
        order = canonsort_keys(lines, kind.canonical_order)
        data = b"".join(lines[name][0] for name in order)
        tzids = {tzid for _, tzid in lines.values() if tzid is not None}
        return b"BEGIN:%s\r\n%sEND:%s\r\n" % (kind.name.encode(), data, kind.name.encode()), tzids
