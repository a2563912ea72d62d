"""Every activity states whether data leaves the EEA.

## What it does
Reports an activity without a `transfers` key. `transfers: []` states that no
third-country transfer takes place and passes.

## Why is this bad?
Art. 30(1)(e) requires transfers to third countries in the record; the DSK template asks
to state the third-country status even when there is none ("findet nicht statt und ist
auch nicht geplant"), so that "none" is a checked fact and not an omission.

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
    transfers: []
```

## References
- Art. 30(1)(e) GDPR; DSK Hinweise zum Verzeichnis von Verarbeitungstätigkeiten
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import live

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP108"
NAME = "transfers-not-stated"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(1)(e) GDPR"
AXIS = Axis.RECORD
FIELDS = ('transfers',)


def check(ctx: Context) -> Iterator[Finding]:
    for activity in live(ctx.registry):
        if activity.transfers is None:
            yield ctx.finding(activity.span, msg("activity '{id}' does not state whether data is transferred outside the EEA "
                                  "(write `transfers: []` if not)", id=activity.id), activity.id)
