"""A gap, conflict or interpretation names a field of the entry it belongs to.

## What it does
Reports a `gaps:`, `conflicts:` or `interpretations:` entry whose `field` is not a field of
the organisation, contact, recipient or activity that holds it. The field may be a name
(`retention`), a dotted path (`legal_bases.consent.mechanism`), or the name of a field of a
nested record (`statute`, `mechanism`), as `ropa schema` lists them.

## Why is this bad?
Views and exports mark the named field (a gap, a conflict, an interpretation) and
`ropa questions` asks about it under its Art. 30 point. A misspelt field marks nothing: the
reader of the report takes the unmarked value for the documents' word (Art. 5(2),
Art. 30). A misspelling is a defect of the registry, not an inaccuracy of personal data
(Art. 5(1)(d)).

## Example
```yaml
activities:
  - id: contact-form
    name: Contact form
    organisation: acme
    legal_bases: [{basis: art6-1-b}]
    interpretations:
      - field: legal_basis  # <-
        note: Art. 6(1)(b) is read from "Anfrage".
```

## Use instead
```yaml
activities:
  - id: contact-form
    name: Contact form
    organisation: acme
    legal_bases: [{basis: art6-1-b}]
    interpretations:
      - field: legal_bases
        note: Art. 6(1)(b) is read from "Anfrage".
```

## References
- Art. 5(2), Art. 30 GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.load import resolve_field
from ropa.rules.rp607_recorded_gap import owners

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP610"
NAME = "open-point-unknown-field"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 5(2), Art. 30 GDPR"
AXIS = Axis.RECORD

KINDS = ("gaps", "conflicts", "interpretations")

_KINDS = {"gaps": msg("gap"), "conflicts": msg("conflict"), "interpretations": msg("interpretation")}
_ENTRIES = {"activity": msg("activity"), "recipient": msg("recipient"), "organisation": msg("organisation"),
            "contact": msg("contact")}


def check(ctx: Context) -> Iterator[Finding]:
    for ident, node in owners(ctx.registry):
        cls = type(node)
        for kind in KINDS:
            for item in getattr(node, kind, ()):
                if resolve_field(cls, item.field) is None:
                    yield ctx.finding(item.at("field"), msg("{kind} in '{ident}' names field '{field}', which {entry} entries do not have",
                                          kind=_KINDS[kind], ident=ident, field=item.field,
                                          entry=_ENTRIES.get(cls.__name__.lower(), cls.__name__.lower())), ident)
