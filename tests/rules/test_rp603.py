"""RP603 beyond its examples: a recipient or service that ceased to exist is one finding, not a
live processing's transfer, consent or DPIA findings; a cessation still to come is not one."""

from __future__ import annotations

import datetime as dt

from tests.rules.lawful import changed, lawful, of

PLATFORM = "  - id: video-platform\n    name: Video Platform LLC\n    role: controller\n"


def test_the_lawful_registry_uses_no_ceased_recipient():
    assert of(lawful(), "RP603") == []


def test_a_ceased_recipient_is_one_error_that_absorbs_the_activitys_other_findings(tmp_path):
    # the video platform closed, and its listing lapsed with it: RP305 would report the transfer
    report = changed(tmp_path, "registry.yaml", (
        PLATFORM + "    country: US\n    services: [Eingebettete Lernvideos (YouTube-Plugin)]\n"
                   "    certifications:\n      - {scheme: eu-us-dpf, status: active,",
        PLATFORM + "    country: US\n    ceased: 2025-12-31\n    services: [Eingebettete Lernvideos (YouTube-Plugin)]\n"
                   "    certifications:\n      - {scheme: eu-us-dpf, status: inactive,"))
    [finding] = of(report, "RP603")
    assert finding.target == "learning-videos" and finding.severity.value == "error"
    assert [f for f in report.findings if f.target == "learning-videos"] == [finding]
    assert "RP305" in {r.code for r in finding.related}  # kept as a related place for tools


def test_a_cessation_still_to_come_is_not_reported(tmp_path):
    report = changed(tmp_path, "registry.yaml", (PLATFORM, PLATFORM + "    ceased: 2026-12-31\n"))
    assert of(report, "RP603") == []
    assert of(changed(tmp_path / "later", "registry.yaml", (PLATFORM, PLATFORM + "    ceased: 2026-12-31\n"),
                      today=dt.date(2027, 1, 2)), "RP603")


def test_a_retired_activity_may_keep_its_ceased_recipient(tmp_path):
    import shutil

    from ropa.check import check
    from ropa.load import load
    from tests.rules.lawful import ON

    report = changed(tmp_path, "registry.yaml", (PLATFORM, PLATFORM + "    ceased: 2025-12-31\n"))
    assert [f.target for f in of(report, "RP603")] == ["learning-videos"]
    root = shutil.copytree(tmp_path / "lawful", tmp_path / "retired")  # the same, with the activity retired
    path = root / "activities" / "lernwelt.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    recipients: [video-platform]\n", "    recipients: [video-platform]\n    status: retired\n", 1), encoding="utf-8")
    assert of(check(load(root), today=ON), "RP603") == []


def test_a_shut_down_service_is_reported_at_the_recipient_and_a_live_one_is_not(tmp_path):
    services = "    services: [Eingebettete Lernvideos (YouTube-Plugin)]\n"
    report = changed(tmp_path, "registry.yaml", (services, "    services: [Eingebettete Lernvideos, Google+]\n"))
    [finding] = of(report, "RP603")
    assert finding.target == "video-platform" and "Google+" in finding.text("en")
    alive = changed(tmp_path / "a", "registry.yaml", (services, "    services: [Google Analytics 4, Google Drive]\n"))
    assert of(alive, "RP603") == []
