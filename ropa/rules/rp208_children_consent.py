"""Consent from children considers Art. 8.

## What it does
Reports an activity relying on consent (a basis with `needs: consent`) whose data
subjects include children (`children: true`), unless the consent's mechanism, record or
the basis' notes mention how Art. 8 is handled (age check, parental consent; the words
are listed under `art8_markers` in `ropa/vocab/hygiene.yaml`).

## Why is this bad?
For information society services offered directly to a child, consent of a child under
16 (Germany: 16) is valid only if given or authorised by the holder of parental
responsibility, and the controller must make reasonable efforts to verify it (Art. 8).

## Example
```yaml
data_subjects:
  - id: pupils
    name: Pupils
    children: true
activities:
  - id: learning-app
    name: Learning app
    organisation: acme
    data_subjects: [pupils]
    legal_bases:
      - basis: art6-1-a  # <-
        consent: {mechanism: Sign-up form, withdrawal: Account settings}
```

## Use instead
```yaml
data_subjects:
  - id: pupils
    name: Pupils
    children: true
activities:
  - id: learning-app
    name: Learning app
    organisation: acme
    data_subjects: [pupils]
    legal_bases:
      - basis: art6-1-a
        consent:
          mechanism: Sign-up form with age check; parental consent by e-mail under 16 (Art. 8)
          withdrawal: Account settings
```

## References
- Art. 8(1), 8(2) GDPR
"""

from __future__ import annotations

from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.rules._util import live, texts

CODE = "RP208"
NAME = "children-consent-art8"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 8 GDPR"


def check(ctx) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    markers = vocab.hygiene().art8_markers
    subjects = ctx.registry.data_subjects
    for activity in live(ctx.registry):
        if not any(getattr(subjects.get(s), "children", False) for s in activity.data_subjects):
            continue
        for basis in activity.legal_bases:
            term = terms.get(basis.basis)
            if term is None or "consent" not in term.needs:
                continue
            consent = basis.consent
            said = [*texts(basis.notes), *(texts(consent.mechanism) if consent else ()),
                    *((consent.record,) if consent and consent.record else ())]
            if not any(m in s.casefold() for s in said for m in markers):
                yield ctx.finding(basis.span, f"'{activity.id}' relies on consent ({basis.basis}) from data "
                                  "subjects that include children: record the age check and parental "
                                  "consent (Art. 8)", activity.id)
