"""A US transfer relying on adequacy has the recipient's DPF certification recorded.

## What it does
Reports a transfer relying on adequacy (`adequacy` or `dpf`) to a country whose
decision covers only certified organisations (`requires:` in
`ropa/vocab/countries.yaml`; the United States: EU-US Data Privacy Framework) when the
recipient has no `certifications` entry of that scheme with `status: active`.

## Why is this bad?
Decision (EU) 2023/1795 covers only US organisations on the DPF list, for the kind of
data (HR / non-HR) their listing covers. Without an active listing the transfer needs
SCCs or another Art. 46 safeguard.

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
      - {scheme: eu-us-dpf, status: active, checked: 2024-01-10, covers: non-hr}
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
- Art. 45 GDPR; Commission Implementing Decision (EU) 2023/1795 (EU-US DPF)
"""

from __future__ import annotations

from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.rules._util import live

CODE = "RP305"
NAME = "dpf-certification-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 45 GDPR; Decision (EU) 2023/1795"


def check(ctx) -> Iterator[Finding]:
    mechanisms = vocab.mechanisms()
    recipients = ctx.registry.recipients
    for activity in live(ctx.registry):
        for transfer in activity.transfers or ():
            term = mechanisms.get(transfer.mechanism)
            if term is None or term.kind != "adequacy":
                continue
            decision = vocab.adequacy_for(transfer.country)
            if decision is None or not decision.requires:
                continue
            recipient = recipients.get(transfer.recipient)
            if recipient is None:
                continue
            listed = [c for c in recipient.certifications if c.scheme == decision.requires]
            if any(c.status == "active" for c in listed):
                continue
            state = f"status {listed[0].status}" if listed else "none recorded"
            yield ctx.finding(transfer.at("mechanism"),
                              f"transfer to '{transfer.recipient}' ({transfer.country}) in '{activity.id}' "
                              f"relies on adequacy, which needs an active {decision.requires} certification "
                              f"({state})", activity.id)
