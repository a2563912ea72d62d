"""Issue 14: rules that weigh what a record means. One test per point of the issue; each
failed on the code before the change (see the commit message) and passes after it."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from ropa import vocab
from ropa.check import check
from ropa.findings import Severity
from ropa.load import load
from tests.helpers import CLEAN, findings, run

ROOT = Path(__file__).resolve().parents[2]
LAWFUL = ROOT / "tests" / "fixtures" / "lawful"
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
ON = _dt.date(2026, 3, 1)

ORG = CLEAN  # a registry block and the organisation `acme`, without findings


def codes(report, prefix: str = "RP") -> list[tuple[str, str | None]]:
    return sorted((f.code, f.target) for f in report.findings if f.code.startswith(prefix))


# --- the lawful registry and the sample --------------------------------------------------------

def test_the_lawful_registry_has_no_finding():
    report = check(load(LAWFUL), today=ON)
    assert [str(f) for f in report.findings] == []


def test_the_lawful_registry_is_judged_on_the_date_asked():
    # Brazil's adequacy decision (EU) 2026/179 applies from 26.01.2026: before, the same record fails
    early = check(load(LAWFUL), today=_dt.date(2026, 1, 25))
    [finding] = [f for f in early.findings if f.code == "RP303"]
    assert finding.target == "tutoring" and "applies only from 2026-01-26" in finding.message


def test_the_sample_has_no_new_finding_on_its_date():
    # the sample is not approved (no approvals: entry), which RP612 reports; nothing else
    found = check(load(SAMPLE), today=_dt.date(2024, 6, 1)).findings
    assert [(f.code, f.target) for f in found] == [("RP612", "registry")]
    assert "nobody has approved version 2024-01" in found[0].message


# --- § 25 TDDDG (RP207) ------------------------------------------------------------------------

def website(activity: str, recipient: str = "") -> str:
    return ORG + (recipient or """\
recipients:
  - id: google
    name: Google LLC
    role: controller
    country: US
    services: [Google reCAPTCHA]
""") + "activities:\n" + activity


def test_recaptcha_without_consent_is_reported(tmp_path):
    report = run(tmp_path, website("""\
  - id: spam-check
    name: Spam check
    organisation: acme
    recipients: [google]
    legal_bases: [{basis: art6-1-f, interest: Spam protection, lia: LIA-1}]
"""))
    [finding] = findings(report, "RP207")
    assert "reCAPTCHA" in finding.message and "without consent under § 25(1) TDDDG" in finding.message


def test_plugins_and_cross_site_tracking_need_consent(tmp_path):
    report = run(tmp_path, website("""\
  - id: like-button
    name: Like button
    organisation: acme
    cross_device_tracking: true
"""))
    assert [f.target for f in findings(report, "RP207")] == ["like-button"]


def test_consent_given_at_a_third_party_is_not_the_operators(tmp_path):
    report = run(tmp_path, website("""\
  - id: remarketing
    name: Remarketing
    organisation: acme
    cookies: non-essential
    legal_bases:
      - basis: art6-1-a
        consent: {mechanism: Consent is given to Google, withdrawal: At Google}
"""))
    [finding] = findings(report, "RP207")
    assert "consent given to a third party" in finding.message


def test_operator_banner_consent_or_tdddg_basis_passes(tmp_path):
    banner = """\
  - id: analytics
    name: Analytics
    organisation: acme
    cookies: non-essential
    legal_bases:
      - basis: art6-1-a
        consent: {mechanism: Cookie-Banner der Website, withdrawal: Cookie-Einstellungen}
"""
    assert not findings(run(tmp_path / "a", website(banner)), "RP207")
    explicit = banner.replace("art6-1-a", "tdddg-25-1").replace("Cookie-Banner der Website", "Formular")
    assert not findings(run(tmp_path / "b", website(explicit)), "RP207")
    # `cookies: necessary` is the controller's statement
    stated = banner.replace("non-essential", "necessary").replace("art6-1-a", "art6-1-f")
    assert not findings(run(tmp_path / "c", website(stated)), "RP207")


# --- DPF (RP305) -------------------------------------------------------------------------------

def dpf(listing: str, subjects: str = "[customers]") -> str:
    return ORG + f"""\
