"""RP203 beyond its examples: consent that does not say how it is obtained or withdrawn."""

from __future__ import annotations

from tests.rules.lawful import changed, lawful, of

WITHDRAWAL = "          withdrawal: {de: Abmeldelink in jeder E-Mail, en: Unsubscribe link in every e-mail}\n"
MECHANISM = "          mechanism: {de: Double-Opt-in im Kundenkonto, en: Double opt-in in the customer account}\n"


def test_consent_in_german_wording_and_tdddg_consent_pass():
    # parental consent in German only, and § 25 TDDDG consent for a video embed
    assert of(lawful(), "RP203") == []


def test_no_withdrawal(tmp_path):
    [finding] = of(changed(tmp_path, "activities/lernwelt.yaml", (WITHDRAWAL, "")), "RP203")
    assert finding.target == "subscriptions"
    assert "withdrawn" in finding.message and "obtained" not in finding.message


def test_no_mechanism(tmp_path):
    [finding] = of(changed(tmp_path, "activities/lernwelt.yaml", (MECHANISM, "")), "RP203")
    assert "obtained" in finding.message and "withdrawn" not in finding.message


def test_neither_is_one_finding(tmp_path):
    findings = of(changed(tmp_path, "activities/lernwelt.yaml", (MECHANISM, ""), (WITHDRAWAL, "")), "RP203")
    assert len(findings) == 1 and "obtained or how it is withdrawn" in findings[0].message


def test_a_basis_that_is_not_consent_needs_no_mechanism(tmp_path):
    # invoicing rests on a legal obligation: no consent block, nothing to report
    report = lawful()
    assert all(b.consent is None for b in report.registry.activities["invoicing"].legal_bases)
    assert [f for f in of(report, "RP203") if f.target == "invoicing"] == []
