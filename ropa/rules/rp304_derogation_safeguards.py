"""An Art. 49(1) second-subparagraph transfer documents its safeguards.

## What it does
Reports a transfer under the compelling legitimate interests derogation (`art49-1-2`,
vocabulary `needs: safeguards, conditions`) without `safeguards`, or without the conditions
of the second subparagraph under `derogation`: the compelling legitimate `interest`, the
limited number of `data_subjects`, and the dates the supervisory authority
(`authority_informed`) and the data subjects (`subjects_informed`) were informed. The
message lists what is missing. (That the transfer is `occasional` is RP308.)

## Why is this bad?
The last-resort derogation of Art. 49(1) second subparagraph requires the controller to
assess the circumstances and provide suitable safeguards, and Art. 30(1)(e) requires
those safeguards to be documented in the record. The transfer must be not repetitive,
concern only a limited number of data subjects and serve compelling legitimate interests;
the controller must inform the supervisory authority and the data subjects. EDPB
Guidelines 2/2018 read the derogations restrictively.

## Example
```yaml
activities:
  - id: incident
    name: One-off incident analysis
    organisation: acme
    transfers:
      - recipient: forensics
        country: IN
        mechanism: art49-1-2  # <-
```

## Use instead
```yaml
activities:
  - id: incident
    name: One-off incident analysis
    organisation: acme
    transfers:
      - recipient: forensics
        country: IN
        mechanism: art49-1-2
        occasional: true
        safeguards: Pseudonymised logs only; deletion after 30 days
        derogation:
          interest: Tracing an intrusion into the payment system before it spreads
          data_subjects: The 14 customers whose sessions the attacker used
          authority_informed: 2024-03-01
          subjects_informed: 2024-03-04
```

## References
- Art. 49(1) second subparagraph, Art. 30(1)(e) GDPR; EDPB Guidelines 2/2018
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.rules._util import transfer_findings

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP304"
NAME = "derogation-safeguards-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 49(1) subpara. 2, Art. 30(1)(e) GDPR"
AXIS = Axis.RECORD


def check(ctx: Context) -> Iterator[Finding]:
    yield from transfer_findings(ctx, "derogation")
