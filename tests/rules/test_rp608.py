"""RP608 beyond its examples: a conflict the registry records is open until the controller
decides it; one cause with a rule's finding about the same field is one finding."""

from __future__ import annotations

from tests.rules.lawful import changed, lawful, of

CONFLICT = ("    conflicts:\n      - field: retention\n        note: {de: \"Die Hinweise nennen 3 und 5 Jahre.\"}\n")
INVOICING_MEASURES = "    measures: [roles]\n\n  - id: payroll\n"


def test_the_lawful_registry_records_no_conflict():
    assert of(lawful(), "RP608") == []


def test_a_recorded_conflict_is_an_error_at_its_place(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml",
                     (INVOICING_MEASURES, "    measures: [roles]\n" + CONFLICT + "\n  - id: payroll\n"))
    [finding] = of(report, "RP608")
    assert finding.target == "invoicing" and finding.severity.value == "error"
    assert "3 und 5 Jahre" in finding.text("de") and finding.axis.value == "record"


def test_a_conflict_about_the_legal_basis_is_on_the_lawfulness_axis(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", (INVOICING_MEASURES, "    measures: [roles]\n"
                     "    conflicts:\n      - field: legal_bases\n        note: {de: \"Vertrag oder Einwilligung?\"}\n"
                     "\n  - id: payroll\n"))
    [finding] = of(report, "RP608")
    assert finding.axis.value == "lawfulness"


def test_a_conflict_on_a_field_a_rule_reports_is_one_finding(tmp_path):
    # no retention at all (RP501) and a recorded conflict about it: one open point
    report = changed(tmp_path, "activities/office.yaml", (
        "    retention:\n      - period: P3M\n        trigger: {de: Ende des Gesprächs, en: End of the call}\n",
        CONFLICT))
    assert of(report, "RP608") == []
    [merged] = [f for f in report.findings if f.target == "telephony"]
    assert merged.code == "RP501" and merged.severity.value == "error"  # the worse severity
    assert [r.code for r in merged.related] == ["RP608"]


def test_a_conflict_the_controller_answered_is_no_longer_open(tmp_path):
    from ropa.answers import key_of_point

    report = changed(tmp_path, "activities/lernwelt.yaml",
                     (INVOICING_MEASURES, "    measures: [roles]\n" + CONFLICT + "\n  - id: payroll\n"))
    [finding] = of(report, "RP608")
    activity = report.registry.activities["invoicing"]
    key = key_of_point("conflict", "retention", activity.conflicts[0])
    statement = ("documents:\n  - id: answers-q\n    title: Fragebogen\n    path: answers/q.xlsx\n    statements:\n"
                 f"      - {{question: \"{key}\", answer: {{de: \"Es gelten 3 Jahre.\"}}, answered_by: Jana Beispiel,"
                 " concerns: [invoicing], sheet: Fragen, row: 3, column: F}\n")
    import shutil

    from ropa.check import check
    from ropa.load import load
    from tests.rules.lawful import ON

    root = shutil.copytree(tmp_path / "lawful", tmp_path / "answered")  # the registry with the conflict
    (root / "answers.yaml").write_text(statement, encoding="utf-8")
    assert of(check(load(root), today=ON), "RP608") == []