data_subjects:
  - {{id: customers, name: Customers, dpv: "dpv:Customer"}}
  - {{id: staff, name: Staff, dpv: "dpv:Employee"}}
recipients:
  - id: saas
    name: SaaS Inc.
    role: processor
    country: US
    contract: {{type: dpa}}
    certifications: [{listing}]
activities:
  - id: a
    name: A
    organisation: acme
    data_subjects: {subjects}
    recipients: [saas]
    transfers: [{{recipient: saas, country: US, mechanism: dpf}}]
"""


def test_dpf_listing_must_cover_hr_data(tmp_path):
    listing = "{scheme: eu-us-dpf, status: active, covers: non-hr, checked: 2026-02-01}"
    [finding] = findings(run(tmp_path / "a", dpf(listing, "[staff]"), today=ON), "RP305")
    assert finding.severity is Severity.ERROR and "HR data" in finding.message
    assert not findings(run(tmp_path / "b", dpf(listing), today=ON), "RP305")


def test_dpf_listing_is_checked_yearly_and_its_coverage_recorded(tmp_path):
    stale = "{scheme: eu-us-dpf, status: active, covers: both, checked: 2024-12-01}"
    [finding] = findings(run(tmp_path / "a", dpf(stale), today=ON), "RP305")
    assert finding.severity is Severity.WARNING and "renewed yearly" in finding.message
    unknown = "{scheme: eu-us-dpf, status: active, checked: 2026-02-01}"
    [finding] = findings(run(tmp_path / "b", dpf(unknown), today=ON), "RP305")
    assert "HR or non-HR" in finding.message


# --- processor records (Art. 30(2)) ------------------------------------------------------------

PROCESSOR_RECORD = ORG + """\
  - id: client
    name: Client GmbH
    address: {city: Köln, country: DE}
    email: info@client.example
    dpo_required: false
activities:
  - id: hosting-for-client
    name: Hosting for Client GmbH
    organisation: acme
    record: processor
    controllers: [client]
    description: Hosting the client's web shop (Art. 30(2)(b))
    transfers: []
    measures: [tls]
measures:
  - {id: tls, name: TLS, kind: technical}
"""


def test_processor_record_is_not_asked_for_controller_decisions(tmp_path):
    report = run(tmp_path, PROCESSOR_RECORD)
    assert codes(report) == []


def test_legal_basis_on_processor_record_is_reported(tmp_path):
    text = PROCESSOR_RECORD.replace("    transfers: []\n", "    transfers: []\n    legal_bases: [{basis: art6-1-b}]\n")
    [finding] = findings(run(tmp_path, text), "RP209")
    assert "controller's decision" in finding.message


# --- SCCs as the processing contract (RP401) -----------------------------------------------------

def scc_contract(module: str) -> str:
    return ORG + f"""\
recipients:
  - id: mailer
    name: Mailer Inc.
    role: processor
    country: US
    contract: {{type: scc, date: 2024-01-01}}
activities:
  - id: a
    name: A
    organisation: acme
    recipients: [mailer]
    transfers: [{{recipient: mailer, country: US, mechanism: scc{module}, tia: {{reference: T}}}}]
"""


def test_scc_modules_2_and_3_are_an_art28_contract(tmp_path):
    assert not findings(run(tmp_path / "a", scc_contract(", scc_module: 2")), "RP401")
    assert not findings(run(tmp_path / "b", scc_contract(", scc_module: 3")), "RP401")
    [finding] = findings(run(tmp_path / "c", scc_contract(", scc_module: 1")), "RP401")
    assert "only modules 2 and 3" in finding.message and finding.severity is Severity.ERROR
    [finding] = findings(run(tmp_path / "d", scc_contract("")), "RP401")
    assert finding.severity is Severity.WARNING


# --- Art. 49 derogations (RP304, RP308) and Art. 46 tools (RP307) -------------------------------

def derogation(mechanism: str, role: str = "controller", extra: str = "") -> str:
    return ORG + f"""\
