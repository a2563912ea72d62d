"""Art. 6(1)(f) names the legitimate interest and its balancing test.

## What it does
Reports a legal basis whose vocabulary entry `needs: interest` (Art. 6(1)(f)) without
an `interest` (error) or without a reference to the legitimate interests assessment,
`lia` (warning). Where the data subjects include children (`children: true`) and the purposes
speak of marketing or the activity records `profiling`, it warns that the balancing must weigh
the children's interests especially (recital 38), whatever the record says of the interest.
Not judged: an activity that accesses the user's device without consent (RP207): legitimate
interest cannot carry that access at all (§ 25 TDDDG), so no assessment is asked for.
A processor's record (`record: processor`, Art. 30(2)) is not judged: the legal basis is
the controller's decision.

## Why is this bad?
Art. 6(1)(f) allows processing only for a named legitimate interest that is not
overridden by the data subject's interests; the controller must be able to show the
balancing (Art. 5(2) accountability), and Art. 13(1)(d) requires telling people which
interest is pursued.

## Example
```yaml
activities:
  - id: server-logs
    name: Server logs
    organisation: acme
    legal_bases:
      - basis: art6-1-f  # <-
```

## Use instead
```yaml
activities:
  - id: server-logs
    name: Server logs
    organisation: acme
    legal_bases:
      - basis: art6-1-f
        interest: Detecting and fending off attacks on the web server
        lia: LIA-2024-03
```

## References
- Art. 6(1)(f), Art. 5(2), Art. 13(1)(d) GDPR
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

CODE = "RP202"
NAME = "legitimate-interest-undocumented"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 6(1)(f) GDPR"
AXIS = Axis.LAWFULNESS
FIELDS = ('legal_bases', 'interest', 'lia')


def check(ctx: Context) -> Iterator[Finding]:
    from ropa.rules.rp207_tracking_consent import device_access

    terms = vocab.legal_bases()
    for activity in controller_records(ctx.registry):
        if device_access(activity, ctx.registry) is not None:
            continue  # legitimate interest cannot carry access to the device (§ 25 TDDDG): RP207 says so
        for basis in activity.legal_bases:
            term = terms.get(basis.basis)
            if term is None or "interest" not in term.needs:
                continue
            if _children_marketing(activity, ctx):
                yield ctx.finding(basis.span, msg(
                    "{basis} in '{id}' serves marketing or profiling of data subjects that include children: "
                    "the balancing must weigh children's interests especially (Art. 6(1)(f), recital 38), and "
                    "marketing to children rarely outweighs them; record why it does, or rest it on consent "
                    "(Art. 8)", basis=basis.basis, id=activity.id), activity.id, Severity.WARNING)
                continue
            if basis.interest is None:
                yield ctx.finding(basis.span, msg("{basis} in '{id}' does not name the legitimate interest",
                                      basis=basis.basis, id=activity.id), activity.id)
            elif not basis.lia:
                yield ctx.finding(basis.span, msg("{basis} in '{id}' does not reference the legitimate "
                                      "interests assessment (lia)", basis=basis.basis, id=activity.id), activity.id, Severity.WARNING)


_MARKETING = ("werb", "marketing", "newsletter", "advertis", "promotion", "angebot", "profil")


def _children_marketing(activity: Activity, ctx: Context) -> bool:
    """Children among the data subjects, and the purposes speak of marketing (or profiling is recorded)."""
    subjects = ctx.registry.data_subjects
    if not any(getattr(subjects.get(s), "children", False) for s in activity.data_subjects):
        return False
    said = " ".join(text for purpose in activity.purposes for _, text in purpose.values).casefold()
    return activity.profiling or any(word in said for word in _MARKETING)
