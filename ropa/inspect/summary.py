"""`ropa summary`: the one-screen dashboard, as counts."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any

from ropa.check import Report
from ropa.findings import Axis, Severity
from ropa.inspect.common import text
from ropa.inspect.transfers import INCOMPLETE, INVALID, UNRECORDED, transfer_matrix
from ropa.model import Value

_set = object.__setattr__


class Summary(Value):
    __slots__ = ("name", "version", "today", "activities", "recipients", "by_organisation", "by_status",
                 "by_legal_basis", "by_country", "transfers", "transfers_without_valid_mechanism",
                 "transfers_unrecorded", "transfers_incomplete", "open_findings", "waived_findings", "next_reviews",
                 "overdue_reviews", "organisations", "third_parties", "open_by_axis")

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
    transfers_unrecorded: int
    transfers_incomplete: int  # a mechanism that holds, documented incompletely
    open_findings: dict[str, int]  # severity -> count
    waived_findings: int
    next_reviews: list[tuple[str, str, str]]  # (date, id, name)
    overdue_reviews: int
    organisations: list[str]  # the records summarised
    third_parties: dict[str, int]  # left out: id -> activities
    open_by_axis: dict[str, dict[str, int]]  # record / lawfulness -> severity -> open findings

    def __init__(self, name: str, version: str, today: _dt.date, activities: int, recipients: int,
            by_organisation: dict[str, int], by_status: dict[str, int], by_legal_basis: dict[str, int],
            by_country: dict[str, int], transfers: int, transfers_without_valid_mechanism: int,
            transfers_unrecorded: int, transfers_incomplete: int, open_findings: dict[str, int], waived_findings: int,
            next_reviews: list[tuple[str, str, str]] | None = None, overdue_reviews: int = 0,
            organisations: list[str] | None = None, third_parties: dict[str, int] | None = None,
            open_by_axis: dict[str, dict[str, int]] | None = None) -> None:
        _set(self, "name", name)
        _set(self, "version", version)
        _set(self, "today", today)
        _set(self, "activities", activities)
        _set(self, "recipients", recipients)
        _set(self, "by_organisation", by_organisation)
        _set(self, "by_status", by_status)
        _set(self, "by_legal_basis", by_legal_basis)
        _set(self, "by_country", by_country)
        _set(self, "transfers", transfers)
        _set(self, "transfers_without_valid_mechanism", transfers_without_valid_mechanism)
        _set(self, "transfers_unrecorded", transfers_unrecorded)
        _set(self, "transfers_incomplete", transfers_incomplete)
        _set(self, "open_findings", open_findings)
        _set(self, "waived_findings", waived_findings)
        _set(self, "next_reviews", [] if next_reviews is None else next_reviews)
        _set(self, "overdue_reviews", overdue_reviews)
        _set(self, "organisations", [] if organisations is None else organisations)
        _set(self, "third_parties", {} if third_parties is None else third_parties)
        _set(self, "open_by_axis", {} if open_by_axis is None else open_by_axis)

    def as_dict(self) -> dict:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["today"] = self.today.isoformat()
        data["next_reviews"] = [{"review_due": d, "id": i, "name": n} for d, i, n in self.next_reviews]
        return data


class TransferTotals(Value):
    """The one count of third-country transfers: ``ropa summary`` and ``ropa transfers`` both
    show these figures of the same ``transfer_matrix`` rows (unrecorded transfers included).

    ``invalid``: without a valid mechanism (none, one that does not hold, or no transfer
    recorded at all: ``ropa validate`` reports an error); ``incomplete``: a mechanism that
    holds whose record lacks something (a warning, or an error such as a missing SCC module);
    a DPF transfer whose listing was last checked over a year ago is incomplete, not invalid.
    """

    __slots__ = ("total", "invalid", "unrecorded", "incomplete")

    total: int
    invalid: int  # unrecorded ones included
    unrecorded: int
    incomplete: int

    def __init__(self, total: int, invalid: int, unrecorded: int, incomplete: int) -> None:
        _set(self, "total", total)
        _set(self, "invalid", invalid)
        _set(self, "unrecorded", unrecorded)
        _set(self, "incomplete", incomplete)


def transfer_totals(rows: list) -> TransferTotals:
    """The totals of ``transfer_matrix`` rows (``TransferTotals``)."""
    return TransferTotals(total=len(rows), invalid=sum(1 for r in rows if r.status in (INVALID, UNRECORDED)),
                          unrecorded=sum(1 for r in rows if r.status == UNRECORDED),
                          incomplete=sum(1 for r in rows if r.status == INCOMPLETE))


def _sorted(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def for_organisation(rows: list, report: Report, organisation: str | None) -> list:
    """The rows (transfer or recipient rows, with ``activities``) used by one organisation's activities."""
    if organisation is None:
        return rows
    own = {a.id for a in report.registry.activities_of(organisation)}
    return [r for r in rows if own.intersection(r.activities)]


