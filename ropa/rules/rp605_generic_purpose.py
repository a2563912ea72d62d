"""Purposes are specific, not generic.

## What it does
A purpose says what is done with the data and why. Reports a purpose that says neither:

* one made of nothing but generic words such as "Verwaltung", "Marketing" or "analytics"
  and filler words: "Allgemeine Geschäftszwecke", "Zwecke der Verwaltung", "for our internal
  business purposes", "Improving products and services". The lists are `generic_purposes`
  and `purpose_fillers` in `ropa/vocab/hygiene.yaml`, German and English, each with its
  source; words are compared normalised and inflected (`ropa.vocab.wording`), so
  "Geschäftszwecke" matches the listed "Geschäftszweck";
* one that only names what the activity processes or who receives it: besides generic and
  filler words it consists of whole names of its own data categories, data subject
  categories or recipients, or of a recipient's services: "Kundendaten", "Google Analytics",
  "Bewerberdaten und Personaldienstleister". A name matches only whole, word for word (a
  purpose "Rechnungsstellung" beside a data category "Rechnungen", or "Processing payments"
  beside "Payment data", passes).

A purpose that also says what is done ("Versand des Newsletters an Abonnenten",
"Lohnabrechnung", "Terminvergabe") passes. Every language version is checked. A
processor's record (`record: processor`, Art. 30(2)) is not judged: the purposes are the
controller's decision.

## Why is this bad?
Purposes must be "specified, explicit and legitimate" (Art. 5(1)(b)). The DSK's notes on
the record and the WP29 opinion on purpose limitation name "marketing" or
"administration" as too vague to judge lawfulness or compatibility.

## Example
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    purposes: [Allgemeine Geschäftszwecke]  # <-
```

## Use instead
```yaml
activities:
  - id: crm
    name: CRM
    organisation: acme
    purposes: [Sending offers for similar products to existing customers (§ 7(3) UWG)]
```

## References
- Art. 5(1)(b), Art. 30(1)(b) GDPR; DSK Hinweise zum VVT (2018); WP29 Opinion 03/2013 on
  purpose limitation, III.1.1 (a purpose "must be sufficiently defined to enable the
  implementation of any necessary data protection safeguards"); ICO guidance on purpose
  limitation
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ropa import vocab
from ropa.findings import Axis, Finding, Severity
from ropa.i18n import RegistryNote, msg
from ropa.rules._util import controller_records, texts
from ropa.vocab.wording import words

if TYPE_CHECKING:
    from ropa.model import Activity
    from ropa.rules.context import Context

CODE = "RP605"
NAME = "generic-purpose"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 5(1)(b) GDPR"
AXIS = Axis.RECORD


def check(ctx: Context) -> Iterator[Finding]:
    hygiene = vocab.hygiene()
    generic, fillers = hygiene.generic_purposes, hygiene.purpose_fillers
    for activity in controller_records(ctx.registry):
        own: set[tuple[str, ...]] | None = None
        for index, purpose in enumerate(activity.purposes):
            vague = next((t for t in texts(purpose) if generic.covers(t, fillers)), None)
            if vague is not None:
                yield ctx.finding(activity.at("purposes", index),
                                  msg("purpose {purpose} of '{id}' is made only of generic words: say what is "
                                      "done and why (Art. 5(1)(b))", purpose=RegistryNote.quote(purpose, vague), id=activity.id), activity.id)
                continue
            own = _own_words(activity, ctx) if own is None else own
            named = next((t for t in texts(purpose) if _only_names(t, own, generic, fillers)), None)
            if named is not None:
                yield ctx.finding(activity.at("purposes", index),
                                  msg("purpose {purpose} of '{id}' only names what the activity processes or who "
                                      "receives it: say what is done with it and why (Art. 5(1)(b))",
                                      purpose=RegistryNote.quote(purpose, named), id=activity.id), activity.id)


def _own_words(activity: Activity, ctx: Context) -> set[tuple[str, ...]]:
    """The names of the activity's own data categories, data subjects, recipients and their
    services, each as its sequence of word stems."""
    registry = ctx.registry
    names: list[str] = []
    for ident in activity.data_categories:
        category = registry.data_categories.get(ident)
        names += texts(category.name) if category is not None else ()
    for ident in activity.data_subjects:
        subject = registry.data_subjects.get(ident)
        names += texts(subject.name) if subject is not None else ()
    for use in activity.recipients or ():
        recipient = registry.recipients.get(use.recipient)
        if recipient is not None:
            names += [recipient.name, *recipient.services]
    return {stems for name in names if (stems := words(name))}


def _only_names(text: str, own: set[tuple[str, ...]], generic: Any, fillers: Any) -> bool:
    """``text`` is made of whole own names (every word of a name, exactly), generic and filler
    words, and names at least one: "Kundendaten" beside a category "Kundendaten", not
    "Rechnungsstellung" beside "Rechnungen" nor "Processing payments" beside "Payment data"."""
    stems = words(text)
    present = set(stems)
    covered = [False] * len(stems)
    named = False
    for name in own:
        if name[0] not in present:  # a name occurs only where its first word does
            continue
        size = len(name)
        for at in range(len(stems) - size + 1):
            if stems[at:at + size] == name:
                named = True
                for i in range(at, at + size):
                    covered[i] = True
    if not named:
        return False
    for phrases in (generic, fillers):
        for start, end in phrases.spans(text):
            for at in range(start, end):
                covered[at] = True
    return all(covered)
