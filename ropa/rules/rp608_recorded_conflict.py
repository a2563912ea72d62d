"""A conflict recorded in the registry is a finding the DPO must resolve.

## What it does
Reports every `conflicts:` entry of an organisation, recipient or activity: facts in the
source documents that contradict each other (two different controllers named for the
same site, a basis cited as Art. 6(1)(f) but described as contract performance).

## Why is this bad?
The record must state one truth (Art. 30, Art. 5(1)(d) accuracy; Art. 5(2)
accountability). Contradictions need a decision by the DPO, and the documents they come
from may need to be corrected (Art. 12-14 transparency).

## Example
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    conflicts:
      - field: legal_bases  # <-
        note: Section 2 cites Art. 6(1)(f); section 4 describes contract performance.
```

## Use instead
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    legal_bases:
      - basis: art6-1-b
```

## References
- Art. 5(1)(d), Art. 5(2), Art. 30 GDPR
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

CODE = "RP608"
NAME = "recorded-conflict"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 5(1)(d), Art. 30 GDPR"


def check(ctx: Context) -> Iterator[Finding]:
    done = answered_keys(ctx.registry)  # points a statement of the controller answers are not open
    for ident, node in owners(ctx.registry):
        for conflict in getattr(node, "conflicts", ()):
            if done and key_of_point("conflict", conflict.field, conflict) in done:
                continue
            yield ctx.finding(conflict.span, msg("unresolved conflict in '{ident}' ({field}): {note}", ident=ident,
                                  field=Field(conflict.field), note=RegistryNote(conflict.note)), ident)
