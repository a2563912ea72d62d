"""Focused tests: waivers (RP901-RP903), configuration, severities, partial registries."""

from __future__ import annotations

import datetime as _dt

from ropa.findings import Severity
from tests.helpers import findings, run

ACTIVITY = """\
organisations:
  - {id: acme, name: ACME GmbH, dpo: {name: J. Beispiel}}
activities:
  - id: crm
    name: CRM
    organisation: acme
"""


def waiver(rule: str = "RP101", target: str = "crm", expires: str = "2099-01-01") -> str:
    return f"""\
waivers:
  - rule: {rule}
    target: {target}
    justification: Purposes are being clarified with sales.
    accepted_by: J. Beispiel (DPO)
    accepted: 2024-01-01
    expires: {expires}
"""


def test_valid_waiver_marks_the_finding_and_keeps_it_visible(tmp_path):
    report = run(tmp_path, {"registry.yaml": ACTIVITY + waiver()}, select=["RP101", "RP9"])
    [finding] = findings(report, "RP101")
    assert finding.waived and finding.waiver.expires == _dt.date(2099, 1, 1)
    assert (finding.span.line, finding.severity) == (4, Severity.ERROR)
    loader_errors = sum(1 for f in report.findings if f.code.startswith("RP0"))
    assert report.count(Severity.ERROR) == loader_errors
    assert report.count(Severity.ERROR, include_waived=True) == loader_errors + 1
    assert report.waived == (finding,) and finding not in report.open
    assert "RP101" in [f.code for f in report.for_target("crm")]


def test_expired_waiver_reopens_the_finding(tmp_path):
    report = run(tmp_path, {"registry.yaml": ACTIVITY + waiver(expires="2024-05-31")}, select=["RP101", "RP9"])
    assert not findings(report, "RP101")[0].waived
    [expired] = findings(report, "RP901")
    assert (expired.span.line, expired.severity, expired.target) == (13, Severity.WARNING, "crm")
    assert findings(report, "RP902") == []


def test_waiver_on_another_target_matches_nothing(tmp_path):
    report = run(tmp_path, {"registry.yaml": ACTIVITY + waiver(target="erp")}, select=["RP101", "RP9"])
    assert not findings(report, "RP101")[0].waived
    [unused] = findings(report, "RP902")
    assert (unused.span.file.endswith("registry.yaml"), unused.span.line) == (True, 8)


def test_waiver_for_unknown_or_unwaivable_rule(tmp_path):
    for code in ("RP199", "RP015", "RP902"):
        report = run(tmp_path / code, {"registry.yaml": ACTIVITY + waiver(rule=code)}, select=["RP9"])
        [finding] = findings(report, "RP903")
        assert (finding.span.line, finding.severity) == (8, Severity.ERROR)


def test_duplicate_waiver_is_unused(tmp_path):
    text = ACTIVITY + waiver() + waiver().replace("waivers:\n", "")
    report = run(tmp_path, {"registry.yaml": text}, select=["RP101", "RP9"])
    assert [f.span.line for f in findings(report, "RP902")] == [14]


def test_waivers_in_their_own_file(tmp_path):
    report = run(tmp_path, {"activities.yaml": ACTIVITY, "waivers.yaml": waiver()}, select=["RP101", "RP9"])
    assert findings(report, "RP101")[0].waived
    assert not findings(report, "RP902")


def test_registry_config_selects_ignores_and_changes_severity(tmp_path):
    config = """\
registry:
  name: Test
  rules:
    ignore: [RP102]
    severity: {RP101: warning}
"""
    report = run(tmp_path, {"registry.yaml": config, "a.yaml": ACTIVITY})
    assert "RP102" not in report.rules_run and not findings(report, "RP102")
    assert findings(report, "RP101")[0].severity is Severity.WARNING
    only = run(tmp_path, select=["RP1"], ignore=["RP103"])
    assert all(c.startswith("RP1") for c in only.rules_run) and "RP103" not in only.rules_run


def test_partial_registry_with_unresolved_references_does_not_crash(tmp_path):
    text = """\
activities:
  - id: broken
    name: Broken
    organisation: nobody
    data_subjects: [ghosts]
    data_categories: [missing]
    recipients: [nowhere]
    transfers: [{recipient: nowhere, country: US, mechanism: dpf}]
    legal_bases: [{basis: art99}]
    joint_controllers: [nobody-else]
"""
    report = run(tmp_path, {"registry.yaml": text})
    assert {f.code for f in report.findings if f.code.startswith("RP0")} == {"RP015"}
    assert findings(report, "RP201")  # the unknown basis is not an Art. 6 basis


def test_fatal_loader_problem_skips_the_rules(tmp_path):
    report = run(tmp_path, {"registry.yaml": "activities: [\n"})
    assert report.fatal and report.rules_run == ()
    assert {f.code for f in report.findings} == {"RP006"}


def test_waiver_accepted_by_ropa_maintainers_is_an_error_and_waives_nothing(tmp_path):
    text = ACTIVITY + waiver().replace("J. Beispiel (DPO)", "ropa maintainers (transcription)")
    report = run(tmp_path, {"registry.yaml": text}, select=["RP101", "RP9"])
    [finding] = findings(report, "RP904")
    assert (finding.span.line, finding.severity, finding.target) == (11, Severity.ERROR, "crm")
    assert "'ropa maintainers (transcription)'" in finding.message and "'acme'" in finding.message
    assert not findings(report, "RP101")[0].waived  # the finding stays open
    assert findings(report, "RP902") == []  # reported once, as not accepted, not also as unused


def test_waiver_acceptance_by_management_dpo_or_officer_of_the_targets_organisation(tmp_path):
    orgs = """\
organisations:
  - id: acme
    name: ACME GmbH
    management: [Erika Mustermann]
    officers: [{name: Olaf Beispiel, role: {de: Compliance, en: Compliance}}]
  - {id: other, name: Other GmbH, management: [Otto Fremd]}
  - {id: vendor, name: Vendor Ltd., keeps_record: false, management: [Vera Vendor]}
activities:
  - {id: crm, name: CRM, organisation: acme, recipients: [host]}
recipients:
  - {id: host, name: Host, role: processor, country: DE}
"""
    def accepted_by(who: str, rule: str = "RP101", target: str = "crm") -> list:
        text = orgs + waiver(rule=rule, target=target).replace("J. Beispiel (DPO)", who)
        return findings(run(tmp_path / f"{who}-{target}", {"registry.yaml": text}, select=["RP101", "RP401", "RP9"]),
                        "RP904")

    assert accepted_by("Erika Mustermann (Geschäftsführerin)") == []
    assert accepted_by("  olaf   BEISPIEL ") == []
    assert len(accepted_by("Otto Fremd")) == 1  # management of another organisation
    assert len(accepted_by("Erika")) == 1  # a part of a name is nobody
    # a recipient belongs to the record-keeping organisations that use it
    assert accepted_by("Erika Mustermann", rule="RP401", target="host") == []
    assert len(accepted_by("Otto Fremd", rule="RP401", target="host")) == 1
    assert len(accepted_by("Vera Vendor", rule="RP401", target="host")) == 1
