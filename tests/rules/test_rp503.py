"""RP503 beyond its examples: a DPIA status where the processing looks high-risk (two WP248
criteria, or profiling or cross-device tracking); one criterion alone, such as health data in
payroll, is not asked (a false alarm on every employer)."""

from __future__ import annotations

from tests.rules.lawful import changed, lawful, of

TUTORING_DPIA = "    dpia: {status: done, reference: DPIA-2026-02, date: 2026-02-01, residual_risk: low}\n"
PLACEMENT = "    automated_decision: true\n"


def test_the_lawful_registry_records_every_dpia_status_it_needs():
    assert of(lawful(), "RP503") == []


def test_one_criterion_alone_is_not_asked():
    # payroll: sick notes (Art. 9) only; no DPIA status recorded, and none is asked
    report = lawful()
    assert report.registry.activities["payroll"].dpia is None and of(report, "RP503") == []


def test_two_criteria_without_a_status_are_an_error(tmp_path):
    # pupils are children and vulnerable; with an automated decision that is two criteria
    report = changed(tmp_path, "activities/lernwelt.yaml", (TUTORING_DPIA, "    automated_decision: true\n"))
    [finding] = of(report, "RP503")
    assert finding.target == "tutoring" and finding.severity.value == "error"


def test_profiling_alone_asks_for_a_status(tmp_path):
    report = changed(tmp_path, "activities/office.yaml", (
        "      - period: P3M\n        trigger: {de: Ende des Gesprächs, en: End of the call}\n",
        "      - period: P3M\n        trigger: {de: Ende des Gesprächs, en: End of the call}\n    profiling: true\n"))
    assert [f.target for f in of(report, "RP503")] == ["telephony"]


def test_not_required_without_a_screening_is_a_warning_and_with_one_passes(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml",
                     (TUTORING_DPIA, "    automated_decision: true\n    dpia: {status: not-required}\n"))
    [finding] = of(report, "RP503")
    assert finding.severity.value == "warning"
    screened = changed(tmp_path / "2", "activities/lernwelt.yaml",
                       (TUTORING_DPIA, "    automated_decision: true\n    dpia: {status: not-required, reference: SCREEN-9}\n"))
    assert of(screened, "RP503") == []


def test_a_processors_record_is_not_judged(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", (
        "    controllers: [schule-nord]\n", "    controllers: [schule-nord]\n    profiling: true\n"))
    assert of(report, "RP503") == []
