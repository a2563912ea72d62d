"""A record whose review date has passed is reported.

## What it does
Reports an active or planned activity whose `review_due` date is before the check date
(today, or `ropa validate --today`).

## Why is this bad?
The record must reflect the processing as it is (Art. 30, Art. 5(2) accountability,
Art. 24(1): measures "reviewed and updated where necessary"). A missed review date means
nobody has confirmed the entry is still true.

## Example
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    review_due: 2020-01-31  # <-
```

## Use instead
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    reviewed: 2024-01-10
    review_due: 2099-01-31
```

## References
- Art. 5(2), Art. 24(1), Art. 30 GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg_n
from ropa.rules._util import live

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP601"
NAME = "review-overdue"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 24(1), Art. 5(2) GDPR"
AXIS = Axis.RECORD


def check(ctx: Context) -> Iterator[Finding]:
    for activity in live(ctx.registry):
        due = activity.review_due
        if due is not None and due < ctx.today:
            yield ctx.finding(activity.at("review_due"), msg_n("review of '{id}' was due on {date} ({n} day ago)",
                                    "review of '{id}' was due on {date} ({n} days ago)", (ctx.today - due).days,
                                    id=activity.id, date=due), activity.id)
