"""Run the rule catalogue over a loaded registry and apply configuration and waivers.

Data flows one way: ``load()`` -> ``LoadResult`` -> ``check()`` -> ``Report`` -> reporters
and exporters. ``Report.findings`` holds loader problems and rule findings, sorted, with
waived findings marked (``Finding.waiver``) rather than dropped: reports still show them.

Order inside ``check``: the rules (RP1xx-RP6xx) run, severities are changed as the
registry's ``registry: rules: severity`` says, valid waivers are applied, and then the
waiver rules (RP9xx) run over what the waivers matched: an expired waiver, one that
matches nothing and one naming an unknown rule become findings themselves. Last, findings
of one cause become one finding (``one_per_cause``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ropa.answers import MERGED as MERGED_MESSAGE
from ropa.answers import settle
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

    __slots__ = ("registry", "findings", "today", "rules_run", "answered")

    registry: Registry
    findings: tuple[Finding, ...]
    today: _dt.date
    rules_run: tuple[str, ...]
    # findings the controller's answers settle (``ropa.answers.settle``), each with its ``answer``:
    # not open, not counted, shown as settled by the controller's statement with its source
    answered: tuple[Finding, ...]

    def __init__(self, registry: Registry, findings: tuple[Finding, ...], today: _dt.date,
                 rules_run: tuple[str, ...] = (), answered: tuple[Finding, ...] = ()) -> None:
        _set(self, "registry", registry)
        _set(self, "findings", findings)
        _set(self, "today", today)
        _set(self, "rules_run", rules_run)
        _set(self, "answered", answered)

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
        """The findings that concern ``ident``: as their target or one of their related places."""
        return tuple(f for f in self.findings if f.concerns(ident))


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
    _prepare(rules, ctx)
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
    findings = one_per_cause(findings, registry)

    def rerun(changed: Registry) -> list[Finding]:
        """The rules' findings on the registry with the facts the controller's answers state."""
        again = Context(registry=changed, today=today)
        out: list[Finding] = []
        for rule in rules:
            if not rule.code.startswith(WAIVER_RULES):
                again.rule = rule
                out.extend(_run(rule, again))
        out = [_override(f, overrides) for f in out] if overrides else out
        out.sort(key=Finding.sort_key)
        return one_per_cause(out, changed)

    findings, answered = settle(findings, registry, rerun, {r.code: r.fields for r in catalogue()})
    findings.sort(key=Finding.sort_key)
    return Report(registry=registry, findings=tuple(findings), today=today, rules_run=tuple(ran),
                  answered=tuple(sorted(answered, key=Finding.sort_key)))


# --- one cause, one finding --------------------------------------------------------------------

RECORDED_OPEN = ("RP607", "RP608")  # a gap or conflict the registry records about one field
MERGED = MERGED_MESSAGE  # a rule's finding with the gap or conflict recorded about its field (ropa.answers)


def one_per_cause(findings: list[Finding], registry: Registry) -> list[Finding]:
    """Findings that share a cause, merged into one (issue 24: "one cause, one finding").

    * A gap or conflict the registry records (RP607, RP608) on the same entry and field as a
      rule's finding (the rule's ``FIELDS``) is that finding's cause: the rule's finding stays
      (its code, position and legal claim), says what the registry records, takes the worse
      severity, and lists the recorded place as related. A recorded "retention: not stated"
      beside RP501 "states no erasure time limit" is one open point, not two.
    * A rule that declares ``CAUSE`` (the message values naming the cause, e.g. the recipient)
      reports one finding for every activity of one organisation its cause concerns: the first
      place stays the finding's, the others are related places and the message names them.

    Waived findings are never merged (a waiver covers one rule and target). ``findings`` is sorted;
    so is the result. Linear in the number of findings.
    """
    from ropa.findings import Related
    from ropa.i18n import msg
    from ropa.rules import by_code

    rules = by_code()
    findings = _absorbed_by_ceased(findings)
    fields_of = {code: rule.fields for code, rule in rules.items() if rule.fields}
    # 1. recorded gaps and conflicts into the rule finding about the same field
    judged: dict[tuple[str, str], int] = {}  # (target, field) -> index of the first rule finding
    for index, finding in enumerate(findings):
        if finding.target and not finding.waived and finding.code in fields_of:
            for field in fields_of[finding.code]:
                judged.setdefault((finding.target, field), index)
    merged: dict[int, list[Finding]] = {}
    dropped: set[int] = set()
    for index, finding in enumerate(findings):
        if finding.code not in RECORDED_OPEN or finding.waived or not finding.target:
            continue
        named = _recorded_field(finding)
        home = judged.get((finding.target, named)) if named else None
        if home is not None:
            merged.setdefault(home, []).append(finding)
            dropped.add(index)
    out: list[Finding] = []
    for index, finding in enumerate(findings):
        if index in dropped:
            continue
        for recorded in merged.get(index, ()):
            worse = finding.severity if finding.severity.rank <= recorded.severity.rank else recorded.severity
            finding = Finding(finding.code, worse, msg(MERGED, finding=finding.message,
                                                      recorded=recorded.message),
                              finding.span, finding.target, finding.reference, finding.fatal, finding.waiver,
                              finding.axis, (*finding.related, Related(recorded.span, recorded.target, recorded.code)))
        out.append(finding)
    # 2. one cause across several activities of one organisation
    causes = {code: rule.cause for code, rule in rules.items() if rule.cause}
    first: dict[tuple, int] = {}
    others: dict[int, list[Finding]] = {}
    keep: list[bool] = [True] * len(out)
    for index, finding in enumerate(out):
        cause = causes.get(finding.code)
        message = finding.message
        while getattr(message, "msgid", None) == MERGED:  # the rule's own message, without the recorded gap
            message = message.values["finding"]  # type: ignore[attr-defined]
        values = getattr(message, "values", None)
        if not cause or finding.waived or values is None or not finding.target or any(n not in values for n in cause):
            continue
        activity = registry.activities.get(finding.target)
        key = (finding.code, getattr(message, "msgid", ""), activity.organisation if activity else None,
               finding.severity, *(str(values.get(name, "")) for name in cause))
        home = first.setdefault(key, index)
        if home != index:
            others.setdefault(home, []).append(finding)
            keep[index] = False
    if not others:
        return out
    result = []
    for index, finding in enumerate(out):
        if not keep[index]:
            continue
        extra = others.get(index)
        if extra:
            related = [*finding.related]
            for other in extra:
                related.append(Related(other.span, other.target, other.code))
                related.extend(other.related)
            finding = Finding(finding.code, finding.severity, finding.message, finding.span, finding.target,
                              finding.reference, finding.fatal, finding.waiver, finding.axis, tuple(related))
        result.append(finding)
    return result


CEASED = "RP603"  # an activity that discloses to a recipient that no longer exists


def _absorbed_by_ceased(findings: list[Finding]) -> list[Finding]:
    """Every other finding about an activity RP603 reports (a service that ceased to exist) is part
    of that one finding: a dead service's missing transfer mechanism, consent or DPIA is not a
    question of lawfulness any more; that the record and the notice still describe it is the one
    open point. The others stay as related places (no code or location is lost to tools)."""
    from ropa.findings import Related

    home = {f.target: i for i, f in enumerate(findings)
            if f.code == CEASED and f.target and not f.waived and getattr(f.message, "msgid", "") == CEASED_ACTIVITY}
    if not home:
        return findings
    folded: dict[int, list[Finding]] = {}
    out_index = set()
    for index, finding in enumerate(findings):
        target = finding.target
        if target in home and index != home[target] and not finding.waived and not finding.fatal:
            folded.setdefault(home[target], []).append(finding)
            out_index.add(index)
    result = []
    for index, finding in enumerate(findings):
        if index in out_index:
            continue
        extra = folded.get(index)
        if extra:
            finding = finding._replace(related=(*finding.related, *(Related(f.span, f.target, f.code) for f in extra)))
        result.append(finding)
    return result


CEASED_ACTIVITY = ("'{id}' discloses data to '{recipient}', which ceased to exist on {date}: the record, and any "
                   "notice it follows, still describe processing that can no longer take place; retire the activity "
                   "(status: retired) and correct the notice")


def _recorded_field(finding: Finding) -> str | None:
    """The field (its first part: ``consent`` of ``consent.mechanism``) a recorded gap or conflict names."""
    values = getattr(finding.message, "values", None)
    field = values.get("field") if values else None
    if field is None:
        return None
    return str(field).split(".", 1)[0].split("[", 1)[0]


INTERNAL_ERROR = "RP000"


def _prepare(rules: list[Rule], ctx: Context) -> None:
    """Let the rules that wait on the world outside (RP612's git processes) start it now, so it
    runs while the other rules do. A rule module's optional ``prepare(ctx)`` only starts work
    its ``check`` would otherwise do itself (``ctx.memo`` carries it over): when it fails, the
    rule's ``check`` does that work and reports what goes wrong."""
    for rule in rules:
        prepare = getattr(rule.module, "prepare", None)
        if prepare is not None:
            ctx.rule = rule
            try:
                prepare(ctx)
            except Exception:  # the rule's check does the work itself and reports a crash
                pass
    ctx.rule = None


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

