"""`ropa list`: one row per activity, filtered and sorted."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from ropa.check import Report
from ropa.findings import Severity
from ropa.i18n import N_, gettext
from ropa.inspect.common import iso, text, third_countries
from ropa.model import Activity

SORT_KEYS = ("id", "name", "organisation", "status", "findings", "review_due")


@dataclass(frozen=True)
class ActivityRow:
    id: str
    name: str
    organisation: str
    legal_bases: tuple[str, ...]
    recipients: tuple[str, ...]
    third_countries: tuple[str, ...]
    status: str
    open_findings: int
    open_errors: int
    review_due: str

    HEADERS = (N_("ID"), N_("Name"), N_("Organisation"), N_("Legal bases"), N_("Recipients"),
               N_("Third countries"), N_("Status"), N_("Open findings"))

    @classmethod
    def headers(cls, lang: str = "en") -> tuple[str, ...]:
        return tuple(gettext(header, lang) for header in cls.HEADERS)

    def cells(self, lang: str = "en") -> tuple[Any, ...]:
        from ropa import art30

        return (self.id, self.name, self.organisation, self.legal_bases, self.recipients,
                self.third_countries, art30.label(art30.STATUS, self.status, lang), self.open_findings)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


COLUMNS = tuple(f.name for f in fields(ActivityRow))


@dataclass(frozen=True)
class Filters:
    """Every filter is optional; given ones must all match."""

    organisation: str | None = None
    basis: str | None = None  # a legal basis code or a prefix of one: `art6-1-f`, `art9`
    recipient: str | None = None
    country: str | None = None
    data_category: str | None = None
    data_subject: str | None = None
    status: str | None = None
    text: str | None = None  # case-insensitive, in id, names, purposes, description, owner, notes


def _haystack(activity: Activity) -> str:
    parts = [activity.id, activity.owner or ""]
    for value in (activity.name, activity.description, activity.notes, *activity.purposes):
        if value is not None:
            parts.extend(v for _, v in value.values)
    return "\n".join(parts).lower()


def matches(activity: Activity, report: Report, flt: Filters) -> bool:
    registry = report.registry
    if flt.organisation and activity.organisation != flt.organisation:
        return False
    if flt.status and activity.status != flt.status:
        return False
    if flt.basis and not any(b.basis == flt.basis or b.basis.startswith(flt.basis)
                             for b in activity.legal_bases):
        return False
    if flt.recipient and flt.recipient not in {u.recipient for u in activity.recipients or ()} | {
            t.recipient for t in activity.transfers or ()}:
        return False
    if flt.country:
        country = flt.country.upper()
        countries = set(third_countries(activity, registry)) | {t.country for t in activity.transfers or ()}
        for use in activity.recipients or ():
            recipient = registry.recipients.get(use.recipient)
            if recipient is not None:
                countries.add(recipient.country)
        if country not in countries:
            return False
    if flt.data_category and flt.data_category not in activity.data_categories:
        return False
    if flt.data_subject and flt.data_subject not in activity.data_subjects:
        return False
    if flt.text and flt.text.lower() not in _haystack(activity):
        return False
    return True


def activity_row(activity: Activity, report: Report, lang: str = "en") -> ActivityRow:
    findings = [f for f in report.for_target(activity.id) if not f.waived]
    return ActivityRow(
        id=activity.id, name=text(activity.name, lang), organisation=activity.organisation,
        legal_bases=tuple(b.basis for b in activity.legal_bases),
        recipients=tuple(u.recipient for u in activity.recipients or ()),
        third_countries=third_countries(activity, report.registry), status=activity.status,
        open_findings=len(findings),
        open_errors=sum(1 for f in findings if f.severity is Severity.ERROR),
        review_due=iso(activity.review_due))


def list_activities(report: Report, filters: Filters = Filters(), *, sort: str = "id",
                    reverse: bool = False, lang: str = "en") -> list[ActivityRow]:
    """The activities matching ``filters``, as rows sorted by ``sort`` (one of SORT_KEYS)."""
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key '{sort}': use one of {', '.join(SORT_KEYS)}")
    rows = [activity_row(a, report, lang) for a in report.registry.activities.values()
            if matches(a, report, filters)]
    key = {
        "id": lambda r: r.id, "name": lambda r: r.name.lower(), "organisation": lambda r: (r.organisation, r.id),
        "status": lambda r: (r.status, r.id), "findings": lambda r: (-r.open_findings, r.id),
        "review_due": lambda r: (r.review_due or "9999", r.id),
    }[sort]
    rows.sort(key=key, reverse=reverse)
    return rows
