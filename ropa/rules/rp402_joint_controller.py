"""Joint controllers have an Art. 26 arrangement on record.

## What it does
Reports a recipient with `role: joint-controller`, or named in an activity's
`joint_controllers`, whose `contract` is not of type `joint-control-arrangement`.

## Why is this bad?
Joint controllers must determine their respective responsibilities in an arrangement
(Art. 26(1)) whose essence is made available to data subjects (Art. 26(2)); the record
names the joint controller (Art. 30(1)(a)). Embedding a social media plug-in or running a
fan page can create joint control (CJEU C-40/17 *Fashion ID*, C-210/16 *Wirtschaftsakademie*).

## Example
```yaml
recipients:
  - id: social-network  # <-
    name: Social Network Ltd.
    role: joint-controller
    country: IE
```

## Use instead
```yaml
recipients:
  - id: social-network
    name: Social Network Ltd.
    role: joint-controller
    country: IE
    contract: {type: joint-control-arrangement, reference: Page Insights Controller Addendum}
```

## References
- Art. 26, Art. 30(1)(a) GDPR; CJEU C-40/17, C-210/16
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP402"
NAME = "joint-controller-without-arrangement"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 26(1) GDPR"
AXIS = Axis.LAWFULNESS
FIELDS = ('contract', 'arrangement')


def check(ctx: Context) -> Iterator[Finding]:
    recipients = ctx.registry.recipients
    named = {r for a in ctx.registry.activities.values() for r in a.joint_controllers}
    for recipient in recipients.values():
        if recipient.role != "joint-controller" and recipient.id not in named:
            continue
        contract = recipient.contract
        if contract is None or contract.type != "joint-control-arrangement":
            what = msg("no arrangement") if contract is None else msg("a contract of type '{type}'", type=contract.type)
            yield ctx.finding(recipient.at("contract") if contract else recipient.span,
                              msg("joint controller '{id}' has {what} on record, not an Art. 26 arrangement "
                                  "(joint-control-arrangement)", id=recipient.id, what=what), recipient.id)
