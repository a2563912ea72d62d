"""Every activity names the categories of data subjects.

## What it does
Reports an activity without any entry under `data_subjects`.
A processor's record (`record: processor`, Art. 30(2)) is not judged: Art. 30(2)(b) asks
only for the categories of processing.

## Why is this bad?
Art. 30(1)(c) requires a description of the categories of data subjects (customers,
employees, website visitors ...). Without it, nobody can tell whose data is processed,
which rights apply, or whether children or other vulnerable people are concerned.

## Example
```yaml
activities:
  - id: payroll  # <-
    name: Payroll
    organisation: acme
    data_categories: [bank-account]
```

## Use instead
```yaml
activities:
  - id: payroll
    name: Payroll
    organisation: acme
    data_subjects: [employees]
    data_categories: [bank-account]
```

## References
- Art. 30(1)(c) GDPR; DSK Muster VVT (Kategorien betroffener Personen)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP102"
NAME = "missing-data-subjects"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(c) GDPR"
AXIS = Axis.RECORD
FIELDS = ('data_subjects',)


def check(ctx: Context) -> Iterator[Finding]:
    for activity in controller_records(ctx.registry):
        if not activity.data_subjects:
            yield ctx.finding(activity.span, msg("activity '{id}' names no categories of data subjects", id=activity.id),
                              activity.id)
