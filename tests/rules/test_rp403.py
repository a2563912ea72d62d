"""RP403 beyond its examples: a sub-processor names the processor it works for, from either side."""

from __future__ import annotations

from tests.rules.lawful import changed, lawful, of

NO_BACKUP = "  - id: no-backup\n"
SUB = ("  - id: no-mirror\n    name: Mirror AS\n    role: sub-processor\n    country: NO\n"
       "    contract: {type: dpa, reference: AVV-NO-3}\n")


def test_the_lawful_registry_has_no_loose_sub_processor():
    assert of(lawful(), "RP403") == []


def test_a_sub_processor_tied_to_nobody_is_a_warning(tmp_path):
    report = changed(tmp_path, "registry.yaml", (NO_BACKUP, SUB + NO_BACKUP))
    [finding] = of(report, "RP403")
    assert finding.target == "no-mirror" and finding.severity.value == "warning"


def test_processor_of_ties_it(tmp_path):
    report = changed(tmp_path, "registry.yaml", (NO_BACKUP, SUB + "    processor_of: no-backup\n" + NO_BACKUP))
    assert of(report, "RP403") == []


def test_being_listed_by_its_processor_ties_it(tmp_path):
    report = changed(tmp_path, "registry.yaml", (NO_BACKUP, SUB + NO_BACKUP),
                     ("    contract: {type: dpa, reference: AVV-NO-2, date: 2025-01-10}\n",
                      "    contract: {type: dpa, reference: AVV-NO-2, date: 2025-01-10}\n    sub_processors: [no-mirror]\n"))
    assert of(report, "RP403") == []


def test_a_processor_needs_no_processor_of(tmp_path):
    # a processor contracted by the controller itself is no sub-processor
    report = changed(tmp_path, "registry.yaml", (NO_BACKUP, SUB.replace("sub-processor", "processor") + NO_BACKUP))
    assert of(report, "RP403") == []