def _scope(report: Report, organisation: str | None) -> tuple[list[str], Any, list]:
    """The organisations counted, the registry as they see it and their findings."""
    from ropa import records

    full = report.registry
    chosen = [organisation] if organisation else [o.id for o in records.keepers(full)]
    if not chosen:  # a registry without organisations: everything
        return chosen, full, list(report.findings)
    registry = records.view(full, chosen)
    return chosen, registry, list(records.findings_of(report.findings, full, registry, chosen))


def _by_severity(findings: list) -> dict[str, int]:
    """The open (not waived) findings by severity."""
    return {s.value: sum(1 for f in findings if not f.waived and f.severity is s) for s in Severity}


def _by_axis(findings: list) -> dict[str, dict[str, int]]:
    """The open findings by axis (record, lawfulness) and severity."""
    return {axis.value: _by_severity([f for f in findings if f.axis is axis]) for axis in Axis}


def _name_version(registry: Any) -> tuple[str, str]:
    """The registry's name (its directory without a ``registry:`` block) and version label."""
    meta = registry.meta
    return (meta.name, meta.version or "") if meta else (registry.root, "")


def _legal_bases(activities: list) -> Counter:
    """How many activities cite each legal basis (an activity counts once per basis)."""
    return Counter(b for a in activities for b in dict.fromkeys(x.basis for x in a.legal_bases))


def _reviews(activities: list, lang: str) -> list[tuple[_dt.date, str, str]]:
    """(review due, id, name) of the activities in use that have a review date, soonest first."""
    return sorted((a.review_due, a.id, text(a.name, lang)) for a in activities
                  if a.review_due is not None and a.status != "retired")


def _countries(activities: list, registry: Any) -> Counter:
    """How many activities transfer data to each third country."""
    from ropa.exposure import third_countries

    return Counter(country for activity in activities for country in third_countries(activity, registry))


def summary(report: Report, lang: str = "en", *, reviews: int = 5, organisation: str | None = None) -> Summary:
    """The counts of the dashboard over one organisation's record (``organisation``), by default
    over every record-keeping organisation's (``keeps_record: true``).

    Third parties described for due diligence (and, with ``organisation``, the other records)
    are left out: their activities and findings are only counted in ``third_parties``.
    """
    full = report.registry
    chosen, registry, findings = _scope(report, organisation)
    left_out = {o.id: len(full.activities_of(o.id)) for o in full.organisations.values() if o.id not in chosen}
    activities = list(registry.activities.values())
    totals = transfer_totals(transfer_matrix(registry, today=report.today, lang=lang))
    dated = _reviews(activities, lang)
    name, version = _name_version(registry)
    return Summary(
        name=name, version=version,
        today=report.today, activities=len(activities), recipients=len(registry.recipients),
        by_organisation=_sorted(Counter(a.organisation for a in activities)),
        by_status=_sorted(Counter(a.status for a in activities)), by_legal_basis=_sorted(_legal_bases(activities)),
        by_country=_sorted(_countries(activities, registry)), transfers=totals.total,
        transfers_without_valid_mechanism=totals.invalid, transfers_unrecorded=totals.unrecorded,
        transfers_incomplete=totals.incomplete, open_findings=_by_severity(findings),
        waived_findings=sum(1 for f in findings if f.waived),
        next_reviews=[(d.isoformat(), i, n) for d, i, n in dated[:reviews]],
        overdue_reviews=sum(1 for d, _, _ in dated if d < report.today),
        organisations=chosen, third_parties=left_out, open_by_axis=_by_axis(findings))