recipients:
  - id: partner
    name: Partner Ltd
    role: {role}
    country: IN
    contract: {{type: dpa}}
activities:
  - id: a
    name: A
    organisation: acme
    recipients: [partner]
    transfers:
      - recipient: partner
        country: IN
        mechanism: {mechanism}
{extra}"""


def test_derogation_is_not_for_a_processor(tmp_path):
    [finding] = findings(run(tmp_path, derogation("art49-1-b", "processor", "        occasional: true\n")), "RP308")
    assert "processor" in finding.message and finding.severity is Severity.ERROR


def test_derogation_needs_an_occasional_transfer(tmp_path):
    [finding] = findings(run(tmp_path / "a", derogation("art49-1-b", extra="        occasional: false\n")), "RP308")
    assert finding.severity is Severity.ERROR and "repetitive" in finding.message
    [finding] = findings(run(tmp_path / "b", derogation("art49-1-b")), "RP308")
    assert finding.severity is Severity.WARNING
    assert not findings(run(tmp_path / "c", derogation("art49-1-b", extra="        occasional: true\n")), "RP308")


def test_second_subparagraph_records_its_conditions(tmp_path):
    partial = ("        occasional: true\n        safeguards: Pseudonymised\n"
               "        derogation: {interest: Incident analysis, data_subjects: 12 customers}\n")
    [finding] = findings(run(tmp_path / "a", derogation("art49-1-2", extra=partial)), "RP304")
    assert "supervisory authority" in finding.message and "data subjects were informed" in finding.message
    assert "compelling" not in finding.message
    full = partial.replace("}", ", authority_informed: 2024-03-01, subjects_informed: 2024-03-02}")
    assert not findings(run(tmp_path / "b", derogation("art49-1-2", extra=full)), "RP304")


def test_bcr_needs_the_transfer_assessment(tmp_path):
    [finding] = findings(run(tmp_path / "a", derogation("bcr")), "RP307")
    assert "every Art. 46" in finding.message
    assert not findings(run(tmp_path / "b", derogation("bcr", extra="        tia: {reference: TIA-9}\n")), "RP307")


# --- Art. 22, Art. 9, § 38 BDSG ------------------------------------------------------------------

def automated(bases: str, categories: str = "[]") -> str:
    return ORG + f"""\
data_categories:
  - {{id: health, name: Health data, special: art9}}
activities:
  - id: scoring
    name: Scoring
    organisation: acme
    automated_decision: true
    data_categories: {categories}
    dpia: {{status: done, reference: D-1}}
    legal_bases:
{bases}"""


def test_art22_needs_explicit_consent(tmp_path):
    plain = "      - {basis: art6-1-a, consent: {mechanism: Form, withdrawal: Link}}\n"
    [finding] = findings(run(tmp_path / "a", automated(plain)), "RP504")
    assert "not recorded as explicit" in finding.message
    explicit = plain.replace("withdrawal: Link", "withdrawal: Link, explicit: true")
    assert not findings(run(tmp_path / "b", automated(explicit)), "RP504")


def test_art22_legal_obligation_is_no_authorising_law(tmp_path):
    [finding] = findings(run(tmp_path / "a", automated("      - {basis: art6-1-c, statute: § 147 AO}\n")), "RP504")
    assert "does not authorise the decision" in finding.message
    law = "      - {basis: art6-1-c, statute: § 147 AO}\n      - {basis: art22-2-b, statute: § 31 BDSG}\n"
    assert not findings(run(tmp_path / "b", automated(law)), "RP504")


def test_art22_4_special_categories(tmp_path):
    contract = "      - {basis: art6-1-b}\n"
    [finding] = findings(run(tmp_path / "a", automated(contract, "[health]")), "RP504")
    assert "Art. 22(4)" in finding.message
    with_9 = contract + "      - {basis: art9-2-a, consent: {mechanism: Form, withdrawal: Link}}\n"
    assert not findings(run(tmp_path / "b", automated(with_9, "[health]")), "RP504")


@pytest.mark.parametrize("condition", ["b", "g", "h", "i", "j"])
def test_art9_conditions_resting_on_law_cite_it(tmp_path, condition):
    text = ORG + f"""\
