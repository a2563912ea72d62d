"""One cause, one finding (issue 24 item 1): a recorded gap beside the rule about the same field,
and one recipient's missing transfer across activities, are each reported once."""

from __future__ import annotations

import io
import json

from ropa.report import REPORTERS
from tests.helpers import findings, run

REGISTRY = """\
organisations:
  - id: acme
    name: ACME GmbH
    address: {street: Hauptstr. 1, postal_code: "10115", city: Berlin, country: DE}
    email: privacy@acme.example
recipients:
  - id: cloudmail
    name: Cloudmail Inc.
    role: controller
    country: US
activities:
  - id: sales-mail
    name: Sales e-mail
    organisation: acme
    purposes: [Answering customers' requests by e-mail]
    recipients: [cloudmail]
    gaps:
      - field: retention
        note: The notice gives no period for sales e-mail.
  - id: support-mail
    name: Support e-mail
    organisation: acme
    purposes: [Answering support requests by e-mail]
    recipients: [cloudmail]
    retention:
      - period: P2Y
"""


def line_of(text: str, nth: int = 0) -> int:
    return [i for i, line in enumerate(REGISTRY.splitlines(), 1) if text in line][nth]


def test_a_recorded_gap_and_the_rule_on_its_field_are_one_finding(tmp_path):
    report = run(tmp_path, {"registry.yaml": REGISTRY})
    assert findings(report, "RP607") == []  # folded into RP501
    [retention] = [f for f in findings(report, "RP501") if f.target == "sales-mail"]
    assert "states no erasure time limit; open gap in 'sales-mail' (retention): The notice gives no period" in retention.message
    assert [(r.code, r.target, r.span.line) for r in retention.related] == [("RP607", "sales-mail", line_of("- field: retention"))]
    german = retention.text("de")
    assert "Löschfrist" in german and "offene Lücke" in german


def test_one_recipients_missing_transfer_is_one_finding_naming_every_activity(tmp_path):
    report = run(tmp_path, {"registry.yaml": REGISTRY})
    [unrecorded] = findings(report, "RP301")
    assert unrecorded.target == "sales-mail" and unrecorded.targets == ("sales-mail", "support-mail")
    assert unrecorded.text("en").endswith("(also concerns support-mail)")
    assert unrecorded.text("de").endswith("(betrifft auch support-mail)")
    assert unrecorded in report.for_target("support-mail")  # views of the second activity still show it
    sarif = io.StringIO()
    REPORTERS["sarif"](report, sarif)
    [result] = [r for r in json.loads(sarif.getvalue())["runs"][0]["results"] if r["ruleId"] == "RP301"]
    [related] = result["relatedLocations"]
    assert related["physicalLocation"]["region"]["startLine"] == line_of("recipients: [cloudmail]", 1) and "support-mail" in related["message"]["text"]
    doc = io.StringIO()
    REPORTERS["json"](report, doc)
    [entry] = [f for f in json.loads(doc.getvalue())["findings"] if f["code"] == "RP301"]
    assert entry["related"] == [{"code": "RP301", "target": "support-mail", "file": entry["file"], "line": line_of("recipients: [cloudmail]", 1),
                                 "column": 18}]


def test_a_waived_finding_is_not_merged(tmp_path):
    waived = REGISTRY.replace("organisations:", """\
waivers:
  - rule: RP301
    target: support-mail
    justification: Transfer being documented (ticket 7).
    accepted_by: Erika Muster
    accepted: 2024-01-01
    expires: 2099-01-01
organisations:""").replace("    email: privacy@acme.example", "    email: privacy@acme.example\n    management: [Erika Muster]")
    report = run(tmp_path, {"registry.yaml": waived})
    rp301 = findings(report, "RP301")
    assert sorted((f.target, f.waived) for f in rp301) == [("sales-mail", False), ("support-mail", True)]
    assert all(not f.related for f in rp301)


CEASED = """\
organisations:
  - {id: acme, name: ACME GmbH, address: {city: Berlin, country: DE}, email: privacy@acme.example}
recipients:
  - id: plus
    name: Google Inc.
    role: joint-controller
    country: US
    ceased: 2019-04-02
    services: [Google+ Plugin]
activities:
  - id: plus-plugin
    name: Google+ button
    organisation: acme
    purposes: [Showing a +1 button]
    recipients: [plus]
    cross_device_tracking: true
    transfers: [{recipient: plus, country: US, mechanism: none}]
    gaps:
      - field: status
        note: The notice still describes the plugin; Google+ shut down in 2019.
"""


def test_a_ceased_service_is_one_finding_that_the_record_still_describes_it(tmp_path):
    """Issue 24: no transfer, consent, DPIA or legal-basis findings for a service that no longer runs."""
    report = run(tmp_path, {"registry.yaml": CEASED})
    about = [f for f in report.findings if f.concerns("plus-plugin")]
    assert [f.code for f in about] == ["RP603"], [str(f) for f in report.findings]
    [ceased] = about
    assert "still describe processing that can no longer take place" in ceased.message
    assert {"RP302", "RP207", "RP201", "RP607"} <= {r.code for r in ceased.related}  # kept for tools
    assert "Verarbeitung, die nicht mehr stattfinden kann" in ceased.text("de")
