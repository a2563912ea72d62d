"""Evidence dates agree with each other, with the instruments they rely on and with the check date.

## What it does
Reports, for the dates of the evidence a record relies on:

* a contract (`contract.date`), certification check (`checked`), transfer impact assessment
  (`tia.date`) or DPIA (`dpia.date`) dated after the check date (warning: evidence from the
  future is a typing error);
* SCCs (`contract.type: scc`) concluded before 27.06.2021, relied on by a transfer after
  27.12.2022: the pre-2021 clauses ceased to be valid then (error);
* a listing under the scheme an adequacy decision requires (the DPF) checked before that
  decision existed (error: it was a Privacy Shield listing, invalid since 16.07.2020);
* an activity created, updated or reviewed after the registry's as-of date
  (`registry: date:`), which the exports print as the date of the record (warning).

## Why is this bad?
Dates are the evidence that a safeguard existed when the data flowed (Art. 5(2)
accountability). Art. 4(4) of Decision (EU) 2021/914 let contracts on the old SCCs
(Decisions 2001/497/EC, 2010/87/EU) run until 27.12.2022 only; the EU-US Privacy Shield was
annulled by CJEU C-311/18 on 16.07.2020, and the DPF exists only since Decision (EU)
2023/1795 of 10.07.2023: a listing checked before that date shows no DPF certification. A
record dated before its own entries misstates when it was true.

## Example
```yaml
recipients:
  - id: crm-vendor
    name: CRM Vendor Inc.
    role: processor
    country: US
    contract: {type: scc, date: 2019-03-01}  # <-
activities:
  - id: crm
    name: CRM
    organisation: acme
    recipients: [crm-vendor]
    transfers:
      - recipient: crm-vendor
        country: US
        mechanism: scc
        scc_module: 2
        tia: {reference: TIA-1, date: 2023-02-01}
```

## Use instead
```yaml
recipients:
  - id: crm-vendor
    name: CRM Vendor Inc.
    role: processor
    country: US
    contract: {type: scc, date: 2022-11-15}
activities:
  - id: crm
    name: CRM
    organisation: acme
    recipients: [crm-vendor]
    transfers:
      - recipient: crm-vendor
        country: US
        mechanism: scc
        scc_module: 2
        tia: {reference: TIA-1, date: 2023-02-01}
```

## References
- Art. 5(2), Art. 46(2)(c) GDPR; Commission Implementing Decision (EU) 2021/914, Art. 4(3),
  4(4); CJEU C-311/18 *Schrems II* (16.07.2020); Decision (EU) 2023/1795
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import N_, msg
from ropa.rules._util import live

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP702"
NAME = "evidence-dates-disagree"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 5(2) GDPR; Decision (EU) 2021/914, Art. 4"
AXIS = Axis.LAWFULNESS
NEW_SCC_FROM = _dt.date(2021, 6, 27)  # Decision (EU) 2021/914 in force (Art. 6)
OLD_SCC_UNTIL = _dt.date(2022, 12, 27)  # Art. 4(4): contracts on the old clauses valid until then
# an activity's dates that may not lie after the registry's as-of date, with their messages
LATER_THAN_AS_OF = (
    ("created", N_("'{id}' was created on {date}, after the registry's as-of date {as_of}: update `registry: date:`")),
    ("updated", N_("'{id}' was updated on {date}, after the registry's as-of date {as_of}: update `registry: date:`")),
    ("reviewed", N_("'{id}' was reviewed on {date}, after the registry's as-of date {as_of}: update "
                    "`registry: date:`")),
)


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    registry = ctx.registry
    scc_users: dict[str, str] = {}  # recipient -> an activity relying on SCCs with it
    for activity in live(registry):
        for transfer in activity.transfers or ():
            if transfer.mechanism == "scc":
                scc_users.setdefault(transfer.recipient, activity.id)
            if transfer.tia is not None and transfer.tia.date and transfer.tia.date > today:
                yield ctx.finding(transfer.tia.at("date"),
                                  msg("the transfer impact assessment for '{recipient}' in '{id}' is dated {date}, "
                                      "after the check date {today}", recipient=transfer.recipient, id=activity.id,
                                      date=transfer.tia.date, today=today), activity.id, Severity.WARNING)
        if activity.dpia is not None and activity.dpia.date and activity.dpia.date > today:
            yield ctx.finding(activity.dpia.at("date"), msg("the DPIA of '{id}' is dated {date}, after the check "
                                                            "date {today}", id=activity.id, date=activity.dpia.date,
                                                            today=today), activity.id, Severity.WARNING)
        as_of = registry.meta.date if registry.meta else None
        for name, wording in LATER_THAN_AS_OF:
            value = getattr(activity, name)
            if as_of and value and as_of < value <= today:
                yield ctx.finding(activity.at(name), msg(wording, id=activity.id, date=value, as_of=as_of),
                                  activity.id, Severity.WARNING)
    schemes = {d.requires: d for d in vocab.adequacy().values() if d.requires}
    for recipient in registry.recipients.values():
        contract = recipient.contract
        if contract is not None and contract.date:
            if contract.date > today:
                yield ctx.finding(contract.at("date"), msg("the contract with '{id}' is dated {date}, after the "
                                                           "check date {today}", id=recipient.id, date=contract.date,
                                                           today=today), recipient.id, Severity.WARNING)
            elif (contract.type == "scc" and contract.date < NEW_SCC_FROM and today > OLD_SCC_UNTIL
                  and recipient.id in scc_users):
                yield ctx.finding(contract.at("date"),
                                  msg("the SCCs with '{id}' were concluded on {date}, before the 2021 clauses "
                                      "applied ({new_from}): the old clauses ceased to be valid on {old_until}, yet "
                                      "'{activity}' relies on them", id=recipient.id, date=contract.date,
                                      new_from=NEW_SCC_FROM, old_until=OLD_SCC_UNTIL,
                                      activity=scc_users[recipient.id]), recipient.id)
        for certification in recipient.certifications:
            if certification.checked is None:
                continue
            if certification.checked > today:
                yield ctx.finding(certification.at("checked"),
                                  msg("the {scheme} listing of '{id}' was checked on {date}, after the check date "
                                      "{today}", scheme=certification.scheme, id=recipient.id,
                                      date=certification.checked, today=today), recipient.id, Severity.WARNING)
            decision = schemes.get(certification.scheme)
            if decision is not None and certification.checked < decision.date:
                yield ctx.finding(certification.at("checked"),
                                  msg("the {scheme} listing of '{id}' was checked on {date}, before {decision} of "
                                      "{decided} existed: a listing from then is not a DPF listing",
                                      scheme=certification.scheme, id=recipient.id, date=certification.checked,
                                      decision=decision.decision, decided=decision.date), recipient.id)