activities:
  - id: a
    name: A
    organisation: acme
    legal_bases: [{{basis: art6-1-c, statute: § 147 AO}}, {{basis: art9-2-{condition}}}]
"""
    [finding] = findings(run(tmp_path / "a", text), "RP206")
    assert "Member State law the condition rests on" in finding.message
    cited = text.replace(f"{{basis: art9-2-{condition}}}", f"{{basis: art9-2-{condition}, statute: § 22 BDSG}}")
    assert not findings(run(tmp_path / "b", cited), "RP206")


def section38(fields: str, activity: str = "") -> str:
    return f"""\
organisations:
  - id: acme
    name: ACME GmbH
    address: {{city: Berlin, country: DE}}
    email: info@acme.example
{fields}activities:
  - id: a
    name: A
    organisation: acme
{activity}"""


def test_section38_counts_persons_constantly_processing(tmp_path):
    # 45 employees, of whom 8 work with personal data by automated means: no DPO duty by number
    assert not findings(run(tmp_path / "a", section38("    employees: 45\n    processing_staff: 8\n")), "RP106")
    [finding] = findings(run(tmp_path / "b", section38("    employees: 45\n")), "RP106")
    assert finding.severity is Severity.WARNING and "processing_staff" in finding.message
    [finding] = findings(run(tmp_path / "c", section38("    processing_staff: 20\n")), "RP106")
    assert finding.severity is Severity.ERROR


def test_section38_dpo_regardless_of_size(tmp_path):
    small = "    employees: 5\n    processing_staff: 3\n"
    [finding] = findings(run(tmp_path / "a", section38(small, "    dpia: {status: required}\n")), "RP106")
    assert "regardless of its size" in finding.message and "DPIA: a" in finding.message
    trade = small + "    commercial_data_processing: [market-research]\n"
    [finding] = findings(run(tmp_path / "b", section38(trade)), "RP106")
    assert "market-research" in finding.message


# --- word lists (RP605, RP606, RP208) ---------------------------------------------------------------

@pytest.mark.parametrize("purpose, generic", [
    ("Allgemeine Geschäftszwecke", True),
    ("Zwecke der Verwaltung", True),
    ("for our internal business purposes", True),
    ("Improving products and services", True),
    ("Marketing und Werbung", True),
    ("Versand des Newsletters an Abonnenten", False),
    ("Bedarfsgerechte und kundenspezifische Beratung", False),
    ("Erarbeitung von Angeboten und Auftragsabwicklung", False),
])
def test_generic_purposes_in_both_languages(tmp_path, purpose, generic):
    text = ORG + f"activities:\n  - {{id: a, name: A, organisation: acme, purposes: [\"{purpose}\"]}}\n"
    assert bool(findings(run(tmp_path, text), "RP605")) is generic


@pytest.mark.parametrize("criterion, vague", [
    # the FACTS42 notice, 3.1.2 and 3.3
    ("Solange für die Bearbeitung der Angebote und Aufträge sowie die fortgesetzte Begleitung während "
     "der Vertragsdurchführung erforderlich; danach Löschung oder Anonymisierung", True),
    ("Bis zum Ablauf der steuer- oder handelsrechtlichen Aufbewahrungsfrist", True),
    ("As long as needed to handle offers and orders", True),
    ("For a period of time consistent with the original purpose of collection", True),
    ("10 Jahre ab Ende des Kalenderjahres (gesetzliche Aufbewahrungsfrist nach § 147 AO)", False),
    ("Bis zum Widerruf der Einwilligung", False),
    ("Session-Cookies werden nach Ende des Besuchs automatisch gelöscht", False),
])
def test_vague_retention_anywhere_in_the_text(tmp_path, criterion, vague):
    text = ORG + f"activities:\n  - {{id: a, name: A, organisation: acme, retention: [{{criterion: \"{criterion}\"}}]}}\n"
    assert bool(findings(run(tmp_path, text), "RP606")) is vague


@pytest.mark.parametrize("mechanism, considered", [
    ("Einwilligung durch den Träger der elterlichen Verantwortung", True),
    ("Zustimmung der Erziehungsberechtigten per E-Mail", True),
    ("Unter 16 nur mit Einwilligung der Sorgeberechtigten", True),
    ("Consent of the holder of parental responsibility", True),
    ("Anmeldeformular", False),
])
def test_children_consent_in_german_wording(tmp_path, mechanism, considered):
    text = ORG + f"""\
