"""Run the rule catalogue over a loaded registry and apply configuration and waivers.

Data flows one way: ``load()`` -> ``LoadResult`` -> ``check()`` -> ``Report`` -> reporters
and exporters. ``Report.findings`` holds loader problems and rule findings, sorted, with
waived findings marked (``Finding.waiver``) rather than dropped: reports still show them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ropa.findings import Finding, Severity
from ropa.load import LoadResult, Registry
from ropa.model import NOWHERE, Span


@dataclass
class Context:
    """What a rule sees: the registry, the date to judge dates against, and a finding factory."""

    registry: Registry
    today: _dt.date
    rule: object = None  # the Rule being run (set by `check`)

    def finding(self, span: Span | None, message: str, target: str | None = None,
                severity: Severity | None = None) -> Finding:
        rule = self.rule
        return Finding(code=rule.code, severity=severity or rule.severity, message=message,  # type: ignore[attr-defined]
                       span=span or NOWHERE, target=target, reference=rule.reference)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Report:
    registry: Registry
    findings: tuple[Finding, ...]
    today: _dt.date
    rules_run: tuple[str, ...] = field(default=())

    @property
    def open(self) -> tuple[Finding, ...]:
        """Findings not covered by a waiver."""
        return tuple(f for f in self.findings if not f.waived)

    @property
    def waived(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.waived)

    def count(self, severity: Severity, *, include_waived: bool = False) -> int:
        return sum(1 for f in self.findings
                   if f.severity is severity and (include_waived or not f.waived))

    @property
    def fatal(self) -> bool:
        return any(f.fatal for f in self.findings)

    def for_target(self, ident: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.target == ident)


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in patterns)


def check(result: LoadResult, *, today: _dt.date | None = None,
          select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Report:
    """Run every selected rule over ``result.registry``; loader findings come first."""
    from ropa.rules import catalogue

    registry = result.registry
    today = today or _dt.date.today()
    config = registry.meta.rules if registry.meta else None
    select = tuple(select) or (config.select if config else ())
    ignore = (*ignore, *(config.ignore if config else ()))
    overrides = dict(config.severity or {}) if config else {}
    findings: list[Finding] = list(result.findings)
    ran = []
    if not result.fatal:
        ctx = Context(registry=registry, today=today)
        for rule in catalogue():
            if (select and not _matches(rule.code, select)) or _matches(rule.code, ignore):
                continue
            ctx.rule = rule
            ran.append(rule.code)
            findings.extend(rule.check(ctx))
    if overrides:
        findings = [_override(f, overrides) for f in findings]
    findings.sort(key=Finding.sort_key)
    return Report(registry=registry, findings=tuple(findings), today=today, rules_run=tuple(ran))


def _override(finding: Finding, overrides: dict[str, str]) -> Finding:
    from dataclasses import replace

    level = overrides.get(finding.code)
    return replace(finding, severity=Severity(level)) if level else finding


def iter_activities(registry: Registry) -> Iterator:
    """Activities in registry order (a helper for rules)."""
    return iter(registry.activities.values())
