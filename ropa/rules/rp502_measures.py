"""Every activity references its technical and organisational measures.

## What it does
Reports an activity without any entry under `measures`.

## Why is this bad?
Art. 30(1)(g) asks for a general description of the security measures of Art. 32(1)
"where possible"; the DSK expects it in every record. The measures show how
confidentiality, integrity and availability are protected.

## Example
```yaml
activities:
  - id: crm  # <-
    name: CRM
    organisation: acme
```

## Use instead
```yaml
measures:
  - id: access-control
    name: Role-based access control
    kind: technical
    art32: [confidentiality]
activities:
  - id: crm
    name: CRM
    organisation: acme
    measures: [access-control]
```

## References
- Art. 30(1)(g), Art. 32(1) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import live

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP502"
NAME = "measures-missing"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(1)(g), Art. 32(1) GDPR"
AXIS = Axis.RECORD
FIELDS = ('measures',)


def check(ctx: Context) -> Iterator[Finding]:
    for activity in live(ctx.registry):
        if not activity.measures:
            yield ctx.finding(activity.span, msg("activity '{id}' references no technical or organisational measures",
                                  id=activity.id), activity.id)
