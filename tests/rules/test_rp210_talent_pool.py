"""RP210 beyond its examples: a talent pool needs the applicants' consent, in the record of any
employer; a recruitment agency's placement contract, employees' succession planning and an
application procedure without a pool are not talent pools to object to."""

from __future__ import annotations

import pytest

from tests.helpers import findings, run

REGISTRY = """\
registry: {{name: Test, date: 2024-05-01}}
organisations:
  - {{id: acme, name: ACME GmbH, address: {{city: Berlin, country: DE}}, email: info@acme.example,
     dpo_required: false}}
data_subjects:
  - {{id: applicants, name: Bewerber, dpv: "dpv:JobApplicant"}}
  - {{id: staff, name: Beschäftigte, dpv: "dpv:Employee"}}
data_categories:
  - {{id: cv, name: Bewerbungsunterlagen}}
activities:
  - id: a
    name: {name}
    organisation: acme
    purposes: {purposes}
    data_subjects: [{subjects}]
    data_categories: [cv]
    legal_bases:
{bases}
    retention:
{retention}
"""
CONTRACT = "      - basis: art6-1-b\n"
CONSENT = ("      - basis: art6-1-a\n        scope: Talentpool\n"
           "        consent: {mechanism: Ankreuzfeld im Bewerbungsformular, withdrawal: E-Mail an die Personalabteilung}\n")
ONE = "      - {period: P6M, trigger: Ende des Verfahrens}\n"
TWO = ONE + "      - {period: P2Y, trigger: Einwilligung, criterion: früher bei Widerruf}\n"


def _codes(tmp_path, *, name="Bewerbungen", purposes, subjects="applicants", bases=CONTRACT, retention=ONE):
    text = REGISTRY.format(name=name, purposes=purposes, subjects=subjects, bases=bases.rstrip("\n"),
                           retention=retention.rstrip("\n"))
    return [(f.severity.value, f.target) for f in findings(run(tmp_path, {"registry.yaml": text}), "RP210")]


@pytest.mark.parametrize("purposes", [
    "[Auswahl für offene Stellen, Aufnahme in unseren Bewerberpool]",
    "[Selecting applicants, keeping applications on file for future vacancies]",
    "[Evidenzhaltung abgelehnter Bewerbungen für spätere Stellen]",
])
def test_a_pool_without_consent_is_an_error(tmp_path, purposes):
    assert _codes(tmp_path, purposes=purposes) == [("error", "a")]


def test_a_separate_pool_activity_is_judged_too(tmp_path):
    assert _codes(tmp_path, name="Talentpool", purposes="[Kontakt bei passenden Stellen]") == [("error", "a")]
    assert _codes(tmp_path / "ok", name="Talentpool", purposes="[Kontakt bei passenden Stellen]",
                  bases=CONSENT) == []


def test_consent_with_one_period_for_procedure_and_pool_is_a_warning(tmp_path):
    purposes = "[Auswahl für offene Stellen, Aufnahme in unseren Bewerberpool]"
    assert _codes(tmp_path, purposes=purposes, bases=CONTRACT + CONSENT) == [("warning", "a")]
    assert _codes(tmp_path / "two", purposes=purposes, bases=CONTRACT + CONSENT, retention=TWO) == []


def test_a_recruitment_agencys_placement_contract_covers_its_candidate_pool(tmp_path):
    bases = "      - basis: art6-1-b\n        scope: Vermittlungsvertrag, Aufnahme in den Kandidatenpool\n"
    assert _codes(tmp_path, name="Personalvermittlung", purposes="[Vermittlung von Kandidaten im Kandidatenpool]",
                  bases=bases) == []


def test_no_pool_no_applicants_no_finding(tmp_path):
    assert _codes(tmp_path, purposes="[Auswahl von Bewerbern für offene Stellen]") == []
    # succession planning among employees for future roles is not an applicants' pool
    assert _codes(tmp_path / "staff", purposes="[Nachfolgeplanung für künftige Stellen]", subjects="staff") == []
