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
from typing import TYPE_CHECKING, Any

from ropa.findings import Finding, Severity
from ropa.i18n import english, msg
from ropa.model import Value
from ropa.load import LoadResult, Registry
from ropa.model import NOWHERE, Organisation, Span, Waiver

if TYPE_CHECKING:
    from ropa.rules import Rule

WAIVER_RULES = "RP9"  # rules that judge the waivers themselves run after waivers are applied


_set = object.__setattr__


class WaiverUse(Value):
    """How the registry's waivers fared: for the RP9xx rules."""

    __slots__ = ("waivable", "used", "expired", "ran", "unaccepted")

    waivable: frozenset[str]  # rule codes a waiver may name
    used: frozenset[int]  # indexes (in registry.waivers) of waivers that covered a finding
    expired: frozenset[int]
    ran: frozenset[str]  # rule codes that ran: a waiver for a skipped rule is not "unused"
    unaccepted: frozenset[int]  # waivers whose accepted_by is nobody of the target's organisation

    def __init__(self, waivable: frozenset[str], used: frozenset[int], expired: frozenset[int],
                 ran: frozenset[str] = frozenset(), unaccepted: frozenset[int] = frozenset()) -> None:
        _set(self, "waivable", waivable)
        _set(self, "used", used)
        _set(self, "expired", expired)
        _set(self, "ran", ran)
        _set(self, "unaccepted", unaccepted)


# --- who may accept a waiver ------------------------------------------------------------------

def _person(name: str) -> str:
    """A person's name compared case- and space-insensitively, without a trailing ``(role)``."""
    name = name.strip()
    if name.endswith(")") and "(" in name:
        name = name[:name.rindex("(")]
    return " ".join(name.split()).casefold()


def persons(org: Organisation) -> dict[str, str]:
    """The people recorded for ``org`` who may accept a waiver: normalised name -> role key
    (``management``, ``dpo`` or ``officer``)."""
    out: dict[str, str] = {}
    for name in org.management:
        out.setdefault(_person(name), "management")
    if org.dpo is not None and org.dpo.name:
        out.setdefault(_person(org.dpo.name), "dpo")
    for officer in org.officers:
        out.setdefault(_person(officer.name), "officer")
    return out


def waiver_organisations(registry: Registry, waiver: Waiver) -> list[Organisation]:
    """The organisations one of whose people must accept ``waiver``.

    * an activity: the organisation keeping its record;
    * an organisation: itself;
    * a recipient (a catalogue entry several records may share): every record-keeping
      organisation whose activities disclose or transfer data to it; if none does, every
      record-keeping organisation;
    * an unknown target (or a registry-wide finding): every record-keeping organisation.

    A person of any of the organisations returned may accept it.
    """
    orgs = registry.organisations
    activity = registry.activities.get(waiver.target)
    if activity is not None:
        org = orgs.get(activity.organisation)
        return [org] if org is not None else []
    if waiver.target in orgs:
        return [orgs[waiver.target]]
    keepers = [o for o in orgs.values() if o.keeps_record]
    if waiver.target in registry.recipients:
        users = {a.organisation for a in registry.activities_using(waiver.target)}
        using = [o for o in keepers if o.id in users]
        return using or keepers
    return keepers


def accepted(registry: Registry, waiver: Waiver) -> bool:
    """Whether ``waiver.accepted_by`` names a person recorded for the target's organisation."""
    name = _person(waiver.accepted_by)
    return any(name in persons(org) for org in waiver_organisations(registry, waiver))


class Context:
    """What a rule sees (the type of ``check(ctx)``): the registry, the date to judge dates
    against, and a finding factory; ``memo`` is a per-check cache for rule helpers (results
    several rules share, such as the transfer assessments)."""

    _FIELDS = ("registry", "today", "rule", "waivers")
    __hash__ = None  # type: ignore[assignment]  # mutable: `check` sets `rule` and `waivers`

    def __init__(self, registry: Registry, today: _dt.date, rule: Rule | None = None,
                 waivers: WaiverUse | None = None) -> None:
        self.registry = registry
        self.today = today
        self.rule = rule  # the Rule being run (set by `check`)
        self.waivers = waivers  # set before the RP9xx rules run
        self.memo: dict[str, Any] = {}

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return tuple(getattr(self, n) for n in self._FIELDS) == tuple(getattr(other, n) for n in self._FIELDS)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"{self.__class__.__qualname__}({fields})"

    def finding(self, span: Span | None, message: str, target: str | None = None,
                severity: Severity | None = None) -> Finding:
        rule = self.rule
        if rule is None:
            raise RuntimeError("ctx.finding() outside a rule: check() sets ctx.rule")
        return Finding(rule.code, severity or rule.severity, message, span or NOWHERE, target, rule.reference)


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

