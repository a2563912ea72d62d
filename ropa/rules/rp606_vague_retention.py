"""Retention is a period or a criterion, not "as long as necessary".

## What it does
Reports a `retention` entry without a `period` whose `criterion` is missing, or contains
a vague phrase anywhere ("Solange für die Bearbeitung … erforderlich", "as long as
necessary", "bis zum Ende der gesetzlichen Aufbewahrungspflicht") and states no concrete
period (a number with a unit: "10 Jahre", "30 days"). The list is `vague_retention` in
`ropa/vocab/hygiene.yaml`, German and English, with its sources; words are compared
normalised and inflected, and `...` in a listed phrase stands for a few words
(`ropa.vocab.wording`). A finding is made if any language version is vague. A `statute`
alone is not enough either: state the period it imposes (e.g. `P8Y` for accounting
vouchers under § 147(1) no. 4, (3) AO since 1 January 2025, BEG IV; `P10Y` for books and
annual accounts; each from the end of the calendar year). A
criterion that is itself an event ("bis zum Widerruf der Einwilligung", "until the account
is deleted") passes.
A processor's record (`record: processor`, Art. 30(2)) is not judged: erasure periods
are the controller's decision.

## Why is this bad?
Art. 30(1)(f) asks for time limits; the DSK notes say a bare reference to statutory
retention is not enough, and the CNIL asks for a duration or a precise criterion.

## Example
```yaml
activities:
  - id: invoicing
    name: Invoicing
    organisation: acme
    retention:
      - criterion: Solange für die Bearbeitung der Aufträge erforderlich  # <-
```

## Use instead
```yaml
activities:
  - id: invoicing
    name: Invoicing
    organisation: acme
    retention:
      - period: P8Y
        trigger: End of the calendar year of the invoice
        statute: § 147(1) no. 4, (3) AO, § 257(1) no. 4, (4) HGB
```

## References
- Art. 30(1)(f), Art. 5(1)(e) GDPR; DSK Hinweise zum VVT (2018); DIN 66398; CNIL, guide
  "Les durées de conservation" (2020); ICO guidance on storage limitation
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import RegistryNote, msg
from ropa.rules._util import controller_records, texts

if TYPE_CHECKING:
    from ropa.vocab import Hygiene
    from ropa.rules.context import Context

CODE = "RP606"
NAME = "vague-retention"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(1)(f) GDPR"
AXIS = Axis.RECORD
CAUSE = ("phrase", "criterion")  # one cause across activities: one finding (ropa.check.one_per_cause)
FIELDS = ('retention',)


def check(ctx: Context) -> Iterator[Finding]:
    hygiene = vocab.hygiene()
    for activity in controller_records(ctx.registry):
        for entry in activity.retention:
            if entry.period:
                continue
            criteria = texts(entry.criterion)
            if not criteria:
                said = (msg("retention in '{id}' only cites {statute}: state the period", id=activity.id,
                            statute=entry.statute) if entry.statute else
                        msg("retention in '{id}' states neither a period nor a criterion: state the period",
                            id=activity.id))
                yield ctx.finding(entry.span, said,
                                  activity.id)
                continue
            for criterion in criteria:
                phrase = vague_phrase(criterion, hygiene)
                if phrase is not None:
                    yield ctx.finding(entry.at("criterion"), msg("retention in '{id}' is vague ({phrase} in {criterion}) and "
                                          "states no period: state a period or a precise criterion",
                                          id=activity.id, phrase=RegistryNote.quote(entry.criterion, phrase, criterion),
                                          criterion=RegistryNote.quote(entry.criterion, _short(criterion), criterion)),
                                      activity.id)
                    break


def vague_phrase(criterion: str, hygiene: Hygiene) -> str | None:
    """The vague phrase in a retention criterion that states no period, or None."""
    phrase = hygiene.vague_retention.find(criterion)
    if phrase is None or has_period(criterion, hygiene.retention_units):
        return None
    return phrase


def has_period(text: str, units: tuple[str, ...]) -> bool:
    """True if the text states a period: a number (digits or a word up to twelve) with a unit."""
    from ropa.vocab.wording import words

    stems = words(text)
    for before, after in zip(stems, stems[1:]):
        if (before.isdigit() or before in _NUMBER_WORDS) and any(after.startswith(u[:4]) for u in units):
            return True
    return False


_NUMBER_WORDS = frozenset({"ein", "eine", "einem", "zwei", "drei", "vier", "funf", "sech", "sieb", "acht",
                           "neun", "zehn", "elf", "zwolf", "one", "two", "three", "four", "five", "six",
                           "seven", "eight", "nine", "ten", "eleven", "twelve", "sechs", "sieben"})


def _short(text: str) -> str:
    """The criterion on one line, in full: the message goes into the exported record, where a
    text cut with "..." would hide part of it from the auditor."""
    return " ".join(text.split())
