"""Consent names how it is obtained and how it is withdrawn.

## What it does
Reports a consent basis (vocabulary `needs: consent`: Art. 6(1)(a), Art. 9(2)(a),
§ 25(1) TDDDG) without `consent.mechanism` or `consent.withdrawal`.
A processor's record (`record: processor`, Art. 30(2)) is not judged: the legal basis is
the controller's decision.

Where consent is the activity's only Art. 6 basis and no device access needs it, the message
also names the other lawful options: a contact form, for instance, is answered on
Art. 6(1)(b) (a request before a contract) or Art. 6(1)(f), and the finding does not push
the controller to entrench a consent it does not need (and which may be withdrawn).

## Why is this bad?
The controller must be able to demonstrate consent (Art. 7(1)) and withdrawing it must
be as easy as giving it (Art. 7(3)). A record that only says "consent" shows neither.

## Example
```yaml
activities:
  - id: newsletter
    name: Newsletter
    organisation: acme
    legal_bases:
      - basis: art6-1-a  # <-
```

## Use instead
```yaml
activities:
  - id: newsletter
    name: Newsletter
    organisation: acme
    legal_bases:
      - basis: art6-1-a
        consent:
          mechanism: Double opt-in form on the website
          withdrawal: Unsubscribe link in every e-mail
          record: Opt-in log in the mailing tool
```

## References
- Art. 6(1)(a), Art. 7(1), 7(3) GDPR
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
    from ropa.model import Activity
    from ropa.vocab import Term

CODE = "RP203"
NAME = "consent-undocumented"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 7(1), (3) GDPR"
AXIS = Axis.LAWFULNESS
FIELDS = ('consent',)


def check(ctx: Context) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    for activity in controller_records(ctx.registry):
        for basis in activity.legal_bases:
            term = terms.get(basis.basis)
            if term is None or "consent" not in term.needs:
                continue
            consent = basis.consent
            obtained, withdrawn = consent and consent.mechanism, consent and consent.withdrawal
            if not obtained and not withdrawn:
                message = msg("consent ({basis}) in '{id}' does not say how it is obtained or how it is withdrawn",
                              basis=basis.basis, id=activity.id)
            elif not obtained:
                message = msg("consent ({basis}) in '{id}' does not say how it is obtained", basis=basis.basis,
                              id=activity.id)
            elif not withdrawn:
                message = msg("consent ({basis}) in '{id}' does not say how it is withdrawn", basis=basis.basis,
                              id=activity.id)
            else:
                continue
            if _consent_alone(activity, terms, ctx):
                message = msg("{finding}; or, if the processing answers a request or serves a contract (Art. 6(1)(b)) "
                              "or a legitimate interest (Art. 6(1)(f)), as a contact form does, cite that basis "
                              "instead: consent is not the only lawful option", finding=message)
            yield ctx.finding(basis.span, message, activity.id)


def _consent_alone(activity: Activity, terms: dict[str, Term], ctx: Context) -> bool:
    """Consent is the activity's only Art. 6 basis and no access to the device needs it (§ 25 TDDDG)."""
    from ropa.rules.rp207_tracking_consent import device_access

    art6 = [b for b in activity.legal_bases if b.basis in terms and terms[b.basis].kind == "art6"]
    return (bool(art6) and all("consent" in terms[b.basis].needs for b in art6)
            and device_access(activity, ctx.registry) is None)
