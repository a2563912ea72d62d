"""Typical processing of an employer, trader or service provider that the record does not contain: a question.

## What it does
Asks about processing that an organisation of its kind carries out as a rule and that its
record has no activity for. What kind of organisation it is, the registry itself says:

* an **employer**: `employees` or `processing_staff` above 0, or an activity of it concerns
  employees or applicants (a data subject `dpv:Employee`/`dpv:JobApplicant`, or named so);
* a **trader**: an employer, or an activity of it concerns customers (`dpv:Customer`, or named
  so);
* a **service provider**: a trader with an activity named as a service for customers
  (configuration, programming, support, maintenance, hosting, implementation) and no processor
  record (`record: processor`) of its own.

An employer is asked about the personnel file, payroll and working time; every employer or
trader about accounting and tax, IT and e-mail operation, telephony, video conferencing and
backups; a service provider about the processing it performs for its customers (Art. 28,
Art. 30(2)), unless a gap or conflict on an activity's `record` asks that already. An
activity counts as recorded when its id or name contains one of the words listed for it in
the module (German and English). Each finding is a question to the controller, never a
claim that something is unlawful: "no, we do not" is a complete answer (a statement of a
returned questionnaire, `ropa questions --answers`, answers it and the finding goes).

| typical processing | for | why it is typical |
|---|---|---|
| personnel file | employer | the employment relationship (Art. 88 GDPR, § 26 BDSG; § 611a BGB) |
| payroll | employer | wage tax and social insurance (§ 41 EStG, § 28a SGB IV) |
| working time | employer | § 16(2) ArbZG; recording duty (BAG 13.09.2022, 1 ABR 22/21) |
| accounting and tax | employer, trader | §§ 238, 257 HGB; § 147 AO |
| IT and e-mail operation | employer, trader | accounts, logs and mailboxes of every office (Art. 32 GDPR) |
| telephony | employer, trader | call data of business telephones |
| video conferencing | employer, trader | meetings with staff, customers and applicants |
| backups | employer, trader | Art. 32(1)(c) GDPR: restoring availability |
| services for customers | service provider | Art. 28(3), Art. 30(2) GDPR |

The list follows the processing the DSK names as the content of a record kept by business
process (*Hinweise zum Verzeichnis von Verarbeitungstätigkeiten*, 2018) and the sample
records German supervisory authorities and chambers publish for small businesses (personnel
administration, payroll, time recording, accounting, IT, e-mail, telephone, video
conferencing, backups); each row's last column names the statute that makes it typical, so
the question does not rest on a sample list alone.

## Why is this bad?
Art. 30(1) requires a record of *all* processing activities under the controller's
responsibility, not only of those a privacy notice for customers describes. A record built
from such a notice lacks the processing every employer carries out; the controller must say
which of it takes place.

## Example
```yaml
organisations:
  - id: acme
    name: ACME GmbH
    employees: 12  # <-
activities:
  - id: payroll
    name: {de: Lohnabrechnung, en: Payroll}
    organisation: acme
```

## Use instead
```yaml
organisations:
  - id: acme
    name: ACME GmbH
    employees: 12
activities:
  - {id: hr-file, name: {de: Personalakte, en: Personnel file}, organisation: acme}
  - {id: payroll, name: {de: Lohnabrechnung, en: Payroll}, organisation: acme}
  - {id: time, name: {de: Arbeitszeiterfassung, en: Working time recording}, organisation: acme}
  - {id: books, name: {de: Finanzbuchhaltung, en: Accounting}, organisation: acme}
  - {id: it, name: {de: IT-Betrieb und E-Mail, en: IT and e-mail operation}, organisation: acme}
  - {id: phone, name: {de: Telefonie, en: Telephony}, organisation: acme}
  - {id: video, name: {de: Videokonferenzen, en: Video conferencing}, organisation: acme}
  - {id: backup, name: {de: Datensicherung, en: Backups}, organisation: acme}
```

## References
- Art. 30(1), Art. 30(2), Art. 5(2) GDPR
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ropa.findings import Finding, Severity
from ropa.i18n import N_, msg

if TYPE_CHECKING:
    from ropa.check import Context
    from ropa.load import Registry
    from ropa.model import Activity, Organisation

CODE = "RP120"
NAME = "typical-activity-not-recorded"
SEVERITY = Severity.WARNING
REFERENCE = "Art. 30(1), Art. 30(2) GDPR"
AXIS = "record"

# (key, who is asked, label, words that name an activity covering it: lower case, German and English)
TYPICAL: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("personnel-file", "employer", N_("the personnel file (personnel administration)"),
     ("personalakte", "personalverwaltung", "personaldaten", "mitarbeiterverwaltung", "beschäftigtendaten",
      "personnel", "hr administration", "employee records")),
    ("payroll", "employer", N_("payroll"),
     ("lohn", "gehalt", "entgeltabrechnung", "payroll", "salar")),
    ("working-time", "employer", N_("working time recording"),
     ("arbeitszeit", "zeiterfassung", "working time", "time recording", "time tracking")),
    ("accounting", "trader", N_("accounting and tax"),
     ("buchhaltung", "buchführung", "rechnungswesen", "debitoren", "kreditoren", "rechnungsstellung",
      "accounting", "bookkeeping", "invoicing")),
    ("it-email", "trader", N_("IT and e-mail operation"),
     ("it-betrieb", "it-administration", "it-infrastruktur", "e-mail-betrieb", "e-mail-postf", "benutzerverwaltung",
      "benutzerkonten", "it operation", "it administration", "it infrastructure", "e-mail operation",
      "mailbox", "user accounts")),
    ("telephony", "trader", N_("telephony"),
     ("telefon", "telephon", "telephony", "voip")),
    ("video", "trader", N_("video conferencing"),
     ("videokonferenz", "webkonferenz", "online-meeting", "video conferenc", "web conferenc")),
    ("backup", "trader", N_("backups"),
     ("datensicherung", "backup", "sicherungskopie")),
    ("processor-services", "service", N_("the processing it performs on behalf of its customers (Art. 30(2))"), ()),
)
WHO: dict[str, str] = {
    "employer": N_("an employer"),
    "trader": N_("an organisation with employees or customers"),
    "service": N_("a provider of services to customers"),
}

_EMPLOYEE_WORDS = ("employee", "beschäftigt", "mitarbeiter", "applicant", "bewerber", "personal")
_EMPLOYEE_DPV = ("dpv:Employee", "dpv:JobApplicant")
_CUSTOMER_WORDS = ("customer", "kunde", "client", "mandant")
_SERVICE_WORDS = ("konfiguration", "configuration", "programmier", "programming", "wartung", "maintenance",
                  "support", "hosting", "implementierung", "implementation", "dienstleistung für kunden")


def _text(activity: Activity) -> str:
    names = " ".join(text for _, text in activity.name.values) if activity.name is not None else ""
    return f"{activity.id} {names}".casefold()


def _subjects(registry: Registry, activities: list[Activity]) -> list[tuple[str, str]]:
    """(dpv, lower-case id and names) of the data subjects the activities concern."""
    out = []
    for ident in {s for a in activities for s in a.data_subjects}:
        subject = registry.data_subjects.get(ident)
        names = " ".join(t for _, t in subject.name.values) if subject is not None and subject.name else ""
        out.append((subject.dpv or "" if subject is not None else "", f"{ident} {names}".casefold()))
    return out


def kinds(registry: Registry, org: Organisation, activities: list[Activity]) -> set[str]:
    """What the registry says the organisation is: a subset of employer, trader, service."""
    subjects = _subjects(registry, activities)
    out: set[str] = set()
    if (org.employees or 0) > 0 or (org.processing_staff or 0) > 0 or any(
            dpv in _EMPLOYEE_DPV or any(w in text for w in _EMPLOYEE_WORDS) for dpv, text in subjects):
        out.add("employer")
    if "employer" in out or any(dpv == "dpv:Customer" or any(w in text for w in _CUSTOMER_WORDS)
                                for dpv, text in subjects):
        out.add("trader")
    if ("trader" in out and not any(a.record == "processor" for a in activities)
            and any(any(w in _text(a) for w in _SERVICE_WORDS) for a in activities if a.record == "controller")):
        out.add("service")
    return out


def check(ctx: Context) -> Iterator[Finding]:
    from ropa.answers import answered_keys, key_of_finding

    registry = ctx.registry
    done = answered_keys(registry)
    for org in registry.organisations.values():
        if not org.keeps_record:
            continue
        activities = [a for a in registry.activities_of(org.id) if a.status != "retired"]
        if not activities and (org.employees or 0) <= 0:
            continue  # an empty record: nothing is known of the organisation yet
        what = kinds(registry, org, activities)
        texts = [_text(a) for a in activities]
        span = org.at("employees") if org.employees is not None else org.span
        asked = {g.field for a in activities for g in a.gaps} | {c.field for a in activities for c in a.conflicts}
        for key, who, label, words in TYPICAL:
            if who not in what:
                continue
            if key == "processor-services" and "record" in asked:
                continue  # the record asks already whether its activities are done as a processor
            if words and any(w in text for w in words for text in texts):
                continue
            finding = ctx.finding(span, msg(
                "the record of '{org}' has no activity for {activity}, which {who} typically carries out: does "
                "'{org}' process personal data for it? If so, record it; if not, say so", org=org.id,
                activity=msg(label), who=msg(WHO[who])), org.id)
            if done and key_of_finding(finding, "activities") in done:
                continue
            yield finding
