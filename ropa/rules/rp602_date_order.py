"""Dates in a record are consistent and not in the future.

## What it does
Reports an activity whose `created` date is after its `updated` or its `reviewed` date, and any
`created`, `updated` or `reviewed` date after the check date. Also reports a waiver
accepted after it expires.

## Why is this bad?
Dates in the record are evidence (Art. 5(2) accountability); the DSK template asks for
the dates of creation and last change. Dates in the future or in the wrong order are
typing errors that make the record's history unreliable.

## Example
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    created: 2024-05-01
    updated: 2024-03-01  # <-
```

## Use instead
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    created: 2024-03-01
    updated: 2024-05-01
```

## References
- Art. 5(2) GDPR; DSK Muster VVT (Datum der Anlegung, Datum der letzten Änderung)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import Field, msg

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP602"
NAME = "inconsistent-dates"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 5(2) GDPR"
AXIS = Axis.RECORD


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for activity in ctx.registry.activities.values():
        if activity.created and activity.updated and activity.created > activity.updated:
            yield ctx.finding(activity.at("updated"), msg("'{id}' was updated ({updated}) before it was created ({created})", id=activity.id,
                                  updated=activity.updated, created=activity.created), activity.id)
        if activity.created and activity.reviewed and activity.reviewed < activity.created:
            yield ctx.finding(activity.at("reviewed"), msg("'{id}' was reviewed ({reviewed}) before it was created "
                                                           "({created})", id=activity.id, reviewed=activity.reviewed,
                                                           created=activity.created), activity.id)
        for name in ("created", "updated", "reviewed"):
            value = getattr(activity, name)
            if value is not None and value > today:
                yield ctx.finding(activity.at(name), msg("'{id}': {name} date {date} is in the future", id=activity.id, name=Field(name), date=value),
                                  activity.id)
    for waiver in ctx.registry.waivers:
        if waiver.accepted > waiver.expires:
            yield ctx.finding(waiver.at("expires"), msg("waiver of {rule} for '{target}' expires ({expires}) before it was accepted "
                                  "({accepted})", rule=waiver.rule, target=waiver.target, expires=waiver.expires,
                                  accepted=waiver.accepted), waiver.target)
