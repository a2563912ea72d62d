"""A processor's record names the controllers it acts for.

## What it does
Reports an activity with `record: processor` and no `controllers`.

## Why is this bad?
Art. 30(2)(a) requires a processor's record to name each controller on whose behalf it
processes data; Art. 30(2)(b) groups the categories of processing by controller.

## Example
```yaml
activities:
  - id: hosting-for-clients  # <-
    name: Hosting for clients
    organisation: acme
    record: processor
```

## Use instead
```yaml
activities:
  - id: hosting-for-clients
    name: Hosting for clients
    organisation: acme
    record: processor
    controllers: [client-a]
```

## References
- Art. 30(2)(a), (b) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import live

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP107"
NAME = "processor-record-without-controllers"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(2)(a) GDPR"
AXIS = Axis.RECORD
FIELDS = ('controllers',)


def check(ctx: Context) -> Iterator[Finding]:
    for activity in live(ctx.registry):
        if activity.record == "processor" and not activity.controllers:
            yield ctx.finding(activity.span, msg("processor record '{id}' names no controllers", id=activity.id),
                              activity.id)
