"""Every activity states its recipients, or states that there are none.

## What it does
Reports an activity without a `recipients` key. An empty list (`recipients: []`) is an
explicit statement that data is disclosed to nobody and passes.
A processor's record (`record: processor`, Art. 30(2)) is not judged: disclosures are
the controller's decision.

## Why is this bad?
Art. 30(1)(d) requires the categories of recipients, including recipients in third
countries. A missing entry cannot be told apart from "none": the record must say which.

## Example
```yaml
activities:
  - id: payroll  # <-
    name: Payroll
    organisation: acme
```

## Use instead
```yaml
activities:
  - id: payroll
    name: Payroll
    organisation: acme
    recipients: [tax-office, payroll-bureau]
```

## References
- Art. 30(1)(d) GDPR; Art. 4(9) GDPR (recipient)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP104"
NAME = "recipients-not-stated"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(d) GDPR"
AXIS = Axis.RECORD
FIELDS = ('recipients',)


def check(ctx: Context) -> Iterator[Finding]:
    for activity in controller_records(ctx.registry):
        if activity.recipients is None:
            yield ctx.finding(activity.span, msg("activity '{id}' does not state its recipients (list them, or write "
                                  "`recipients: []` if there are none)", id=activity.id), activity.id)
