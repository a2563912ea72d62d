"""A processor or sub-processor has an Art. 28 contract on record.

## What it does
Reports a recipient with `role: processor` or `role: sub-processor` whose `contract` is
missing or is not of type `dpa` (Art. 28(3) data processing agreement).

## Why is this bad?
Processing by a processor must be governed by a contract or legal act that sets out the
subject-matter, duration, nature and purpose, the data and the controller's rights
(Art. 28(3)); sub-processors need the same obligations passed down (Art. 28(4)). A
provider's general terms are enough only if they contain these clauses: check and
record the DPA.

## Example
```yaml
recipients:
  - id: hoster  # <-
    name: Hosting AG
    role: processor
    country: DE
```

## Use instead
```yaml
recipients:
  - id: hoster
    name: Hosting AG
    role: processor
    country: DE
    contract: {type: dpa, reference: AVV-2023-01, date: 2023-05-01}
```

## References
- Art. 28(3), 28(4) GDPR
"""

from __future__ import annotations

from typing import Iterator

from ropa.findings import Finding, Severity

CODE = "RP401"
NAME = "processor-without-contract"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 28(3) GDPR"


def check(ctx) -> Iterator[Finding]:
    for recipient in ctx.registry.recipients.values():
        if recipient.role not in ("processor", "sub-processor"):
            continue
        contract = recipient.contract
        if contract is None:
            yield ctx.finding(recipient.span, f"{recipient.role} '{recipient.id}' has no contract on record "
                              "(Art. 28(3) data processing agreement)", recipient.id)
        elif contract.type != "dpa":
            yield ctx.finding(recipient.at("contract"), f"{recipient.role} '{recipient.id}' has a contract of "
                              f"type '{contract.type}', not an Art. 28(3) data processing agreement (dpa)",
                              recipient.id)
