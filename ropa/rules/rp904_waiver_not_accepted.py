"""A waiver is accepted by a person of the organisation whose record it concerns.

## What it does
Reports a waiver whose `accepted_by` does not name a person recorded for the organisation
the waiver's target belongs to: one of its `management`, its `dpo` (by `name`) or one of
its `officers`. The name is compared without case, extra spaces or a trailing
`(role)`. Such a waiver waives nothing: its finding stays open.

Whose person: for an activity, the organisation keeping its record; for an organisation,
itself; for a recipient, any record-keeping organisation (`keeps_record: true`) whose
activities use it (any record-keeping organisation if none does); for an unknown target,
any record-keeping organisation.

## Why is this bad?
A waiver accepts a risk. Only the controller (or processor) who answers for the record can
accept a risk in it (Art. 5(2), Art. 24(1)); a waiver signed by the tool's maintainers, a
consultant or "DPO (pending)" makes the report look green where nobody responsible has
decided anything.

## Example
```yaml
organisations:
  - id: acme
    name: ACME GmbH
    management: [Erika Mustermann]
activities:
  - id: crm
    name: CRM
    organisation: acme
waivers:
  - rule: RP101
    target: crm
    justification: Purposes are being clarified with sales.
    accepted_by: ropa maintainers  # <-
    accepted: 2024-01-10
    expires: 2099-06-30
```

## Use instead
```yaml
organisations:
  - id: acme
    name: ACME GmbH
    management: [Erika Mustermann]
activities:
  - id: crm
    name: CRM
    organisation: acme
waivers:
  - rule: RP101
    target: crm
    justification: Purposes are being clarified with sales.
    accepted_by: Erika Mustermann (Geschäftsführerin)
    accepted: 2024-01-10
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

CODE = "RP904"
NAME = "waiver-not-accepted"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 5(2), Art. 24(1) GDPR"
AXIS = Axis.LAWFULNESS


def check(ctx: Context) -> Iterator[Finding]:
    from ropa.rules.context import waiver_organisations

    use = ctx.waivers
    if use is None:
        return
    for index, waiver in enumerate(ctx.registry.waivers):
        if index not in use.unaccepted:
            continue
        orgs = waiver_organisations(ctx.registry, waiver)
        who = ", ".join(f"'{o.id}'" for o in orgs) or msg("no organisation")
        yield ctx.finding(waiver.at("accepted_by"), msg("waiver of {rule} for '{target}' is accepted by '{by}', who is not recorded as "
                              "management, DPO or officer of {who}: it waives nothing", rule=waiver.rule,
                              target=waiver.target, by=waiver.accepted_by, who=who), waiver.target)
