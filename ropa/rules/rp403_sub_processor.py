"""A sub-processor names the processor it works for.

## What it does
Reports a recipient with `role: sub-processor` without `processor_of` that no other
recipient lists under `sub_processors`.

## Why is this bad?
A processor may engage another processor only with the controller's authorisation
(Art. 28(2)) and under the same obligations (Art. 28(4)). A sub-processor not tied to a
processor in the record cannot be traced to the authorisation and the contract chain.

## Example
```yaml
recipients:
  - id: datacentre  # <-
    name: Datacentre GmbH
    role: sub-processor
    country: DE
    contract: {type: dpa}
```

## Use instead
```yaml
recipients:
  - id: crm-vendor
    name: CRM Vendor GmbH
    role: processor
    country: DE
    contract: {type: dpa}
    sub_processors: [datacentre]
  - id: datacentre
    name: Datacentre GmbH
    role: sub-processor
    country: DE
    processor_of: crm-vendor
    contract: {type: dpa}
```

## References
- Art. 28(2), 28(4) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP403"
NAME = "sub-processor-unattached"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 28(2), (4) GDPR"
AXIS = Axis.LAWFULNESS


def check(ctx: Context) -> Iterator[Finding]:
    recipients = ctx.registry.recipients
    listed = {s for r in recipients.values() for s in r.sub_processors}
    for recipient in recipients.values():
        if recipient.role == "sub-processor" and not recipient.processor_of and recipient.id not in listed:
            yield ctx.finding(recipient.span, msg("sub-processor '{id}' is not tied to a processor (set processor_of)", id=recipient.id), recipient.id)
