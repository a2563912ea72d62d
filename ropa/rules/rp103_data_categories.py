"""Every activity names the categories of personal data.

## What it does
Reports an activity without any entry under `data_categories`.
A processor's record (`record: processor`, Art. 30(2)) is not judged: Art. 30(2)(b) asks
only for the categories of processing.

## Why is this bad?
Art. 30(1)(c) requires a description of the categories of personal data. They decide
whether Art. 9 or Art. 10 applies, which retention limits are needed and what a breach
would expose.

## Example
```yaml
activities:
  - id: payroll  # <-
    name: Payroll
    organisation: acme
    data_subjects: [employees]
```

## Use instead
```yaml
activities:
  - id: payroll
    name: Payroll
    organisation: acme
    data_subjects: [employees]
    data_categories: [bank-account, salary]
```

## References
- Art. 30(1)(c) GDPR; DSK Muster VVT (Kategorien personenbezogener Daten)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP103"
NAME = "missing-data-categories"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(c) GDPR"
AXIS = Axis.RECORD
FIELDS = ('data_categories',)


def check(ctx: Context) -> Iterator[Finding]:
    for activity in controller_records(ctx.registry):
        if not activity.data_categories:
            yield ctx.finding(activity.span, msg("activity '{id}' names no categories of personal data", id=activity.id),
                              activity.id)
