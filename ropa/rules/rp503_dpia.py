"""A DPIA status is recorded where the processing looks high-risk.

## What it does
Collects the WP248 criteria of an activity: those listed in `dpia.criteria` plus those
its other fields show (`profiling`: evaluation or scoring; `automated_decision`;
`cross_device_tracking`: systematic monitoring and matching of datasets; an Art. 9 or
Art. 10 data category: sensitive data; a data subject marked `children` or `vulnerable`:
vulnerable data subjects). With two or more criteria, or with profiling or cross-device
tracking, it reports an activity whose `dpia` is missing or `unknown` (error), or says
`not-required` (warning: the screening should explain why).
A processor's record (`record: processor`, Art. 30(2)) is not judged: the DPIA is the
controller's duty (Art. 35(1); the processor assists, Art. 28(3)(f)).

## Why is this bad?
Art. 35(1) requires a DPIA where processing is likely to result in a high risk; the
EDPB-endorsed WP248 rev.01 says two or more of its nine criteria usually mean one is
needed. The DSK list under Art. 35(4) (Muss-Liste) names processing that needs one; each
of its entries requires large-scale processing or profiling together with the listed feature
(e.g. tracking of behaviour across websites or devices for profiling), not the feature alone.

## Example
```yaml
activities:
  - id: ad-targeting
    name: Ad targeting
    organisation: acme
    profiling: true
    cross_device_tracking: true  # <-
```

## Use instead
```yaml
activities:
  - id: ad-targeting
    name: Ad targeting
    organisation: acme
    profiling: true
    cross_device_tracking: true
    dpia: {status: done, reference: DPIA-2024-01, date: 2024-03-01, residual_risk: medium}
```

## References
- Art. 35(1), 35(3) GDPR; WP248 rev.01; DSK Muss-Liste (2018)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records

if TYPE_CHECKING:
    from ropa.load import Registry
    from ropa.model import Activity
    from ropa.rules.context import Context

CODE = "RP503"
NAME = "dpia-status-missing"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 35(1) GDPR; WP248 rev.01"
AXIS = Axis.LAWFULNESS
FIELDS = ('dpia',)


def criteria(activity: Activity, registry: Registry) -> set[str]:
    found: set[str] = set(activity.dpia.criteria) if activity.dpia else set()
    if activity.profiling:
        found.add("evaluation-scoring")
    if activity.automated_decision:
        found.add("automated-decision")
    if activity.cross_device_tracking:
        found.update(("systematic-monitoring", "matching-datasets"))
    categories = registry.data_categories
    if any(getattr(categories.get(c), "special", "none") != "none" for c in activity.data_categories):
        found.add("sensitive-data")
    subjects = registry.data_subjects
    for ident in activity.data_subjects:
        subject = subjects.get(ident)
        if subject is not None and (subject.children or subject.vulnerable):
            found.add("vulnerable-subjects")
    return found


def check(ctx: Context) -> Iterator[Finding]:
    for activity in controller_records(ctx.registry):
        found = criteria(activity, ctx.registry)
        if len(found) < 2 and not (activity.profiling or activity.cross_device_tracking):
            continue
        why = ", ".join(sorted(found))
        dpia = activity.dpia
        if dpia is None or dpia.status == "unknown":
            span = activity.at("dpia") if dpia else activity.at("cross_device_tracking") \
                if activity.cross_device_tracking else activity.span
            yield ctx.finding(span, msg("activity '{id}' meets WP248 criteria ({why}) but records no DPIA status",
                                  id=activity.id, why=why), activity.id)
        elif dpia.status == "not-required" and not dpia.reference:
            yield ctx.finding(activity.at("dpia"), msg("activity '{id}' meets WP248 criteria ({why}); the DPIA is marked "
                                  "not required without a screening reference", id=activity.id, why=why), activity.id,
                              Severity.WARNING)
