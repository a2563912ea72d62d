"""Purposes are specific, not generic.

## What it does
Reports a purpose made of nothing but generic words such as "Verwaltung", "Marketing"
or "analytics" and filler words: "Allgemeine Geschäftszwecke", "Zwecke der Verwaltung",
"for our internal business purposes", "Improving products and services". The lists are
`generic_purposes` and `purpose_fillers` in `ropa/vocab/hygiene.yaml`, German and English,
each with its source; words are compared normalised and inflected (`ropa.vocab.wording`),
so "Geschäftszwecke" matches the listed "Geschäftszweck". A purpose that also says what is
done ("Versand des Newsletters an Abonnenten") passes. Every language version is checked.
A processor's record (`record: processor`, Art. 30(2)) is not judged: the purposes are
the controller's decision.

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
    purposes: [Allgemeine Geschäftszwecke]  # <-
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
- Art. 5(1)(b), Art. 30(1)(b) GDPR; DSK Hinweise zum VVT (2018); WP29 Opinion 03/2013 on
  purpose limitation, III.1.1; ICO guidance on purpose limitation
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import RegistryNote, msg
from ropa.rules._util import controller_records, texts

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP605"
NAME = "generic-purpose"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 5(1)(b) GDPR"
AXIS = Axis.RECORD


def check(ctx: Context) -> Iterator[Finding]:
    hygiene = vocab.hygiene()
    generic, fillers = hygiene.generic_purposes, hygiene.purpose_fillers
    for activity in controller_records(ctx.registry):
        for index, purpose in enumerate(activity.purposes):
            vague = next((t for t in texts(purpose) if generic.covers(t, fillers)), None)
            if vague is not None:
                yield ctx.finding(activity.at("purposes", index),
                                  msg("purpose {purpose} of '{id}' is made only of generic words: say what is "
                                      "done and why (Art. 5(1)(b))", purpose=RegistryNote.quote(purpose, vague), id=activity.id), activity.id)
