"""A processor's record does not cite a legal basis.

## What it does
Reports a legal basis on an activity kept as a processor's record (`record: processor`,
Art. 30(2)). One finding per basis cited. A basis whose `notes` or `scope` say it is the
controller's, recorded for information ("zur Information", "Rechtsgrundlage des
Verantwortlichen", "for information", "the controller's basis"), is not reported: it claims
nothing for the processor.

## Why is this bad?
An Art. 30(2) record holds the processor and each controller, the categories of
processing carried out for each controller, transfers and the security measures. Whether
and on which ground processing is lawful (Art. 6, 9) is the controller's decision, made in
the controller's Art. 30(1) record. A processor that decides on a legal basis acts on its
own purposes, and a processor that determines purposes and means is a controller for that
processing (Art. 28(10)): either the basis belongs in the controller's record, or the
record is in fact a controller's record and must say so (`record: controller`).

## Example
```yaml
organisations:
  - id: client
    name: Client GmbH
activities:
  - id: payroll-for-client
    name: Payroll service for Client GmbH
    organisation: acme
    record: processor
    controllers: [client]
    legal_bases:
      - basis: art6-1-b  # <-
```

## Use instead
```yaml
organisations:
  - id: client
    name: Client GmbH
activities:
  - id: payroll-for-client
    name: Payroll service for Client GmbH
    organisation: acme
    record: processor
    controllers: [client]
    description: Calculating salaries and payslips on the controller's documented instructions
```

## References
- Art. 30(2), Art. 28(3)(a), Art. 28(10) GDPR; EDPB Guidelines 07/2020 on the concepts of
  controller and processor
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import live

if TYPE_CHECKING:
    from ropa.rules.context import Context
    from ropa.model import LegalBasis

CODE = "RP209"
NAME = "legal-basis-on-processor-record"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(2), Art. 28(10) GDPR"
AXIS = Axis.RECORD


def check(ctx: Context) -> Iterator[Finding]:
    for activity in live(ctx.registry):
        if activity.record != "processor":
            continue
        for index, basis in enumerate(activity.legal_bases):
            if _for_information(basis):
                continue
            yield ctx.finding(activity.at("legal_bases", index) if basis.span.line == 0 else basis.span,
                              msg("processor record '{id}' cites a legal basis ({basis}): the basis is the "
                                  "controller's decision (Art. 30(2)); move it to the controller's record, or "
                                  "record this activity as a controller's (Art. 28(10))", id=activity.id,
                                  basis=basis.basis), activity.id)


# "Zur Information", "for information", "des Verantwortlichen": the controller's basis, noted, not claimed
_INFORMATION = ("zur information", "for information", "informativ", "des verantwortlichen", "der verantwortlichen",
                "of the controller", "controller's basis", "controllers' bases")


def _for_information(basis: LegalBasis) -> bool:
    """A basis whose notes or scope say it is the controller's, recorded for information only."""
    said = " ".join(text for value in (basis.notes, basis.scope) if value is not None for _, text in value.values)
    return any(marker in said.casefold() for marker in _INFORMATION)
