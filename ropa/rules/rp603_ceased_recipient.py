"""A recipient or service that has ceased to exist is not still a recipient.

## What it does
Reports an active or planned activity that discloses data to a recipient whose `ceased`
date has passed, and a recipient used by such an activity that lists a service known to
have been shut down (`ceased_services` in `ropa/vocab/hygiene.yaml`, e.g. Google+ on
2019-04-02). For such an activity this is the one finding: what other rules would say of it
(no transfer mechanism, no consent, no DPIA status, its recorded gaps) is not asked of a
service that no longer runs, and is kept as related places of this finding
(`ropa.check.one_per_cause`).

## Why is this bad?
The record must describe processing as it is (Art. 30(1)(d); the controller must be able to
show it is maintained, Art. 5(2), Art. 24(1)). Data cannot flow to a service that no longer
exists: either the entry is stale or a successor service receives the data and is missing
from the record. A privacy notice that still describes the service informs about processing
that does not take place (Art. 13(1)(e), Art. 12(1)).

## Example
```yaml
recipients:
  - id: google
    name: Google Inc.
    role: joint-controller
    country: US
    services: [Google+]  # <-
activities:
  - id: social-plugins
    name: Social plugins
    organisation: acme
    recipients: [google]
```

## Use instead
```yaml
recipients:
  - id: google
    name: Google Inc.
    role: joint-controller
    country: US
    services: [YouTube]
activities:
  - id: social-plugins
    name: Social plugins
    organisation: acme
    recipients: [google]
```

## References
- Art. 30(1)(d), Art. 5(2), Art. 12(1), Art. 13(1)(e) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import live
from ropa.exposure import ceased_recipients

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP603"
NAME = "ceased-recipient"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(d), Art. 5(2), Art. 13(1)(e) GDPR"
AXIS = Axis.RECORD
CAUSE = ("recipient", "date")  # one cause across activities: one finding (ropa.check.one_per_cause)


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    recipients = ctx.registry.recipients
    ceased_services = {name.casefold(): (name, date) for name, date in vocab.hygiene().ceased_services.items()}
    used: set[str] = set()
    for activity in live(ctx.registry):
        ceased = ceased_recipients(activity, ctx.registry, today)
        for index, use in enumerate(activity.recipients or ()):
            used.add(use.recipient)
            recipient = recipients.get(use.recipient)
            if recipient is not None and recipient.id in ceased:
                assert recipient.ceased is not None
                yield ctx.finding(activity.at("recipients", index),
                                  msg("'{id}' discloses data to '{recipient}', which ceased to exist on {date}: the "
                                      "record, and any notice it follows, still describe processing that can no "
                                      "longer take place; retire the activity (status: retired) and correct the "
                                      "notice", id=activity.id, recipient=recipient.id, date=recipient.ceased),
                                  activity.id)
        for transfer in activity.transfers or ():
            used.add(transfer.recipient)
    for ident in sorted(used):
        recipient = recipients.get(ident)
        if recipient is None:
            continue
        for index, service in enumerate(recipient.services):
            known = ceased_services.get(service.strip().casefold())
            if known and known[1] <= today:
                yield ctx.finding(recipient.at("services", index),
                                  msg("recipient '{id}' lists {service}, which was shut down on {date}", id=ident,
                                      service=known[0], date=known[1]),
                                  ident)
