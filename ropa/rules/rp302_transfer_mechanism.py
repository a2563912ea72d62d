"""A transfer to a third country names its mechanism.

## What it does
Reports a transfer to a country outside the EEA whose `mechanism` is of kind `none`
(`none`, `unknown` in `ropa/vocab/mechanisms.yaml`).

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

from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.rules._util import live

CODE = "RP302"
NAME = "transfer-mechanism-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 44-49 GDPR"


def check(ctx) -> Iterator[Finding]:
    eea = vocab.eea()
    mechanisms = vocab.mechanisms()
    for activity in live(ctx.registry):
        for transfer in activity.transfers or ():
            term = mechanisms.get(transfer.mechanism)
            if term is None or term.kind != "none" or transfer.country in eea:
                continue
            yield ctx.finding(transfer.at("mechanism"),
                              f"transfer to '{transfer.recipient}' ({transfer.country}) in '{activity.id}' "
                              f"has no transfer mechanism ({transfer.mechanism})", activity.id)
