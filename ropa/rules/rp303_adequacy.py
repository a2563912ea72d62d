"""A transfer relying on adequacy goes to a country with an adequacy decision in force.

## What it does
Reports a transfer whose mechanism is of kind `adequacy` when the destination (a country,
or an international organisation named in `international_organisation`) has no Art. 45
decision in force on the check date (`--today`; each decision's start and, where it lapses,
end date are in `ropa/vocab/countries.yaml`), or when the mechanism belongs to a scheme the
destination's decision does not use (e.g. `dpf` for a country other than the United States).
The message says whether the decision is missing, not yet in force or lapsed. Decisions with
a limited scope (Canada: organisations subject to PIPEDA; Japan: business operators under
the APPI) are shown with their scope by `ropa transfers`, and the recipient records whether it
is within that scope (`adequacy_scope`): `false` is an error (the decision does not carry the
transfer), not stated a warning.

## Why is this bad?
Only the countries listed by the Commission offer an adequate level of protection;
for any other country the transfer needs Art. 46 safeguards or an Art. 49 derogation.

## Example
```yaml
activities:
  - id: support
    name: Support
    organisation: acme
    transfers:
      - recipient: helpdesk
        country: IN
        mechanism: adequacy  # <-
```

## Use instead
```yaml
activities:
  - id: support
    name: Support
    organisation: acme
    transfers:
      - recipient: helpdesk
        country: IN
        mechanism: scc
        scc_module: 2
        tia: {reference: TIA-2024-05}
```

## References
- Art. 45(1), (3), Art. 4(26) GDPR; European Commission, list of adequacy decisions;
  Implementing Decision (EU) 2026/179 (Brazil, 26.01.2026); Decision (EU) 2021/1772 as
  renewed on 19.12.2025 (United Kingdom, until 27.12.2031)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.rules._util import transfer_findings

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP303"
NAME = "no-adequacy-decision"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 45 GDPR"
AXIS = Axis.LAWFULNESS
CAUSE = ("recipient", "destination", "problem")  # one cause across activities: one finding (ropa.check.one_per_cause)


def check(ctx: Context) -> Iterator[Finding]:
    yield from transfer_findings(ctx, "adequacy")
    yield from transfer_findings(ctx, "scope")
