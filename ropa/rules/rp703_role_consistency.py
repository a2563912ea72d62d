"""Roles agree: a recipient's role, its place in the processing chain and the activity's record type.

## What it does
Reports, as warnings:

* a `sub-processor` whose principal (its `processor_of`, or a recipient listing it under
  `sub_processors`) is not a processor or sub-processor;
* a recipient named under an activity's `joint_controllers` whose `role` is `processor`,
  `sub-processor` or `authority`;
* a processor's record (`record: processor`) that names `joint_controllers`, and a
  controller's record that names `controllers` (the field of Art. 30(2)(a)).

## Why is this bad?
Roles decide which duties apply: a sub-processor is engaged by a processor under
Art. 28(2) and (4) and needs the controller's authorisation; a joint controller needs an
Art. 26 arrangement, a processor an Art. 28(3) contract. A recipient recorded in two roles
at once has one wrong, and the contract the rules look for is the wrong one (EDPB
Guidelines 07/2020). A processor's record names the controllers it acts for (Art. 30(2)(a));
a controller's record names joint controllers (Art. 30(1)(a)).

## Example
```yaml
recipients:
  - id: agency
    name: Agency GmbH
    role: controller
    country: DE
  - id: printer
    name: Print GmbH
    role: sub-processor
    country: DE
    processor_of: agency  # <-
    contract: {type: dpa}
```

## Use instead
```yaml
recipients:
  - id: agency
    name: Agency GmbH
    role: processor
    country: DE
    contract: {type: dpa}
    sub_processors: [printer]
  - id: printer
    name: Print GmbH
    role: sub-processor
    country: DE
    processor_of: agency
    contract: {type: dpa}
```

## References
- Art. 26, Art. 28(2), 28(4), Art. 30(1)(a), 30(2)(a) GDPR; EDPB Guidelines 07/2020 on the
  concepts of controller and processor
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import live

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP703"
NAME = "roles-disagree"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 26, Art. 28(2), (4), Art. 30 GDPR"
AXIS = Axis.RECORD
PROCESSORS = ("processor", "sub-processor")


def check(ctx: Context) -> Iterator[Finding]:
    recipients = ctx.registry.recipients
    listed_by: dict[str, list[str]] = {}
    for recipient in recipients.values():
        for sub in recipient.sub_processors:
            listed_by.setdefault(sub, []).append(recipient.id)
    for recipient in recipients.values():
        if recipient.role != "sub-processor":
            continue
        principals = ([recipient.processor_of] if recipient.processor_of else []) + listed_by.get(recipient.id, [])
        for principal in dict.fromkeys(principals):
            other = recipients.get(principal)
            if other is not None and other.role not in PROCESSORS:
                span = recipient.at("processor_of") if principal == recipient.processor_of else recipient.span
                yield ctx.finding(span, msg("sub-processor '{id}' works for '{principal}', whose role is '{role}': "
                                            "a sub-processor is engaged by a processor (Art. 28(2), (4)); correct "
                                            "one of the roles", id=recipient.id, principal=principal,
                                            role=other.role), recipient.id)
    for activity in live(ctx.registry):
        for index, ident in enumerate(activity.joint_controllers):
            other = recipients.get(ident)
            if other is not None and other.role in (*PROCESSORS, "authority"):
                yield ctx.finding(activity.at("joint_controllers", index),
                                  msg("'{id}' names '{other}' as joint controller, but its role is '{role}'",
                                      id=activity.id, other=ident, role=other.role),
                                  activity.id)
        if activity.record == "processor" and activity.joint_controllers:
            yield ctx.finding(activity.at("joint_controllers"),
                              msg("processor record '{id}' names joint controllers: a processor's record names the "
                                  "controllers it acts for (`controllers`)", id=activity.id), activity.id)
        if activity.record == "controller" and activity.controllers:
            yield ctx.finding(activity.at("controllers"),
                              msg("controller record '{id}' names `controllers` (the field of a processor's record, "
                                  "Art. 30(2)(a)): set `record: processor` or use `joint_controllers`",
                                  id=activity.id), activity.id)
