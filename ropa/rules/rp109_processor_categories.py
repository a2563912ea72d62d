"""A processor's record states the categories of processing it carries out for each controller.

## What it does
Reports an activity kept as a processor's record (`record: processor`) that says nothing of
what is done for the controller: neither a `description` nor `purposes` (the categories of
processing, e.g. "registration, attendance lists and reminders for back-care courses").

## Why is this bad?
Art. 30(2)(b) asks the processor to record "the categories of processing carried out on
behalf of each controller". A record that names the controller but not what is done for it
does not show what the processor may do under its instructions (Art. 28(3)(a)), and the
supervisory authority cannot read from it what processing takes place (Art. 30(4)).

## Example
```yaml
organisations:
  - id: client
    name: Client AG
activities:
  - id: courses-for-client  # <-
    name: Courses for Client AG
    organisation: acme
    record: processor
    controllers: [client]
```

## Use instead
```yaml
organisations:
  - id: client
    name: Client AG
activities:
  - id: courses-for-client
    name: Courses for Client AG
    organisation: acme
    record: processor
    controllers: [client]
    description: Registration, attendance lists and reminders for the back-care courses.
```

## References
- Art. 30(2)(b), Art. 28(3)(a), Art. 30(4) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import live

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP109"
NAME = "processor-record-without-categories"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(2)(b) GDPR"
AXIS = Axis.RECORD
FIELDS = ("description", "purposes")


def check(ctx: Context) -> Iterator[Finding]:
    for activity in live(ctx.registry):
        if activity.record == "processor" and activity.description is None and not activity.purposes:
            yield ctx.finding(activity.span, msg("processor record '{id}' does not state the categories of "
                                                 "processing carried out for its controllers (description)",
                                                 id=activity.id), activity.id)
