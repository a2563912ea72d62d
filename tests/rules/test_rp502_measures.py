"""RP502 beyond its examples: an activity that references no security measures (Art. 30(1)(g))."""

from __future__ import annotations

from tests.rules.lawful import changed, lawful, of


def test_every_activity_of_the_lawful_registry_names_its_measures():
    assert of(lawful(), "RP502") == []


def test_measures_left_out(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", ("    measures: [roles]\n    dpia:", "    dpia:"))
    [finding] = of(report, "RP502")
    assert finding.target == "placement-test"


def test_an_empty_list_is_no_measure_either(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", ("    measures: [roles]\n    dpia:", "    measures: []\n    dpia:"))
    assert [f.target for f in of(report, "RP502")] == ["placement-test"]


def test_a_processors_record_needs_its_measures_too(tmp_path):
    # Art. 30(2)(d): the processor describes its own measures
    report = changed(tmp_path, "activities/lernwelt.yaml",
                     ("    transfers: []\n    measures: [tls, roles]\n", "    transfers: []\n"))
    assert [f.target for f in of(report, "RP502")] == ["school-platform"]


def test_a_retired_activity_is_not_judged(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml",
                     ("    measures: [roles]\n    dpia:", "    status: retired\n    dpia:"))
    assert of(report, "RP502") == []
