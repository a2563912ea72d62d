"""Criminal conviction data has an Art. 10 basis.

## What it does
Reports an activity that processes a data category marked `special: art10` but cites
no legal basis of kind `art10`. A processor's record (`record: processor`, Art. 30(2)) is
not judged: the basis is the controller's decision.

## Why is this bad?
Art. 10 allows processing of personal data relating to criminal convictions and offences,
on an Art. 6(1) basis, only under the control of official authority or where Union or
Member State law providing for appropriate safeguards authorises it.

## Example
```yaml
data_categories:
  - id: police-certificate
    name: Certificate of good conduct
    special: art10
activities:
  - id: hiring
    name: Hiring
    organisation: acme
    data_categories: [police-certificate]  # <-
    legal_bases:
      - basis: art6-1-b
```

## Use instead
```yaml
data_categories:
  - id: police-certificate
    name: Certificate of good conduct
    special: art10
activities:
  - id: hiring
    name: Hiring
    organisation: acme
    data_categories: [police-certificate]
    legal_bases:
      - basis: art6-1-b
      - basis: art10
        statute: § 72a SGB VIII
```

## References
- Art. 10 GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules.rp204_special_category import pair

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP205"
NAME = "criminal-data-without-art10"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 10 GDPR"
AXIS = Axis.LAWFULNESS


def check(ctx: Context) -> Iterator[Finding]:
    yield from pair(ctx, "art10", msg("criminal conviction data (Art. 10)"), msg("Art. 10 basis"))
