"""Special category data has an Art. 9(2) condition.

## What it does
Reports an activity that processes a data category marked `special: art9` but cites no
legal basis of kind `art9` (Art. 9(2)(a)-(j)).
A processor's record (`record: processor`, Art. 30(2)) is not judged: the Art. 9(2)
condition is the controller's decision.

## Why is this bad?
Art. 9(1) prohibits processing health, religious, biometric and other special category
data unless one of the conditions of Art. 9(2) applies, in addition to an Art. 6 basis.

## Example
```yaml
data_categories:
  - id: sick-notes
    name: Sick notes
    special: art9
activities:
  - id: absence
    name: Absence management
    organisation: acme
    data_categories: [sick-notes]  # <-
    legal_bases:
      - basis: art6-1-c
        statute: § 5 EntgFG
```

## Use instead
```yaml
data_categories:
  - id: sick-notes
    name: Sick notes
    special: art9
activities:
  - id: absence
    name: Absence management
    organisation: acme
    data_categories: [sick-notes]
    legal_bases:
      - basis: art6-1-c
        statute: § 5 EntgFG
      - basis: art9-2-b
        statute: § 26(3) BDSG
```

## References
- Art. 9(1), 9(2) GDPR; § 26(3) BDSG
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP204"
NAME = "special-category-without-condition"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 9(2) GDPR"
AXIS = Axis.LAWFULNESS
SPECIAL = "art9"  # the data category marking and the legal basis kind this rule pairs


def check(ctx: Context) -> Iterator[Finding]:
    yield from pair(ctx, SPECIAL, msg("special category data (Art. 9(1))"), msg("an Art. 9(2) condition"))


def pair(ctx: Context, special: str, what: object, needed: object) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    categories = ctx.registry.data_categories
    for activity in controller_records(ctx.registry):
        for index, ident in enumerate(activity.data_categories):
            category = categories.get(ident)
            if category is None or category.special != special:
                continue
            if not any(terms[b.basis].kind == special for b in activity.legal_bases if b.basis in terms):
                yield ctx.finding(activity.at("data_categories", index),
                                  msg("activity '{id}' processes {what} '{category}' but cites no {needed}", id=activity.id,
                                      what=what, category=ident, needed=needed),
                                  activity.id)
            break
