"""A legal obligation or public task cites the law that imposes it.

## What it does
Reports a legal basis whose vocabulary entry `needs: statute` (Art. 6(1)(c), 6(1)(e),
Art. 10) without a `statute`.

## Why is this bad?
Art. 6(3) requires the basis of processing under Art. 6(1)(c) and (e) to be laid down
by Union or Member State law; "legal obligation" without the law cannot be checked.

## Example
```yaml
activities:
  - id: bookkeeping
    name: Bookkeeping
    organisation: acme
    legal_bases:
      - basis: art6-1-c  # <-
```

## Use instead
```yaml
activities:
  - id: bookkeeping
    name: Bookkeeping
    organisation: acme
    legal_bases:
      - basis: art6-1-c
        statute: § 147 AO, § 257 HGB
```

## References
- Art. 6(1)(c), (e), Art. 6(3), Art. 10 GDPR
"""

from __future__ import annotations

from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.rules._util import live

CODE = "RP206"
NAME = "statute-not-cited"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 6(3) GDPR"


def check(ctx) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    for activity in live(ctx.registry):
        for basis in activity.legal_bases:
            term = terms.get(basis.basis)
            if term is not None and "statute" in term.needs and not basis.statute:
                yield ctx.finding(basis.span, f"{basis.basis} in '{activity.id}' does not cite the law "
                                  "that imposes the obligation or task (statute)", activity.id)
