"""One record per controller: which organisations keep a record, and one record's view.

An Art. 30 record belongs to one controller (or processor). A registry may hold several
organisations: those that keep their record in it (``keeps_record: true``, the default) and
third parties described for due diligence (``keeps_record: false``: e.g. a vendor whose
policy the controller incorporates, recorded as the vendor's own record as the policy
states it). Exports, ``ropa summary`` and ``ropa questions`` show one organisation's record
at a time, built from ``view``: a third party's activities never appear in another
organisation's report.

API::

    from ropa import records

    records.keepers(registry)            # record-keeping organisations, in registry order
    records.third_parties(registry)      # keeps_record: false
    v = records.view(registry, {"facts42"})   # a Registry holding only facts42's record
    records.findings_of(findings, registry, v, {"facts42"})   # the findings of that record
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING
from collections.abc import Collection, Iterable

from ropa import model

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any
    from ropa.findings import Finding
    from ropa.load import Registry

__all__ = ["keepers", "third_parties", "view", "findings_of", "belongs", "kept_activities", "as_of"]


def keepers(registry: Registry) -> list[model.Organisation]:
    """Organisations keeping their own record in this registry (``keeps_record: true``)."""
    return [o for o in registry.organisations.values() if o.keeps_record]


def third_parties(registry: Registry) -> list[model.Organisation]:
    """Third parties described for due diligence (``keeps_record: false``)."""
    return [o for o in registry.organisations.values() if not o.keeps_record]


def kept_activities(registry: Registry, organisation: str | None = None) -> list[model.Activity]:
    """The current activities of organisations that keep a record (not third parties described
    for due diligence), optionally of one organisation, in registry order; retired ones left out
    (what ``ropa map``, ``ropa subject``, ``ropa impact`` and the record's map read)."""
    out = []
    for a in registry.activities.values():
        org = registry.organisations.get(a.organisation)
        if org is not None and not org.keeps_record:
            continue
        if organisation is not None and a.organisation != organisation:
            continue
        if a.status == "retired":
            continue
        out.append(a)
    return out


def as_of(registry: Registry, lang: str) -> str:
    """The registry's as-of date in ``lang``'s format, or a note that it states none."""
    from ropa import labels
    from ropa.i18n import _

    date = registry.meta.date if registry.meta is not None else None
    return labels.fmt_date(date, lang) if date is not None else _("(no as-of date)", lang)


def view(registry: Registry, organisations: Collection[str]) -> Registry:
    """The registry restricted to the records of ``organisations``.

    Activities of other organisations are left out; so are recipients, data categories,
    data subjects and measures none of the remaining activities uses (a recipient's
    sub-processors stay with it), and waivers on targets outside the record. Organisations
    and documents stay (an activity may name another organisation as its controller); the
    result is a ``Registry`` every exporter and view reads as usual.
    """
    orgs = set(organisations)
    activities = {i: a for i, a in registry.activities.items() if a.organisation in orgs}
    recipients: set[str] = set()
    categories: set[str] = set()
    subjects: set[str] = set()
    measures: set[str] = set()
    for a in activities.values():
        recipients.update(u.recipient for u in a.recipients or ())
        recipients.update(t.recipient for t in a.transfers or ())
        recipients.update(a.joint_controllers)
        recipients.update(c for c in a.controllers if c in registry.recipients)
        subjects.update(a.data_subjects)
        categories.update(a.data_categories)
        for nested in (*(a.recipients or ()), *(a.transfers or ()), *a.retention):
            categories.update(nested.data_categories)
        measures.update(a.measures)
    pending = list(recipients)
    while pending:  # sub-processors (and their sub-processors) stay with their processor
        rec = registry.recipients.get(pending.pop())
        if rec is None:
            continue
        for ident in (*rec.sub_processors, *((rec.processor_of,) if rec.processor_of else ())):
            if ident not in recipients:
                recipients.add(ident)
                pending.append(ident)

    def keep(table: Mapping[str, Any], ids: set[str]) -> types.MappingProxyType[str, Any]:
        return types.MappingProxyType({i: n for i, n in table.items() if i in ids})

    kept = registry._replace(
        activities=types.MappingProxyType(activities),
        recipients=keep(registry.recipients, recipients),
        data_categories=keep(registry.data_categories, categories),
        data_subjects=keep(registry.data_subjects, subjects),
        measures=keep(registry.measures, measures),
    )
    waivers = tuple(w for w in registry.waivers if belongs(w.target, registry, kept, orgs))
    return kept._replace(waivers=waivers)


def belongs(target: str | None, registry: Registry, kept: Registry, organisations: Collection[str]) -> bool:
    """Whether a finding or waiver about ``target`` belongs to the record ``kept`` (a ``view``
    of ``registry`` for ``organisations``).

    An activity belongs to its organisation's record, an organisation to its own; a recipient
    to every record that uses it. A registry-wide finding (no target), one about a recipient
    no activity uses (RP404: it is the registry's catalogue, not one record's) or one about an
    id the registry does not know belongs to every record of a record-keeping organisation,
    not to a third party's: ``ropa summary`` counts what ``ropa validate`` reports.
    """
    if target is None or target == "":
        return _keeps(registry, organisations)
    activity = registry.activities.get(target)
    if activity is not None:
        return activity.organisation in organisations
    if target in registry.organisations:
        return target in organisations
    if target in registry.recipients:
        if target in kept.recipients:
            return True
        if registry.activities_using(target):
            return False  # used by another organisation's record only
    return _keeps(registry, organisations)


def _keeps(registry: Registry, organisations: Iterable[str]) -> bool:
    orgs = registry.organisations
    return any(orgs[o].keeps_record for o in organisations if o in orgs) or not orgs


def findings_of(findings: Iterable[Finding], registry: Registry, kept: Registry,
                organisations: Collection[str]) -> list[Finding]:
    """The findings that belong to the record ``kept`` (see ``belongs``)."""
    orgs = set(organisations)
    return [f for f in findings if belongs(f.target, registry, kept, orgs)]
