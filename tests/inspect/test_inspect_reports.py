"""gaps, transfers, recipients, summary and show, as plain data."""

import datetime as _dt

import pytest

from ropa.check import check
from ropa.inspect.gaps import REGISTRY_WIDE, gaps, message
from ropa.inspect.show import NotFound, show
from ropa.inspect.summary import summary, transfer_totals
from ropa.inspect.transfers import INCOMPLETE, INVALID, OK, UNRECORDED, recipient_rows, transfer_matrix
from ropa.load import load

CATALOGUE = """\
registry: {name: Test}
organisations:
  - {id: acme, name: ACME GmbH, email: info@acme.example, management: [Erika Mustermann]}
data_subjects: [{id: users, name: Users}]
data_categories: [{id: email, name: E-mail}, {id: usage, name: Usage data}]
documents: [{id: notice, title: Notice}]
recipients:
  - {id: mailer, name: Mailer Inc., role: processor, country: US, contract: {type: dpa}}
  - {id: crm, name: CRM Ltd., role: processor, country: IN}
  - {id: cloud, name: Cloud Corp., role: processor, country: US,
     certifications: [{scheme: eu-us-dpf, status: active, covers: both, checked: 2024-03-01}]}
  - {id: partner, name: Partner AG, role: joint-controller, country: CH, contract: {type: dpa}}
waivers:
  - {rule: RP101, target: newsletter, justification: Being written, accepted_by: Erika Mustermann, accepted: 2024-01-01,
     expires: 2024-12-31}
"""

ACTIVITIES = """\
activities:
  - id: newsletter
    name: {de: Newsletter, en: Newsletter}
    organisation: acme
    legal_bases: [{basis: art6-1-a, sources: [{document: notice, section: "3.1"}]}]
    data_subjects: [users]
    data_categories: [email]
    recipients: [mailer, cloud]
    transfers:
      - {recipient: mailer, country: US, mechanism: scc, scc_module: 2}
      - {recipient: cloud, country: US, mechanism: dpf}
    review_due: 2024-01-01
    sources: [{document: notice, section: "3", fact: purposes}]
  - id: crm
    name: CRM
    organisation: acme
    purposes: [Customer care]
    legal_bases: [{basis: art6-1-b}]
    data_subjects: [users]
    data_categories: [email, usage]
    recipients: [{recipient: crm, data_categories: [usage]}, partner]
    transfers: [{recipient: partner, country: CH, mechanism: adequacy}]
    review_due: 2030-01-01
    gaps: [{field: retention, note: The notice says nothing about deletion.}]
"""

TODAY = _dt.date(2024, 6, 1)


@pytest.fixture()
def report(make_registry):
    root = make_registry({"registry.yaml": CATALOGUE, "activities/all.yaml": ACTIVITIES})
    result = load(root)
    assert not [f for f in result.findings if f.severity.value == "error"], result.findings
    return check(result, today=TODAY)


def test_transfer_matrix_flags_missing_mechanisms(report):
    rows = {(r.recipient, r.country): r for r in transfer_matrix(report.registry, today=TODAY)}
    assert rows[("mailer", "US")].status == INCOMPLETE
    assert "TIA" in rows[("mailer", "US")].problem
    assert rows[("cloud", "US")].status == OK
    assert rows[("partner", "CH")].status == OK
    assert rows[("partner", "CH")].adequacy.startswith("Decision 2000/518")
    assert rows[("crm", "IN")].status == UNRECORDED
    assert rows[("crm", "IN")].activities == ("crm",)
    order = [r.status for r in transfer_matrix(report.registry, today=TODAY)]
    assert order[0] == UNRECORDED and order[-1] == OK


def test_dpf_without_certification_is_invalid(make_registry):
    root = make_registry({"registry.yaml": CATALOGUE, "activities/a.yaml": """\
        activities:
          - {id: x, name: X, organisation: acme, recipients: [mailer],
             transfers: [{recipient: mailer, country: US, mechanism: dpf}]}
        """})
    rows = transfer_matrix(load(root).registry, today=TODAY)
    assert [(r.recipient, r.status) for r in rows] == [("mailer", INVALID)]
    assert "eu-us-dpf" in rows[0].problem


