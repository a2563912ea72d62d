"""The one problem type that flows from the loader and the rules to every reporter."""

from __future__ import annotations

from enum import Enum, IntEnum

from ropa.model import NOWHERE, Span, Value, Waiver


class Severity(str, Enum):  # noqa: UP042 - StrEnum would change str(Severity.ERROR)
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


_set = object.__setattr__


class Finding(Value):
    """A problem found in a registry: by the loader (RP0xx) or by a rule."""

    __slots__ = ("code", "severity", "message", "span", "target", "reference", "fatal", "waiver")

    code: str
    severity: Severity
    message: str
    span: Span  # where: NOWHERE for registry-wide findings
    target: str | None  # id of the activity, recipient or organisation concerned
    reference: str | None  # legal reference the finding enforces
    fatal: bool  # the input could not be read at all (exit code 2)
    waiver: Waiver | None  # set when an accepted waiver covers this finding

    def __init__(self, code: str, severity: Severity, message: str, span: Span = NOWHERE,
                 target: str | None = None, reference: str | None = None, fatal: bool = False,
                 waiver: Waiver | None = None) -> None:
        _set(self, "code", code)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "span", span)
        _set(self, "target", target)
        _set(self, "reference", reference)
        _set(self, "fatal", fatal)
        _set(self, "waiver", waiver)

    def text(self, lang: str | None) -> str:
        """The message in ``lang`` (``message`` is the English, stable for machines)."""
        from ropa.i18n import localized

        return localized(self.message, lang)

    def cited(self, lang: str | None) -> str:
        """The legal reference in ``lang``'s citation style."""
        from ropa.i18n import cite

        return cite(self.reference, lang)

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def sort_key(self) -> tuple:
        span = self.span
        return (span.file, span.line, span.col, self.code, self.target or "", self.message)

    def with_waiver(self, waiver: Waiver) -> Finding:
        return Finding(self.code, self.severity, self.message, self.span, self.target, self.reference,
                       self.fatal, waiver)

    def with_severity(self, severity: Severity) -> Finding:
        return Finding(self.code, severity, self.message, self.span, self.target, self.reference,
                       self.fatal, self.waiver)

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span.file else ""
        return f"{where}{self.code} {self.message}"


class RopaError(Exception):
    """Base of every domain error: the CLI prints it on one line and exits with its code."""

    exit_code: ExitCode = ExitCode.USAGE
