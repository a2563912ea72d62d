"""What the interviews of `ropa new` and `ropa add` ask and say (catalogue texts), and the
small checks both use."""

from __future__ import annotations

import datetime as _dt

from ropa.i18n import N_

DPIA_STATES = ("not-required", "required", "in-progress", "done", "unknown")

TEXTS = {
    "ask-id": N_("Id (lower-case, e.g. newsletter)"),
    "ask-name": N_("Name of the activity"),
    "ask-name-lang": N_("Name ({language})"),
    "ask-organisation": N_("Organisation"),
    "ask-purposes": N_("Purposes (separate with ';')"),
    "ask-purposes-lang": N_("Purposes ({language}; separate with ';')"),
    "same-count": N_("as many purposes as in the first language ({n})"),
    "ask-bases": N_("Legal bases"),
    "ask-interest": N_("Legitimate interest pursued"),
    "ask-consent": N_("How is consent obtained"),
    "ask-withdrawal": N_("How is consent withdrawn"),
    "ask-statute": N_("Statute imposing the obligation (e.g. § 147 AO)"),
    "ask-subjects": N_("Data subjects"),
    "ask-categories": N_("Data categories"),
    "ask-recipients": N_("Recipients"),
    "ask-measures": N_("Security measures"),
    "ask-mechanism": N_("Transfer mechanism for {recipient} ({country})"),
    "ask-module": N_("SCC module for {recipient}"),
    "ask-tia": N_("Transfer impact assessment (TIA) for {recipient}: reference"),
    "ask-safeguards": N_("Safeguards under Art. 49(1) second subparagraph for {recipient}"),
    "ask-conditions": N_("Why does the Art. 49 derogation apply to {recipient} (occasional, necessary)?"),
    "ask-retention": N_("Retention period (ISO 8601, e.g. P10Y = 10 years, P6M = 6 months)"),
    "ask-trigger": N_("From which event does the period run (e.g. end of the calendar year; empty: not stated)"),
    "ask-dpia": N_("Data protection impact assessment (DPIA)"),
    "ask-third-country": N_("Are data transferred to a third country (outside the EEA) in this activity?"),
    "third-country-later": N_("Record the recipient outside the EEA with '+' (or `ropa add recipient`) and "
                              "name it among the recipients; the transfers stay 'not stated' until then."),
    "many-hint": N_("ids or numbers, separated by ','; '+' adds a new one"),
    "many-hint-none": N_("ids or numbers, separated by ','; '+' adds a new one; '-': there are none"),
    "needs-art6": N_("name at least one legal basis under Art. 6(1) GDPR as well ({cited} alone is not one)"),
    "add-new": N_("add a new one"),
    "there-are-none": N_("there are none"),
    "none-yet": N_("(the registry has none yet: '+' adds one)"),
    "not-a-choice": N_("'{value}' is not one of the choices{hint}"),
    "did-you-mean": N_(" (did you mean '{close}'?)"),
    "none-alone": N_("'-' (there are none) cannot be combined with other answers"),
    "mechanism-refused": N_("{mechanism} does not hold for {recipient}: {reason}"),
    "draft-saved": N_("Your answers are kept in {path}; `ropa new` offers to continue from them."),
    "draft-found": N_("Answers of an earlier `ropa new` for '{ident}' ({when}) were kept. Continue from them?"),
    "fix-now": N_("Correct the answers now (Enter keeps an answer)?"),
    "new-recipient": N_("New recipient"),
    "new-subject": N_("New data subject category"),
    "new-category": N_("New data category"),
    "new-measure": N_("New measure"),
    "ask-entry-name": N_("Name"),
    "ask-entry-name-lang": N_("Name ({language})"),
    "ask-entry-id": N_("Id"),
    "ask-recipient-name": N_("Name of the legal entity (e.g. DATEV eG)"),
    "ask-role": N_("Role"),
    "ask-country": N_("Country (ISO code, e.g. DE, US)"),
    "ask-recipient-category": N_("Category of recipient for the record (e.g. tax adviser; empty: not stated)"),
    "ask-contract": N_("Contract with the recipient (empty: not stated)"),
    "ask-contract-needed": N_("Contract with the recipient (its role needs one: 'none' or 'unknown' if so)"),
    "ask-contract-date": N_("Date the contract was concluded (YYYY-MM-DD; empty: not stated)"),
    "ask-dpf": N_("Is {name} listed as active under the EU-US Data Privacy Framework (checked today)?"),
    "ask-description": N_("Description (empty: none)"),
    "ask-special": N_("Special category"),
    "ask-measure-kind": N_("Kind of measure"),
    "ask-art32": N_("Art. 32(1) goals it serves"),
    "special-none": N_("no special category"),
    "special-art9": N_("special category (Art. 9(1))"),
    "special-art10": N_("criminal convictions and offences (Art. 10)"),
    "bad-date": N_("'{value}' is not a date like 2024-01-31"),
    "added": N_("added {kind} '{ident}' to {path}"),
}

ADD_KINDS = {"subject": "data_subjects", "category": "data_categories", "recipient": "recipients",
             "measure": "measures"}


def date_problem(value: str) -> str | None:
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return "bad-date"
    return None
