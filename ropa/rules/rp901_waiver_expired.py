"""An expired waiver is reported, and no longer waives anything.

## What it does
Reports a waiver whose `expires` date is before the check date. The finding it covered
is open again.

## Why is this bad?
A waiver accepts a known shortcoming for a limited time (Art. 5(2) accountability: the
decision is documented). When it expires, someone must either fix the record or accept
the finding again with a fresh justification.

## Example
```yaml
organisations:
  - {id: acme, name: ACME GmbH, dpo: {name: J. Beispiel}}
activities:
  - id: crm
    name: CRM
    organisation: acme
waivers:
  - rule: RP101
    target: crm
    justification: Purposes are being clarified with sales.
    accepted_by: J. Beispiel (DPO)
    accepted: 2019-01-10
    expires: 2019-06-30  # <-
```

## Use instead
```yaml
organisations:
  - {id: acme, name: ACME GmbH, dpo: {name: J. Beispiel}}
activities:
  - id: crm
    name: CRM
    organisation: acme
waivers:
  - rule: RP101
    target: crm
    justification: Purposes are being clarified with sales.
    accepted_by: J. Beispiel (DPO)
    accepted: 2019-01-10
    expires: 2099-06-30
```

## References
- Art. 5(2), Art. 24(1) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP901"
NAME = "waiver-expired"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 5(2) GDPR"
AXIS = Axis.LAWFULNESS


def check(ctx: Context) -> Iterator[Finding]:
    use = ctx.waivers
    if use is None:
        return
    for index, waiver in enumerate(ctx.registry.waivers):
        if index in use.expired:
            yield ctx.finding(waiver.at("expires"), msg("waiver of {rule} for '{target}' expired on {expires}: fix the finding or renew "
                                  "the waiver", rule=waiver.rule, target=waiver.target, expires=waiver.expires), waiver.target)
