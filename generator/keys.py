"""Content keys: what a page is made from, as a hash (builders.LazyPage, JoinedPage).

A court of 10,000 rulings has 10,000 ruling pages, as many Akoma Ntoso documents and lines of
JSON Lines, and a schedule page and calendar per week of four years; a rebuild after one
correction needs one of each anew. The render cache keeps each page's key with the page it
wrote, and a page whose key is the same is not made again.

A key is a hash of the generator's source code, the libraries' versions, the making
function's name and the `repr` of its arguments. Only plain values go in: dataclasses and
pydantic models whose repr shows every field, dates, strings, tuples; a record with a
`digest` (a public ruling or hearing: a hash of its content, made with the public view) goes
in by it, so a ruling's long text is not repr'd. A repr that varies between runs (sets,
objects without a repr) only costs a page made again, never a wrong one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import operator
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from importlib.metadata import PackageNotFoundError, version

from pydantic import BaseModel

from generator.fingerprint import source_digest

LIBRARIES = ("icalendar", "feedgen", "pyyaml")  # whose output keyed pages hold


@functools.cache
def code_fingerprint() -> str:
    """A hash of every source file of the generator and of the libraries' versions: any
    change of code, any new key."""
    h = hashlib.blake2b(source_digest("**/*.py").encode(), digest_size=16)
    for library in LIBRARIES:
        try:
            h.update(f"{library}={version(library)}".encode())
        except PackageNotFoundError:
            h.update(library.encode())
    return h.hexdigest()


class Keys:
    """The keys of one build. The repr of each record object is made once: the same
    category, judge and court objects are in thousands of rulings and hearings."""

    def __init__(self) -> None:
        self._models: dict[int, tuple[object, str]] = {}  # id -> (record, its repr)

    def key(self, name: str, args: tuple) -> str:
        """The key of `name(*args)`: the code, the name and the arguments."""
        values = ",".join(map(self.text_of, args))  # args: a new tuple each call, not kept
        return hashlib.blake2b(
            f"{code_fingerprint()}\0{name}\0({values})".encode("utf-8", "surrogatepass"),
            digest_size=20,
        ).hexdigest()

    def text_of(self, value: object) -> str:
        """`repr(value)`, with the repr of each record object (pydantic model or frozen
        dataclass) and of each tuple of them made once per build (keys, and the public
        view's content digests). The objects are kept with their repr, so an id is never
        reused meanwhile; they are records of one build, which nothing changes while it
        runs."""
        if type(value) in _PLAIN:
            return repr(value)
        known = self._models.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, list):  # mutable: never kept
            return "(" + self.joined(value) + ")"
        if isinstance(value, tuple):
            text = "(" + self.joined(value) + ")"
        elif isinstance(value, BaseModel | Enum):
            text = repr(value)
        elif (record := _record_fields(type(value))) is not None:
            labels, values, has_digest = record
            digest = getattr(value, "digest", None) if has_digest else None
            if digest:  # a record that hashes its own content (a public ruling, a hearing)
                return f"{type(value).__qualname__}#{digest}"
            text = f"{type(value).__qualname__}({self.joined(values(value), labels)})"
        else:
            return repr(value)
        self._models[id(value)] = (value, text)
        return text

    def joined(self, values: Iterable[object], labels: Sequence[str] = (), sep: str = ",") -> str:
        """`sep`.join of the `text_of` each value, each after its label if `labels` are
        given (plain values and records known already are done here: a call of text_of for
        each of the 300,000 values of 10,000 rulings and 13,000 hearings costs more)."""
        models, texts = self._models, []
        for v in values:
            if type(v) in _PLAIN:
                texts.append(repr(v))
            elif (known := models.get(id(v))) is not None and known[0] is v:
                texts.append(known[1])  # a shared record: a judge, a court, a category
            else:
                texts.append(self.text_of(v))
        if labels:
            texts = [label + text for label, text in zip(labels, texts, strict=True)]
        return sep.join(texts)


_PLAIN = frozenset({str, int, bool, float, type(None), dt.date, dt.datetime})


@functools.cache
def _record_fields(
    kind: type,
) -> tuple[tuple[str, ...], Callable[[object], tuple], bool] | None:
    """For a frozen dataclass (a record of the public view): the "name=" label of each
    field, a function that gives the fields' values in order, and whether it may carry a
    `digest`; None for any other type. Asked once per type (dataclasses.fields took a
    second at 10,000 rulings)."""
    params = getattr(kind, "__dataclass_params__", None)
    if params is None or not params.frozen:
        return None
    names = tuple(f.name for f in dataclasses.fields(kind))
    get = operator.attrgetter(*names) if len(names) > 1 else _one_of(names)
    return tuple(f"{name}=" for name in names), get, hasattr(kind, "digest") or "digest" in names


def _one_of(names: tuple[str, ...]) -> Callable[[object], tuple]:
    """The values of the fields `names` (none or one) as a tuple, as attrgetter gives many."""
    return lambda value: tuple(getattr(value, name) for name in names)
