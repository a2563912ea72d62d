"""The organisation keeping the record has a postal address and a way to contact it.

## What it does
Reports an organisation (the controller or processor keeping records) without an
`address`, or without any of `email` and `phone`.

## Why is this bad?
Art. 30(1)(a) and 30(2)(a) require the name and contact details of the controller or
processor. The DSK template asks for street, postal code, town, telephone and e-mail.

## Example
```yaml
organisations:
  - id: acme  # <-
    name: ACME GmbH
```

## Use instead
```yaml
organisations:
  - id: acme
    name: ACME GmbH
    address: {street: Hauptstraße 1, postal_code: "10115", city: Berlin, country: DE}
    email: datenschutz@acme.example
```

## References
- Art. 30(1)(a), 30(2)(a) GDPR; DSK Muster VVT (Angaben zum Verantwortlichen)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP105"
NAME = "controller-contact-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(a) GDPR"
AXIS = Axis.RECORD
FIELDS = ('address', 'email', 'phone', 'website')


def check(ctx: Context) -> Iterator[Finding]:
    for org in ctx.registry.organisations.values():
        no_address, no_contact = org.address is None, not (org.email or org.phone)
        if no_address and no_contact:
            message = msg("organisation '{id}' has no address and no e-mail or phone", id=org.id)
        elif no_address:
            message = msg("organisation '{id}' has no address", id=org.id)
        elif no_contact:
            message = msg("organisation '{id}' has no e-mail or phone", id=org.id)
        else:
            continue
        yield ctx.finding(org.span, message, org.id)
