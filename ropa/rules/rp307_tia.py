"""A transfer under Art. 46 safeguards records a transfer impact assessment.

## What it does
Reports a transfer whose mechanism's vocabulary entry `needs: tia` without `tia`: every
Art. 46 tool (SCCs, binding corporate rules, instruments between authorities, codes of
conduct, certifications, authorised clauses), not only SCCs.

## Why is this bad?
After CJEU C-311/18 *Schrems II* (16.07.2020) a transfer under Art. 46 safeguards needs
an assessment of the destination's laws and practices and, where needed, supplementary
measures (EDPB Recommendations 01/2020); Clause 14 of the 2021 SCCs requires it to be
documented. The judgment concerns Art. 46 safeguards as such: binding corporate rules and
the other tools need the same assessment (EDPB Recommendations 01/2020, paras. 11, 31).

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
        scc_module: 2
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
        tia: {reference: TIA-2024-02, date: 2024-02-01, outcome: Encryption at rest suffices}
```

## References
- Art. 46 GDPR; CJEU C-311/18 *Schrems II*; Clause 14 SCC 2021; EDPB Recommendations 01/2020
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Finding, Severity
from ropa.rules._util import transfer_findings

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP307"
NAME = "tia-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 46 GDPR; CJEU C-311/18"


def check(ctx: Context) -> Iterator[Finding]:
    yield from transfer_findings(ctx, "assessment")
