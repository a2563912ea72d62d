"""`ropa gaps`: the DPO's to-do list.

Open findings grouped by the activity (or recipient, organisation) they are about and by
severity; waived findings with the date their waiver expires; activities past their review
date; and the gaps the registry itself records (facts the documents do not state).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from ropa.check import Report
from ropa.findings import Finding, Severity
from ropa.inspect.common import text

REGISTRY_WIDE = "(registry)"


@dataclass(frozen=True)
class TargetGaps:
    target: str  # activity, recipient or organisation id, or REGISTRY_WIDE
    kind: str  # activity, recipient, organisation, registry
    name: str
    open: dict[str, list[Finding]] = field(default_factory=dict)  # severity -> findings
    waived: list[Finding] = field(default_factory=list)
    recorded: list[tuple[str, str]] = field(default_factory=list)  # (field, note) from `gaps:`

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.open.values())


@dataclass(frozen=True)
class OverdueReview:
    activity: str
    name: str
    review_due: _dt.date
    days_overdue: int


@dataclass(frozen=True)
class Gaps:
    targets: list[TargetGaps]
    overdue: list[OverdueReview]
    today: _dt.date

    @property
    def open_count(self) -> int:
        return sum(t.count for t in self.targets)

    @property
    def waived_count(self) -> int:
        return sum(len(t.waived) for t in self.targets)


def gaps(report: Report, lang: str = "en", *, include_recorded: bool = True) -> Gaps:
    registry = report.registry
    by_target: dict[str, TargetGaps] = {}

    def entry(ident: str | None) -> TargetGaps:
        key = ident if ident and registry.target(ident) is not None else REGISTRY_WIDE
        found = by_target.get(key)
        if found is None:
            if key == REGISTRY_WIDE:
                found = TargetGaps(key, "registry", "")
            elif key in registry.activities:
                found = TargetGaps(key, "activity", text(registry.activities[key].name, lang))
            elif key in registry.recipients:
                found = TargetGaps(key, "recipient", registry.recipients[key].name)
            else:
                found = TargetGaps(key, "organisation", registry.organisations[key].name)
            by_target[key] = found
        return found

    for finding in report.findings:
        target = entry(finding.target)
        if finding.waived:
            target.waived.append(finding)
        else:
            target.open.setdefault(finding.severity.value, []).append(finding)
    if include_recorded:
        for collection in (registry.activities, registry.recipients, registry.organisations):
            for node in collection.values():
                for gap in node.gaps:
                    entry(node.id).recorded.append((gap.field, text(gap.note, lang)))
    for target in by_target.values():
        ordered = {s.value: target.open[s.value] for s in Severity if s.value in target.open}
        target.open.clear()
        target.open.update(ordered)

    kind_rank = {"activity": 0, "recipient": 1, "organisation": 2, "registry": 3}

    def order(t: TargetGaps) -> tuple:
        worst = min((Severity(s).rank for s in t.open), default=9)
        return (worst, kind_rank[t.kind], t.target)

    overdue = [OverdueReview(a.id, text(a.name, lang), a.review_due, (report.today - a.review_due).days)
               for a in registry.activities.values()
               if a.review_due is not None and a.review_due < report.today and a.status != "retired"]
    overdue.sort(key=lambda o: (o.review_due, o.activity))
    return Gaps(sorted(by_target.values(), key=order), overdue, report.today)


def waiver_line(finding: Finding, today: _dt.date) -> str:
    waiver = finding.waiver
    assert waiver is not None
    days = (waiver.expires - today).days
    when = f"expires {waiver.expires.isoformat()}" + (f" (in {days} days)" if days >= 0 else " (EXPIRED)")
    return f"{finding.code} {finding.message} [waived by {waiver.accepted_by}, {when}]"
