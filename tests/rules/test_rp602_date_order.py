"""RP602 beyond its examples: dates in the wrong order or in the future."""

from __future__ import annotations

import datetime as _dt

from tests.rules.lawful import ON, changed, lawful, of

PLACEMENT = "    dpia: {status: done, reference: DPIA-2025-04, date: 2025-04-10, residual_risk: low}\n"


def dated(created: str, updated: str | None = None, reviewed: str | None = None) -> tuple[str, str]:
    lines = f"    created: {created}\n" + (f"    updated: {updated}\n" if updated else "") + (
        f"    reviewed: {reviewed}\n" if reviewed else "")
    return PLACEMENT, PLACEMENT + lines


def test_the_lawful_registry_has_no_dates_out_of_order():
    assert of(lawful(), "RP602") == []


def test_dates_in_order_pass(tmp_path):
    assert of(changed(tmp_path, "activities/lernwelt.yaml", dated("2024-01-10", "2025-06-01", "2026-02-01")),
              "RP602") == []


def test_updated_before_created_is_reported_at_updated(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", dated("2025-06-01", "2024-01-10"))
    [finding] = of(report, "RP602")
    assert finding.span == report.registry.activities["placement-test"].at("updated")


def test_a_date_after_the_check_date_is_in_the_future(tmp_path):
    tomorrow = (ON + _dt.timedelta(days=1)).isoformat()
    report = changed(tmp_path, "activities/lernwelt.yaml", dated("2024-01-10", reviewed=tomorrow))
    [finding] = of(report, "RP602")
    assert finding.span == report.registry.activities["placement-test"].at("reviewed")
    # the same record judged a day later is in order: the check date decides, not the clock
    assert of(changed(tmp_path / "later", "activities/lernwelt.yaml", dated("2024-01-10", reviewed=tomorrow),
                      today=ON + _dt.timedelta(days=1)), "RP602") == []


def test_a_waiver_that_expires_before_it_was_accepted(tmp_path):
    waiver = ("\nwaivers:\n  - rule: RP104\n    target: placement-test\n    accepted: 2026-02-01\n"
              "    expires: 2026-01-01\n    accepted_by: Dana Datenschutz\n    justification: test\n")
    report = changed(tmp_path, "registry.yaml", append=waiver)
    assert [f.target for f in of(report, "RP602")] == ["placement-test"]
