"""A data protection officer is recorded where one is required.

## What it does
Reports an organisation without a `dpo` when `dpo_required: true`, or when it has at
least as many employees as the national threshold (Germany: 20 persons regularly
processing personal data, § 38(1) BDSG; see `ropa/vocab/countries.yaml`). When neither
`dpo_required` nor `employees` is stated, it reports a warning asking for one of them.

## Why is this bad?
Art. 30(1)(a) requires the DPO's contact details in the record, and Art. 37 GDPR with
§ 38 BDSG requires many German companies to designate one.

## Example
```yaml
organisations:
  - id: acme
    name: ACME GmbH
    email: info@acme.example
    employees: 45  # <-
    address: {city: Berlin, country: DE}
```

## Use instead
```yaml
organisations:
  - id: acme
    name: ACME GmbH
    email: info@acme.example
    employees: 45
    address: {city: Berlin, country: DE}
    dpo: {name: Jana Beispiel, email: dpo@acme.example}
```

## References
- Art. 30(1)(a), Art. 37 GDPR; § 38(1) BDSG
"""

from __future__ import annotations

from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity

CODE = "RP106"
NAME = "dpo-not-recorded"
SEVERITY = Severity.ERROR
REFERENCE = "Art. 30(1)(a), Art. 37 GDPR; § 38 BDSG"


def check(ctx) -> Iterator[Finding]:
    for org in ctx.registry.organisations.values():
        if org.dpo is not None or org.dpo_required is False:
            continue
        if org.dpo_required:
            yield ctx.finding(org.at("dpo_required"),
                              f"organisation '{org.id}' must designate a DPO but none is recorded", org.id)
            continue
        country = org.address.country if org.address else None
        threshold = vocab.dpo_threshold(country) if country else None
        if org.employees is not None and threshold is not None and org.employees >= threshold:
            yield ctx.finding(org.at("employees"),
                              f"organisation '{org.id}' has {org.employees} employees (threshold "
                              f"{threshold} in {country}) but no DPO is recorded", org.id)
        elif org.employees is None:
            yield ctx.finding(org.span, f"organisation '{org.id}' records no DPO; add `dpo:` or state "
                              "`dpo_required: false` (Art. 37, § 38 BDSG)", org.id, Severity.WARNING)
