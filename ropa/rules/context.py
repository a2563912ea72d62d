"""What a rule sees: ``Context`` (the type of a rule's ``check(ctx)``) and ``WaiverUse``.

Kept apart from ``ropa.check`` (which runs the rules) so that the rule modules and the rule
catalogue depend on this small module, not on the runner: ``check`` -> ``rules`` only, never
back (no import cycle). ``ropa.check`` re-exports both names.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from ropa.findings import Axis, Finding, Severity
from ropa.model import NOWHERE, Organisation, Span, Value, Waiver

if TYPE_CHECKING:
    from ropa.load import Registry
    from ropa.rules import Rule

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
                severity: Severity | None = None, axis: Axis | None = None) -> Finding:
        """A finding of the running rule; ``axis`` overrides the rule's for a rule that reports
        on both (a recorded gap is a record gap or a lawfulness gap by its field)."""
        rule = self.rule
        if rule is None:
            raise RuntimeError("ctx.finding() outside a rule: check() sets ctx.rule")
        return Finding(rule.code, severity or rule.severity, message, span or NOWHERE, target, rule.reference,
                       axis=axis or rule.axis or Axis.RECORD)


# --- who may accept a waiver ------------------------------------------------------------------

def person(name: str) -> str:
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
        out.setdefault(person(name), "management")
    if org.dpo is not None and org.dpo.name:
        out.setdefault(person(org.dpo.name), "dpo")
    for officer in org.officers:
        out.setdefault(person(officer.name), "officer")
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
    return organisations_of(registry, waiver.target)


def organisations_of(registry: Registry, target: str | None) -> list[Organisation]:
    """The organisations whose people speak for ``target`` (``waiver_organisations``)."""
    orgs = registry.organisations
    activity = registry.activities.get(target or "")
    if activity is not None:
        org = orgs.get(activity.organisation)
        return [org] if org is not None else []
    if target in orgs:
        return [orgs[target]]
    keepers = [o for o in orgs.values() if o.keeps_record]
    if target is not None and target in registry.recipients:
        users = {a.organisation for a in registry.activities_using(target)}
        using = [o for o in keepers if o.id in users]
        return using or keepers
    return keepers


def accepted(registry: Registry, waiver: Waiver) -> bool:
    """Whether ``waiver.accepted_by`` names a person recorded for the target's organisation."""
    name = person(waiver.accepted_by)
    return any(name in persons(org) for org in waiver_organisations(registry, waiver))
