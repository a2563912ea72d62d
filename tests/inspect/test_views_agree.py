"""One answer per question across commands (issues 22 and 26): what `ropa transfers`, `list`,
`summary` and `show` say about third-country transfers and finding counts is what
`ropa validate` reports, on FACTS42, every fixture registry, a generated one and a small
registry built for the cases that once disagreed (a recipient established in Germany that
stores data in the US; a DPF listing due for its yearly check; an unused recipient)."""

from __future__ import annotations

import datetime as _dt
import importlib.util
from pathlib import Path

import pytest

from ropa.check import Report, check
from ropa.findings import Severity
from ropa.inspect.listing import list_activities
from ropa.inspect.show import show
from ropa.inspect.summary import summary, transfer_totals
from ropa.inspect.transfers import CEASED, INVALID, OK, UNRECORDED, transfer_matrix
from ropa.load import load
from ropa.report import counts
from ropa.transfer import RULE_OF, destination, is_chapter_v
from tests.helpers import write_registry

ROOT = Path(__file__).resolve().parents[2]
TODAY = _dt.date(2026, 6, 1)
TRANSFER_RULES = frozenset(RULE_OF.values())
TRANSFER_FIELDS = ("mechanism", "scc_module", "occasional", "derogation", "country", "tia")

EDGES = {
    "registry.yaml": """\
        registry: {name: Edges, date: 2026-05-01}
        organisations:
          - id: acme
            name: ACME GmbH
            address: {city: Berlin, country: DE}
            email: info@acme.example
            dpo_required: false
        data_subjects:
          - {id: customers, name: Customers}
        data_categories:
          - {id: contact, name: Contact data}
        """,
    "recipients.yaml": """\
        recipients:
          - id: hoster-de
            name: Hoster GmbH
            role: processor
            country: DE
            storage: [US]
            contract: {type: dpa}
          - id: mailer-us
            name: Mailer Inc.
            role: processor
            country: US
            contract: {type: dpa}
            certifications: [{scheme: eu-us-dpf, status: active, covers: non-hr, checked: 2024-01-10}]
          - id: backup-de
            name: Backup GmbH
            role: processor
            country: DE
            storage: [DE]
            contract: {type: dpa}
            sub_processors: [backup-us]
          - id: backup-us
            name: Backup Support Inc.
            role: sub-processor
            country: US
            contract: {type: dpa}
          - id: unused
            name: Nobody Ltd
            role: processor
            country: IE
            contract: {type: dpa}
        """,
    "activities/shop.yaml": """\
        activities:
          - id: shop
            name: Shop
            organisation: acme
            purposes: [Orders]
            legal_bases: [{basis: art6-1-b}]
            data_subjects: [customers]
            data_categories: [contact]
            recipients: [hoster-de, mailer-us, backup-de]
            transfers:
              - {recipient: mailer-us, country: US, mechanism: dpf}
            retention: [{period: P10Y}]
        """,
}


def _registries(tmp_path_factory) -> dict[str, Path]:
    found = {"facts42": ROOT / "registry"}
    for fixture in sorted((ROOT / "tests" / "fixtures").iterdir()):
        if fixture.name != "broken" and (fixture / "registry.yaml").exists():
            found[fixture.name] = fixture
    found["edges"] = write_registry(tmp_path_factory.mktemp("edges"), EDGES)
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    found["generated"] = generate.generate(40, tmp_path_factory.mktemp("generated") / "reg", per_file=10)
    return found


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Report]:
    return {name: check(load(path), today=TODAY) for name, path in _registries(tmp_path_factory).items()}


NAMES = ["facts42", "controller", "lawful", "sample", "edges", "generated"]


def _live(report: Report):
    return [a for a in report.registry.activities.values() if a.status != "retired"]


def _unrecorded_by_validate(report: Report) -> set[tuple[str, str]]:
    """(activity, recipient) of every RP301 finding, found by its position, and of every RP309
    finding (a chain leaving the EEA below the activity's recipient: the sub-processor it names)."""
    pairs = set()
    for finding in report.findings:
        if finding.code == "RP309":
            sub = finding.message.values["recipient"]
            pairs.update((target, str(sub)) for target in finding.targets)
            continue
        if finding.code != "RP301":
            continue
        # one cause, one finding: the other activities it concerns are its related places
        places = [(finding.target, finding.span), *((r.target, r.span) for r in finding.related)]
        for target, span in places:
            activity = report.registry.activities[target]
            index = next(i for i in range(len(activity.recipients or ()))
                         if activity.at("recipients", i) == span)
            pairs.add((activity.id, activity.recipients[index].recipient))
    return pairs


