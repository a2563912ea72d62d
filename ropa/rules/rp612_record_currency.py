"""A record nobody approved, or whose as-of date is older than its last change or review cycle, is reported.

## What it does
Looks at the record as a document (the `registry:` block) and reports:

- no `approvals:` entry for the registry's current `version` (without a version: none dated
  on or after the as-of `date`): nobody has approved the record as it stands (a registry
  stating neither a version nor an as-of date is a draft, and not reported);
- an as-of `date` older than the last committed change of the registry directory, when the
  registry is in a git repository (only committed history counts: an edit not yet committed
  has no date; judged as of the check date, commits made after it do not count);
- an as-of `date` older than its `review_cycle` (ISO 8601, e.g. `P1Y`) as of the check date.

## Why is this bad?
The controller must be able to demonstrate compliance (Art. 5(2)) and keep its measures
"reviewed and updated where necessary" (Art. 24(1)); the record of processing activities is
one of them (Art. 30). A record nobody approved is a draft, and one whose as-of date is older
than its content, or than the review cycle the organisation set itself, shows an authority
(Art. 30(4)) a state that is not the current one. Only a person of the organisation can
approve it: the tool never does.

## Example
```yaml
registry:
  name: Example GmbH record of processing activities
  version: "2024-01"
  date: 2023-01-15  # <-
  review_cycle: P1Y
  approvals:
    - {name: Erika Mustermann, role: Geschäftsführerin, date: 2023-01-20, version: "2023-12"}  # <-
```

## Use instead
```yaml
registry:
  name: Example GmbH record of processing activities
  version: "2024-01"
  date: 2024-01-15
  review_cycle: P1Y
  approvals:
    - {name: Erika Mustermann, role: Geschäftsführerin, date: 2024-01-20, version: "2024-01"}
```

## References
- Art. 5(2), Art. 24(1), Art. 30 GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.durations import add_duration

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP612"
NAME = "record-not-current"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 5(2), Art. 24(1) GDPR"
AXIS = Axis.LAWFULNESS  # accountability (Art. 5(2), 24(1)): Art. 30(1) does not ask for an approval


def approved(meta: object) -> bool:
    """Whether an approval covers the registry as it stands (its version, or its as-of date)."""
    version = getattr(meta, "version", None)
    date = getattr(meta, "date", None)
    for entry in getattr(meta, "approvals", ()):
        if version is not None and entry.version == version:
            return True
        if version is None and date is not None and entry.date >= date:
            return True
    return False


_PENDING = "RP612 last change"  # in ctx.memo: the git processes ``prepare`` started


def prepare(ctx: Context) -> None:
    """Start the git processes ``check`` will ask (the registry's last committed change), before
    the rules run: they run alongside the other rules instead of being waited for here."""
    meta = ctx.registry.meta
    if meta is not None and meta.date is not None:
        from ropa.history import start_last_change

        ctx.memo[_PENDING] = start_last_change(ctx.registry.root, ctx.today)


def check(ctx: Context) -> Iterator[Finding]:
    meta = ctx.registry.meta
    if meta is None:
        return
    target = "registry"
    if (meta.version is not None or meta.date is not None) and not approved(meta):  # a draft states neither
        where = meta.at("approvals", len(meta.approvals) - 1) if meta.approvals else meta.span
        if meta.version is not None:
            yield ctx.finding(where, msg("nobody has approved version {version} of the record (no approvals: entry "
                                         "for it)", version=meta.version), target)
        else:
            yield ctx.finding(where, msg("nobody has approved the record as of its date (no approvals: entry)"),
                              target)
    if meta.date is None:
        return
    pending = ctx.memo.pop(_PENDING, None)
    if pending is None:
        from ropa.history import last_change

        changed = last_change(ctx.registry.root, ctx.today)
    else:
        changed = pending()
    if changed is not None and changed > meta.date:
        yield ctx.finding(meta.at("date"), msg("the record's as-of date {date} is older than its last committed "
                                               "change (git history): set the date and version to the state it "
                                               "shows", date=meta.date), target)
    if meta.review_cycle:
        due = add_duration(meta.date, meta.review_cycle)
        if due is not None and due < ctx.today:
            yield ctx.finding(meta.at("date"), msg("the record's as-of date {date} is older than its review cycle "
                                                   "({cycle}): review was due on {due}", date=meta.date,
                                                   cycle=meta.review_cycle, due=due), target)
