"""The one problem type that flows from the loader and the rules to every reporter."""

from __future__ import annotations

from enum import Enum, IntEnum
from typing import Any

from ropa.model import NOWHERE, Span, Value, Waiver


class Severity(str, Enum):  # noqa: UP042 - StrEnum would change str(Severity.ERROR)
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Axis(str, Enum):  # noqa: UP042 - StrEnum would change str(Axis.RECORD)
    """What a finding judges (every rule declares one: ``AXIS`` in its module).

    * ``record``: the record's own content under Art. 30 (what it must state, and whether
      what it states is readable, current and consistent): "the record is incomplete";
    * ``lawfulness``: the lawfulness of the processing and the controller's accountability for
      it (legal bases, consent, contracts, transfer instruments, assessments; Art. 5(2), 24):
      "the processing may be unlawful, or its lawfulness is not demonstrated".

    Art. 30 does not ask for a legal basis, a transfer impact assessment or recipients by name;
    the DSK template recommends some of these fields. An auditor reading the record must tell
    the one question from the other.
    """

    RECORD = "record"
    LAWFULNESS = "lawfulness"


class ExitCode(IntEnum):
    """Exit codes of every command: documented in `ropa --help` and the README."""

    OK = 0
    FINDINGS = 1  # errors found (or warnings with --strict), or a check failed
    USAGE = 2  # bad usage, or input that cannot be read at all


_set = object.__setattr__


class Related(Value):
    """Another place of the same cause: a finding merged into one (``ropa.check.one_per_cause``).

    ``code`` is the merged finding's own code (e.g. RP607 for a recorded gap folded into the
    rule finding about the same field), so a tool still sees every code and location.
    """

    __slots__ = ("span", "target", "code")

    span: Span
    target: str | None
    code: str

    def __init__(self, span: Span, target: str | None, code: str) -> None:
        _set(self, "span", span)
        _set(self, "target", target)
        _set(self, "code", code)


class Finding(Value):
    """A problem found in a registry: by the loader (RP0xx) or by a rule."""

    __slots__ = ("code", "severity", "message", "span", "target", "reference", "fatal", "waiver", "axis",
                 "related", "answer")

    code: str
    severity: Severity
    message: str
    span: Span  # where: NOWHERE for registry-wide findings
    target: str | None  # id of the activity, recipient or organisation concerned
    reference: str | None  # legal reference the finding enforces
    fatal: bool  # the input could not be read at all (exit code 2)
    waiver: Waiver | None  # set when an accepted waiver covers this finding
    axis: Axis  # the record's Art. 30 content, or the processing's lawfulness (see ``Axis``)
    related: tuple[Related, ...]  # the same cause at other places (``ropa.check.one_per_cause``)
    # set on the findings the controller's answer settles (``Report.answered``; ``ropa.answers.Answer``)
    answer: Any

    def __init__(self, code: str, severity: Severity, message: str, span: Span = NOWHERE,
                 target: str | None = None, reference: str | None = None, fatal: bool = False,
                 waiver: Waiver | None = None, axis: Axis = Axis.RECORD,
                 related: tuple[Related, ...] = (), answer: Any = None) -> None:
        _set(self, "code", code)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "span", span)
        _set(self, "target", target)
        _set(self, "reference", reference)
        _set(self, "fatal", fatal)
        _set(self, "waiver", waiver)
        _set(self, "axis", axis)
        _set(self, "related", related)
        _set(self, "answer", answer)

    def text(self, lang: str | None) -> str:
        """The message in ``lang`` (``message`` is the English, stable for machines)."""
        from ropa.i18n import localized

        text = localized(self.message, lang)
        others = self.other_targets
        if others:
            from ropa.i18n import _

            text += _(" (also concerns {targets})", lang, targets=", ".join(others))
        return text

    @property
    def targets(self) -> tuple[str, ...]:
        """Every entry the finding concerns: its target, then those of its related places."""
        out = [self.target] if self.target else []
        out += [r.target for r in self.related if r.target and r.target not in out]
        return tuple(out)

    @property
    def other_targets(self) -> tuple[str, ...]:
        return self.targets[1:] if self.target else self.targets

    def concerns(self, ident: str) -> bool:
        return self.target == ident or any(r.target == ident for r in self.related)

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
                       self.fatal, waiver, self.axis, self.related, self.answer)

    def with_severity(self, severity: Severity) -> Finding:
        return Finding(self.code, severity, self.message, self.span, self.target, self.reference,
                       self.fatal, self.waiver, self.axis, self.related, self.answer)

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span.file else ""
        return f"{where}{self.code} {self.message}"


class RopaError(Exception):
    """Base of every domain error: the CLI prints it on one line and exits with its code."""

    exit_code: ExitCode = ExitCode.USAGE
