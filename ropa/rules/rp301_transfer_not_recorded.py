"""A recipient outside the EEA means a transfer is recorded.

## What it does
Reports a recipient of an activity that is established, or stores data, outside the
EEA (`country`, `storage`; the EEA list is in `ropa/vocab/countries.yaml`) when the
activity records no transfer to that recipient under `transfers`.

## Why is this bad?
Disclosing data to a recipient in a third country is a transfer under Chapter V; the
record must identify it (Art. 30(1)(d), (e)) and it needs a mechanism (Art. 44-49).

## Example
```yaml
recipients:
  - id: mailer
    name: Mailer Inc.
    role: processor
    country: US
activities:
  - id: newsletter
    name: Newsletter
    organisation: acme
    recipients: [mailer]  # <-
    transfers: []
```

## Use instead
```yaml
recipients:
  - id: mailer
    name: Mailer Inc.
    role: processor
    country: US
activities:
  - id: newsletter
    name: Newsletter
    organisation: acme
    recipients: [mailer]
    transfers:
      - {recipient: mailer, country: US, mechanism: scc, scc_module: 2, tia: {reference: TIA-7}}
```

## References
- Art. 30(1)(d), (e), Art. 44 GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import exposed

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP301"
NAME = "transfer-not-recorded"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(e), Art. 44 GDPR"
AXIS = Axis.RECORD
CAUSE = ("recipient", "countries")  # one cause across activities: one finding (ropa.check.one_per_cause)
FIELDS = ('transfers',)


def check(ctx: Context) -> Iterator[Finding]:
    # ropa.exposure.exposures: the one answer `ropa transfers`, `list`, `summary` and `show` give too
    for activity, found in exposed(ctx):  # computed once for RP301 and RP309
        for exposure in found:
            if exposure.unrecorded and not exposure.via:  # a chain leaving the EEA further down: RP309
                yield ctx.finding(activity.at("recipients", exposure.index),
                                  msg("'{id}' discloses data to '{recipient}' ({countries}, outside the EEA) but records "
                                      "no transfer to it", id=activity.id, recipient=exposure.recipient,
                                      countries=", ".join(exposure.countries)),
                                  activity.id)
