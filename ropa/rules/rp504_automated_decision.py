"""A solely automated decision rests on an Art. 22(2) exception.

## What it does
Reports an activity with `automated_decision: true` when:

* it cites no basis able to carry an Art. 22(2) exception (vocabulary field `art22`):
  Art. 6(1)(b) for a contract (22(2)(a)); `art22-2-b`, a law that authorises the decision
  and lays down safeguards, with its `statute` (22(2)(b)); or *explicit* consent (22(2)(c)):
  Art. 9(2)(a), or Art. 6(1)(a) whose `consent` is recorded as `explicit: true`. Plain
  consent and a legal obligation (Art. 6(1)(c)) are not exceptions: the message says so;
* it processes special category data (`special: art9`) without Art. 9(2)(a) or (g)
  (Art. 22(4));
* it has no DPIA recorded as `done` or `in-progress`.

A processor's record (`record: processor`, Art. 30(2)) is not judged: the Art. 22
exception is the controller's to rely on.

## Why is this bad?
Decisions based solely on automated processing with legal or similarly significant
effect are prohibited unless necessary for a contract, authorised by law, or based on
explicit consent (Art. 22(2)), with safeguards including human intervention (Art. 22(3));
such processing is a WP248 criterion and usually needs a DPIA (Art. 35(3)(a)). Explicit
consent is more than consent: an express statement (EDPB Guidelines 05/2020, 4). An
obligation to process (Art. 6(1)(c)) does not authorise a decision without a human: 22(2)(b)
needs a law that does, with safeguards (e.g. the scoring rules of § 31 BDSG, whose status
the CJEU doubted in C-634/21 *SCHUFA*). Decisions on special category data are allowed
only on explicit consent or substantial public interest under law (Art. 22(4)).

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
- Art. 22(2), 22(3), 22(4), Art. 35(3)(a) GDPR; EDPB Guidelines 05/2020 on consent, 4;
  WP251 rev.01 (automated decision-making); CJEU C-634/21 *SCHUFA* (07.12.2023)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import N_, Joined, Message, msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.model import LegalBasis
    from ropa.vocab import Term
    from ropa.rules.context import Context

CODE = "RP504"
NAME = "automated-decision-without-exception"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 22(2)-(4) GDPR"
AXIS = Axis.LAWFULNESS


AND = N_(" and ")  # between the missing conditions
ART22_4 = ("art9-2-a", "art9-2-g")  # the only conditions for special categories (Art. 22(4))


def exception(basis: LegalBasis, term: Term) -> str | None:
    """The Art. 22(2) exception a cited basis carries, or None."""
    if term.art22 == "consent":  # plain consent counts only where it is recorded as explicit
        return "consent" if basis.consent is not None and basis.consent.explicit else None
    return term.art22


def check(ctx: Context) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    categories = ctx.registry.data_categories
    for activity in controller_records(ctx.registry):
        if not activity.automated_decision:
            continue
        cited = [(b, terms[b.basis]) for b in activity.legal_bases if b.basis in terms]
        missing: list[Message] = []
        if not any(exception(b, t) for b, t in cited):
            why = []
            if any(t.art22 == "consent" for _, t in cited):
                why.append(msg("consent is not recorded as explicit (consent.explicit: true)"))
            if any(b.basis == "art6-1-c" for b, _ in cited):
                why.append(msg("a legal obligation (art6-1-c) does not authorise the decision: cite the law "
                               "that does (art22-2-b)"))
            if why:
                missing.append(msg("an Art. 22(2) exception (contract art6-1-b, a law art22-2-b, or explicit "
                                   "consent): {why}", why=Joined(why, "; ")))
            else:
                missing.append(msg("an Art. 22(2) exception (contract art6-1-b, a law art22-2-b, or explicit "
                                   "consent)"))
        special = [c for c in activity.data_categories
                   if getattr(categories.get(c), "special", "none") == "art9"]
        if special and not any(b.basis in ART22_4 for b, _ in cited):
            missing.append(msg("for special category data ({ids}) Art. 9(2)(a) or (g) (Art. 22(4))",
                               ids=", ".join(special)))
        if activity.dpia is None or activity.dpia.status not in ("done", "in-progress"):
            missing.append(msg("a DPIA (done or in progress)"))
        if missing:
            yield ctx.finding(activity.at("automated_decision"),
                              msg("automated decision in '{id}' lacks {missing}", id=activity.id,
                                  missing=Joined(missing, msg(AND))), activity.id)
