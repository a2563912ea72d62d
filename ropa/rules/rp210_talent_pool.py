"""Keeping applicants for later vacancies (a talent pool) rests on their consent and has its own erasure period.

## What it does
Reports an activity of a controller's record whose name or purposes say that applicants' data
is kept for vacancies to come ("Talentpool", "Bewerberpool", "für künftige Stellen", "talent
pool", "future vacancies": `talent_pool` in `ropa/vocab/hygiene.yaml`, German and English, with
its sources) and whose data subjects are applicants (DPV `dpv:JobApplicant`):

* as an error, when no Art. 6(1)(a) consent is among its legal bases;
* as a warning, when it has consent but the pool shares the application procedure's one
  erasure period (an activity with the procedure's purpose and the pool's, and a single
  retention entry).

An activity that keeps only the pool (its own entry in the record) is asked for consent; its
period is judged by RP501/RP606 like any other. A recruitment agency whose candidates contract
with it to be placed says so: an Art. 6(1)(b) basis whose `scope` names the pool ("Vermittlung
an künftige Stellen bei Kunden") covers it. The application procedure itself (Art. 6(1)(b),
steps before a contract) is not judged here. One finding per activity.

## Why is this bad?
Applicants are employees for § 26 BDSG (§ 26(8) S. 2). Their data serves the procedure they
applied in and is erased when it ends (two months to claim under § 15(4) AGG; six months is
practice with § 61b ArbGG). Keeping it for vacancies to come is a purpose of its own
(Art. 5(1)(b)) that no contract step and no legal obligation needs: the German supervisory
authorities accept it only with the applicant's consent (Art. 6(1)(a); § 26(2) BDSG: free
because the applicant gains a chance), which must be demonstrable and withdrawable (Art. 7),
and with an erasure period of its own (Art. 5(1)(e), Art. 30(1)(f)).

## Example
```yaml
data_subjects:
  - id: applicants
    name: Applicants
    dpv: dpv:JobApplicant
activities:
  - id: recruiting
    name: Recruiting
    organisation: acme
    purposes:
      - Selecting applicants for open positions
      - Keeping rejected applicants in a talent pool for future vacancies  # <-
    data_subjects: [applicants]
    legal_bases:
      - basis: art6-1-b
    retention: [{period: P6M, trigger: end of the procedure}]
```

## Use instead
```yaml
data_subjects:
  - id: applicants
    name: Applicants
    dpv: dpv:JobApplicant
activities:
  - id: recruiting
    name: Recruiting
    organisation: acme
    purposes:
      - Selecting applicants for open positions
      - Keeping rejected applicants in a talent pool for future vacancies
    data_subjects: [applicants]
    legal_bases:
      - basis: art6-1-b
        scope: the application procedure (§ 26(8) S. 2 BDSG)
      - basis: art6-1-a
        scope: the talent pool
        consent: {mechanism: Checkbox in the application form, withdrawal: e-mail to hr@acme.example}
    retention:
      - {period: P6M, trigger: end of the procedure}
      - {period: P2Y, trigger: consent to the talent pool, criterion: earlier when consent is withdrawn}
```

## References
- Art. 5(1)(b), (e), Art. 6(1)(a), Art. 7 GDPR; § 26(2), (8) S. 2 BDSG; § 15(4) AGG; DSK
  Kurzpapier Nr. 14 (Beschäftigtendatenschutz); LfDI Baden-Württemberg, Ratgeber
  Beschäftigtendatenschutz; BayLDA, 7. Tätigkeitsbericht 2015/2016, 11.3
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import RegistryNote, msg
from ropa.rules._util import controller_records, texts

if TYPE_CHECKING:
    from ropa.model import Activity
    from ropa.rules.context import Context

CODE = "RP210"
NAME = "talent-pool-without-consent"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 5(1)(b), Art. 6(1)(a) GDPR; § 26(2), (8) BDSG"
AXIS = Axis.LAWFULNESS
FIELDS = ("legal_bases",)

APPLICANT = "dpv:JobApplicant"


def _pool_purposes(activity: Activity, pool) -> tuple[list[int], str | None]:
    """Indexes of the purposes that keep applicants for later vacancies, and the first text found."""
    found: list[int] = []
    first = None
    for index, purpose in enumerate(activity.purposes):
        hit = next((t for t in texts(purpose) if pool.find(t)), None)
        if hit is not None:
            found.append(index)
            first = first or hit
    if first is None:
        first = next((t for t in texts(activity.name) if pool.find(t)), None)
    return found, first


def check(ctx: Context) -> Iterator[Finding]:
    pool, _source = vocab.phrase_list("talent_pool")
    terms = vocab.legal_bases()
    subjects = ctx.registry.data_subjects
    for activity in controller_records(ctx.registry):
        if not any(getattr(subjects.get(s), "dpv", None) == APPLICANT for s in activity.data_subjects):
            continue
        indexes, said = _pool_purposes(activity, pool)
        if said is None:
            continue
        where = activity.at("purposes", indexes[0]) if indexes else activity.at("name")
        quoted = RegistryNote.quote(activity.purposes[indexes[0]] if indexes else activity.name, said)
        consent = any(terms.get(b.basis) is not None and terms[b.basis].kind == "art6"
                      and terms[b.basis].needs == ("consent",) for b in activity.legal_bases)
        # a recruitment agency's candidates: the placement contract with the candidate covers the
        # pool where the record says so (Art. 6(1)(b) whose scope names it)
        consent = consent or any(b.basis == "art6-1-b" and any(pool.find(t) for t in texts(b.scope))
                                 for b in activity.legal_bases)
        shared = 0 < len(indexes) < len(activity.purposes) and len(activity.retention or ()) < 2
        if not consent and shared:
            yield ctx.finding(where, msg("'{id}' keeps applicants' data for later vacancies ({purpose}), a purpose "
                                         "beyond the application procedure: it rests on the applicant's consent "
                                         "(Art. 6(1)(a), § 26(2) BDSG; applicants are employees, § 26(8) S. 2 BDSG) "
                                         "and needs an erasure period of its own; the record names neither",
                                         id=activity.id, purpose=quoted), activity.id)
        elif not consent:
            yield ctx.finding(where, msg("'{id}' keeps applicants' data for later vacancies ({purpose}), a purpose "
                                         "beyond the application procedure: it rests on the applicant's consent "
                                         "(Art. 6(1)(a), § 26(2) BDSG; applicants are employees, § 26(8) S. 2 BDSG), "
                                         "which the record does not name", id=activity.id, purpose=quoted),
                              activity.id)
        elif shared:
            yield ctx.finding(where, msg("'{id}' keeps applicants' data for later vacancies ({purpose}) beside the "
                                         "application procedure with one erasure period for both: state the pool's "
                                         "own period (from the consent, ending when it is withdrawn at the latest)",
                                         id=activity.id, purpose=quoted), activity.id, severity=Severity.WARNING)
