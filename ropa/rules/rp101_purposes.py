"""Every activity states its purposes.

## What it does
Reports an activity without any entry under `purposes`.
A processor's record (`record: processor`, Art. 30(2)) is not judged: the purposes are
the controller's decision.

## Why is this bad?
Art. 30(1)(b) requires the record to name the purposes of the processing; without them
neither lawfulness (Art. 6) nor purpose limitation (Art. 5(1)(b)) can be judged.

## Example
```yaml
activities:
  - id: newsletter  # <-
    name: Newsletter
    organisation: acme
```

## Use instead
```yaml
activities:
  - id: newsletter
    name: Newsletter
    organisation: acme
    purposes: [Sending the monthly product newsletter to subscribers]
```

## References
- Art. 30(1)(b) GDPR; Art. 5(1)(b) GDPR (purpose limitation)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP101"
NAME = "missing-purposes"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(b) GDPR"
AXIS = Axis.RECORD
FIELDS = ('purposes',)


def check(ctx: Context) -> Iterator[Finding]:
    for activity in controller_records(ctx.registry):
        if not activity.purposes:
            yield ctx.finding(activity.span, msg("activity '{id}' states no purposes", id=activity.id), activity.id)
