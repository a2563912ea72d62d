"""RP402 beyond its examples: joint controllers have an Art. 26 arrangement; independent
controllers and authorities need none (a false alarm there would ask for a contract the law
does not know)."""

from __future__ import annotations

from tests.rules.lawful import changed, lawful, of

PLATFORM = "  - id: video-platform\n    name: Video Platform LLC\n    role: controller\n"


def test_the_lawful_registry_has_no_joint_controller_without_arrangement():
    # video-platform is an independent controller, epo and tax-office authorities: no Art. 26
    assert of(lawful(), "RP402") == []


def test_a_joint_controller_without_any_arrangement_is_an_error(tmp_path):
    report = changed(tmp_path, "registry.yaml", (PLATFORM, PLATFORM.replace("role: controller", "role: joint-controller")))
    [finding] = of(report, "RP402")
    assert finding.target == "video-platform" and "no arrangement" in finding.text("en")


def test_a_processing_contract_is_no_arrangement(tmp_path):
    report = changed(tmp_path, "registry.yaml", (
        PLATFORM, PLATFORM.replace("role: controller", "role: joint-controller")
        + "    contract: {type: dpa, reference: AVV-9}\n"))
    [finding] = of(report, "RP402")
    assert "'dpa'" in finding.text("en")


def test_an_arrangement_passes(tmp_path):
    report = changed(tmp_path, "registry.yaml", (
        PLATFORM, PLATFORM.replace("role: controller", "role: joint-controller")
        + "    contract: {type: joint-control-arrangement, reference: JCA-1, date: 2026-01-10}\n"))
    assert of(report, "RP402") == []


def test_a_recipient_named_as_joint_controller_by_an_activity_needs_one_whatever_its_role(tmp_path):
    report = changed(tmp_path, "activities/lernwelt.yaml", (
        "    recipients: [video-platform]\n", "    recipients: [video-platform]\n    joint_controllers: [video-platform]\n"))
    assert [f.target for f in of(report, "RP402")] == ["video-platform"]
