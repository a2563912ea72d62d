"""RP309 and RP310 beyond their examples: countries along the processing chain. A chain inside
the EEA, an onward transfer below a recipient already outside it, a sub-processor the activity
names itself (RP301's, never twice) and a transfer recorded to the processor for its
sub-processor's country are no findings; an assessment of another country is one."""

from __future__ import annotations

from tests.helpers import findings, run

HEAD = """\
registry: {name: Test, date: 2024-05-01}
organisations:
  - {id: acme, name: ACME GmbH, address: {city: Berlin, country: DE}, email: info@acme.example,
     dpo_required: false}
recipients:
  - {id: hoster, name: Hoster GmbH, role: processor, country: DE, storage: [DE], contract: {type: dpa},
     sub_processors: [support]}
  - {id: support, name: Support, role: sub-processor, country: SUPPORT_COUNTRY, contract: {type: dpa},
     sub_processors: [deep]}
  - {id: deep, name: Deep Backup, role: sub-processor, country: DEEP_COUNTRY, contract: {type: dpa}}
activities:
  - id: site
    name: Website
    organisation: acme
"""


def _report(tmp_path, body: str, support: str = "US", deep: str = "DE"):
    text = HEAD.replace("SUPPORT_COUNTRY", support).replace("DEEP_COUNTRY", deep) + body
    return run(tmp_path, {"registry.yaml": text})


def _codes(report, *codes):
    return [(f.code, f.target) for f in report.findings if f.code in codes]


def test_a_chain_inside_the_eea_is_no_transfer(tmp_path):
    report = _report(tmp_path, "    recipients: [hoster]\n    transfers: []\n", support="NL", deep="IE")
    assert _codes(report, "RP301", "RP309", "RP701") == []


def test_the_first_sub_processor_outside_the_eea_is_reported_once(tmp_path):
    report = _report(tmp_path, "    recipients: [hoster]\n    transfers: []\n", deep="IN")
    # support (US) is where the chain leaves the EEA; deep (IN) lies below it and is support's onward transfer
    [finding] = findings(report, "RP309")
    assert finding.message.values["recipient"] == "support" and finding.target == "site"
    assert _codes(report, "RP301") == []


def test_a_chain_leaving_the_eea_further_down_is_followed(tmp_path):
    report = _report(tmp_path, "    recipients: [hoster]\n    transfers: []\n", support="AT", deep="IN")
    [finding] = findings(report, "RP309")
    assert finding.message.values["recipient"] == "deep" and "hoster → support → deep" in finding.text("en")


def test_recorded_to_the_sub_processor_or_to_the_processor_for_its_country(tmp_path):
    to_sub = _report(tmp_path / "a", "    recipients: [hoster]\n    transfers:\n"
                                     "      - {recipient: support, country: US, mechanism: scc, scc_module: 3}\n")
    assert _codes(to_sub, "RP301", "RP309", "RP701") == []
    to_processor = _report(tmp_path / "b", "    recipients: [hoster]\n    transfers:\n"
                                           "      - {recipient: hoster, country: US, mechanism: scc, scc_module: 2}\n")
    assert _codes(to_processor, "RP301", "RP309", "RP701") == []


def test_a_sub_processor_the_activity_names_itself_is_rp301s_alone(tmp_path):
    report = _report(tmp_path, "    recipients: [hoster, support]\n    transfers: []\n")
    assert _codes(report, "RP301", "RP309") == [("RP301", "site")]


def test_below_a_recipient_outside_the_eea_nothing_is_followed(tmp_path):
    text = ("    recipients: [support]\n    transfers:\n"
            "      - {recipient: support, country: US, mechanism: scc, scc_module: 2,"
            " tia: {reference: T1, date: 2024-01-01, country: US}}\n")
    report = _report(tmp_path, text, deep="IN")  # deep is support's onward transfer (Clause 8.8 SCC)
    assert _codes(report, "RP301", "RP309", "RP310") == []


def test_a_cycle_of_sub_processors_ends(tmp_path):
    text = (HEAD.replace("SUPPORT_COUNTRY", "NL").replace("DEEP_COUNTRY", "FR")
            .replace("contract: {type: dpa}}\nactivities:", "contract: {type: dpa}, sub_processors: [hoster]}\nactivities:")
            + "    recipients: [hoster]\n    transfers: []\n")
    report = run(tmp_path, {"registry.yaml": text})
    assert not [f for f in report.findings if f.fatal] and _codes(report, "RP309") == []


def test_an_assessment_of_another_country_is_an_error_and_none_of_the_destination_passes(tmp_path):
    body = ("    recipients: [support]\n    transfers:\n"
            "      - {recipient: support, country: US, mechanism: scc, scc_module: 2, tia: TIA}\n")
    wrong = _report(tmp_path / "w", body.replace("TIA", "{reference: T1, date: 2024-01-01, country: GB}"))
    [finding] = findings(wrong, "RP310")
    assert finding.severity.value == "error" and "assesses the law of GB" in finding.text("en")
    assert findings(wrong, "RP307") == []  # an assessment is recorded: its country is the one fault
    right = _report(tmp_path / "r", body.replace("TIA", "{reference: T1, date: 2024-01-01, country: US}"))
    silent = _report(tmp_path / "s", body.replace("TIA", "{reference: T1, date: 2024-01-01}"))
    assert findings(right, "RP310") == findings(silent, "RP310") == []


def test_a_transfer_that_needs_no_assessment_is_not_judged_by_its_country(tmp_path):
    body = ("    recipients: [support]\n    transfers:\n"
            "      - {recipient: support, country: CH, mechanism: adequacy, tia: {reference: T1, country: US}}\n")
    assert findings(_report(tmp_path, body, support="CH"), "RP310") == []


def test_a_sub_processor_naming_its_processor_is_in_the_chain(tmp_path):
    """The chain is recorded from either end: a recipient's ``processor_of`` names the processor it
    works for, as the processor's ``sub_processors`` would."""
    text = (HEAD.replace("SUPPORT_COUNTRY", "NL").replace("DEEP_COUNTRY", "DE")
            .replace("     sub_processors: [support]}", "     sub_processors: []}")
            .replace("  - {id: deep, name: Deep Backup,", "  - {id: cloud, name: Cloud Inc., role: sub-processor, country: US,"
                     " contract: {type: dpa}, processor_of: hoster}\n  - {id: deep, name: Deep Backup,")
            + "    recipients: [hoster]\n    transfers: []\n")
    report = run(tmp_path, {"registry.yaml": text})
    [finding] = findings(report, "RP309")
    assert finding.message.values["recipient"] == "cloud" and "hoster → cloud" in finding.text("en")