data_subjects:
  - {{id: kids, name: Kinder, children: true}}
activities:
  - id: a
    name: A
    organisation: acme
    data_subjects: [kids]
    legal_bases: [{{basis: art6-1-a, consent: {{mechanism: "{mechanism}", withdrawal: Konto}}}}]
"""
    assert bool(findings(run(tmp_path, text), "RP208")) is not considered


def test_every_word_list_names_its_source():
    hygiene = vocab.hygiene()
    for name in ("generic_purposes", "vague_retention", "art8_markers", "device_access", "device_consent"):
        assert hygiene.sources[name] and len(getattr(hygiene, name)) > 5, name


# --- vocabularies ---------------------------------------------------------------------------------------

def test_vocabulary_decisions_have_number_date_and_source():
    brazil = vocab.adequacy()["BR"]
    assert (brazil.decision, brazil.date) == ("Implementing Decision (EU) 2026/179", _dt.date(2026, 1, 26))
    assert vocab.adequacy_for("BR", _dt.date(2026, 1, 25)) is None
    assert "PIPEDA" in vocab.adequacy()["CA"].scope and "APPI" in vocab.adequacy()["JP"].scope
    assert "HR" in vocab.adequacy()["US"].scope
    assert vocab.adequacy_for("EPO", ON).date == _dt.date(2025, 7, 15)
    assert vocab.destination_name("EPO", "de") == "Europäische Patentorganisation"
    for decision in vocab.adequacy().values():
        assert decision.decision and decision.date and decision.source, decision.country


def test_international_organisation_is_a_destination(tmp_path):
    text = ORG + """\
recipients:
  - {id: epo, name: European Patent Office, role: authority, country: DE}
activities:
  - id: a
    name: A
    organisation: acme
    recipients: [epo]
    transfers:
      - {recipient: epo, country: DE, international_organisation: EPO, mechanism: none}
