"""Which registry sources describe one Art. 30 fact of an activity.

A source (``sources:`` entry: document, section, line) may name the fact it supports
(``fact: purposes``); nested items (a legal basis, a recipient use, a transfer, a retention
entry, a consent) carry their own sources. ``sources_for(activity, column_key)`` collects
both for one column of the record: ``ropa show`` prints them under each fact, and ``ropa
subject`` / ``ropa impact`` cite them at each line.
"""

from __future__ import annotations

from typing import Any

from ropa.model import Activity, Source

__all__ = ["SOURCE_FIELDS", "sources_for"]

# the activity's fields behind each column of the record
SOURCE_FIELDS: dict[str, tuple[str, ...]] = {
    "activity": ("name",),
    "owner": ("owner",),
    "description": ("description",),
    "purposes": ("purposes",),
    "processing": ("purposes", "description"),
    "legal_bases": ("legal_bases",),
    "data_subjects": ("data_subjects",),
    "data_categories": ("data_categories",),
    "recipients": ("recipients",),
    "transfers": ("transfers",),
    "safeguards": ("transfers",),
    "retention": ("retention",),
    "measures": ("measures",),
    "dpia": ("dpia",),
    "data_source": ("data_source",),
    "joint_controllers": ("joint_controllers",),
    "controllers": ("controllers",),
    "controller": ("organisation",),
    "processor": ("organisation",),
    "status": ("status",),
    "created": ("created",),
    "updated": ("updated",),
    "reviewed": ("reviewed",),
    "review_due": ("review_due",),
}


def _nested_sources(value: Any) -> list[Source]:
    out: list[Source] = []
    items = value if isinstance(value, tuple) else (value,)
    for item in items:
        for name in ("sources",):
            out.extend(getattr(item, name, ()) or ())
        consent = getattr(item, "consent", None)
        if consent is not None:
            out.extend(consent.sources)
    return out


def sources_for(activity: Activity, key: str) -> list[Source]:
    """The sources of the fact behind the record's column ``key`` (its fields' own and the
    activity's sources that name it), in registry order."""
    names = SOURCE_FIELDS.get(key, ())
    found = [s for s in activity.sources if s.fact and s.fact.split(".")[0] in names]
    for name in names:
        value = getattr(activity, name, None)
        if value:
            found.extend(_nested_sources(value))
    return found
