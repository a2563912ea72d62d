"""A conflict recorded in the registry is a finding the DPO must resolve.

## What it does
Reports every `conflicts:` entry of an organisation, recipient or activity: facts in the
source documents that contradict each other (two different controllers named for the
same site, a basis cited as Art. 6(1)(f) but described as contract performance).

A conflict on a field another rule judges for the same entry is one cause with that rule's
finding and is reported once, with it (`ropa.check.one_per_cause`). The finding's axis follows
the field, as for RP607.

## Why is this bad?
The record must state one fact where the documents state two, and the controller must be able
to show which is true (Art. 5(2) accountability). A privacy notice that contradicts itself is
not "concise, transparent, intelligible" information (Art. 12(1), Art. 13): the documents
the conflict comes from need correcting. Art. 5(1)(d) (accuracy) is not the anchor: it
concerns the personal data processed, not the controller's descriptions of its processing.

## Example
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    conflicts:
      - field: data_source  # <-
        note: Section 2 says customers enter the data; section 4 names a list broker.
```

## Use instead
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    data_source: Entered by customers in the order form (section 2; section 4 corrected).
```

## References
- Art. 5(2), Art. 12(1), Art. 13, Art. 30 GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.answers import answered_keys, key_of_point
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import Field, RegistryNote, msg
from ropa.rules._util import field_axis
from ropa.rules.rp607_recorded_gap import owners

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP608"
NAME = "recorded-conflict"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 5(2), Art. 12(1), Art. 13 GDPR"
AXIS = Axis.RECORD  # each finding: by its field (field_axis)


def check(ctx: Context) -> Iterator[Finding]:
    done = answered_keys(ctx.registry)  # points a statement of the controller answers are not open
    for ident, node in owners(ctx.registry):
        for conflict in getattr(node, "conflicts", ()):
            if done and key_of_point("conflict", conflict.field, conflict) in done:
                continue
            yield ctx.finding(conflict.span, msg("unresolved conflict in '{ident}' ({field}): {note}", ident=ident,
                                  field=Field(conflict.field), note=RegistryNote(conflict.note)), ident,
                              axis=field_axis(conflict.field))
