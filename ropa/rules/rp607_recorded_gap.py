"""A gap recorded in the registry is a finding the DPO must resolve.

## What it does
Reports every `gaps:` entry of an organisation (including its DPO, representative and
authority contacts), recipient or activity: a fact the source documents do not state.

## Why is this bad?
A recorded gap is honest, but the record is incomplete until someone supplies the fact
(Art. 30(1), Art. 5(2) accountability). Reporting gaps keeps them on the DPO's list; a
waiver with a justification and an expiry date can accept one for a while.

## Example
```yaml
activities:
  - id: hosting
    name: Website hosting
    organisation: acme
    gaps:
      - field: retention  # <-
        note: The notice does not say how long server logs are kept.
```

## Use instead
```yaml
activities:
  - id: hosting
    name: Website hosting
    organisation: acme
    retention:
      - period: P14D
```

## References
- Art. 30(1), Art. 5(2) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ropa.answers import answered_keys, key_of_point
from ropa.findings import Finding, Severity
from ropa.i18n import Field, RegistryNote, msg

if TYPE_CHECKING:
    from ropa.model import Text
    from ropa.check import Context
    from ropa.load import Registry

CODE = "RP607"
NAME = "recorded-gap"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(1), Art. 5(2) GDPR"


def owners(registry: Registry) -> Iterator[tuple[str, Any]]:
    """(target id, node with gaps/conflicts) for every node that can record them."""
    for org in registry.organisations.values():
        yield org.id, org
        for contact in (org.dpo, org.eu_representative, org.supervisory_authority):
            if contact is not None:
                yield org.id, contact
    for recipient in registry.recipients.values():
        yield recipient.id, recipient
    for activity in registry.activities.values():
        if activity.status != "retired":
            yield activity.id, activity


def summary(note: Text | None) -> str:
    """The note's first language version on one line, in full.

    Never shortened: the message goes into the exported record (xlsx, csv, html, pdf),
    where a note cut with "..." would hide part of an open point from the auditor.
    """
    return " ".join(note.values[0][1].split()) if note is not None and note.values else ""


def check(ctx: Context) -> Iterator[Finding]:
    done = answered_keys(ctx.registry)  # points a statement of the controller answers are not open
    for ident, node in owners(ctx.registry):
        for gap in getattr(node, "gaps", ()):
            if done and key_of_point("gap", gap.field, gap) in done:
                continue
            yield ctx.finding(gap.span, msg("open gap in '{ident}' ({field}): {note}", ident=ident, field=Field(gap.field),
                                                note=RegistryNote(gap.note)), ident)
