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

The assessment is an accountability document of the exporter (Art. 5(2), Clause 14 SCC),
not content of the record: Art. 30(1)(e) asks for the transfer and, only for Art. 49(1)
second-subparagraph transfers, the documentation of safeguards. Hence a warning on the
lawfulness axis. For a US importer, the Commission's assessment of US law in
Implementing Decision (EU) 2023/1795 (the DPF adequacy decision, on EO 14086) may be relied
on in the assessment for SCC transfers.

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

from ropa.findings import Axis, Finding, Severity
from ropa.rules._util import transfer_findings

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP307"
NAME = "tia-missing"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 46 GDPR; CJEU C-311/18"
AXIS = Axis.LAWFULNESS
CAUSE = ("recipient", "destination", "problem")  # one cause across activities: one finding (ropa.check.one_per_cause)
FIELDS = ('tia', 'transfers')


def check(ctx: Context) -> Iterator[Finding]:
    yield from transfer_findings(ctx, "assessment")
