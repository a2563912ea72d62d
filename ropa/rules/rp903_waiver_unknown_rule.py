"""A waiver names a rule that exists and can be waived.

## What it does
Reports a waiver whose `rule` is not a code in the catalogue (`ropa rules`), or is a
code that cannot be waived: loader problems (RP0xx, the registry must be readable) and
the waiver rules themselves (RP9xx).

## Why is this bad?
Such a waiver can never match a finding; usually the code has a typo and the finding it
was meant for is still open.

## Example
```yaml
organisations:
  - {id: acme, name: ACME GmbH, dpo: {name: J. Beispiel}}
activities:
  - id: crm
    name: CRM
    organisation: acme
waivers:
  - rule: RP199  # <-
    target: crm
    justification: Purposes are being clarified with sales.
    accepted_by: J. Beispiel (DPO)
    accepted: 2024-01-10
    expires: 2099-06-30
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
    accepted: 2024-01-10
    expires: 2099-06-30
```

## References
- Art. 5(2) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP903"
NAME = "waiver-unknown-rule"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 5(2) GDPR"
AXIS = Axis.LAWFULNESS


def check(ctx: Context) -> Iterator[Finding]:
    use = ctx.waivers
    if use is None:
        return
    for waiver in ctx.registry.waivers:
        if waiver.rule not in use.waivable:
            yield ctx.finding(waiver.at("rule"), msg("waiver names rule {rule}, which does not exist or cannot be waived", rule=waiver.rule), waiver.target)
