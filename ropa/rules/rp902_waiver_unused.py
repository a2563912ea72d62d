"""A waiver that matches no finding is reported.

## What it does
Reports a valid waiver (known rule, not expired) that covers no finding: no finding of
its `rule` has its `target`, or an earlier waiver for the same rule and target already
covers it. Waivers for rules that did not run (`--select`, `--ignore`) are not judged.

## Why is this bad?
A waiver that waives nothing is stale: the record was fixed, or the target was renamed
and the waiver points nowhere. Left in place, it would silently waive a future finding
that nobody has looked at.

## Example
```yaml
organisations:
  - {id: acme, name: ACME GmbH, dpo: {name: J. Beispiel}}
activities:
  - id: crm
    name: CRM
    organisation: acme
    purposes: [Managing customer contracts and support requests]
waivers:
  - rule: RP101  # <-
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
    purposes: [Managing customer contracts and support requests]
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

CODE = "RP902"
NAME = "waiver-unused"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 5(2) GDPR"
AXIS = Axis.LAWFULNESS


def check(ctx: Context) -> Iterator[Finding]:
    use = ctx.waivers
    if use is None:
        return
    for index, waiver in enumerate(ctx.registry.waivers):
        if (waiver.rule in use.ran and index not in use.expired and index not in use.used
                and index not in use.unaccepted):
            yield ctx.finding(waiver.span, msg("waiver of {rule} for '{target}' matches no finding: remove it", rule=waiver.rule,
                                  target=waiver.target), waiver.target)
