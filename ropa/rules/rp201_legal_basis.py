"""Every activity cites at least one lawful basis of Art. 6(1).

## What it does
Reports an activity whose `legal_bases` contain no Art. 6(1) basis (kind `art6` in
`ropa/vocab/legal_bases.yaml`). A national provision alone (e.g. `bdsg-26`) or an
Art. 9(2) condition alone is not enough.
A processor's record (`record: processor`, Art. 30(2)) is not judged: the legal basis is
the controller's decision (RP209 reports a processor record that cites one).

## Why is this bad?
Processing is lawful only on one of the grounds of Art. 6(1) (Art. 5(1)(a)), and the
controller must be able to show which (Art. 5(2)). CJEU C-34/21 (30.03.2023) ruled on
§ 23(1) sentence 1 HDSIG of Hesse and left the assessment to the referring court; that the
almost identically worded § 26(1) sentence 1 BDSG is not a "more specific rule" under
Art. 88 either is the prevailing view, not a holding. Employee data should therefore cite
Art. 6(1)(b), (c) or (f) as well (§ 26(8) sentence 2 BDSG: applicants count as employees).
An Art. 9(2) condition applies in addition to, not instead of, an Art. 6 basis.

Art. 30(1) does not ask for the legal basis (the DSK template recommends it as a field): a
record without one is not incomplete, but lawfulness is not demonstrated. Hence a warning on
the lawfulness axis, not an error of the record.

## Example
```yaml
activities:
  - id: payroll  # <-
    name: Payroll
    organisation: acme
    legal_bases:
      - basis: bdsg-26
```

## Use instead
```yaml
activities:
  - id: payroll
    name: Payroll
    organisation: acme
    legal_bases:
      - basis: art6-1-b
      - basis: bdsg-26
```

## References
- Art. 6(1), Art. 5(1)(a), 5(2) GDPR; CJEU C-34/21 (30.03.2023); § 26(8) BDSG
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP201"
NAME = "missing-legal-basis"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 6(1) GDPR"
AXIS = Axis.LAWFULNESS
FIELDS = ('legal_bases',)


def check(ctx: Context) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    for activity in controller_records(ctx.registry):
        kinds = {terms[b.basis].kind for b in activity.legal_bases if b.basis in terms}
        if "art6" in kinds:
            continue
        if not activity.legal_bases:
            message = msg("activity '{id}' cites no legal basis", id=activity.id)
        else:
            cited = ", ".join(b.basis for b in activity.legal_bases)
            message = msg("activity '{id}' cites no Art. 6(1) basis (only {cited})", id=activity.id, cited=cited)
        yield ctx.finding(activity.span, message, activity.id)
