"""A joint controller among an activity's recipients is named as its joint controller.

## What it does
Reports a controller's record that discloses data to a recipient whose `role` is
`joint-controller` without naming it under `joint_controllers`.

## Why is this bad?
Art. 30(1)(a) asks for the name and contact details of the controller "and, where
applicable, the joint controller". A record that lists the joint controller only among the
recipients shows it as someone the data is disclosed to, not as someone who decides on the
purposes and means together with the controller (Art. 26(1)); the reader cannot see that an
Art. 26 arrangement governs the activity, and data subjects may exercise their rights against
each joint controller (Art. 26(3)).

## Example
```yaml
recipients:
  - id: partner
    name: Partner GmbH
    role: joint-controller
    country: DE
    contract: {type: joint-control-arrangement, reference: JCA-1}
activities:
  - id: joint-event
    name: Joint trade fair stand
    organisation: acme
    recipients: [partner]  # <-
```

## Use instead
```yaml
recipients:
  - id: partner
    name: Partner GmbH
    role: joint-controller
    country: DE
    contract: {type: joint-control-arrangement, reference: JCA-1}
activities:
  - id: joint-event
    name: Joint trade fair stand
    organisation: acme
    recipients: [partner]
    joint_controllers: [partner]
```

## References
- Art. 30(1)(a), Art. 26(1), (3) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP406"
NAME = "joint-controller-not-named"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(a), Art. 26(1) GDPR"
AXIS = Axis.RECORD
FIELDS = ("joint_controllers",)


def check(ctx: Context) -> Iterator[Finding]:
    recipients = ctx.registry.recipients
    for activity in controller_records(ctx.registry):
        missing = [use.recipient for use in activity.recipients or ()
                   if getattr(recipients.get(use.recipient), "role", None) == "joint-controller"
                   and use.recipient not in activity.joint_controllers]
        if missing:
            yield ctx.finding(activity.at("recipients"),
                              msg("'{id}' discloses data to {names}, recorded as joint controller, but does not name "
                                  "it under `joint_controllers` (Art. 30(1)(a))", id=activity.id,
                                  names=", ".join(f"'{m}'" for m in missing)), activity.id)
