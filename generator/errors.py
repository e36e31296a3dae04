"""Problems found in records, and the exception tree the CLI turns into clean messages."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

import click


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file: printed as `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        tag = " (warning)" if self.severity is Severity.WARNING else ""
        return f"{where}:{field} {self.message}{tag}"

    def as_json(self) -> dict:
        return asdict(self)


class AlqaError(click.ClickException):
    """Base of every error a user should see as a message, not a traceback."""


class RecordsInvalid(AlqaError):
    """The records have errors; the command that needed them stops."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity is Severity.ERROR]
        super().__init__(f"{len(errors)} error(s) in the records; run `alqa check` to see them")


class BuildError(AlqaError):
    """A build step failed; the previous output is left in place."""