@pytest.mark.parametrize("name", NAMES)
def test_transfers_shows_what_validate_reports(reports, name):
    report = reports[name]
    rows = transfer_matrix(report.registry, today=report.today)
    unrecorded = {(a, r.recipient) for r in rows if r.status == UNRECORDED for a in r.activities}
    assert unrecorded == _unrecorded_by_validate(report)
    # every transfer row: the worst finding validate reports on its transfers (RP302-RP308)
    worst: dict[tuple[str, str, str, str], set[str]] = {}
    for activity in _live(report):
        for transfer in activity.transfers or ():
            if not is_chapter_v(transfer):
                continue
            key = (activity.id, transfer.recipient, destination(transfer), transfer.mechanism)
            spans = {transfer.at(f) for f in TRANSFER_FIELDS}
            worst.setdefault(key, set()).update(
                f.severity.value for f in report.for_target(activity.id)
                if f.code in TRANSFER_RULES and (f.span in spans or any(r.span in spans for r in f.related)))
    ceased_by_validate = {f.target for f in report.findings if f.code == "RP603" and f.target in
                          report.registry.activities}
    ceased_by_validate |= {r.target for f in report.findings if f.code == "RP603" for r in f.related
                           if r.code == "RP603"}
    for row in rows:
        if row.status == UNRECORDED:
            assert row.severity == "error"  # RP301 is an error
            assert not set(row.activities) & ceased_by_validate, row
            continue
        if row.status == CEASED:  # validate: one RP603 error for the activity, no transfer finding
            assert row.severity == "error", row
            assert set(row.activities) <= ceased_by_validate, row
            for activity in row.activities:
                assert not [f for f in report.for_target(activity) if f.code in TRANSFER_RULES], activity
            continue
        assert not set(row.activities) & ceased_by_validate, row
        found = set().union(*(worst[(a, row.recipient, row.country, row.mechanism)] for a in row.activities))
        expected = "error" if "error" in found else "warning" if "warning" in found else ""
        assert row.severity == expected, row
        assert (row.status == OK) == (not found), row
        if row.status == INVALID:
            assert row.severity == "error", row  # never "invalid" where validate says warning


@pytest.mark.parametrize("name", NAMES)
def test_list_names_every_country_validate_names(reports, name):
    report = reports[name]
    rows = {r.id: r for r in list_activities(report)}
    for activity in _live(report):
        countries = set(rows[activity.id].third_countries)
        for transfer in activity.transfers or ():
            if is_chapter_v(transfer) and not transfer.international_organisation:
                assert transfer.country in countries
        for act, recipient in _unrecorded_by_validate(report):
            if act == activity.id:
                rec = report.registry.recipients[recipient]
                assert countries & ({rec.country, *rec.storage} - {None}), (act, recipient)
        findings = [f for f in report.for_target(activity.id) if not f.waived]
        assert rows[activity.id].open_findings == len(findings)
        assert rows[activity.id].open_errors == sum(1 for f in findings if f.severity is Severity.ERROR)


@pytest.mark.parametrize("name", NAMES)
def test_summary_counts_what_validate_and_transfers_count(reports, name):
    report = reports[name]
    s = summary(report)
    if not s.third_parties:  # one record, or all of them: the same findings as validate
        c = counts(report)
        assert s.open_findings == {sev.value: c[sev.value] for sev in Severity}
        assert s.waived_findings == c["waived"]
        totals = transfer_totals(transfer_matrix(report.registry, today=report.today))
        assert (s.transfers, s.transfers_without_valid_mechanism, s.transfers_unrecorded,
                s.transfers_incomplete) == (totals.total, totals.invalid, totals.unrecorded, totals.incomplete)
    assert s.transfers_unrecorded <= s.transfers_without_valid_mechanism <= s.transfers


@pytest.mark.parametrize("name", NAMES)
def test_show_lists_the_findings_validate_reports(reports, name):
    report = reports[name]
    for activity in _live(report)[:40]:
        shown = show(report, activity.id)
        assert {id(f) for f in shown.open} == {id(f) for f in report.for_target(activity.id) if not f.waived}


def test_the_cases_that_once_disagreed(reports):
    report = reports["edges"]
    # established in Germany, stores in the US, no transfer recorded: validate and every view;
    # a German processor whose sub-processor is in the US: the chain leaves the EEA (RP309)
    assert _unrecorded_by_validate(report) == {("shop", "hoster-de"), ("shop", "backup-us")}
    assert [f.code for f in report.findings if f.code in ("RP301", "RP309")] == ["RP301", "RP309"]
    rows = transfer_matrix(report.registry, today=report.today)
    by_recipient = {r.recipient: r for r in rows}
    assert by_recipient["hoster-de"].status == UNRECORDED and by_recipient["hoster-de"].country == "US"
    assert "US" in list_activities(report)[0].third_countries
    transfers = next(f for f in show(report, "shop").facts if f.key == "transfers")
    assert "not recorded: 'hoster-de'" in transfers.value and "US" in transfers.value
    # a DPF listing checked over a year ago: a warning in validate, incomplete (not invalid) here
    assert by_recipient["mailer-us"].severity == "warning" and by_recipient["mailer-us"].status == "incomplete"
    s = summary(report)
    assert by_recipient["backup-us"].status == UNRECORDED and "backup-de" in by_recipient["backup-us"].problem
    assert (s.transfers, s.transfers_without_valid_mechanism, s.transfers_unrecorded, s.transfers_incomplete) == (
        3, 2, 2, 1)
    # the unused recipient's notice (RP404) is counted by summary as by validate
    assert any(f.code == "RP404" for f in report.findings)
    assert s.open_findings == {sev.value: counts(report)[sev.value] for sev in Severity}
