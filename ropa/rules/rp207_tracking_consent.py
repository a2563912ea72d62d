"""Non-essential cookies and tracking rest on consent.

## What it does
Reports an activity with `cookies: non-essential` that cites no consent basis (a basis
whose vocabulary entry `needs: consent`: Art. 6(1)(a), § 25(1) TDDDG).

## Why is this bad?
§ 25(1) TDDDG (until May 2024 TTDSG) requires consent for storing or reading information
on a user's device unless it is strictly necessary (§ 25(2)); CJEU C-673/17 *Planet49*.
Legitimate interests (Art. 6(1)(f)) cannot replace that consent for analytics or
advertising cookies.

## Example
```yaml
activities:
  - id: web-analytics
    name: Web analytics
    organisation: acme
    cookies: non-essential  # <-
    legal_bases:
      - basis: art6-1-f
        interest: Reach measurement
```

## Use instead
```yaml
activities:
  - id: web-analytics
    name: Web analytics
    organisation: acme
    cookies: non-essential
    legal_bases:
      - basis: tdddg-25-1
        consent: {mechanism: Cookie banner, withdrawal: Cookie settings link in the footer}
      - basis: art6-1-a
        consent: {mechanism: Cookie banner, withdrawal: Cookie settings link in the footer}
```

## References
- § 25 TDDDG; Art. 6(1)(a) GDPR; CJEU C-673/17 *Planet49* (01.10.2019)
"""

from __future__ import annotations

from typing import Iterator

from ropa import vocab
from ropa.findings import Finding, Severity
from ropa.rules._util import live

CODE = "RP207"
NAME = "tracking-without-consent"
SEVERITY = Severity.ERROR
REFERENCE = "§ 25(1) TDDDG; Art. 6(1)(a) GDPR"


def check(ctx) -> Iterator[Finding]:
    terms = vocab.legal_bases()
    for activity in live(ctx.registry):
        if activity.cookies != "non-essential":
            continue
        if any("consent" in terms[b.basis].needs for b in activity.legal_bases if b.basis in terms):
            continue
        cited = ", ".join(b.basis for b in activity.legal_bases) or "no basis"
        yield ctx.finding(activity.at("cookies"), f"activity '{activity.id}' uses non-essential cookies or "
                          f"tracking without a consent basis (cites {cited})", activity.id)
