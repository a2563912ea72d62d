"""RP204 beyond its examples: special category data without an Art. 9(2) condition."""

from __future__ import annotations

from tests.rules.lawful import changed, lawful, of

ART9 = "      - basis: art9-2-b\n        statute: § 26(3) BDSG, § 5 EntgFG\n"


def test_sick_notes_under_art9_2_b_with_its_statute_pass():
    assert of(lawful(), "RP204") == []


def test_sick_notes_without_an_art9_condition_are_reported_at_the_category(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", (ART9, ""))
    [finding] = of(report, "RP204")
    payroll = report.registry.activities["payroll"]
    assert finding.target == "payroll"
    assert finding.span == payroll.at("data_categories", payroll.data_categories.index("sick-notes"))
    assert "sick-notes" in finding.message


def test_an_art6_basis_alone_is_not_enough(tmp_path):
    # a contract and a legal obligation (Art. 6) do not lift the Art. 9(1) prohibition
    report = changed(tmp_path, "activities/lernwelt.yaml", (ART9, ""))
    bases = {b.basis for b in report.registry.activities["payroll"].legal_bases}
    assert bases == {"art6-1-b", "art6-1-c"} and len(of(report, "RP204")) == 1


def test_ordinary_data_needs_no_art9_condition(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml",
                     ("    data_categories: [payroll-data, sick-notes]\n", "    data_categories: [payroll-data]\n"),
                     (ART9, ""))
    assert of(report, "RP204") == []
