"""A transfer under standard contractual clauses records the SCC module.

## What it does
Reports a transfer whose mechanism's vocabulary entry `needs: scc_module` (`scc`)
without `scc_module` (1 C2C, 2 C2P, 3 P2P, 4 P2C) (error), and, as a warning, a module that
does not fit the parties' roles: the record's type (`record: controller` or `processor`)
is the exporter, the recipient's `role` the importer (a controller sending to a processor
uses module 2, a processor to a sub-processor module 3).

## Why is this bad?
The 2021 SCCs (Decision (EU) 2021/914) are modular; the module decides which
obligations apply. The pre-2021 clauses ceased to be valid on 27.12.2022, so a record
of "SCC" without the module does not show that the current clauses are in place.

## Example
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    transfers:
      - recipient: crm-vendor
        country: US
        mechanism: scc  # <-
        tia: {reference: TIA-2024-02}
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
        tia: {reference: TIA-2024-02}
```

## References
- Art. 46(2)(c) GDPR; Commission Implementing Decision (EU) 2021/914
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.rules._util import transfer_findings

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP306"
NAME = "scc-module-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 46(2)(c) GDPR; Decision (EU) 2021/914"
AXIS = Axis.LAWFULNESS
CAUSE = ("recipient", "destination", "problem")  # one cause across activities: one finding (ropa.check.one_per_cause)
FIELDS = ('scc_module', 'transfers')


def check(ctx: Context) -> Iterator[Finding]:
    yield from transfer_findings(ctx, "module")
