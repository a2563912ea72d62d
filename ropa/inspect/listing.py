"""`ropa list`: one row per activity, filtered and sorted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ropa.check import Report
from ropa.findings import Severity
from ropa.i18n import N_, gettext
from ropa.inspect.common import iso, text
from ropa.exposure import third_countries
from ropa.model import Activity, Value

_set = object.__setattr__

SORT_KEYS = ("id", "name", "organisation", "status", "findings", "review_due")


class ActivityRow(Value):
    __slots__ = ("id", "name", "organisation", "legal_bases", "recipients", "third_countries", "status", "open_findings",
                 "open_errors", "review_due")

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

    def __init__(self, id: str, name: str, organisation: str, legal_bases: tuple[str, ...],
            recipients: tuple[str, ...], third_countries: tuple[str, ...], status: str, open_findings: int,
            open_errors: int, review_due: str) -> None:
        _set(self, "id", id)
        _set(self, "name", name)
        _set(self, "organisation", organisation)
        _set(self, "legal_bases", legal_bases)
        _set(self, "recipients", recipients)
        _set(self, "third_countries", third_countries)
        _set(self, "status", status)
        _set(self, "open_findings", open_findings)
        _set(self, "open_errors", open_errors)
        _set(self, "review_due", review_due)

    HEADERS = (N_("ID"), N_("Name"), N_("Organisation"), N_("Legal bases"), N_("Recipients"),
               N_("Third countries"), N_("Status"), N_("Open findings"))

    @classmethod
    def headers(cls, lang: str = "en") -> tuple[str, ...]:
        return tuple(gettext(header, lang) for header in cls.HEADERS)

    def cells(self, lang: str = "en") -> tuple[Any, ...]:
        from ropa import labels

        return (self.id, self.name, self.organisation, self.legal_bases, self.recipients,
                self.third_countries, labels.label(labels.STATUS, self.status, lang), self.open_findings)

    def as_dict(self) -> dict[str, Any]:
        return {name: list(v) if isinstance(v := getattr(self, name), tuple) else v for name in self.__slots__}


COLUMNS = ActivityRow.__slots__


class Filters(Value):
    """Every filter is optional; given ones must all match."""

    __slots__ = ("organisation", "basis", "recipient", "country", "data_category", "data_subject", "status", "text")

    organisation: str | None
    basis: str | None  # a legal basis code or a prefix of one: `art6-1-f`, `art9`
    recipient: str | None
    country: str | None
    data_category: str | None
    data_subject: str | None
    status: str | None
    text: str | None  # case-insensitive, in id, names, purposes, description, owner, notes

    def __init__(self, organisation: str | None = None, basis: str | None = None, recipient: str | None = None,
            country: str | None = None, data_category: str | None = None, data_subject: str | None = None,
            status: str | None = None, text: str | None = None) -> None:
        _set(self, "organisation", organisation)
        _set(self, "basis", basis)
        _set(self, "recipient", recipient)
        _set(self, "country", country)
        _set(self, "data_category", data_category)
        _set(self, "data_subject", data_subject)
        _set(self, "status", status)
        _set(self, "text", text)


def _haystack(activity: Activity) -> str:
    parts = [activity.id, activity.owner or ""]
    for value in (activity.name, activity.description, activity.notes, *activity.purposes):
        if value is not None:
            parts.extend(v for _, v in value.values)
    return "\n".join(parts).lower()


def _basis(activity: Activity, registry: Any, basis: str) -> bool:
    return any(b.basis == basis or b.basis.startswith(basis) for b in activity.legal_bases)


def _recipient(activity: Activity, registry: Any, recipient: str) -> bool:
    named = {u.recipient for u in activity.recipients or ()} | {t.recipient for t in activity.transfers or ()}
    return recipient in named


def _country(activity: Activity, registry: Any, country: str) -> bool:
    """A third country the activity transfers to, a transfer's country or a recipient's seat."""
    countries = set(third_countries(activity, registry)) | {t.country for t in activity.transfers or ()}
    recipients = (registry.recipients.get(use.recipient) for use in activity.recipients or ())
    countries.update(r.country for r in recipients if r is not None)
    return country.upper() in countries


# the test of each filter (applied where the filter is given), in the order they are tried
_TESTS: tuple[tuple[str, Callable[[Activity, Any, str], bool]], ...] = (
    ("organisation", lambda a, registry, v: a.organisation == v),
    ("status", lambda a, registry, v: a.status == v),
    ("basis", _basis),
    ("recipient", _recipient),
    ("country", _country),
    ("data_category", lambda a, registry, v: v in a.data_categories),
    ("data_subject", lambda a, registry, v: v in a.data_subjects),
    ("text", lambda a, registry, v: v.lower() in _haystack(a)),
)


def matches(activity: Activity, report: Report, flt: Filters) -> bool:
    """Whether ``activity`` passes every filter given in ``flt``."""
    registry = report.registry
    return all(test(activity, registry, getattr(flt, name)) for name, test in _TESTS if getattr(flt, name))


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


NO_FILTERS = Filters()


def list_activities(report: Report, filters: Filters = NO_FILTERS, *, sort: str = "id",
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
