"""RP120: the typical processing an organisation's record lacks is asked, for any registry.

On FACTS42 (a reseller whose record was built from its privacy notice for customers) and on a
registry of another company (a bakery with staff and a shop, whose record has its payroll but
nothing else of an employer), the rule asks exactly what the registry itself shows is missing.
"""

from __future__ import annotations

from pathlib import Path

from ropa.check import check
from ropa.load import load
from tests.helpers import findings, run

ROOT = Path(__file__).resolve().parents[2]

BAKERY = """
registry: {name: Bäckerei Korn GmbH, date: 2024-04-01, languages: [de]}
organisations:
  - id: korn
    name: Bäckerei Korn GmbH
    employees: 14
data_subjects:
  - {id: staff, name: {de: Beschäftigte}, dpv: "dpv:Employee"}
  - {id: shop-customers, name: {de: Kunden der Filialen}, dpv: "dpv:Customer"}
activities:
  - {id: lohn, name: {de: Lohn- und Gehaltsabrechnung}, organisation: korn, data_subjects: [staff]}
  - {id: vorbestellung, name: {de: Vorbestellungen von Torten}, organisation: korn, data_subjects: [shop-customers]}
  - {id: kasse, name: {de: Kassensystem und Finanzbuchhaltung}, organisation: korn, data_subjects: [shop-customers]}
  - {id: dienstplan, name: {de: Dienstplan und Arbeitszeiterfassung}, organisation: korn, data_subjects: [staff]}
"""


def asked(report) -> list[str]:
    return sorted(f.message.split(" has no activity for ")[1].split(", which ")[0] for f in findings(report, "RP120"))


def test_facts42_is_asked_about_an_employers_processing():
    report = check(load(ROOT / "registry"))
    assert asked(report) == sorted([
        "IT and e-mail operation", "accounting and tax", "backups", "payroll", "telephony",
        "the personnel file (personnel administration)", "video conferencing", "working time recording"])
    # the processor services are asked by the registry's own decision (gaps on `record`), not twice
    assert all(f.target == "facts42" for f in findings(report, "RP120"))
    # the Bitrix24 vendor records are described for due diligence: never asked
    assert not any(f.target in ("bitrix-inc", "bitrix24-limited") for f in findings(report, "RP120"))


def test_a_bakery_is_asked_only_what_its_record_lacks(tmp_path):
    report = run(tmp_path, {"registry.yaml": BAKERY})
    assert asked(report) == sorted([
        "IT and e-mail operation", "backups", "telephony", "the personnel file (personnel administration)",
        "video conferencing"])  # payroll, working time and accounting are recorded
    german = next(f for f in findings(report, "RP120") if "telephony" in f.message).text("de")
    assert german.startswith("das Verzeichnis von 'korn' enthält keine Tätigkeit für die Telefonie")
    assert "rechtswidrig" not in german and "unlawful" not in german  # a question, never a claim


def test_a_service_provider_without_a_processor_record_is_asked_once(tmp_path):
    agency = BAKERY.replace("Vorbestellungen von Torten", "Konfiguration der Kassensysteme von Kunden")
    report = run(tmp_path, {"registry.yaml": agency})
    assert "the processing it performs on behalf of its customers (Art. 30(2))" in asked(report)
    with_processor = agency + (
        "  - {id: auftrag, name: {de: Wartung für Kunden}, organisation: korn, record: processor,"
        " controllers: [korn]}\n")
    assert "the processing it performs on behalf of its customers (Art. 30(2))" not in asked(
        run(tmp_path / "b", {"registry.yaml": with_processor}))


def test_an_organisation_the_registry_says_nothing_about_is_not_asked(tmp_path):
    report = run(tmp_path, {"registry.yaml": """
registry: {name: Verein, date: 2024-04-01}
organisations:
  - id: club
    name: Sportverein e.V.
activities:
  - {id: members, name: {de: Mitgliederverwaltung}, organisation: club}
"""})
    assert findings(report, "RP120") == []  # no employees, no customers: nothing is typical


def test_a_statement_of_the_controller_answers_the_question(tmp_path):
    from ropa.answers import key_of_finding

    report = run(tmp_path, {"registry.yaml": BAKERY})
    telephony = next(f for f in findings(report, "RP120") if "telephony" in f.message)
    statements = f"""
documents:
  - id: answers-returned
    title: Beantworteter Fragebogen
    path: answers/returned.xlsx
    language: de
    statements:
      - question: "{key_of_finding(telephony, 'activities')}"
        answer: {{de: Wir haben kein Telefon in den Filialen; Bestellungen nur persönlich.}}
        answered_by: Anna Korn
        sheet: Fragen
        row: 9
        column: J
"""
    (tmp_path / "answers.yaml").write_text(statements, encoding="utf-8")
    again = check(load(tmp_path))
    assert "telephony" not in asked(again) and len(asked(again)) == len(asked(report)) - 1