def test_recipients(report):
    rows = {r.id: r for r in recipient_rows(report.registry)}
    assert rows["mailer"].contract_status == "ok"
    assert rows["crm"].contract_status == "missing"
    assert rows["partner"].contract_status == "missing"  # joint controllers need an Art. 26 arrangement
    assert rows["crm"].data_categories == ("usage",)
    assert rows["mailer"].activities == ("newsletter",)
    assert rows["mailer"].data_categories == ("email",)


def test_gaps(report):
    result = gaps(report)
    by_target = {t.target: t for t in result.targets}
    newsletter = by_target["newsletter"]
    assert [f.code for f in newsletter.waived] == ["RP101"]
    assert all(f.code != "RP101" for fs in newsletter.open.values() for f in fs)
    # a recorded gap is listed once: with the rule's finding on its field (one cause), note in full
    crm = [f for fs in by_target["crm"].open.values() for f in fs]
    assert not [f for f in crm if f.code == "RP607"]
    [recorded] = [f for f in crm if any(r.code == "RP607" for r in f.related)]
    assert recorded.code == "RP501" and message(recorded, result.notes).endswith(
        "; open gap in 'crm' (retention): The notice says nothing about deletion.")
    assert [(o.activity, o.days_overdue) for o in result.overdue] == [("newsletter", 152)]
    assert REGISTRY_WIDE not in by_target or by_target[REGISTRY_WIDE].kind == "registry"


def test_summary(report):
    s = summary(report)
    assert s.activities == 2 and s.recipients == 4
    assert s.by_legal_basis == {"art6-1-a": 1, "art6-1-b": 1}
    # third countries as `ropa list` shows them: recorded transfers and recipients established
    # outside the EEA (IN: a recipient used without a recorded transfer)
    assert s.by_country == {"CH": 1, "IN": 1, "US": 1}
    # the same rows as `ropa transfers`, unrecorded ones included
    totals = transfer_totals(transfer_matrix(report.registry, today=report.today))
    assert (s.transfers, s.transfers_without_valid_mechanism, s.transfers_unrecorded, s.transfers_incomplete) == (
        totals.total, totals.invalid, totals.unrecorded, totals.incomplete)
    assert s.waived_findings == 1
    assert s.next_reviews[0][:2] == ("2024-01-01", "newsletter")
    assert s.overdue_reviews == 1


def test_show_activity_uses_art30_labels_and_sources(report):
    shown = show(report, "newsletter", "de")
    labels = {f.key: f for f in shown.facts}
    assert labels["legal_bases"].label == "Rechtsgrundlage"
    assert labels["legal_bases"].value.startswith("Art. 6 Abs. 1 lit. a DSGVO")
    assert labels["legal_bases"].sources == ("Notice, Abschn. 3.1",)
    assert labels["purposes"].sources == ("Notice, Abschn. 3",)
    assert [f.code for f in shown.waived] == ["RP101"]
    assert show(report, "newsletter", "en").facts[0].label == "Name of the processing activity"


def test_show_recipient_and_unknown(report):
    shown = show(report, "mailer")
    assert shown.kind == "recipient"
    assert any(f.key == "activities" and "newsletter" in f.value for f in shown.facts)
    with pytest.raises(NotFound):
        show(report, "nope")


def test_facts42_show_every_activity(facts42_report):
    from ropa import labels

    for ident, activity in facts42_report.registry.activities.items():
        shown = show(facts42_report, ident, "de")
        assert shown.title == labels.text(activity.name, "de")
        assert shown.facts
    rows = transfer_matrix(facts42_report.registry, today=TODAY)
    transferring = {a for r in rows for a in r.activities}
    assert transferring <= set(facts42_report.registry.activities)
    # the summary counts FACTS42's own record; Bitrix24's (third parties) are left out
    own = facts42_report.registry.activities_of("facts42")
    assert summary(facts42_report).activities == len(own) < len(facts42_report.registry.activities)
