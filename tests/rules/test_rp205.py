"""RP205 beyond its examples: criminal conviction data (Art. 10) needs an Art. 10 basis; a
certificate of good conduct in a school's or a tutoring company's staff file is the typical case."""

from __future__ import annotations

from tests.rules.lawful import lawful, of

CATEGORY = ("  - id: usage\n", "  - id: conduct\n    name: {de: Führungszeugnis, en: Certificate of good conduct}\n"
                               "    special: art10\n  - id: usage\n")
PERSONNEL = ("    data_categories: [contact]\n    recipients: []\n    transfers: []\n    retention:\n"
             "      - period: P3Y\n        trigger: {de: Ende des Kalenderjahres des Austritts",
             "    data_categories: [contact, conduct]\n    recipients: []\n    transfers: []\n    retention:\n"
             "      - period: P3Y\n        trigger: {de: Ende des Kalenderjahres des Austritts")


def _with_conduct(tmp_path, *activity_edits, file="activities/office.yaml"):
    from tests.rules.lawful import LAWFUL
    import shutil

    root = shutil.copytree(LAWFUL, tmp_path / "lawful")
    reg = root / "registry.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace(*CATEGORY, 1), encoding="utf-8")
    path = root / file
    text = path.read_text(encoding="utf-8")
    for old, new in activity_edits:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    from ropa.check import check
    from ropa.load import load
    from tests.rules.lawful import ON

    return check(load(root), today=ON)


def test_the_lawful_registry_processes_no_criminal_data():
    assert of(lawful(), "RP205") == []


def test_criminal_data_without_an_art10_basis_is_an_error(tmp_path):
    report = _with_conduct(tmp_path, PERSONNEL)
    [finding] = of(report, "RP205")
    assert finding.target == "personnel-file" and finding.severity.value == "error"


def test_an_art10_basis_with_its_statute_passes(tmp_path):
    report = _with_conduct(tmp_path, PERSONNEL, (
        "      - basis: art6-1-c\n        statute: § 2 NachwG\n",
        "      - basis: art6-1-c\n        statute: § 2 NachwG\n      - basis: art10\n        statute: § 72a SGB VIII\n"))
    assert of(report, "RP205") == []


def test_an_art9_condition_is_no_art10_basis(tmp_path):
    # Art. 9(2)(b) covers health data in employment, not criminal convictions
    report = _with_conduct(tmp_path, PERSONNEL, (
        "      - basis: art6-1-c\n        statute: § 2 NachwG\n",
        "      - basis: art6-1-c\n        statute: § 2 NachwG\n      - basis: art9-2-b\n        statute: § 26 Abs. 3 BDSG\n"))
    assert [f.target for f in of(report, "RP205")] == ["personnel-file"]


def test_a_category_that_is_not_used_is_not_judged(tmp_path):
    assert of(_with_conduct(tmp_path), "RP205") == []


def test_a_processors_record_is_not_judged(tmp_path):
    # the school's staff files hosted on the platform: the basis is the school's (Art. 28(10))
    report = _with_conduct(tmp_path, ("    transfers: []\n    measures: [tls, roles]",
                                      "    data_categories: [conduct]\n    transfers: []\n    measures: [tls, roles]"),
                           file="activities/lernwelt.yaml")
    assert of(report, "RP205") == []