"""
    # Chapter V applies although the seat is in the EEA
    [finding] = findings(run(tmp_path / "a", text), "RP302")
    assert "(EPO)" in finding.message
    assert not findings(run(tmp_path / "b", text.replace("mechanism: none", "mechanism: adequacy"), today=ON), "RP303")
    unknown = text.replace("international_organisation: EPO", "international_organisation: WHO")
    assert [f.code for f in load(write_and_load(tmp_path / "c", unknown)).findings] == ["RP015"]


def write_and_load(root: Path, text: str) -> Path:
    from tests.helpers import write_registry

    return write_registry(root, text)


# --- one transfer assessment -------------------------------------------------------------------------------

def test_rules_and_transfers_view_agree(tmp_path):
    """`ropa transfers` shows a transfer as ok exactly when no RP3xx rule reports it."""
    from ropa.inspect.transfers import OK, transfer_matrix

    for root, on in ((LAWFUL, ON), (ROOT / "registry", _dt.date(2026, 11, 25)), (SAMPLE, _dt.date(2026, 11, 25))):
        report = check(load(root), today=on)
        rows = transfer_matrix(report.registry, today=on, include_unrecorded=False)
        transfer_codes = ("RP302", "RP303", "RP304", "RP305", "RP306", "RP307", "RP308")
        # a finding names every activity of its cause; one about a ceased service keeps the others as related
        reported = {t for f in report.findings if f.code in transfer_codes for t in f.targets}
        reported |= {r.target for f in report.findings if f.code == "RP603" for r in f.related
                     if r.code in transfer_codes}
        for row in rows:
            if row.status == OK:
                assert not set(row.activities) & reported, (root, row)
            else:
                assert set(row.activities) & reported, (root, row)


def test_assessment_statuses():
    from ropa.transfer import INCOMPLETE, INVALID, OK, assess_in

    registry = load(LAWFUL).registry
    activity = registry.activities["tutoring"]
    [transfer] = activity.transfers
    assert assess_in(activity, transfer, registry, ON).status == OK
    assert assess_in(activity, transfer, registry, _dt.date(2025, 1, 1)).status == INVALID
    mailer = registry.activities["subscriptions"].transfers[2]
    from ropa.model import replace

    assert assess_in(registry.activities["subscriptions"], replace(mailer, tia=None), registry, ON).status == INCOMPLETE


# --- consistency rules (RP701-RP704) ---------------------------------------------------------------------

def test_transfer_to_a_country_the_recipient_is_not_in(tmp_path):
    text = ORG + """\
recipients:
  - {id: v, name: V, role: processor, country: US, storage: [US, IN], contract: {type: dpa},
     address: {city: Toronto, country: CA}}
activities:
  - id: a
    name: A
    organisation: acme
    recipients: [v]
    transfers:
      - {recipient: v, country: US, mechanism: scc, scc_module: 2, tia: {reference: T}}
"""
    found = findings(run(tmp_path, text), "RP701")
    assert sorted(f.message.split(":")[0] if "address" in f.message else f.message for f in found) == sorted([
        "recipient 'v' is established in US but its address is in CA",
        "'v' stores data in IN, but 'a' records transfers to it only to US"])


def test_old_sccs_and_pre_dpf_listings(tmp_path):
    text = ORG + """\
recipients:
  - id: v
    name: V
    role: processor
    country: US
    contract: {type: scc, date: 2020-05-01}
    certifications: [{scheme: eu-us-dpf, status: active, checked: 2020-01-01, covers: both}]
activities:
  - id: a
    name: A
    organisation: acme
    recipients: [v]
    transfers: [{recipient: v, country: US, mechanism: scc, scc_module: 2, tia: {reference: T}}]
"""
    found = findings(run(tmp_path, text, today=ON), "RP702")
    assert len(found) == 2 and all(f.severity is Severity.ERROR for f in found)
    assert any("old clauses ceased" in f.message for f in found)
    assert any("not a DPF listing" in f.message for f in found)


def test_sub_processor_of_a_controller(tmp_path):
    text = ORG + """\
recipients:
  - {id: agency, name: Agency, role: controller, country: DE, sub_processors: [printer]}
  - {id: printer, name: Printer, role: sub-processor, country: DE, contract: {type: dpa}}
"""
    [finding] = findings(run(tmp_path, text), "RP703")
    assert "whose role is 'controller'" in finding.message


def test_contract_basis_for_persons_who_are_not_parties(tmp_path):
    text = ORG + """\
data_subjects:
  - {id: visitors, name: Visitors, dpv: "dpv:Visitor"}
  - {id: employees, name: Employees, dpv: "dpv:Employee"}
activities:
  - {id: a, name: A, organisation: acme, data_subjects: [visitors], legal_bases: [{basis: art6-1-b}]}
  - {id: b, name: B, organisation: acme, data_subjects: [employees],
     legal_bases: [{basis: art6-1-a, consent: {mechanism: Form, withdrawal: Mail}}]}
