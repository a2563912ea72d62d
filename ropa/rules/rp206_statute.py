"""A legal obligation or public task cites the law that imposes it.

## What it does
Reports a legal basis whose vocabulary entry `needs: statute` without a `statute`:
Art. 6(1)(c), 6(1)(e), Art. 10, Art. 22(2)(b), and the Art. 9(2) conditions that rest on
Union or Member State law, (b) employment and social security, (g) substantial public
interest, (h) health or social care, (i) public health, (j) archiving, research and
statistics (e.g. § 26(3) BDSG, § 22 BDSG, § 27 BDSG).
A processor's record (`record: processor`, Art. 30(2)) is not judged: the legal basis is
the controller's decision.

## Why is this bad?
Art. 6(3) requires the basis of processing under Art. 6(1)(c) and (e) to be laid down
by Union or Member State law; "legal obligation" without the law cannot be checked.
Art. 9(2)(b), (g), (h), (i) and (j) each allow processing only "on the basis of" or
"authorised by" Union or Member State law (with (b) also a collective agreement under
Member State law, with (h) also a contract with a health professional, Art. 9(3)):
without the law the condition is not shown to exist.

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
- Art. 6(1)(c), (e), Art. 6(3), Art. 9(2)(b), (g)-(j), Art. 10, Art. 22(2)(b) GDPR;
  §§ 22, 26(3), 27 BDSG
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP206"
NAME = "statute-not-cited"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 6(3), Art. 9(2) GDPR"


def check(ctx: Context) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    for activity in controller_records(ctx.registry):
        for basis in activity.legal_bases:
            term = terms.get(basis.basis)
            if term is not None and "statute" in term.needs and not basis.statute:
                what = (msg("the Union or Member State law the condition rests on") if term.kind == "art9"
                        else msg("the law that authorises the decision") if term.art22 == "law"
                        else msg("the law that imposes the obligation or task"))
                yield ctx.finding(basis.span, msg("{basis} in '{id}' does not cite {what} (statute)", basis=basis.basis,
                                      id=activity.id, what=what), activity.id)
