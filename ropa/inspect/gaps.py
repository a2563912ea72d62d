"""`ropa gaps`: the DPO's to-do list.

Open findings grouped by the activity (or recipient, organisation) they are about and by
severity; waived findings with the date their waiver expires; activities past their review
date. The gaps and conflicts the registry itself records are their findings (RP607, RP608),
listed once each with the whole note.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from ropa.check import Report
from ropa.findings import Finding, Severity
from ropa.inspect.common import text
from ropa.model import Value

if TYPE_CHECKING:
    from ropa.load import Registry

REGISTRY_WIDE = "(registry)"

_set = object.__setattr__


class TargetGaps(Value):
    __slots__ = ("target", "kind", "name", "open", "waived")

    target: str  # activity, recipient or organisation id, or REGISTRY_WIDE
    kind: str  # activity, recipient, organisation, registry
    name: str
    open: dict[str, list[Finding]]  # severity -> findings
    waived: list[Finding]

    def __init__(self, target: str, kind: str, name: str, open: dict[str, list[Finding]] | None = None,
            waived: list[Finding] | None = None) -> None:
        _set(self, "target", target)
        _set(self, "kind", kind)
        _set(self, "name", name)
        _set(self, "open", {} if open is None else open)
        _set(self, "waived", [] if waived is None else waived)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.open.values())


class OverdueReview(Value):
    __slots__ = ("activity", "name", "review_due", "days_overdue")

    activity: str
    name: str
    review_due: _dt.date
    days_overdue: int

    def __init__(self, activity: str, name: str, review_due: _dt.date, days_overdue: int) -> None:
        _set(self, "activity", activity)
        _set(self, "name", name)
        _set(self, "review_due", review_due)
        _set(self, "days_overdue", days_overdue)


class Gaps(Value):
    __slots__ = ("targets", "overdue", "today", "notes")

    targets: list[TargetGaps]
    overdue: list[OverdueReview]
    today: _dt.date
    notes: dict  # position -> full note of a recorded gap or conflict

    def __init__(self, targets: list[TargetGaps], overdue: list[OverdueReview], today: _dt.date,
            notes: dict | None = None) -> None:
        _set(self, "targets", targets)
        _set(self, "overdue", overdue)
        _set(self, "today", today)
        _set(self, "notes", {} if notes is None else notes)

    @property
    def open_count(self) -> int:
        return sum(t.count for t in self.targets)

    @property
    def waived_count(self) -> int:
        return sum(len(t.waived) for t in self.targets)

    def counts(self) -> dict[str, int]:
        """Open points by severity, waived ones, overdue reviews, and the entries they concern."""
        by = {s.value: sum(len(t.open.get(s.value, ())) for t in self.targets) for s in Severity}
        return {"open": self.open_count, **by, "waived": self.waived_count, "overdue_reviews": len(self.overdue),
                "targets": sum(1 for t in self.targets if t.open)}


RECORDED = ("RP607", "RP608")  # a gap or conflict the registry records: one finding each


def recorded_notes(registry: Registry, lang: str) -> dict[tuple[str, int, int], str]:
    """The whole note of every recorded gap and conflict, by the position of its entry.

    The entries are those the rules RP607 and RP608 report (``rp607_recorded_gap.owners``).
    """
    from ropa.rules.rp607_recorded_gap import owners

    notes = {}
    for _ident, node in owners(registry):
        for entry in (*getattr(node, "gaps", ()), *getattr(node, "conflicts", ())):
            span = entry.span
            notes[(span.file, span.line, span.col)] = " ".join(text(entry.note, lang).split())
    return notes


def message(finding: Finding, notes: dict[tuple[str, int, int], str], lang: str | None = None) -> str:
    """A finding's message; for a recorded gap or conflict, with the whole note (never shortened).

    With ``lang``, the message in that language (the note as the registry has it, marked with
    its language where it is another): the catalogue's message carries the whole note."""
    if lang is not None:
        return finding.text(lang)
    if finding.code in RECORDED:
        span = finding.span
        note = notes.get((span.file, span.line, span.col))
        head, sep, _summary = finding.message.partition("): ")
        if note is not None and sep:
            return f"{head}): {note}"
    return finding.message


_KIND_RANK = {"activity": 0, "recipient": 1, "organisation": 2, "registry": 3}


def _own(registry: Any, organisation: str | None) -> set[str] | None:
    """The targets of one organisation's record (itself, its activities and their recipients);
    None for every organisation."""
    if organisation is None:
        return None
    activities = registry.activities_of(organisation)
    return {a.id for a in activities} | {organisation} | {u.recipient for a in activities for u in a.recipients or ()}


