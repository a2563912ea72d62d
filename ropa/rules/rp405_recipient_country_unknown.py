"""A recipient's country of establishment is recorded.

## What it does
Reports a recipient in the catalogue without `country`: a provider the source documents
do not name or locate (e.g. "the provider of the pages" or "e-mail service providers").

## Why is this bad?
Art. 30(1)(d) asks for the categories of recipients, "including recipients in third
countries", and Art. 30(1)(e) for the transfers to third countries; it does not ask for
recipients by name (names are owed to the data subject on request, Art. 15(1)(c), CJEU
C-154/21) nor for a country of establishment as such. But without the recipient's country
nobody can tell whether Chapter V applies, so the record cannot show that the transfer rules
(Art. 44-49) are met: a warning. Find out who the provider is and where it is established.

## Example
```yaml
recipients:
  - id: hoster  # <-
    name: Hosting provider (not named)
    role: processor
```

## Use instead
```yaml
recipients:
  - id: hoster
    name: Hosting AG
    role: processor
    country: DE
```

## References
- Art. 30(1)(d), (e) GDPR; Art. 44 GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP405"
NAME = "recipient-country-unknown"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(1)(d), (e) GDPR; Art. 44 GDPR"
AXIS = Axis.RECORD
FIELDS = ('country',)


def check(ctx: Context) -> Iterator[Finding]:
    for recipient in ctx.registry.recipients.values():
        if recipient.country is None:
            yield ctx.finding(recipient.span, msg("recipient '{id}' has no country of establishment: it cannot be told "
                                  "whether Chapter V applies", id=recipient.id), recipient.id)
