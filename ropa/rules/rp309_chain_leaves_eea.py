"""A processing chain that leaves the EEA through a sub-processor has its transfer recorded.

## What it does
Follows each recipient of an activity that is established and stores data inside the EEA down
its sub-processors (`sub_processors`, and recipients naming it in `processor_of`, at any
depth) and reports, as an error, the first sub-processor of a chain that is established or
stores data outside the EEA when the activity records no transfer to it (a transfer to the
sub-processor, or to a recipient in between naming the sub-processor's country). The exposure
is `ropa.exposure.exposures`, the one answer RP301 and `ropa transfers` give too: a
sub-processor the activity names as its own recipient is RP301's, never reported twice; a
recipient outside the EEA is RP301's, and what it passes on is governed by the instrument of
that transfer (Clause 8.8 SCC), so chains below it are not followed. One finding per
sub-processor and organisation, naming every activity it concerns.

## Why is this bad?
A transfer by a processor to its sub-processor in a third country is a transfer of the
controller's data (Art. 44: "including for onward transfers"; Art. 28(2), (4)): the record must
identify the third country (Art. 30(1)(e)), and the transfer needs its Chapter V instrument (for
a processor in the EEA, SCC module 3 or the sub-processor's DPF listing). An EU hoster whose
support team or backup provider sits in the US is the typical case.

## Example
```yaml
recipients:
  - id: hoster
    name: Hoster GmbH
    role: processor
    country: DE
    storage: [DE]
    contract: {type: dpa}
    sub_processors: [support-us]
  - id: support-us
    name: Support Inc.
    role: sub-processor
    country: US
    contract: {type: dpa}
activities:
  - id: website
    name: Website
    organisation: acme
    recipients: [hoster]  # <-
    transfers: []
```

## Use instead
```yaml
recipients:
  - id: hoster
    name: Hoster GmbH
    role: processor
    country: DE
    storage: [DE]
    contract: {type: dpa}
    sub_processors: [support-us]
  - id: support-us
    name: Support Inc.
    role: sub-processor
    country: US
    contract: {type: dpa}
    certifications: [{scheme: eu-us-dpf, status: active, covers: non-hr, checked: 2024-01-10}]
activities:
  - id: website
    name: Website
    organisation: acme
    recipients: [hoster]
    transfers:
      - {recipient: support-us, country: US, mechanism: dpf}
```

## References
- Art. 44 ("onward transfers"), Art. 28(2), (4), Art. 30(1)(e) GDPR; Decision (EU) 2021/914,
  module 3 and Clause 8.8; EDPB Guidelines 05/2021 on the interplay of Art. 3 and Chapter V
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import exposed

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP309"
NAME = "transfer-chain-not-recorded"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(e), Art. 44 GDPR"
AXIS = Axis.RECORD
CAUSE = ("recipient", "via")  # one cause across activities: one finding (ropa.check.one_per_cause)


def check(ctx: Context) -> Iterator[Finding]:
    for activity, found in exposed(ctx):  # computed once for RP301 and RP309
        for exposure in found:
            if exposure.via and exposure.unrecorded:
                yield ctx.finding(activity.at("recipients", exposure.index),
                                  msg("'{id}' discloses data to '{processor}', whose sub-processor '{recipient}' "
                                      "({countries}, outside the EEA) receives it through {via}, but records no "
                                      "transfer to it", id=activity.id, processor=exposure.via[0],
                                      recipient=exposure.recipient, countries=", ".join(exposure.countries),
                                      via=" → ".join((*exposure.via, exposure.recipient))),
                                  activity.id)
