"""Every activity states when its data is erased.

## What it does
Reports an activity without any `retention` entry.
A processor's record (`record: processor`, Art. 30(2)) is not judged: erasure periods
are the controller's decision (the processor deletes as instructed, Art. 28(3)(g)).

## Why is this bad?
Art. 30(1)(f) asks for the envisaged time limits for erasure "where possible", and
storage limitation (Art. 5(1)(e)) requires them. The DSK expects a limit per data
category; "where possible" is not a reason to leave the field out. Because Art. 30(1)(f)
asks for it only where possible, the finding is a warning, not an error of the record.

## Example
```yaml
activities:
  - id: applicants  # <-
    name: Applicant management
    organisation: acme
```

## Use instead
```yaml
activities:
  - id: applicants
    name: Applicant management
    organisation: acme
    retention:
      - period: P6M
        trigger: End of the application procedure (two months of § 15(4) AGG and § 61b ArbGG, practice)
```

## References
- Art. 30(1)(f), Art. 5(1)(e), Art. 17 GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP501"
NAME = "retention-missing"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(1)(f), Art. 5(1)(e) GDPR"
AXIS = Axis.RECORD
FIELDS = ('retention',)


def check(ctx: Context) -> Iterator[Finding]:
    for activity in controller_records(ctx.registry):
        if not activity.retention:
            yield ctx.finding(activity.span, msg("activity '{id}' states no erasure time limit", id=activity.id),
                              activity.id)
