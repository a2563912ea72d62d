"""An interpretation recorded in the registry is listed until the controller confirms it.

## What it does
Reports every `interpretations:` entry of an organisation, recipient or activity: a fact
the registry reads into the source documents (a legal basis the text implies but does not
name, a role, a data category spelled out more precisely than the text) rather than takes
from them. Every view and export marks the field as an interpretation (`Auslegung:` /
`interpretation:`); `ropa questions` asks the controller to confirm or correct it.

## Why is this bad?
A record of processing activities states what the controller does (Art. 30(1)); the
controller answers for it (Art. 5(2), Art. 24(1)). A fact nobody at the controller has
confirmed is a reading of a document, not yet a fact of the record. Listing each one
(as a warning, like a recorded gap) keeps the record honest: it is never shown green
while it rests on readings.

## Example
```yaml
activities:
  - id: contact-form
    name: Contact form
    organisation: acme
    legal_bases: [{basis: art6-1-b}]
    interpretations:
      - field: legal_bases  # <-
        note: The notice names no basis for enquiries; Art. 6(1)(b) is read from "Anfrage".
```

## Use instead
```yaml
activities:
  - id: contact-form
    name: Contact form
    organisation: acme
    legal_bases: [{basis: art6-1-b}]
```

## References
- Art. 5(2), Art. 30(1) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.answers import answered_keys, key_of_point
from ropa.findings import Finding, Severity
from ropa.i18n import Field, RegistryNote, msg
from ropa.rules.rp607_recorded_gap import owners

if TYPE_CHECKING:
    from ropa.check import Context

CODE = "RP609"
NAME = "recorded-interpretation"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 5(2), Art. 30(1) GDPR"


def check(ctx: Context) -> Iterator[Finding]:
    done = answered_keys(ctx.registry)  # points a statement of the controller answers are not open
    for ident, node in owners(ctx.registry):
        for item in getattr(node, "interpretations", ()):
            if done and key_of_point("interpretation", item.field, item) in done:
                continue
            yield ctx.finding(item.span, msg("interpretation in '{ident}' ({field}), not stated by the documents: {note}",
                                  ident=ident, field=Field(item.field), note=RegistryNote(item.note)), ident)
