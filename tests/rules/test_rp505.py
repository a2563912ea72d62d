"""RP505 beyond its examples: a high residual risk after a DPIA leads to prior consultation;
a low or medium one does not (Art. 36(1) asks only for high)."""

from __future__ import annotations

import pytest

from tests.rules.lawful import changed, lawful, of

DPIA = "    dpia: {status: done, reference: DPIA-2025-04, date: 2025-04-10, residual_risk: low}\n"


def test_the_lawful_registry_has_no_high_residual_risk():
    assert of(lawful(), "RP505") == []


def test_high_residual_risk_without_consultation_is_an_error(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", (DPIA, DPIA.replace("low", "high")))
    [finding] = of(report, "RP505")
    assert finding.target == "placement-test" and finding.severity.value == "error"


def test_a_recorded_consultation_passes(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml",
                     (DPIA, DPIA.replace("residual_risk: low", "residual_risk: high, consultation: BlnBDI-2025-117")))
    assert of(report, "RP505") == []


@pytest.mark.parametrize("risk", ["low", "medium"])
def test_lower_residual_risks_need_no_consultation(tmp_path, risk):
    report = changed(tmp_path, "activities/lernwelt.yaml", (DPIA, DPIA.replace("low", risk)))
    assert of(report, "RP505") == []


def test_a_processors_record_is_not_judged(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", (
        "    controllers: [schule-nord]\n",
        "    controllers: [schule-nord]\n    dpia: {status: done, reference: D-1, residual_risk: high}\n"))
    assert of(report, "RP505") == []
