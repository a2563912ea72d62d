"""`ropa summary`: the one-screen dashboard, as counts."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field

from ropa.check import Report
from ropa.findings import Severity
from ropa.inspect.common import text
from ropa.inspect.transfers import OK, transfer_matrix


@dataclass(frozen=True)
class Summary:
    name: str
    version: str
    today: _dt.date
    activities: int
    recipients: int
    by_organisation: dict[str, int]
    by_status: dict[str, int]
    by_legal_basis: dict[str, int]
    by_country: dict[str, int]  # third countries: activities transferring there
    transfers: int
    transfers_without_valid_mechanism: int
    open_findings: dict[str, int]  # severity -> count
    waived_findings: int
    next_reviews: list[tuple[str, str, str]] = field(default_factory=list)  # (date, id, name)
    overdue_reviews: int = 0
    organisations: list[str] = field(default_factory=list)  # the records summarised
    third_parties: dict[str, int] = field(default_factory=dict)  # left out: id -> activities

    def as_dict(self) -> dict:
        from dataclasses import asdict

        data = asdict(self)
        data["today"] = self.today.isoformat()
        data["next_reviews"] = [{"review_due": d, "id": i, "name": n} for d, i, n in self.next_reviews]
        return data


def _sorted(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def summary(report: Report, lang: str = "en", *, reviews: int = 5,
            organisations: list[str] | None = None) -> Summary:
    """Counts over the records of ``organisations`` (default: every record-keeping organisation,
    ``keeps_record: true``); third parties' activities and findings are left out and only counted
    in ``third_parties``. An unknown organisation raises ``KeyError``."""
    from ropa import records

    full = report.registry
    unknown = [o for o in organisations or () if o not in full.organisations]
    if unknown:
        raise KeyError(unknown[0])
    chosen = list(organisations or [o.id for o in records.keepers(full)])
    left_out = {o.id: len(full.activities_of(o.id)) for o in full.organisations.values() if o.id not in chosen}
    if chosen:
        registry = records.view(full, chosen)
        from dataclasses import replace

        report = replace(report, registry=registry,
                         findings=tuple(records.findings_of(report.findings, full, registry, chosen)))
    else:
        registry = full
    activities = list(registry.activities.values())
    orgs = Counter(a.organisation for a in activities)
    statuses = Counter(a.status for a in activities)
    bases = Counter(b for a in activities for b in dict.fromkeys(x.basis for x in a.legal_bases))
    matrix = transfer_matrix(registry, today=report.today, lang=lang, include_unrecorded=False)
    countries: Counter = Counter()
    for activity in activities:
        for country in dict.fromkeys(t.country for t in activity.transfers or ()):
            from ropa.vocab import in_eea

            if not in_eea(country):
                countries[country] += 1
    open_counts = {s.value: report.count(s) for s in Severity}
    dated = sorted((a.review_due, a.id, text(a.name, lang)) for a in activities
                   if a.review_due is not None and a.status != "retired")
    overdue = sum(1 for d, _, _ in dated if d < report.today)
    meta = registry.meta
    return Summary(
        name=meta.name if meta else registry.root, version=(meta.version or "") if meta else "",
        today=report.today, activities=len(activities), recipients=len(registry.recipients),
        by_organisation=_sorted(orgs), by_status=_sorted(statuses), by_legal_basis=_sorted(bases),
        by_country=_sorted(countries), transfers=len(matrix),
        transfers_without_valid_mechanism=sum(1 for r in matrix if r.status != OK),
        open_findings=open_counts, waived_findings=len(report.waived),
        next_reviews=[(d.isoformat(), i, n) for d, i, n in dated[:reviews]], overdue_reviews=overdue,
        organisations=chosen, third_parties=left_out)
