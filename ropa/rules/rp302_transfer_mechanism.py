"""A transfer to a third country names its mechanism.

## What it does
Reports a transfer to a country outside the EEA, or to an international organisation,
whose `mechanism` is of kind `none` (`none`, `unknown` in `ropa/vocab/mechanisms.yaml`).
The transfer assessment (`ropa.transfer.assess`) decides; `ropa transfers` shows the same.

## Why is this bad?
A transfer to a third country is lawful only under an adequacy decision (Art. 45),
appropriate safeguards (Art. 46) or a derogation (Art. 49). Without one, the transfer
is prohibited (Art. 44).

## Example
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    transfers:
      - recipient: crm-vendor
        country: US
        mechanism: unknown  # <-
```

## Use instead
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    transfers:
      - recipient: crm-vendor
        country: US
        mechanism: scc
        scc_module: 2
        tia: {reference: TIA-2024-02, date: 2024-02-01}
```

## References
- Art. 44, 45, 46, 49 GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.rules._util import transfer_findings

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP302"
NAME = "transfer-mechanism-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 44-49 GDPR"
AXIS = Axis.LAWFULNESS
CAUSE = ("recipient", "destination", "problem")  # one cause across activities: one finding (ropa.check.one_per_cause)
FIELDS = ('transfers', 'mechanism')


def check(ctx: Context) -> Iterator[Finding]:
    yield from transfer_findings(ctx, "mechanism")
