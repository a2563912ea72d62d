"""A transfer impact assessment assesses the country the data goes to.

## What it does
Reports, as an error, a transfer under an Art. 46 tool whose transfer impact assessment
(`tia`) names, in its `country`, another country than the transfer's destination. The check is
part of the one transfer assessment (`ropa.transfer.assess`, problem kind `assessed-country`),
so `ropa transfers` shows the same. A transfer with no assessment at all is RP307's; an
assessment that names no country is not judged.

## Why is this bad?
The assessment Clause 14 SCC and CJEU C-311/18 *Schrems II* require examines the law and
practice of the third country of destination: whether its public authorities' access to the
data respects the essence of the fundamental rights. An assessment of the United Kingdom's law
says nothing of a transfer to the United States; the transfer has no assessment, whatever the
record holds (EDPB Recommendations 01/2020, step 3).

## Example
```yaml
recipients:
  - id: crm
    name: CRM Inc.
    role: processor
    country: US
    contract: {type: scc}
activities:
  - id: sales
    name: Sales
    organisation: acme
    recipients: [crm]
    transfers:
      - recipient: crm
        country: US
        mechanism: scc
        scc_module: 2
        tia: {reference: TIA-7, date: 2024-01-10, country: GB}  # <-
```

## Use instead
```yaml
recipients:
  - id: crm
    name: CRM Inc.
    role: processor
    country: US
    contract: {type: scc}
activities:
  - id: sales
    name: Sales
    organisation: acme
    recipients: [crm]
    transfers:
      - recipient: crm
        country: US
        mechanism: scc
        scc_module: 2
        tia: {reference: TIA-7, date: 2024-01-10, country: US}
```

## References
- Art. 46(1) GDPR; Decision (EU) 2021/914, Clause 14; CJEU C-311/18 *Schrems II*, paras. 134,
  142; EDPB Recommendations 01/2020 on supplementary measures, step 3
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.rules._util import transfer_findings

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP310"
NAME = "assessment-for-another-country"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 46 GDPR; Decision (EU) 2021/914; CJEU C-311/18"
AXIS = Axis.LAWFULNESS
CAUSE = ("recipient", "destination", "problem")  # one cause across activities: one finding (ropa.check.one_per_cause)
FIELDS = ("tia",)


def check(ctx: Context) -> Iterator[Finding]:
    yield from transfer_findings(ctx, "assessed-country")
