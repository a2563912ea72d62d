"""A processor or sub-processor has an Art. 28 contract on record.

## What it does
Reports a recipient with `role: processor` or `role: sub-processor` whose `contract` is
missing or is not an Art. 28(3) contract. A `dpa` is one; so are standard contractual
clauses (`type: scc`) of module 2 (controller to processor) or 3 (processor to
processor), the modules recorded on the transfers to the recipient. SCCs of module 1 or 4
only are not; SCCs whose module no transfer records are reported as unknown (a warning).
The decision is `ropa.transfer.contract_problem`, which `ropa recipients` shows too.

## Why is this bad?
Processing by a processor must be governed by a contract or legal act that sets out the
subject-matter, duration, nature and purpose, the data and the controller's rights
(Art. 28(3)); sub-processors need the same obligations passed down (Art. 28(4)). A
provider's general terms are enough only if they contain these clauses: check and
record the DPA. Modules 2 and 3 of the SCCs (Decision (EU) 2021/914, adopted under
Art. 28(7) as well as Art. 46(2)(c); recital 9; Clauses 8 and 9) contain the Art. 28(3)
and (4) clauses, so signed SCCs of these modules are the processing contract of a
non-EEA processor; modules 1 and 4 are made for a recipient that is a controller.

## Example
```yaml
recipients:
  - id: hoster  # <-
    name: Hosting AG
    role: processor
    country: DE
```

## Use instead
```yaml
recipients:
  - id: hoster
    name: Hosting AG
    role: processor
    country: DE
    contract: {type: dpa, reference: AVV-2023-01, date: 2023-05-01}
```

## References
- Art. 28(3), 28(4), 28(7) GDPR; Commission Implementing Decision (EU) 2021/914, recital 9,
  Clauses 8 and 9 (modules 2 and 3)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import N_, msg

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP401"
NAME = "processor-without-contract"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 28(3) GDPR"
AXIS = Axis.LAWFULNESS
FIELDS = ('contract',)
ROLES = (N_("processor"), N_("sub-processor"))  # the roles this rule judges, named in its message


def check(ctx: Context) -> Iterator[Finding]:
    from ropa.transfer import contract_problem

    for recipient in ctx.registry.recipients.values():
        if recipient.role not in ("processor", "sub-processor"):
            continue
        status, problem = contract_problem(recipient, ctx.registry)
        if status == "ok":
            continue
        contract = recipient.contract
        span = recipient.at("contract") if contract is not None else recipient.span
        # SCCs whose module is not recorded may well be module 2 or 3: a warning, not an error
        severity = Severity.WARNING if status == "unknown" and contract is not None and contract.type == "scc" else None
        yield ctx.finding(span, msg("{role} '{id}': {problem}", role=msg(recipient.role), id=recipient.id,
                                              problem=problem), recipient.id, severity)
