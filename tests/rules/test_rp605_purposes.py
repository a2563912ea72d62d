"""RP605 beyond its documented examples: a purpose says what is done and why. Lawful purposes of
other sectors (a bakery, a dental practice, a haulier, a software house, a club) never alarm;
purposes made of generic words, or only of the names of what the activity processes, do."""

from __future__ import annotations

import pytest

from tests.helpers import findings, run

REGISTRY = """\
registry: {{name: Test, date: 2024-05-01}}
organisations:
  - {{id: acme, name: ACME GmbH, address: {{city: Berlin, country: DE}}, email: info@acme.example,
     dpo_required: false}}
data_subjects:
  - {{id: customers, name: {{de: Kunden, en: Customers}}}}
  - {{id: applicants, name: {{de: Bewerber, en: Applicants}}, dpv: "dpv:JobApplicant"}}
data_categories:
  - {{id: customer-data, name: {{de: Kundendaten, en: Customer data}}}}
  - {{id: invoices, name: {{de: Rechnungen, en: Invoices}}}}
  - {{id: payment, name: {{de: Zahlungsdaten, en: Payment data}}}}
  - {{id: health, name: {{de: Gesundheitsdaten, en: Health data}}, special: art9}}
recipients:
  - {{id: ga, name: Google Ireland Limited, role: processor, country: IE, services: [Google Analytics],
     contract: {{type: dpa}}}}
activities:
  - id: a
    name: A
    organisation: acme
    purposes: ["{purpose}"]
    data_subjects: [customers, applicants]
    data_categories: [customer-data, invoices, payment, health]
    recipients: [ga]
"""


def _alarm(tmp_path, purpose: str) -> bool:
    return bool(findings(run(tmp_path, {"registry.yaml": REGISTRY.format(purpose=purpose)}), "RP605"))


@pytest.mark.parametrize("purpose", [
    "Rechnungsstellung an Kunden",  # "Rechnungen" is a category: a name matches only whole
    "Processing payments for purchases, including subscription renewals",
    "Lohnabrechnung",
    "Terminvergabe und Erinnerung an Behandlungstermine",
    "Dokumentation der Behandlung (§ 630f BGB)",
    "Tourenplanung und Zustellnachweis der Sendungen",
    "Videoüberwachung des Lagereingangs zum Schutz vor Einbruch",
    "Mitgliederverwaltung des Vereins: Beitragseinzug und Einladung zur Mitgliederversammlung",
    "Fehleranalyse gemeldeter Abstürze der Software beim Kunden",
    "Reichweitenmessung der Website mit Google Analytics",
    "Newsletter an Bestandskunden über ähnliche Produkte (§ 7 Abs. 3 UWG)",
    "Auswahl von Bewerbern für offene Stellen",
])
def test_lawful_purposes_of_other_sectors_pass(tmp_path, purpose):
    assert not _alarm(tmp_path, purpose)


@pytest.mark.parametrize("purpose", [
    "Kundendaten",  # a data category, nothing done with it
    "Google Analytics",  # a service, not a purpose
    "Customer data and invoices",
    "Verwaltung der Kundendaten",  # generic word and a category
    "Gesundheitsdaten von Kunden",
    "Bewerber",
    "Allgemeine Geschäftszwecke",
    "Analytics",
])
def test_purposes_that_say_neither_what_nor_why_are_reported(tmp_path, purpose):
    assert _alarm(tmp_path, purpose)


def test_a_processor_record_is_not_judged(tmp_path):
    text = REGISTRY.format(purpose="Kundendaten").replace("    organisation: acme\n",
                                                         "    organisation: acme\n    record: processor\n")
    assert not findings(run(tmp_path, {"registry.yaml": text}), "RP605")
