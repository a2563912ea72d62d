"""Run the rule catalogue over a loaded registry and apply configuration and waivers.

Data flows one way: ``load()`` -> ``LoadResult`` -> ``check()`` -> ``Report`` -> reporters
and exporters. ``Report.findings`` holds loader problems and rule findings, sorted, with
waived findings marked (``Finding.waiver``) rather than dropped: reports still show them.

Order inside ``check``: the rules (RP1xx-RP6xx) run, severities are changed as the
registry's ``registry: rules: severity`` says, valid waivers are applied, and then the
waiver rules (RP9xx) run over what the waivers matched: an expired waiver, one that
matches nothing and one naming an unknown rule become findings themselves.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ropa.findings import Finding, Severity
from ropa.i18n import english, msg
from ropa.model import Value
from ropa.load import LoadResult, Registry
from ropa.model import Waiver

from ropa.rules.context import Context, WaiverUse, accepted

if TYPE_CHECKING:
    from ropa.rules import Rule

__all__ = ["Context", "Report", "WaiverUse", "check"]  # Context and WaiverUse live in ropa.rules.context

WAIVER_RULES = "RP9"  # rules that judge the waivers themselves run after waivers are applied


_set = object.__setattr__


class Report(Value):
    """The outcome of ``check``: the findings, sorted, waived ones marked (a copy with other
    findings: ``report._replace(findings=...)``)."""

    __slots__ = ("registry", "findings", "today", "rules_run")

    registry: Registry
    findings: tuple[Finding, ...]
    today: _dt.date
    rules_run: tuple[str, ...]

    def __init__(self, registry: Registry, findings: tuple[Finding, ...], today: _dt.date,
                 rules_run: tuple[str, ...] = ()) -> None:
        _set(self, "registry", registry)
        _set(self, "findings", findings)
        _set(self, "today", today)
        _set(self, "rules_run", rules_run)

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
    """Run every selected rule over ``result.registry``; apply severities and waivers.

    ``select``/``ignore`` are rule codes or prefixes (``RP2``); ``select`` given here
    replaces the registry's own selection, ``ignore`` adds to its ignore list.
    """
    from ropa.rules import catalogue

    registry = result.registry
    today = today or _dt.date.today()
    config = registry.meta.rules if registry.meta else None
    select = tuple(s.upper() for s in select) or (config.select if config else ())
    ignore = (*(i.upper() for i in ignore), *(config.ignore if config else ()))
    overrides = dict(config.severity or {}) if config else {}
    findings: list[Finding] = list(result.findings)
    ran: list[str] = []
    if result.fatal:
        findings.sort(key=Finding.sort_key)
        return Report(registry=registry, findings=tuple(findings), today=today)
    rules = [r for r in catalogue()
             if not (select and not _matches(r.code, select)) and not _matches(r.code, ignore)
             and (r.default or (select and _matches(r.code, select)))]  # an opt-in rule runs when selected
    ctx = Context(registry=registry, today=today)
    for rule in rules:
        if not rule.code.startswith(WAIVER_RULES):
            ctx.rule = rule
            ran.append(rule.code)
            findings.extend(_run(rule, ctx))
    if overrides:
        findings = [_override(f, overrides) for f in findings]
    waivable = frozenset(r.code for r in catalogue() if not r.code.startswith(WAIVER_RULES))
    findings, use = apply_waivers(findings, registry.waivers, waivable, today,
                                  accepted=lambda waiver: accepted(registry, waiver))
    ctx.waivers = use._replace(ran=frozenset(ran))
    for rule in rules:
        if rule.code.startswith(WAIVER_RULES):
            ctx.rule = rule
            ran.append(rule.code)
            findings.extend(_override(f, overrides) for f in _run(rule, ctx))
    findings.sort(key=Finding.sort_key)
    return Report(registry=registry, findings=tuple(findings), today=today, rules_run=tuple(ran))


INTERNAL_ERROR = "RP000"


def _run(rule: Rule, ctx: Context) -> list[Finding]:
    """A rule's findings; a crash in a rule is a bug, reported as one fatal finding (exit 2)."""
    try:
        return list(rule.check(ctx))
    except Exception as exc:  # the boundary between the catalogue and its users
        return [Finding(code=INTERNAL_ERROR, severity=Severity.ERROR, fatal=True,
                        message=msg("internal error in rule {code} ({kind}: {detail}); the other rules ran; "
                                    "please report this", code=rule.code, kind=type(exc).__name__,
                                    detail=english(str(exc))))]


def apply_waivers(findings: list[Finding], waivers: Iterable[Waiver], waivable: frozenset[str],
                  today: _dt.date, accepted: Callable[[Waiver], bool] | None = None,
                  ) -> tuple[list[Finding], WaiverUse]:
    """Mark each finding a valid waiver covers (same rule code and target); linear in both.

    A waiver is valid if it names a waivable rule, has not expired and (when ``accepted`` is
    given) was accepted by a person of the target's organisation; a waiver nobody of the
    organisation accepted waives nothing (RP904 reports it).
    """
    valid: dict[tuple[str, str], int] = {}
    expired = set()
    unaccepted = set()
    for index, waiver in enumerate(waivers):
        if waiver.rule not in waivable:
            continue
        if accepted is not None and not accepted(waiver):
            unaccepted.add(index)
        if waiver.expires < today:
            expired.add(index)
        if index in unaccepted or index in expired:
            continue
        valid.setdefault((waiver.rule, waiver.target), index)
    used: set[int] = set()
    all_waivers = tuple(waivers)
    out = []
    for finding in findings:
        covering = valid.get((finding.code, finding.target)) if finding.target else None
        if covering is not None and not finding.fatal:
            used.add(covering)
            finding = finding.with_waiver(all_waivers[covering])
        out.append(finding)
    return out, WaiverUse(waivable=waivable, used=frozenset(used), expired=frozenset(expired),
                          unaccepted=frozenset(unaccepted))


def _override(finding: Finding, overrides: Mapping[str, str]) -> Finding:
    level = overrides.get(finding.code)
    return finding.with_severity(Severity(level)) if level and not finding.fatal else finding

