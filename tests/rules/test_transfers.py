"""Focused tests for the transfer rules: EEA, adequacy dates, DPF, storage countries."""

from __future__ import annotations

import datetime as _dt

from ropa.findings import Severity
from tests.helpers import findings, run


def registry(country: str, mechanism: str, *, storage: str = "[]", certs: str = "[]") -> str:
    return f"""\
recipients:
  - id: vendor
    name: Vendor
    role: processor
    country: {country}
    storage: {storage}
    contract: {{type: dpa}}
    certifications: {certs}
activities:
  - id: a
    name: A
    organisation: acme
    recipients: [vendor]
    transfers:
      - recipient: vendor
        country: {country}
        mechanism: {mechanism}
"""


def test_adequacy_for_a_listed_country_passes(tmp_path):
    # Japan's decision covers APPI business operators: the recipient says it is one
    report = run(tmp_path, registry("JP", "adequacy").replace("    contract: {type: dpa}\n",
                                                               "    contract: {type: dpa}\n    adequacy_scope: true\n"))
    assert not findings(report, "RP303") and not findings(report, "RP305")
    assert not findings(run(tmp_path / "ch", registry("CH", "adequacy")), "RP303")  # a whole country


def test_uk_adequacy_depends_on_the_date(tmp_path):
    assert not findings(run(tmp_path, registry("GB", "adequacy")), "RP303")
    late = run(tmp_path, today=_dt.date(2032, 1, 1))
    [finding] = findings(late, "RP303")
    assert (finding.span.line, finding.severity) == (17, Severity.ERROR)


def test_dpf_to_another_country_is_wrong(tmp_path):
    [finding] = findings(run(tmp_path, registry("CA", "dpf")), "RP303")
    assert "does not apply" in finding.message


def test_us_adequacy_needs_an_active_dpf_listing(tmp_path):
    inactive = "[{scheme: eu-us-dpf, status: inactive}]"
    [finding] = findings(run(tmp_path / "a", registry("US", "adequacy", certs=inactive)), "RP305")
    assert "status 'inactive'" in finding.message and finding.span.line == 17
    active = "[{scheme: eu-us-dpf, status: active, covers: both, checked: 2024-05-01}]"
    assert not findings(run(tmp_path / "b", registry("US", "dpf", certs=active)), "RP305")


def test_eea_transfer_needs_no_mechanism(tmp_path):
    report = run(tmp_path, registry("NO", "none"))
    assert not findings(report, "RP302") and not findings(report, "RP301")


def test_storage_outside_the_eea_needs_a_transfer(tmp_path):
    text = registry("DE", "none", storage="[DE, US]").split("    transfers:")[0] + "    transfers: []\n"
    [finding] = findings(run(tmp_path, text), "RP301")
    assert (finding.span.line, finding.target) == (13, "a") and "US" in finding.message


def test_scc_needs_module_and_tia(tmp_path):
    report = run(tmp_path, registry("IN", "scc"))
    assert [f.span.line for f in findings(report, "RP306")] == [17]
    assert [f.span.line for f in findings(report, "RP307")] == [17]
