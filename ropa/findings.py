"""The one problem type that flows from the loader and the rules to every reporter."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum, IntEnum

from ropa.model import NOWHERE, Span, Waiver


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class ExitCode(IntEnum):
    """Exit codes of every command: documented in `ropa --help` and the README."""

    OK = 0
    FINDINGS = 1  # errors found (or warnings with --strict), or a check failed
    USAGE = 2  # bad usage, or input that cannot be read at all


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in a registry: by the loader (RP0xx) or by a rule."""

    code: str
    severity: Severity
    message: str
    span: Span = NOWHERE
    target: str | None = None  # id of the activity, recipient or organisation concerned
    reference: str | None = None  # legal reference the finding enforces
    fatal: bool = False  # the input could not be read at all (exit code 2)
    waiver: Waiver | None = None  # set when an accepted waiver covers this finding

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def sort_key(self) -> tuple:
        return (self.span.file, self.span.line, self.span.col, self.code, self.target or "", self.message)

    def with_waiver(self, waiver: Waiver) -> "Finding":
        return replace(self, waiver=waiver)

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span.file else ""
        return f"{where}{self.code} {self.message}"


class RopaError(Exception):
    """Base of every domain error: the CLI prints it on one line and exits with its code."""

    exit_code: ExitCode = ExitCode.USAGE
