"""A legal basis fits the data subjects it serves.

## What it does
Reports, as warnings:

* Art. 6(1)(b) (contract) cited by an activity none of whose data subject categories can be
  a party to the contract: every category is marked `contract_party: false`, or has a DPV
  concept the vocabulary lists as never a party (`non_contract_parties` in
  `ropa/vocab/legal_bases.yaml`, e.g. `dpv:Visitor`);
* consent (Art. 6(1)(a)) as the only Art. 6 basis of an activity whose data subjects are
  employees or job applicants (`hr_data` in `ropa/vocab/mechanisms.yaml`);
* consent of employees or applicants cited beside another Art. 6 basis (contract, legal
  obligation) without saying which part of the processing it covers (its `scope`): consent
  for processing the employment needs anyway is no consent. Consent with a scope (a voluntary
  benefit, a talent pool, a photo on the website) passes.

## Why is this bad?
Art. 6(1)(b) covers processing necessary for a contract "to which the data subject is
party" or steps taken "at the request of the data subject" before one: it cannot serve
website visitors, or the contact persons of a business customer, who are not parties (EDPB
Guidelines 2/2019, 2.3); their data rests on Art. 6(1)(f) or consent. Consent of
employees is rarely free, given the dependency of the employment relationship (recital 43;
§ 26(2) BDSG; EDPB Guidelines 05/2020, 3.1.1); payroll and personnel files rest on
Art. 6(1)(b) or (c). Consent beside those bases for the same processing misleads: a
withdrawal could not stop processing the contract or the law requires, and the controller
may not switch to another basis afterwards (EDPB Guidelines 05/2020, 3.1.1 and 6;
§ 26(2) S. 2 BDSG: consent is free where the employee gains an advantage, which is a part of
the processing of its own).

## Example
```yaml
data_subjects:
  - id: b2b-contacts
    name: Contact persons of business customers
    contract_party: false
activities:
  - id: b2b-orders
    name: Orders of business customers
    organisation: acme
    data_subjects: [b2b-contacts]
    legal_bases:
      - basis: art6-1-b  # <-
```

## Use instead
```yaml
data_subjects:
  - id: b2b-contacts
    name: Contact persons of business customers
    contract_party: false
activities:
  - id: b2b-orders
    name: Orders of business customers
    organisation: acme
    data_subjects: [b2b-contacts]
    legal_bases:
      - basis: art6-1-f
        interest: Performing the contract with the customer the contact person works for
        lia: LIA-2024-01
```

## References
- Art. 6(1)(a), 6(1)(b), Art. 7(4), recital 43 GDPR; § 26(2) BDSG; EDPB Guidelines 2/2019
  on Art. 6(1)(b); EDPB Guidelines 05/2020 on consent
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

CODE = "RP704"
NAME = "basis-does-not-fit-data-subjects"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 6(1)(a), (b), recital 43 GDPR"
AXIS = Axis.LAWFULNESS


def check(ctx: Context) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    never_parties = vocab.non_contract_parties()
    hr = vocab.hr_markers()["data_subjects"]
    subjects = ctx.registry.data_subjects
    for activity in controller_records(ctx.registry):
        known = [subjects[s] for s in activity.data_subjects if s in subjects]
        if not known:
            continue
        art6 = [b for b in activity.legal_bases if b.basis in terms and terms[b.basis].kind == "art6"]
        for basis in art6:
            if basis.basis == "art6-1-b" and all(
                    s.contract_party is False or (s.contract_party is None and s.dpv in never_parties)
                    for s in known):
                yield ctx.finding(basis.span, msg("'{id}' cites Art. 6(1)(b) (contract), but none of its data "
                                                  "subjects ({subjects}) is a party to the contract or asks for one",
                                                  id=activity.id, subjects=", ".join(s.id for s in known)),
                                  activity.id)
        employees = [s.id for s in known if s.dpv in hr]
        consents = [b for b in art6 if terms[b.basis].needs == ("consent",)]
        if employees and consents and len(consents) < len(art6):
            loose = [b for b in consents if b.scope is None]
            if loose:
                others = ", ".join(dict.fromkeys(b.basis for b in art6 if b not in consents))
                yield ctx.finding(loose[0].span, msg("'{id}' cites consent of employees or applicants ({subjects}) "
                                                     "beside {others} without saying which part of the processing "
                                                     "it covers: consent to processing the employment needs anyway "
                                                     "is no consent (recital 43, § 26(2) BDSG); name the voluntary "
                                                     "part it covers, or drop it",
                                                     id=activity.id, subjects=", ".join(employees), others=others),
                                  activity.id)
        if employees and art6 and all(terms[b.basis].needs == ("consent",) for b in art6):
            yield ctx.finding(art6[0].span, msg("'{id}' rests only on consent from employees or applicants "
                                                "({subjects}): consent in employment is rarely free (recital 43, "
                                                "§ 26(2) BDSG); name the contract or legal obligation it serves",
                                                id=activity.id, subjects=", ".join(employees)), activity.id)
