"""RP105 beyond its examples: an organisation without address or means of contact (Art. 30(1)(a))."""

from __future__ import annotations

from tests.rules.lawful import changed, lawful, of

SCHOOL = "    address: {city: Hamburg, country: DE}\n    email: info@schule-nord.example\n"


def test_both_organisations_of_the_lawful_registry_can_be_reached():
    assert of(lawful(), "RP105") == []


def test_no_address(tmp_path):
    report = changed(tmp_path, "registry.yaml", (SCHOOL, "    email: info@schule-nord.example\n"))
    [finding] = of(report, "RP105")
    assert finding.target == "schule-nord" and "no address" in finding.message and "e-mail" not in finding.message


def test_no_email_or_phone(tmp_path):
    report = changed(tmp_path, "registry.yaml", (SCHOOL, "    address: {city: Hamburg, country: DE}\n"))
    [finding] = of(report, "RP105")
    assert "no e-mail or phone" in finding.message and "address" not in finding.message


def test_a_phone_is_a_means_of_contact(tmp_path):
    report = changed(tmp_path, "registry.yaml",
                     (SCHOOL, "    address: {city: Hamburg, country: DE}\n    phone: \"+49 40 123456\"\n"))
    assert of(report, "RP105") == []


def test_neither_is_one_finding(tmp_path):
    findings = of(changed(tmp_path, "registry.yaml", (SCHOOL, "")), "RP105")
    assert len(findings) == 1 and "no address and no e-mail or phone" in findings[0].message
