"""RP107 beyond its examples: a processor's Art. 30(2) record names the controllers it acts for."""

from __future__ import annotations

from tests.rules.lawful import changed, lawful, of

CONTROLLERS = "    controllers: [schule-nord]\n"


def test_the_lawful_processor_record_names_its_controller():
    assert of(lawful(), "RP107") == []


def test_a_processor_record_without_controllers_is_an_error_at_the_activity(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", (CONTROLLERS, ""))
    [finding] = of(report, "RP107")
    assert finding.target == "school-platform" and finding.severity.value == "error"
    assert finding.span.line == report.registry.activities["school-platform"].span.line


def test_an_empty_list_of_controllers_names_none(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", (CONTROLLERS, "    controllers: []\n"))
    assert [f.target for f in of(report, "RP107")] == ["school-platform"]


def test_a_controllers_own_record_is_never_asked_for_controllers():
    # every other activity of the lawful registry is lernwelt's own (Art. 30(1)): no controllers field
    report = lawful()
    own = [a for a in report.registry.activities.values() if a.record != "processor"]
    assert own and all(not a.controllers for a in own) and of(report, "RP107") == []


def test_a_retired_processor_record_is_kept_but_not_judged(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", (CONTROLLERS, "    status: retired\n"))
    assert of(report, "RP107") == []
