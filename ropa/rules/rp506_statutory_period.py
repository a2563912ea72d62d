"""Accounting vouchers are kept for the period the law now sets: 8 years, not 10.

## What it does
Reports a `retention` entry that keeps data for 10 years on § 147 AO or § 257 HGB when the
data it applies to are accounting vouchers (*Buchungsbelege*: data categories whose name says
voucher, receipt or invoice, *Beleg*, *Rechnung*), judged on or after 1 January 2025. Books,
records and annual accounts keep their 10 years and are not reported.

## Why is this bad?
The Viertes Bürokratieentlastungsgesetz (BEG IV) shortened the retention period for accounting
vouchers, invoices included (§ 14b UStG), from 10 to 8 years from 1 January 2025
(§ 147(1) no. 4, (3) AO; § 257(1) no. 4, (4) HGB; for institutions supervised by BaFin one
year later); it runs from the end of the calendar year in which the voucher arose. Keeping
vouchers two years longer than the law requires lacks a legal basis and breaches storage
limitation (Art. 5(1)(e), Art. 17(1)(a)). A record stating 10 years also misinforms
(Art. 13(2)(a)).

## Example
```yaml
data_categories:
  - id: invoices
    name: Rechnungen und Buchungsbelege
activities:
  - id: bookkeeping
    name: Bookkeeping
    organisation: acme
    data_categories: [invoices]
    retention:
      - period: P10Y  # <-
        trigger: End of the calendar year
        statute: § 147 AO
```

## Use instead
```yaml
data_categories:
  - id: invoices
    name: Rechnungen und Buchungsbelege
activities:
  - id: bookkeeping
    name: Bookkeeping
    organisation: acme
    data_categories: [invoices]
    retention:
      - period: P8Y
        trigger: End of the calendar year in which the voucher arose
        statute: § 147(1) no. 4, (3) AO
```

## References
- § 147(1) no. 4, (3) AO, § 257(1) no. 4, (4) HGB as amended by BEG IV (in force for
  periods from 01.01.2025); § 14b(1) UStG; Art. 5(1)(e), Art. 17(1)(a) GDPR
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.i18n import msg
from ropa.rules._util import controller_records, texts

if TYPE_CHECKING:
    from ropa.rules.context import Context

CODE = "RP506"
NAME = "voucher-retention-beyond-statute"
SEVERITY = Severity.WARNING
REFERENCE = "§ 147(3) AO, § 257(4) HGB; Art. 5(1)(e) GDPR"
AXIS = Axis.LAWFULNESS
FIELDS = ("retention",)

IN_FORCE = _dt.date(2025, 1, 1)  # BEG IV: 8 years for accounting vouchers
EXAMPLE_DATE = _dt.date(2026, 1, 1)  # the catalogue test judges the examples after the change
# a statute of the Abgabenordnung or the Handelsgesetzbuch (§ 147 AO, § 257 HGB or the code named
# alone): a plain word test, linear in the text's length
_STATUTE = re.compile(r"\b(?:AO|HGB)\b", re.IGNORECASE)
_VOUCHER = re.compile(r"beleg|rechnung|quittung|voucher|receipt|invoice", re.IGNORECASE)
_TEN_YEARS = ("P10Y", "P120M")


def check(ctx: Context) -> Iterator[Finding]:
    if ctx.today < IN_FORCE:
        return
    categories = ctx.registry.data_categories
    for activity in controller_records(ctx.registry):
        for index, entry in enumerate(activity.retention):
            if entry.period not in _TEN_YEARS or not entry.statute or not _STATUTE.search(entry.statute):
                continue
            applies = entry.data_categories or activity.data_categories
            vouchers = [c for c in applies if c in categories
                        and any(_VOUCHER.search(t) for t in (*texts(categories[c].name), c))]
            if vouchers:
                yield ctx.finding(activity.at("retention", index),
                                  msg("'{id}' keeps {categories} for 10 years ({statute}): accounting vouchers are "
                                      "kept 8 years since 1 January 2025 (BEG IV; § 147(1) no. 4, (3) AO), from "
                                      "the end of the calendar year", id=activity.id,
                                      categories=", ".join(vouchers), statute=entry.statute), activity.id)
