"""Purposes are specific, not generic.

## What it does
Reports a purpose that consists only of a generic word such as "Verwaltung",
"Marketing" or "analytics" (the list is `generic_purposes` in
`ropa/vocab/hygiene.yaml`, compared case-insensitively with the whole purpose).

## Why is this bad?
Purposes must be "specified, explicit and legitimate" (Art. 5(1)(b)). The DSK's notes on
the record and the WP29 opinion on purpose limitation name "marketing" or
"administration" as too vague to judge lawfulness or compatibility.

## Example
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    purposes: [Marketing]  # <-
```

## Use instead
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    purposes: [Sending offers for similar products to existing customers (§ 7(3) UWG)]
```

## References
- Art. 5(1)(b), Art. 30(1)(b) GDPR; DSK Hinweise zum VVT; WP29 Opinion 03/2013
"""

from __future__ import annotations

from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.rules._util import live, texts

CODE = "RP605"
NAME = "generic-purpose"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 5(1)(b) GDPR"


def check(ctx) -> Iterator[Finding]:
    generic = vocab.hygiene().generic_purposes
    for activity in live(ctx.registry):
        for index, purpose in enumerate(activity.purposes):
            vague = next((t for t in texts(purpose) if vocab.normalise(t) in generic), None)
            if vague is not None:
                yield ctx.finding(activity.at("purposes", index),
                                  f"purpose '{vague}' of '{activity.id}' is too generic: say what is done and why",
                                  activity.id)
