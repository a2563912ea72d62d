"""RP104 beyond its examples: an activity that does not say whom it discloses data to."""

from __future__ import annotations

from tests.rules.lawful import changed, lawful, of


def test_every_activity_of_the_lawful_registry_states_its_recipients():
    assert of(lawful(), "RP104") == []


def test_recipients_left_out_is_reported_at_the_activity(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", ("    recipients: [tax-office]\n", ""))
    [finding] = of(report, "RP104")
    assert finding.target == "invoicing"
    assert finding.span.line == report.registry.activities["invoicing"].span.line


def test_an_empty_list_states_that_there_are_none(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", ("    recipients: [tax-office]\n", "    recipients: []\n"))
    assert of(report, "RP104") == []


def test_a_processors_record_is_not_judged(tmp_path):
    # the school platform is lernwelt's Art. 30(2) record: disclosures are the school's decision
    report = lawful()
    assert report.registry.activities["school-platform"].recipients is None
    assert of(report, "RP104") == []


def test_a_retired_activity_is_kept_but_not_judged(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", ("    recipients: [tax-office]\n", "    status: retired\n"))
    assert of(report, "RP104") == []
