"""An Art. 49 derogation serves only occasional transfers, never a processing relationship.

## What it does
Reports a transfer that rests on an Art. 49(1) derogation (mechanism kind `derogation`)
when the recipient is a `processor` or `sub-processor` (error: a processing relationship
is permanent), when the transfer is recorded as not occasional (`occasional: false`,
error), and, as a warning, when a derogation that serves only occasional transfers
(vocabulary `needs: occasional`: Art. 49(1)(b), (c), (e) and the second subparagraph)
does not record `occasional: true`.

## Why is this bad?
The derogations of Art. 49 are exceptions for specific situations and are read
restrictively (EDPB Guidelines 2/2018, 2.1): recital 111 limits the contract and legal
claims derogations to occasional transfers, and the second subparagraph to transfers that
are "not repetitive". A processor that works for the controller day by day receives data
regularly: that needs an adequacy decision or an Art. 46 safeguard (SCC module 2 or 3),
never a derogation.

## Example
```yaml
recipients:
  - id: support-desk
    name: Support Desk Pvt Ltd
    role: processor
    country: IN
    contract: {type: dpa}
activities:
  - id: support
    name: Customer support
    organisation: acme
    recipients: [support-desk]
    transfers:
      - recipient: support-desk
        country: IN
        mechanism: art49-1-b  # <-
```

## Use instead
```yaml
recipients:
  - id: support-desk
    name: Support Desk Pvt Ltd
    role: processor
    country: IN
    contract: {type: dpa}
activities:
  - id: support
    name: Customer support
    organisation: acme
    recipients: [support-desk]
    transfers:
      - recipient: support-desk
        country: IN
        mechanism: scc
        scc_module: 2
        tia: {reference: TIA-2024-07, date: 2024-04-02}
```

## References
- Art. 49(1) GDPR, recital 111; EDPB Guidelines 2/2018 on derogations of Article 49 (2.1)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.rules._util import transfer_findings

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP308"
NAME = "derogation-for-regular-transfer"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 49(1) GDPR, recital 111; EDPB Guidelines 2/2018"
AXIS = Axis.LAWFULNESS


def check(ctx: Context) -> Iterator[Finding]:
    yield from transfer_findings(ctx, "regular")
