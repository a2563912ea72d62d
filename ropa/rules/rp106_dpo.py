"""A data protection officer is recorded where one is required.

## What it does
Reports an organisation without a `dpo` (and not `dpo_required: false`) when:

* `dpo_required: true`;
* the persons *constantly engaged in the automated processing* of personal data
  (`processing_staff`) reach the national threshold (Germany: 20, § 38(1) sentence 1 BDSG;
  `ropa/vocab/countries.yaml`). The headcount (`employees`) is not that number: where only
  the headcount reaches the threshold, a warning asks for `processing_staff`;
* regardless of size (§ 38(1) sentence 2 BDSG), one of its live controller activities needs a
  DPIA (`dpia.status` `required`, `in-progress` or `done`), or it processes personal data
  commercially for transfer, anonymised transfer or market or opinion research
  (`commercial_data_processing`).

When none of `dpo_required`, `processing_staff` and `employees` is stated and no sentence 2
ground applies, a warning asks for one of them. `dpo_required: false` is the controller's
decision and is respected.

## Why is this bad?
Art. 30(1)(a) requires the DPO's contact details in the record, and Art. 37 GDPR with
§ 38 BDSG requires many German companies to designate one. § 38(1) counts only persons
"ständig mit der automatisierten Verarbeitung personenbezogener Daten beschäftigt", not
every employee (a bakery with 30 staff and two office workers needs none); and it requires
a DPO whatever the number where processing is subject to a DPIA or personal data is a
commercial product (address trading, market or opinion research).

## Example
```yaml
organisations:
  - id: acme
    name: ACME GmbH
    email: info@acme.example
    processing_staff: 25  # <-
    address: {city: Berlin, country: DE}
```

## Use instead
```yaml
organisations:
  - id: acme
    name: ACME GmbH
    email: info@acme.example
    processing_staff: 25
    address: {city: Berlin, country: DE}
    dpo: {name: Jana Beispiel, email: dpo@acme.example}
```

## References
- Art. 30(1)(a), Art. 37(1), 37(4) GDPR; § 38(1) sentences 1 and 2 BDSG
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import Joined, Message, msg

if TYPE_CHECKING:
    from ropa.load import Registry
    from ropa.model import Organisation
    from ropa.rules.context import Context

CODE = "RP106"
NAME = "dpo-not-recorded"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(a), Art. 37 GDPR; § 38 BDSG"
AXIS = Axis.RECORD
FIELDS = ('dpo', 'dpo_required')


DPIA_BOUND = ("required", "in-progress", "done")  # processing "subject to" a DPIA (§ 38(1) s. 2 BDSG)


def check(ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    for org in registry.organisations.values():
        if org.dpo is not None or org.dpo_required is False:
            continue
        if org.dpo_required:
            yield ctx.finding(org.at("dpo_required"),
                              msg("organisation '{id}' must designate a DPO but none is recorded", id=org.id),
                              org.id)
            continue
        country = org.address.country if org.address else None
        threshold = vocab.dpo_threshold(country) if country else None
        if threshold is not None:
            grounds = list(_regardless_of_size(org, registry))
            if grounds:
                yield ctx.finding(org.span, msg("organisation '{id}' needs a DPO regardless of its size "
                                                "(§ 38(1) sentence 2 BDSG: {grounds}) but none is recorded",
                                                id=org.id, grounds=Joined(grounds, "; ")), org.id)
                continue
            if org.processing_staff is not None and org.processing_staff >= threshold:
                yield ctx.finding(org.at("processing_staff"),
                                  msg("organisation '{id}' has {staff} persons constantly engaged in automated "
                                      "processing (threshold {threshold} in {country}) but no DPO is recorded",
                                      id=org.id, staff=org.processing_staff, threshold=threshold, country=country),
                                  org.id)
                continue
            if org.processing_staff is None and org.employees is not None and org.employees >= threshold:
                yield ctx.finding(org.at("employees"),
                                  msg("organisation '{id}' has {employees} employees but records no DPO and not "
                                      "how many of them constantly process personal data by automated means "
                                      "(processing_staff; a DPO is required from {threshold}, § 38(1) BDSG)",
                                      id=org.id, employees=org.employees, threshold=threshold),
                                  org.id, Severity.WARNING)
                continue
        if org.employees is None and org.processing_staff is None:
            yield ctx.finding(org.span, msg("organisation '{id}' records no DPO; add `dpo:` or state "
                                            "`dpo_required: false` (Art. 37, § 38 BDSG)", id=org.id),
                              org.id, Severity.WARNING)


def _regardless_of_size(org: Organisation, registry: Registry) -> Iterator[Message]:
    """The § 38(1) sentence 2 BDSG grounds that apply to an organisation."""
    dpia = sorted(a.id for a in registry.activities.values()
                  if a.organisation == org.id and a.status != "retired" and a.record != "processor"
                  and a.dpia is not None and a.dpia.status in DPIA_BOUND)
    if dpia:
        yield msg("processing subject to a DPIA: {ids}", ids=", ".join(dpia))
    if org.commercial_data_processing:
        what = ", ".join(f"'{purpose}'" for purpose in org.commercial_data_processing)  # codes
        yield msg("commercial processing for {what}", what=what)