"""
    assert [f.target for f in findings(run(tmp_path, text), "RP704")] == ["a", "b"]


# --- duplicate activity ids -------------------------------------------------------------------------------------

def test_duplicate_activities_are_both_reported_and_both_checked(tmp_path):
    first = ORG + "activities:\n  - {id: crm, name: CRM, organisation: acme, purposes: [Kundenbetreuung per Telefon]}\n"
    second = "activities:\n  - {id: crm, name: CRM copy, organisation: acme}\n"
    report = run(tmp_path, {"registry.yaml": first, "activities/z.yaml": second})
    duplicates = findings(report, "RP014")
    assert sorted(Path(f.span.file).name for f in duplicates) == ["registry.yaml", "z.yaml"]
    # the second record is not dropped: its missing purposes are reported, in its own file
    [missing] = findings(report, "RP101")
    assert Path(missing.span.file).name == "z.yaml" and missing.target == "crm"
    assert sorted(a.name.get() for a in report.registry.activities.values()) == ["CRM", "CRM copy"]
    # deterministic: the same findings on every load
    assert [str(f) for f in run(tmp_path).findings] == [str(f) for f in report.findings]


def test_view_and_rules_agree_on_a_retired_activity_and_a_dpf_check(tmp_path):
    """The view used to judge retired activities and to ignore DPF coverage; now both ask one function."""
    from ropa.inspect.transfers import transfer_matrix

    text = dpf("{scheme: eu-us-dpf, status: active, covers: non-hr, checked: 2026-02-01}", "[staff]") + """\
  - id: old
    name: Old
    organisation: acme
    status: retired
    recipients: [saas]
    transfers: [{recipient: saas, country: US, mechanism: none}]
"""
    report = run(tmp_path, text, today=ON)
    rows = transfer_matrix(report.registry, today=ON, include_unrecorded=False)
    assert [(r.mechanism, r.status, r.activities) for r in rows] == [("dpf", "invalid", ("a",))]
    assert "HR data" in rows[0].problem and [f.target for f in findings(report, "RP305")] == ["a"]


def test_suggested_mechanism_for_ropa_new():
    from ropa.transfer import suggest_mechanism

    registry = load(LAWFUL).registry
    suggested = {rid: suggest_mechanism(registry, rid, ON) for rid in registry.recipients}
    assert suggested == {"uk-support": "adequacy", "ch-hosting": "adequacy", "no-backup": None, "us-mailer": None,
                         "us-hr-cloud": "dpf", "br-tutors": "adequacy", "epo": None, "in-hotel": None,
                         "video-platform": "dpf", "tax-office": None}
    assert suggest_mechanism(registry, "br-tutors", _dt.date(2026, 1, 1)) is None  # before 2026/179
    # a listing that covers only non-HR data does not carry HR data
    assert suggest_mechanism(registry, "video-platform", ON, hr_data=True) is None


def test_transfers_view_shows_a_scope_to_confirm(tmp_path):
    from ropa.inspect.transfers import transfer_matrix

    text = ORG + """\
recipients:
  - {id: jp, name: KK Tokyo, role: processor, country: JP, contract: {type: dpa}, adequacy_scope: true}
activities:
  - id: a
    name: A
    organisation: acme
    recipients: [jp]
    transfers: [{recipient: jp, country: JP, mechanism: adequacy}]
"""
    [row] = transfer_matrix(run(tmp_path, text).registry, today=ON)
    assert row.status == "ok" and "APPI" in row.cells()[3] and "APPI" in row.as_dict()["scope"]
    # not stated whether the recipient is an APPI business operator: to confirm (RP303 warning)
    report = run(tmp_path / "b", text.replace(", adequacy_scope: true", ""))
    [row] = transfer_matrix(report.registry, today=ON)
    assert row.status == "incomplete"
    assert [(f.code, f.severity.value) for f in report.findings if f.code == "RP303"] == [("RP303", "warning")]
    report = run(tmp_path / "c", text.replace("adequacy_scope: true", "adequacy_scope: false"))
    assert [(f.code, f.severity.value) for f in report.findings if f.code == "RP303"] == [("RP303", "error")]
