"""An Art. 49(1) second-subparagraph transfer documents its safeguards.

## What it does
Reports a transfer whose mechanism's vocabulary entry `needs: safeguards` (the
compelling legitimate interests derogation, `art49-1-2`) without `safeguards`.

## Why is this bad?
The last-resort derogation of Art. 49(1) second subparagraph requires the controller to
assess the circumstances and provide suitable safeguards, and Art. 30(1)(e) requires
those safeguards to be documented in the record. EDPB Guidelines 2/2018 read the
derogations restrictively.

## Example
```yaml
activities:
  - id: incident
    name: One-off incident analysis
    organisation: acme
    transfers:
      - recipient: forensics
        country: BR
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
        country: BR
        mechanism: art49-1-2
        safeguards: Pseudonymised logs only; deletion after 30 days; authority informed on 2024-03-01
```

## References
- Art. 49(1) second subparagraph, Art. 30(1)(e) GDPR; EDPB Guidelines 2/2018
"""

from __future__ import annotations

from typing import Iterator

from ropa.findings import Finding, Severity
from ropa.rules._util import live

CODE = "RP304"
NAME = "derogation-safeguards-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 49(1) subpara. 2, Art. 30(1)(e) GDPR"
NEED = "safeguards"


def check(ctx) -> Iterator[Finding]:
    yield from missing_need(ctx, NEED, lambda t: t.safeguards is None,
                            "does not document the safeguards (Art. 49(1) second subparagraph)")


def missing_need(ctx, need: str, missing, what: str) -> Iterator[Finding]:
    """Transfers whose mechanism `needs:` something the transfer does not state."""
    from ropa import vocab

    mechanisms = vocab.mechanisms()
    eea = vocab.eea()
    for activity in live(ctx.registry):
        for transfer in activity.transfers or ():
            term = mechanisms.get(transfer.mechanism)
            if term is None or need not in term.needs or transfer.country in eea or not missing(transfer):
                continue
            yield ctx.finding(transfer.at("mechanism"),
                              f"transfer to '{transfer.recipient}' ({transfer.country}) in '{activity.id}' "
                              f"under {transfer.mechanism} {what}", activity.id)
