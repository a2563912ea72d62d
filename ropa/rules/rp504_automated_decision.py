"""A solely automated decision rests on an Art. 22(2) exception.

## What it does
Reports an activity with `automated_decision: true` that cites no legal basis able to
carry an Art. 22(2) exception (vocabulary field `art22`: contract, law or explicit
consent), or that has no DPIA recorded as `done` or `in-progress`.

## Why is this bad?
Decisions based solely on automated processing with legal or similarly significant
effect are prohibited unless necessary for a contract, authorised by law, or based on
explicit consent (Art. 22(2)), with safeguards including human intervention (Art. 22(3));
such processing is a WP248 criterion and usually needs a DPIA (Art. 35(3)(a)).

## Example
```yaml
activities:
  - id: credit-check
    name: Automated credit check
    organisation: acme
    automated_decision: true  # <-
    legal_bases:
      - basis: art6-1-f
        interest: Avoiding payment defaults
```

## Use instead
```yaml
activities:
  - id: credit-check
    name: Automated credit check
    organisation: acme
    automated_decision: true
    legal_bases:
      - basis: art6-1-b
        scope: Decision on purchase on account; human review on request (Art. 22(3))
    dpia: {status: done, reference: DPIA-2024-02}
```

## References
- Art. 22(2), 22(3), Art. 35(3)(a) GDPR
"""

from __future__ import annotations

from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.rules._util import live

CODE = "RP504"
NAME = "automated-decision-without-exception"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 22(2), 22(3) GDPR"


def check(ctx) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    for activity in live(ctx.registry):
        if not activity.automated_decision:
            continue
        missing = []
        if not any(terms[b.basis].art22 for b in activity.legal_bases if b.basis in terms):
            missing.append("a basis for an Art. 22(2) exception (contract, law or explicit consent)")
        if activity.dpia is None or activity.dpia.status not in ("done", "in-progress"):
            missing.append("a DPIA (done or in progress)")
        if missing:
            yield ctx.finding(activity.at("automated_decision"), f"automated decision in '{activity.id}' "
                              f"lacks {' and '.join(missing)}", activity.id)
