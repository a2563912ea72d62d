"""Access to the visitor's device rests on consent under § 25(1) TDDDG, obtained for that purpose.

## What it does
Reports an activity that stores or reads information on the user's device and does not
show the consent § 25(1) TDDDG requires: a basis whose vocabulary entry has
`device: consent` (`tdddg-25-1`), or a consent basis (Art. 6(1)(a)) whose
`consent.mechanism` shows the site operator obtains it for device access (a cookie or
consent banner, a consent management platform, a two-click solution: `device_consent` in
`ropa/vocab/hygiene.yaml`). Device access is recognised from:

* `cookies: non-essential`, or
* `cookies` not stated, and `cross_device_tracking: true`, or a recipient whose `services`
  name a function that accesses the device when embedded: social plugins, reCAPTCHA, video
  embeds, pixels, remarketing (`device_access` in `ropa/vocab/hygiene.yaml`,
  German and English, with its source).

`cookies: necessary` or `none` is the controller's statement and is not second-guessed. The
message says which condition fails: no consent basis at all, or a consent basis for another
purpose (Art. 6(1)(a) consent to the processing, or consent given to a third party such as
"consent given at Google"), which does not cover device access. The rule applies
wherever the operator is established: Art. 5(3) of Directive 2002/58/EC requires consent to
the access itself in every Member State, and § 1(3) TDDDG applies to services offered in
Germany whatever the provider's seat.
A processor's record (`record: processor`, Art. 30(2)) is not judged: obtaining consent is
the controller's duty.

## Why is this bad?
§ 25(1) TDDDG (until May 2024 TTDSG) requires consent for storing or reading information
on a user's device unless it is strictly necessary for a service the user requested
(§ 25(2)); CJEU C-673/17 *Planet49*. This covers any access, not only cookies: embedded
social plugins, reCAPTCHA, video embeds and analytics included (DSK, OH Telemedien 2021).
The site operator must obtain it: a third party's own consent does not replace it, and
embedding a plugin that sends visitors' data to its provider makes the operator jointly
responsible for the collection (CJEU C-40/17 *Fashion ID*). Legitimate interests
(Art. 6(1)(f)) cannot replace that consent.

## Example
```yaml
recipients:
  - id: video-platform
    name: Video Platform LLC
    role: controller
    country: US
    services: [Eingebettete Videos (YouTube-Plugin)]
activities:
  - id: web-videos
    name: Videos on the website
    organisation: acme
    recipients: [video-platform]  # <-
    legal_bases:
      - basis: art6-1-f
        interest: Appealing presentation of our products
```

## Use instead
```yaml
recipients:
  - id: video-platform
    name: Video Platform LLC
    role: controller
    country: US
    services: [Eingebettete Videos (YouTube-Plugin)]
activities:
  - id: web-videos
    name: Videos on the website
    organisation: acme
    recipients: [video-platform]
    cookies: non-essential
    legal_bases:
      - basis: tdddg-25-1
        consent: {mechanism: Two-click solution in the consent banner, withdrawal: Cookie settings link in the footer}
      - basis: art6-1-a
        consent: {mechanism: Two-click solution in the consent banner, withdrawal: Cookie settings link in the footer}
```

## References
- § 25(1), (2) TDDDG; Art. 5(3) Directive 2002/58/EC; Art. 6(1)(a) GDPR; CJEU C-673/17
  *Planet49* (01.10.2019); CJEU C-40/17 *Fashion ID* (29.07.2019); DSK, Orientierungshilfe
  für Anbieter:innen von Telemedien (2021, v1.1 2022); § 1(3) TDDDG (market location)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.load import Registry
    from ropa.model import Activity, LegalBasis, Span
    from ropa.vocab import Term
    from ropa.rules.context import Context

CODE = "RP207"
NAME = "tracking-without-consent"
SEVERITY = Severity.ERROR
REFERENCE = "§ 25(1) TDDDG; Art. 6(1)(a) GDPR"
AXIS = Axis.LAWFULNESS
FIELDS = ('consent', 'cookies', 'legal_bases')


def device_access(activity: Activity, registry: Registry) -> tuple[str, Span] | None:
    """Why an activity accesses the user's device, and the position to report: or None."""
    if activity.cookies == "non-essential":
        return msg("non-essential cookies"), activity.at("cookies")
    if activity.cookies is not None:
        return None  # `necessary` or `none`: the controller's statement
    if activity.cross_device_tracking:
        return msg("tracking across devices or sites"), activity.at("cross_device_tracking")
    markers = vocab.hygiene().device_access
    for index, use in enumerate(activity.recipients or ()):
        recipient = registry.recipients.get(use.recipient)
        for service in recipient.services if recipient is not None else ():
            found = markers.find(service)
            if found:
                return (msg("{service} of '{recipient}' ({found})", service=repr(service), recipient=use.recipient,
                                found=found), activity.at("recipients", index))
    return None


def check(ctx: Context) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    registry = ctx.registry
    for activity in controller_records(registry):
        found = device_access(activity, registry)
        if found is None:
            continue
        why, span = found
        cited = [b for b in activity.legal_bases if b.basis in terms]
        if any(terms[b.basis].device == "consent" or _operator_device_consent(b, terms[b.basis]) for b in cited):
            continue
        consents = [b.basis for b in cited if "consent" in terms[b.basis].needs]
        if consents:
            message = msg("activity '{id}' accesses the user's device ({why}) and cites consent ({consents}), "
                          "but neither tdddg-25-1 nor a consent mechanism showing the site operator's consent to "
                          "store or read information on the device (e.g. a consent banner): consent to the "
                          "processing alone, or consent given to a third party, does not cover it",
                          id=activity.id, why=why, consents=", ".join(consents))
        else:
            bases = ", ".join(b.basis for b in activity.legal_bases) or msg("no basis")
            message = msg("activity '{id}' accesses the user's device ({why}) without consent under § 25(1) TDDDG "
                          "(cites {bases})", id=activity.id, why=why, bases=bases)
        yield ctx.finding(span, message, activity.id)


def _operator_device_consent(basis: LegalBasis, term: Term) -> bool:
    """True for a consent basis obtained by the operator for device access (a consent banner ...)."""
    consent = basis.consent
    if "consent" not in term.needs or consent is None or consent.mechanism is None:
        return False
    markers = vocab.hygiene().device_consent
    return any(markers.find(text) for _, text in consent.mechanism.values)
