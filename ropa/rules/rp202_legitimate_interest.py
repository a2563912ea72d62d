"""Art. 6(1)(f) names the legitimate interest and its balancing test.

## What it does
Reports a legal basis whose vocabulary entry `needs: interest` (Art. 6(1)(f)) without
an `interest` (error) or without a reference to the legitimate interests assessment,
`lia` (warning).
A processor's record (`record: processor`, Art. 30(2)) is not judged: the legal basis is
the controller's decision.

## Why is this bad?
Art. 6(1)(f) allows processing only for a named legitimate interest that is not
overridden by the data subject's interests; the controller must be able to show the
balancing (Art. 5(2) accountability), and Art. 13(1)(d) requires telling people which
interest is pursued.

## Example
```yaml
activities:
  - id: server-logs
    name: Server logs
    organisation: acme
    legal_bases:
      - basis: art6-1-f  # <-
```

## Use instead
```yaml
activities:
  - id: server-logs
    name: Server logs
    organisation: acme
    legal_bases:
      - basis: art6-1-f
        interest: Detecting and fending off attacks on the web server
        lia: LIA-2024-03
```

## References
- Art. 6(1)(f), Art. 5(2), Art. 13(1)(d) GDPR
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

CODE = "RP202"
NAME = "legitimate-interest-undocumented"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 6(1)(f) GDPR"


def check(ctx: Context) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    for activity in controller_records(ctx.registry):
        for basis in activity.legal_bases:
            term = terms.get(basis.basis)
            if term is None or "interest" not in term.needs:
                continue
            if basis.interest is None:
                yield ctx.finding(basis.span, msg("{basis} in '{id}' does not name the legitimate interest",
                                      basis=basis.basis, id=activity.id), activity.id)
            elif not basis.lia:
                yield ctx.finding(basis.span, msg("{basis} in '{id}' does not reference the legitimate "
                                      "interests assessment (lia)", basis=basis.basis, id=activity.id), activity.id, Severity.WARNING)
