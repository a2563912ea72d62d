"""Every recipient in the catalogue receives data in some activity.

## What it does
Reports a recipient that no activity lists under `recipients` or `transfers`, that no
processor lists as a sub-processor, and that is not a sub-processor of another recipient.

## Why is this bad?
The record lists recipients per activity (Art. 30(1)(d)). A recipient attached to no
activity is either stale or an activity is missing its disclosure; either way the
record is incomplete or out of date.

## Example
```yaml
recipients:
  - id: old-agency  # <-
    name: Old Agency GmbH
    role: processor
    country: DE
activities:
  - id: newsletter
    name: Newsletter
    organisation: acme
    recipients: []
```

## Use instead
```yaml
recipients:
  - id: old-agency
    name: Old Agency GmbH
    role: processor
    country: DE
activities:
  - id: newsletter
    name: Newsletter
    organisation: acme
    recipients: [old-agency]
```

## References
- Art. 30(1)(d) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP404"
NAME = "unused-recipient"
SEVERITY = Severity.INFO
REFERENCE = "Art. 30(1)(d) GDPR"
AXIS = Axis.RECORD


def check(ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    recipients = registry.recipients
    chained = {s for r in recipients.values() for s in r.sub_processors}
    named = {r for a in registry.activities.values() for r in a.joint_controllers}
    named.update(c for a in registry.activities.values() for c in a.controllers)
    for recipient in recipients.values():
        if recipient.processor_of or recipient.id in chained or recipient.id in named:
            continue
        if not registry.activities_using(recipient.id):
            yield ctx.finding(recipient.span, msg("recipient '{id}' receives data in no activity", id=recipient.id),
                              recipient.id)
