"""A US transfer relying on adequacy has the recipient's DPF certification recorded.

## What it does
Reports a transfer relying on adequacy (`adequacy` or `dpf`) to a country whose
decision covers only certified organisations (`requires:` in
`ropa/vocab/countries.yaml`; the United States: EU-US Data Privacy Framework) when the
recipient has no `certifications` entry of that scheme with `status: active` (error), when
the listing covers only HR or only non-HR data and the transfer includes the other kind
(error; HR data: data subjects `dpv:Employee`/`dpv:JobApplicant` or an employment basis,
`hr_data` in `ropa/vocab/mechanisms.yaml`), and as warnings when the listing's coverage
(`covers`) or the date it was last checked (`checked`) is not recorded or the check is more
than a year old on the check date.

## Why is this bad?
Decision (EU) 2023/1795 covers only US organisations on the DPF list, for the kind of
data (HR / non-HR) their listing covers (Supplemental Principle 9); an organisation must
re-certify every year, and a listing that lapses ends the adequacy for new data. A record
that does not show an active, covering, recently checked listing does not show a lawful
transfer; without one the transfer needs SCCs or another Art. 46 safeguard.

## Example
```yaml
recipients:
  - id: analytics
    name: Analytics Inc.
    role: processor
    country: US
activities:
  - id: web-analytics
    name: Web analytics
    organisation: acme
    recipients: [analytics]
    transfers:
      - recipient: analytics
        country: US
        mechanism: dpf  # <-
```

## Use instead
```yaml
recipients:
  - id: analytics
    name: Analytics Inc.
    role: processor
    country: US
    certifications:
      - {scheme: eu-us-dpf, status: active, checked: 2024-05-10, covers: non-hr}
activities:
  - id: web-analytics
    name: Web analytics
    organisation: acme
    recipients: [analytics]
    transfers:
      - recipient: analytics
        country: US
        mechanism: dpf
```

## References
- Art. 45 GDPR; Commission Implementing Decision (EU) 2023/1795 (EU-US DPF), Annex I
  (Principles; Supplemental Principles 6, 9)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.rules._util import transfer_findings

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP305"
NAME = "dpf-certification-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 45 GDPR; Decision (EU) 2023/1795"
AXIS = Axis.LAWFULNESS
CAUSE = ("recipient", "destination", "problem")  # one cause across activities: one finding (ropa.check.one_per_cause)
FIELDS = ('dpf', 'transfers')


def check(ctx: Context) -> Iterator[Finding]:
    yield from transfer_findings(ctx, "listing")