def _target(registry: Any, key: str, lang: str) -> TargetGaps:
    """An empty entry for the target ``key`` (``REGISTRY_WIDE`` for the registry)."""
    if key == REGISTRY_WIDE:
        return TargetGaps(key, "registry", "")
    if key in registry.activities:
        return TargetGaps(key, "activity", text(registry.activities[key].name, lang))
    if key in registry.recipients:
        return TargetGaps(key, "recipient", registry.recipients[key].name)
    return TargetGaps(key, "organisation", registry.organisations[key].name)


def _by_target(report: Report, lang: str, include_recorded: bool, own: set[str] | None) -> list[TargetGaps]:
    """The findings by target (open ones by severity, worst first; waived ones apart), the
    targets with the worst open findings first."""
    registry = report.registry
    by_target: dict[str, TargetGaps] = {}
    for finding in report.findings:
        if (finding.code in RECORDED and not include_recorded) or (own is not None and finding.target not in own):
            continue
        ident = finding.target
        key = ident if ident and registry.target(ident) is not None else REGISTRY_WIDE
        target = by_target.get(key) or by_target.setdefault(key, _target(registry, key, lang))
        if finding.waived:
            target.waived.append(finding)
        else:
            target.open.setdefault(finding.severity.value, []).append(finding)
    for target in by_target.values():
        _worst_first(target)
    return sorted(by_target.values(), key=_rank)


def _worst_first(target: TargetGaps) -> None:
    """The target's open findings by severity, errors first."""
    ordered: dict[str, list[Finding]] = {s.value: target.open[s.value] for s in Severity if s.value in target.open}
    target.open.clear()
    target.open.update(ordered)


def _rank(target: TargetGaps) -> tuple:
    """Targets with the worst open findings first; then activities, recipients, organisations, the registry."""
    return min((Severity(s).rank for s in target.open), default=9), _KIND_RANK[target.kind], target.target


def _overdue(report: Report, lang: str, own: set[str] | None) -> list[OverdueReview]:
    """The activities in use whose review date has passed, the longest overdue first."""
    overdue = [OverdueReview(a.id, text(a.name, lang), a.review_due, (report.today - a.review_due).days)
               for a in report.registry.activities.values()
               if a.review_due is not None and a.review_due < report.today and a.status != "retired"
               and (own is None or a.id in own)]
    return sorted(overdue, key=lambda o: (o.review_due, o.activity))


def gaps(report: Report, lang: str = "en", *, include_recorded: bool = True,
         organisation: str | None = None) -> Gaps:
    """Every open point once: findings by target and severity (recorded gaps and conflicts are
    their RP607/RP608 findings), waived findings, overdue reviews; optionally of one organisation."""
    own = _own(report.registry, organisation)
    return Gaps(_by_target(report, lang, include_recorded, own), _overdue(report, lang, own), report.today,
                recorded_notes(report.registry, lang))


def as_dict(result: Gaps) -> dict:
    """The to-do list as data (``ropa gaps --format json``); messages in full."""
    def finding(f: Finding) -> dict:
        return {"code": f.code, "severity": f.severity.value, "message": message(f, result.notes),
                "location": str(f.span), "reference": f.reference}

    return {
        "today": result.today.isoformat(),
        "counts": result.counts(),
        "targets": [{"target": t.target, "kind": t.kind, "name": t.name,
                     "open": {s: [finding(f) for f in fs] for s, fs in t.open.items()},
                     "waived": [{**finding(f), "expires": f.waiver.expires.isoformat(),
                                 "accepted_by": f.waiver.accepted_by} for f in t.waived if f.waiver]}
                    for t in result.targets],
        "overdue_reviews": [{"activity": o.activity, "name": o.name, "review_due": o.review_due.isoformat(),
                             "days_overdue": o.days_overdue} for o in result.overdue],
    }


def waiver_line(finding: Finding, today: _dt.date, text: str | None = None, lang: str = "en") -> str:
    """A waived finding with who accepted it and when the waiver expires."""
    from ropa import labels
    from ropa.i18n import _, _n

    waiver = finding.waiver
    assert waiver is not None
    days = (waiver.expires - today).days
    expires = labels.fmt_date(waiver.expires, lang)
    if days >= 0:
        note = _n("[waived by {by}, expires {expires} (in {days} day)]",
                  "[waived by {by}, expires {expires} (in {days} days)]", days, lang,
                  by=waiver.accepted_by, expires=expires, days=days)
    else:
        note = _("[waived by {by}, expires {expires} (EXPIRED)]", lang, by=waiver.accepted_by, expires=expires)
    return f"{finding.code} {text or finding.message} {note}"
