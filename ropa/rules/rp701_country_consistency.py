"""A recipient's countries agree: establishment, address, storage and the transfers to it.

## What it does
Compares the countries recorded for a recipient and reports, as warnings:

* a transfer whose `country` is neither the recipient's `country` of establishment nor one
  of its `storage` countries, nor a country of one of its sub-processors (`sub_processors`,
  `processor_of`, at any depth: a transfer recorded to the processor for its sub-processor's
  country agrees); transfers to an `international_organisation` are left out: their `country`
  is the seat;
* a recipient whose `address.country` differs from its `country`;
* a storage country outside the EEA to which an activity that discloses data to the
  recipient records transfers, but not to that country (unless a transfer to it was already
  reported for going to a country the recipient is not in).

## Why is this bad?
Art. 30(1)(e) asks for the identification of the third country, and Chapter V applies
per destination: a transfer recorded to the wrong country is judged against the wrong
adequacy decision or safeguard, and a storage country the record leaves out is a transfer
without a mechanism (Art. 44). Establishment and address that disagree mean one of them is
wrong (accountability, Art. 5(2)); the DPO must decide which.

## Example
```yaml
recipients:
  - id: crm-vendor
    name: CRM Vendor Ltd
    role: processor
    country: GB
    storage: [GB]
    contract: {type: dpa}
activities:
  - id: crm
    name: CRM
    organisation: acme
    recipients: [crm-vendor]
    transfers:
      - recipient: crm-vendor
        country: US  # <-
        mechanism: adequacy
```

## Use instead
```yaml
recipients:
  - id: crm-vendor
    name: CRM Vendor Ltd
    role: processor
    country: GB
    storage: [GB]
    contract: {type: dpa}
activities:
  - id: crm
    name: CRM
    organisation: acme
    recipients: [crm-vendor]
    transfers:
      - recipient: crm-vendor
        country: GB
        mechanism: adequacy
```

## References
- Art. 30(1)(e), Art. 44, Art. 5(2) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.exposure import chain_countries
from ropa.rules._util import live

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP701"
NAME = "countries-disagree"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(1)(e), Art. 44 GDPR"
AXIS = Axis.RECORD


def check(ctx: Context) -> Iterator[Finding]:
    recipients = ctx.registry.recipients
    for recipient in recipients.values():
        address = recipient.address.country if recipient.address else None
        if recipient.country and address and address != recipient.country:
            yield ctx.finding(recipient.address.at("country"),
                              msg("recipient '{id}' is established in {country} but its address is in {address}",
                                  id=recipient.id, country=recipient.country, address=address), recipient.id)
    for activity in live(ctx.registry):
        misdirected = set()  # recipients with a transfer to an unknown country: reported once, here
        for transfer in activity.transfers or ():
            recipient = recipients.get(transfer.recipient)
            if recipient is None or recipient.country is None or transfer.international_organisation:
                continue
            # where the recipient and its sub-processors are established or store data (ropa.transfer)
            known = {recipient.country, *recipient.storage, *chain_countries(recipient, ctx.registry)}
            if transfer.country not in known:
                misdirected.add(transfer.recipient)
                if recipient.storage:
                    message = msg("transfer to '{recipient}' in '{id}' goes to {country}, but the recipient is "
                                  "established in {established} and stores data in {storage}",
                                  recipient=transfer.recipient, id=activity.id, country=transfer.country,
                                  established=recipient.country, storage=", ".join(recipient.storage))
                else:
                    message = msg("transfer to '{recipient}' in '{id}' goes to {country}, but the recipient is "
                                  "established in {established} and stores data in no recorded country",
                                  recipient=transfer.recipient, id=activity.id, country=transfer.country,
                                  established=recipient.country)
                yield ctx.finding(transfer.at("country"), message, activity.id)
        recorded: dict[str, set[str]] = {}
        for transfer in activity.transfers or ():
            recorded.setdefault(transfer.recipient, set()).add(transfer.country)
        for index, use in enumerate(activity.recipients or ()):
            recipient = recipients.get(use.recipient)
            if recipient is None or use.recipient not in recorded or use.recipient in misdirected:
                continue  # no transfer at all to it: RP301
            missing = sorted(c for c in recipient.storage if not vocab.in_eea(c) and c not in recorded[use.recipient])
            if missing:
                yield ctx.finding(activity.at("recipients", index),
                                  msg("'{recipient}' stores data in {storage}, but '{id}' records transfers to it "
                                      "only to {recorded}", recipient=use.recipient, storage=", ".join(missing),
                                      id=activity.id, recorded=", ".join(sorted(recorded[use.recipient]))),
                                  activity.id)
