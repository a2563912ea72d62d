"""Consent from children considers Art. 8.

## What it does
Reports an activity relying on consent (a basis with `needs: consent`) whose data
subjects include children (`children: true`), unless the consent's mechanism, record or
the basis' notes mention how Art. 8 is handled: an age check, or consent of the holder of
parental responsibility, in German or English ("Träger der elterlichen Verantwortung",
"Erziehungsberechtigte", "Eltern", "Altersprüfung", "parental consent", "age
verification"...; the list is `art8_markers` in `ropa/vocab/hygiene.yaml` with its source,
matched normalised, inflected and anywhere in the text by `ropa.vocab.wording`).
A processor's record (`record: processor`, Art. 30(2)) is not judged: obtaining consent
is the controller's duty.

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
          mechanism: Anmeldung mit Altersabfrage; unter 16 Einwilligung der Erziehungsberechtigten per E-Mail
          withdrawal: Account settings
```

## References
- Art. 8(1), 8(2) GDPR; §§ 1626, 1629 BGB; EDPB Guidelines 05/2020 on consent, 7.1
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records, texts

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP208"
NAME = "children-consent-art8"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 8 GDPR"
AXIS = Axis.LAWFULNESS


def check(ctx: Context) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    markers = vocab.hygiene().art8_markers
    subjects = ctx.registry.data_subjects
    for activity in controller_records(ctx.registry):
        if not any(getattr(subjects.get(s), "children", False) for s in activity.data_subjects):
            continue
        silent = []  # one finding per activity: the children's consent is one decision, however many bases
        for basis in activity.legal_bases:
            term = terms.get(basis.basis)
            if term is None or "consent" not in term.needs:
                continue
            consent = basis.consent
            said = [*texts(basis.notes), *(texts(consent.mechanism) if consent else ()),
                    *((consent.record,) if consent and consent.record else ())]
            if not any(markers.find(s) for s in said):
                silent.append(basis)
        if silent:
            yield ctx.finding(silent[0].span, msg("'{id}' relies on consent ({basis}) from data subjects that include children, but "
                                  "neither the consent's mechanism, its record nor the notes say how the age is "
                                  "checked or the holder of parental responsibility consents (Art. 8)",
                                  id=activity.id, basis=", ".join(b.basis for b in silent)), activity.id)
