"""Retention is a period or a criterion, not "as long as necessary".

## What it does
Reports a `retention` entry without a `period` whose `criterion` is missing or only a
vague phrase ("as long as necessary", "gesetzliche Aufbewahrungsfristen"; the list is
`vague_retention` in `ropa/vocab/hygiene.yaml`). A `statute` alone is not enough either:
state the period it imposes (e.g. `P10Y` for § 147 AO).

## Why is this bad?
Art. 30(1)(f) asks for time limits; the DSK notes say a bare reference to statutory
retention is not enough, and the CNIL asks for a duration or a precise criterion.

## Example
```yaml
activities:
  - id: invoicing
    name: Invoicing
    organisation: acme
    retention:
      - criterion: as long as necessary  # <-
```

## Use instead
```yaml
activities:
  - id: invoicing
    name: Invoicing
    organisation: acme
    retention:
      - period: P10Y
        trigger: End of the calendar year of the invoice
        statute: § 147 AO, § 257 HGB
```

## References
- Art. 30(1)(f), Art. 5(1)(e) GDPR; DSK Hinweise zum VVT; CNIL, durées de conservation
"""

from __future__ import annotations

from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.rules._util import live, texts

CODE = "RP606"
NAME = "vague-retention"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(1)(f) GDPR"


def check(ctx) -> Iterator[Finding]:
    vague = vocab.hygiene().vague_retention
    for activity in live(ctx.registry):
        for entry in activity.retention:
            if entry.period:
                continue
            criteria = texts(entry.criterion)
            if not criteria:
                said = f"only cites {entry.statute}" if entry.statute else "states neither a period nor a criterion"
                yield ctx.finding(entry.span, f"retention in '{activity.id}' {said}: state the period",
                                  activity.id)
            elif all(vocab.normalise(c) in vague for c in criteria):
                yield ctx.finding(entry.at("criterion"), f"retention in '{activity.id}' is vague "
                                  f"('{criteria[0]}'): state a period or a precise criterion", activity.id)
