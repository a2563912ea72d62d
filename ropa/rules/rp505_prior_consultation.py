"""A high residual risk after a DPIA leads to prior consultation.

## What it does
Reports an activity whose `dpia.residual_risk` is `high` without `dpia.consultation`.
A processor's record (`record: processor`, Art. 30(2)) is not judged: the consultation
is the controller's duty (Art. 36(1)).

## Why is this bad?
Where a DPIA shows that the processing would result in a high risk in the absence of
measures taken to mitigate it, the controller must consult the supervisory authority
before processing (Art. 36(1)).

## Example
```yaml
activities:
  - id: video
    name: Video surveillance of the shop floor
    organisation: acme
    dpia: {status: done, residual_risk: high}  # <-
```

## Use instead
```yaml
activities:
  - id: video
    name: Video surveillance of the shop floor
    organisation: acme
    dpia: {status: done, residual_risk: high, consultation: "BlnBDI 2024-117"}
```

## References
- Art. 36(1) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP505"
NAME = "prior-consultation-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 36(1) GDPR"
AXIS = Axis.LAWFULNESS


def check(ctx: Context) -> Iterator[Finding]:
    for activity in controller_records(ctx.registry):
        dpia = activity.dpia
        if dpia is not None and dpia.residual_risk == "high" and not dpia.consultation:
            yield ctx.finding(activity.at("dpia"), msg("activity '{id}' has a high residual risk after its DPIA but records no prior "
                                  "consultation (Art. 36)", id=activity.id), activity.id)
