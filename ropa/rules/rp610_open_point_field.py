"""A gap, conflict or interpretation names a field of the entry it belongs to.

## What it does
Reports a `gaps:`, `conflicts:` or `interpretations:` entry whose `field` is not a field of
the organisation, contact, recipient or activity that holds it. The field may be a name
(`retention`), a dotted path (`legal_bases.consent.mechanism`), or the name of a field of a
nested record (`statute`, `mechanism`), as `ropa schema` lists them.

## Why is this bad?
Views and exports mark the named field (a gap, a conflict, an interpretation) and
`ropa questions` asks about it under its Art. 30 point. A misspelt field marks nothing: the
reader of the report takes the unmarked value for the documents' word (Art. 5(1)(d),
Art. 30).

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
- Art. 5(1)(d), Art. 30 GDPR
"""

from __future__ import annotations

from collections.abc import Iterator

from ropa.findings import Finding, Severity
from ropa.load import resolve_field
from ropa.rules.rp607_recorded_gap import owners

CODE = "RP610"
NAME = "open-point-unknown-field"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 5(1)(d), Art. 30 GDPR"

KINDS = ("gaps", "conflicts", "interpretations")


def check(ctx) -> Iterator[Finding]:
    for ident, node in owners(ctx.registry):
        cls = type(node)
        for kind in KINDS:
            for item in getattr(node, kind, ()):
                if resolve_field(cls, item.field) is None:
                    yield ctx.finding(item.at("field"), f"{kind[:-1]} in '{ident}' names field '{item.field}', "
                                      f"which {cls.__name__.lower()} entries do not have", ident)
