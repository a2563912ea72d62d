"""A transfer relying on adequacy goes to a country with an adequacy decision in force.

## What it does
Reports a transfer whose mechanism is of kind `adequacy` when the destination has no
Art. 45 decision in force on the check date (`ropa/vocab/countries.yaml`, with dates),
or when the mechanism belongs to a scheme the destination's decision does not use (e.g.
`dpf` for a country other than the United States).

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
- Art. 45 GDPR; European Commission, list of adequacy decisions
"""

from __future__ import annotations

from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.rules._util import live

CODE = "RP303"
NAME = "no-adequacy-decision"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 45 GDPR"


def check(ctx) -> Iterator[Finding]:
    eea = vocab.eea()
    mechanisms = vocab.mechanisms()
    for activity in live(ctx.registry):
        for transfer in activity.transfers or ():
            term = mechanisms.get(transfer.mechanism)
            if term is None or term.kind != "adequacy" or transfer.country in eea:
                continue
            decision = vocab.adequacy_for(transfer.country, ctx.today)
            where = f"transfer to '{transfer.recipient}' in '{activity.id}'"
            if decision is None:
                yield ctx.finding(transfer.at("mechanism"),
                                  f"{where}: {vocab.country_name(transfer.country)} has no adequacy decision "
                                  f"in force on {ctx.today}", activity.id)
            elif term.scheme and decision.requires != term.scheme:
                yield ctx.finding(transfer.at("mechanism"),
                                  f"{where}: mechanism '{transfer.mechanism}' does not apply to "
                                  f"{vocab.country_name(transfer.country)}", activity.id)
