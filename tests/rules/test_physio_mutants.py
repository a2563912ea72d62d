"""A fresh registry unlike FACTS42 (tests/fixtures/physio: a 60-person physiotherapy chain with
health data, children, staff, applicants, a processor record, US and Canadian recipients) and
single-defect mutants across the families of issue 24 item 4, written before the rules were
tuned against them.

* the lawful registry has no finding at all;
* each mutant changes one fact and must produce exactly one new finding, of the expected rule,
  about the expected entry (nothing else appears or disappears);
* each variant changes a fact in a way the law allows and must stay clean (false alarms);
* a mutant ropa does not detect yet is marked ``xfail(strict=True)`` with what is missing: the
  day a rule detects it, the test says so.

``python -m tests.rules.test_physio_mutants`` prints detected/clean.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

from ropa.check import check
from ropa.load import load

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "physio"
TODAY = dt.date(2026, 3, 1)
TEXT = (FIXTURE / "registry.yaml").read_text(encoding="utf-8")


def _activity(ident: str) -> tuple[int, int]:
    start = TEXT.index(f"  - id: {ident}\n", TEXT.index("\nactivities:\n"))
    end = TEXT.find("\n  - id: ", start + 1)
    return start, len(TEXT) if end < 0 else end


def in_activity(ident: str, old: str, new: str) -> tuple[str, str]:
    """A replacement that must happen inside one activity's block (made unique by the block)."""
    start, end = _activity(ident)
    block = TEXT[start:end]
    assert old in block, (ident, old)
    return block, block.replace(old, new, 1)


def in_activity_all(ident: str, *changes: tuple[str, str]) -> tuple[str, str]:
    """Several replacements inside one activity's block, as one change."""
    start, end = _activity(ident)
    block = new = TEXT[start:end]
    for old, replacement in changes:
        assert new.count(old) == 1, (ident, old)
        new = new.replace(old, replacement)
    return block, new


class M:
    """A mutant: one change, the family it tests, the finding expected (code, target)."""

    def __init__(self, ident: str, family: str, change: tuple[str, str] | list[tuple[str, str]],
                 expected: tuple[str, str], missing: str | None = None) -> None:
        self.ident, self.family, self.expected, self.missing = ident, family, expected, missing
        self.changes = change if isinstance(change, list) else [change]

    def text(self) -> str:
        text = TEXT
        for old, new in self.changes:
            assert text.count(old) == 1, (self.ident, old)
            text = text.replace(old, new)
        return text


MUTANTS = [
    # --- statute quality (Art. 6(3), Art. 9(2)(b), (g)-(j)) ---
    M("statute-placeholder", "statute quality",
      in_activity("payroll", "statute: § 41 EStG, § 28a SGB IV", "statute: gesetzliche Aufbewahrungspflichten"),
      ("RP206", "payroll")),
    M("statute-is-the-gdpr", "statute quality",
      in_activity("billing", "statute: § 302 SGB V, § 147 AO, § 257 HGB", "statute: Art. 6 Abs. 1 lit. c DSGVO"),
      ("RP206", "billing")),
    M("art9-2-h-without-statute", "statute quality",
      in_activity("treatment-records", "      - basis: art9-2-h\n        statute: § 22 Abs. 1 Nr. 1 lit. b BDSG\n",
                  "      - basis: art9-2-h\n"),
      ("RP206", "treatment-records")),
    # --- employment context (§ 26 BDSG, § 26(8) S. 2: applicants are employees) ---
    M("payroll-on-consent", "employment context",
      in_activity("payroll", "      - basis: art6-1-b\n        scope: Arbeitsvertrag\n",
                  "      - basis: art6-1-a\n        consent: {mechanism: Formular, withdrawal: Personalabteilung}\n"),
      ("RP704", "payroll")),
    M("applicants-on-bdsg-26-only", "employment context",
      in_activity("applications", "      - basis: art6-1-b\n        scope: Anbahnung des Beschäftigungsverhältnisses "
                                  "(§ 26 Abs. 8 S. 2 BDSG)\n", "      - basis: bdsg-26\n"),
      ("RP201", "applications")),
    M("talent-pool-without-consent", "employment context",
      in_activity("applications", "      - Auswahl von Bewerberinnen und Bewerbern für offene Stellen\n",
                  "      - Auswahl von Bewerberinnen und Bewerbern für offene Stellen\n"
                  "      - Aufnahme abgelehnter Bewerber in einen Talentpool für künftige Stellen\n"),
      ("RP210", "applications")),
    # --- children (Art. 8; Art. 6(1)(f) and recital 38) ---
    M("children-marketing-on-legitimate-interest", "children",
      in_activity("newsletter", """      - basis: art6-1-a
        consent:
          mechanism: Double-Opt-in auf der Website
          withdrawal: Abmeldelink in jedem Newsletter
          record: Opt-in-Protokoll beim Versanddienstleister
    data_subjects: [enquirers]""", """      - basis: art6-1-f
        interest: Werbung für Präventionskurse
        lia: LIA-2025-09
    data_subjects: [enquirers, child-patients]"""),
      ("RP202", "newsletter")),
    M("children-consent-without-art8", "children",
      in_activity("exercise-programme", "    data_subjects: [patients]\n", "    data_subjects: [child-patients]\n"),
      ("RP208", "exercise-programme")),
    # --- dates against each other ---
    M("contract-in-the-future", "dates",
      ("contract: {type: dpa, reference: AVV-2024-05, date: 2024-05-15}",
       "contract: {type: dpa, reference: AVV-2024-05, date: 2026-05-15}"),
      ("RP702", "billing-centre")),
    M("review-before-creation", "dates",
      in_activity("newsletter", "    created: 2025-06-01\n", "    created: 2026-02-10\n"),
      ("RP602", "newsletter")),
    # --- roles against instruments ---
    # --- countries along the chain (Art. 30(1)(e), 44) ---
    M("chain-leaves-eea-unrecorded", "countries along the chain",
      in_activity("corporate-clients", "    transfers:  # Microsoft Ireland's support sub-processor in the US: the "
                  "chain leaves the EEA (RP309)\n      - {recipient: ms-corp, country: US, mechanism: dpf}\n",
                  "    transfers: []\n"),
      ("RP309", "corporate-clients")),
    M("tia-for-another-country", "countries along the chain",
      in_activity("office-mail", "      - {recipient: ms-corp, country: US, mechanism: dpf}",
                  "      - {recipient: ms-corp, country: US, mechanism: scc, scc_module: 2, "
                  "tia: {reference: TIA-UK-1, date: 2025-01-01, country: GB}}"),
      ("RP310", "office-mail")),
    M("scc-module-1-for-a-processor", "roles against instruments",
      in_activity("office-mail", "      - {recipient: ms-corp, country: US, mechanism: dpf}",
                  "      - {recipient: ms-corp, country: US, mechanism: scc, scc_module: 1, "
                  "tia: {reference: TIA-1, date: 2025-01-01}}"),
      ("RP306", "office-mail")),
    M("processor-with-joint-control-arrangement", "roles against instruments",
      ("contract: {type: dpa, reference: AVV-2023-11, date: 2023-11-01}",
       "contract: {type: joint-control-arrangement, reference: JCA-1, date: 2023-11-01}"),
      ("RP401", "web-hoster")),
    M("joint-controller-field-empty", "roles against instruments",
      ("  - id: health-insurers\n    name: Gesetzliche Krankenkassen\n    role: controller\n",
       "  - id: health-insurers\n    name: Gesetzliche Krankenkassen\n    role: joint-controller\n"
       "    contract: {type: joint-control-arrangement, reference: JCA-2024, date: 2024-05-01}\n"),
      ("RP406", "billing")),
    # --- adequacy scope ---
    M("dpf-listing-not-covering-hr", "adequacy scope",
      ("      - {scheme: eu-us-dpf, status: active, checked: 2026-02-01, covers: both}",
       "      - {scheme: eu-us-dpf, status: active, checked: 2026-02-01, covers: non-hr}"),
      ("RP305", "office-mail")),
    M("dpf-listing-inactive", "adequacy scope",
      ("      - {scheme: eu-us-dpf, status: active, checked: 2026-02-01, covers: both}",
       "      - {scheme: eu-us-dpf, status: inactive, checked: 2026-02-01, covers: both}"),
      ("RP305", "office-mail")),
    M("adequacy-to-a-country-without-one", "adequacy scope",
      [("    country: CA\n    storage: [CA]\n", "    country: IN\n    storage: [IN]\n"),
       ("{recipient: exercise-app, country: CA, mechanism: adequacy}",
        "{recipient: exercise-app, country: IN, mechanism: adequacy}")],
      ("RP303", "exercise-programme")),
    M("canada-public-body-outside-pipeda", "adequacy scope",
      ("    adequacy_scope: true  # a commercial organisation subject to PIPEDA\n",
       "    adequacy_scope: false  # a provincial health authority, outside PIPEDA\n"),
      ("RP303", "exercise-programme")),
    M("canada-scope-not-recorded", "adequacy scope",
      ("    adequacy_scope: true  # a commercial organisation subject to PIPEDA\n", ""),
      ("RP303", "exercise-programme")),
    # --- Art. 30(2) content ---
    M("processor-record-without-controllers", "Art. 30(2) content",
      in_activity("werft-health-programme", "    controllers: [werft-ag]\n", ""),
      ("RP107", "werft-health-programme")),
    M("processor-record-without-categories", "Art. 30(2) content",
      in_activity("werft-health-programme",
                  "    description: Anmeldung, Teilnehmerlisten und Anwesenheit der Rückenkurse im Auftrag der "
                  "Nordwerft AG (Art. 28 DSGVO); keine Gesundheitsdaten.\n", ""),
      ("RP109", "werft-health-programme")),
    # --- vague purposes and periods ---
    M("generic-purpose", "vague purposes and periods",
      in_activity("office-mail", "      - Schriftverkehr der Praxen per E-Mail und Ablage von Verwaltungsdokumenten\n",
                  "      - Verwaltung\n"),
      ("RP605", "office-mail")),
    M("vague-period", "vague purposes and periods",
      in_activity("contact-form", "      - period: P6M\n        trigger: Abschluss der Anfrage\n",
                  "      - criterion: Solange dies erforderlich ist\n"),
      ("RP606", "contact-form")),
    M("vouchers-ten-years", "vague purposes and periods",
      in_activity("billing", "        period: P8Y\n", "        period: P10Y\n"),
      ("RP506", "billing")),
    # --- countries along the chain ---
    M("storage-outside-eea-without-transfer", "countries along the chain",
      ("    storage: [DE]\n    category: Webhoster\n", "    storage: [US]\n    category: Webhoster\n"),
      ("RP301", "contact-form")),
    M("transfer-country-differs", "countries along the chain",
      in_activity("exercise-programme", "{recipient: exercise-app, country: CA, mechanism: adequacy}",
                  "{recipient: exercise-app, country: JP, mechanism: adequacy}"),
      ("RP701", "exercise-programme")),
    # --- device access, contracts, special categories, ceased recipients ---
    M("analytics-on-legitimate-interest", "device access (§ 25 TDDDG)",
      in_activity("contact-form", "    cookies: none\n", "    cookies: non-essential\n"),
      ("RP207", "contact-form")),
    M("processor-without-contract", "contracts",
      ("    contract: {type: dpa, reference: AVV-2025-06, date: 2025-06-01}\n", ""),
      ("RP401", "mailer")),
    M("health-data-without-art9", "special categories",
      in_activity("payroll", "      - basis: art9-2-b\n        statute: § 26 Abs. 3 BDSG, § 5 EntgFG\n", ""),
      ("RP204", "payroll")),
    M("ceased-recipient", "ceased services",
      ("    category: Newsletter-Versanddienstleister\n",
       "    category: Newsletter-Versanddienstleister\n    ceased: 2025-12-31\n"),
      ("RP603", "newsletter")),
    M("contact-persons-on-contract", "employment and business contacts",
      in_activity("corporate-clients", """      - basis: art6-1-f
        interest: Kommunikation mit den Ansprechpartnern der Vertragspartner
        lia: LIA-2025-03""", "      - basis: art6-1-b"),
      ("RP704", "corporate-clients")),
]

# Changes the law allows: each must stay clean (a false alarm costs as much trust as a miss).
VARIANTS = [
    # a DPIA screening dated after the record was created: the model has no date the processing
    # started (`created` is the record's date), and a screening or DPIA redone later is what
    # Art. 35(11) asks for; once a mutant that expected RP702, it is lawful as far as the record shows
    ("dpia-screening-redone-after-creation",
     in_activity("treatment-records", "dpia: {status: not-required, reference: SCREEN-2025-01, date: 2025-01-15}",
                 "dpia: {status: not-required, reference: SCREEN-2025-01, date: 2025-09-15}"),
     None),
    # a talent pool on the applicants' consent with its own erasure period (§ 26(2), (8) BDSG)
    ("talent-pool-on-consent-with-its-own-period",
     in_activity_all(
         "applications",
         ("      - Auswahl von Bewerberinnen und Bewerbern für offene Stellen\n",
          "      - Auswahl von Bewerberinnen und Bewerbern für offene Stellen\n"
          "      - Aufnahme abgelehnter Bewerber in einen Talentpool für künftige Stellen\n"),
         ("        scope: Anbahnung des Beschäftigungsverhältnisses (§ 26 Abs. 8 S. 2 BDSG)\n",
                  "        scope: Anbahnung des Beschäftigungsverhältnisses (§ 26 Abs. 8 S. 2 BDSG)\n"
                  "      - basis: art6-1-a\n        scope: Talentpool\n"
                  "        consent: {mechanism: Ankreuzfeld im Bewerbungsformular, withdrawal: E-Mail an die "
                  "Personalabteilung}\n"),
         ("    retention:\n      - period: P6M\n",
          "    retention:\n      - period: P2Y\n        trigger: Einwilligung in den Talentpool\n"
          "        criterion: früher, wenn die Einwilligung widerrufen wird\n      - period: P6M\n")),
     None),
    # consent of employees for a voluntary part of payroll (a benefit), beside the contract
    ("employee-consent-for-a-voluntary-benefit",
     in_activity("payroll", "      - basis: art6-1-b\n        scope: Arbeitsvertrag\n",
                 "      - basis: art6-1-b\n        scope: Arbeitsvertrag\n      - basis: art6-1-a\n"
                 "        scope: Jobrad-Leasing (freiwillige Zusatzleistung, § 26 Abs. 2 S. 2 BDSG)\n"
                 "        consent: {mechanism: Unterschriebene Vereinbarung, withdrawal: Personalabteilung}\n"),
     None),
    ("dpf-listing-covering-hr-data-for-payroll",
     [("  - id: tax-advisor\n", "  - id: hr-cloud\n    name: PeopleCloud Inc.\n    role: processor\n    country: US\n"
       "    storage: [US]\n    contract: {type: dpa, reference: AVV-2025-09, date: 2025-09-01}\n    certifications:\n"
       "      - {scheme: eu-us-dpf, status: active, checked: 2026-01-15, covers: hr}\n  - id: tax-advisor\n"),
      in_activity("payroll", "    recipients: [tax-advisor]\n    transfers: []\n",
                  "    recipients: [tax-advisor, hr-cloud]\n    transfers:\n"
                  "      - {recipient: hr-cloud, country: US, mechanism: dpf}\n")],
     None),
    ("national-basis-entry-counts-as-statute",
     in_activity("payroll", "      - basis: art9-2-b\n        statute: § 26 Abs. 3 BDSG, § 5 EntgFG\n",
                 "      - basis: art9-2-b\n      - basis: bdsg-26-3\n"),
     None),
    ("processor-record-notes-controllers-bases-for-information",
     in_activity("werft-health-programme", "    transfers: []\n",
                 "    legal_bases:\n      - basis: art6-1-b\n        notes: Zur Information, Rechtsgrundlage der "
                 "Nordwerft AG (Verantwortliche)\n    transfers: []\n"),
     None),
    ("art49-1-e-single-case-without-occasional",
     [("  - id: tax-advisor\n", "  - id: us-court\n    name: Superior Court of California\n    role: authority\n"
       "    country: US\n  - id: tax-advisor\n"),
      in_activity("billing", "    recipients: [billing-centre, health-insurers]\n    transfers: []\n",
                  "    recipients: [billing-centre, health-insurers, us-court]\n    transfers:\n"
                  "      - recipient: us-court\n        country: US\n        mechanism: art49-1-e\n"
                  "        notes: Einmalige Vorlage einer Rechnung in einem Zivilprozess (Einzelfall, 2026)\n")],
     None),
]


# RP120 asks which typical activities (payroll, IT, e-mail ...) the record lacks: a question of the
# record's scope, tested in tests/rules/test_rp120*.py. This fixture records the processing of a
# physiotherapy chain's patients and staff in depth, not its whole scope; the families judged here
# are the legal points of the activities it does record.
SCOPE_QUESTIONS = ("RP120", "RP612")  # RP612: document control, tested in tests/rules/test_rp612_currency.py


def _check(root: Path):
    return check(load(root), today=TODAY, ignore=SCOPE_QUESTIONS)


def _run(tmp_path: Path, text: str):
    root = tmp_path / "physio"
    shutil.copytree(FIXTURE, root)
    (root / "registry.yaml").write_text(text, encoding="utf-8")
    return _check(root)


def _diff(report, base) -> Counter:
    def key(f):
        return (f.code, f.target)
    return Counter(map(key, report.findings)) - Counter(map(key, base.findings))


def test_the_lawful_registry_has_no_finding():
    report = _check(FIXTURE)
    assert [str(f) for f in report.findings] == []


@pytest.mark.parametrize("mutant", [pytest.param(m, id=m.ident, marks=pytest.mark.xfail(strict=True, reason=m.missing))
                                    if m.missing else pytest.param(m, id=m.ident) for m in MUTANTS])
def test_each_mutant_yields_exactly_the_expected_finding(mutant, tmp_path):
    report = _run(tmp_path, mutant.text())
    base = _check(FIXTURE)
    assert dict(_diff(report, base)) == {mutant.expected: 1}, [str(f) for f in report.findings]
    assert not [f for f in report.findings if f.fatal]


@pytest.mark.parametrize("change", [pytest.param(v[1], id=v[0], marks=pytest.mark.xfail(strict=True, reason=v[2]))
                                    if v[2] else pytest.param(v[1], id=v[0]) for v in VARIANTS])
def test_each_lawful_variant_stays_clean(change, tmp_path):
    text = TEXT
    for old, new in change if isinstance(change, list) else [change]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    report = _run(tmp_path, text)
    assert [str(f) for f in report.findings] == []


def test_the_mutants_span_the_families():
    assert len(MUTANTS) >= 25 and len({m.ident for m in MUTANTS}) == len(MUTANTS)
    assert len({m.family for m in MUTANTS}) >= 9


if __name__ == "__main__":  # detected/clean, for the closing note
    import tempfile

    base = _check(FIXTURE)
    print(f"lawful: {len(base.findings)} findings")
    detected = 0
    for m in MUTANTS:
        with tempfile.TemporaryDirectory() as tmp:
            diff = _diff(_run(Path(tmp), m.text()), base)
        ok = dict(diff) == {m.expected: 1}
        detected += ok
        print(f"{'detected' if ok else 'MISSED  '} {m.family:32} {m.ident:45} {dict(diff)}")
    print(f"{detected}/{len(MUTANTS)} detected exactly")
    clean = 0
    for name, change, _missing in VARIANTS:
        text = TEXT
        for old, new in change if isinstance(change, list) else [change]:
            text = text.replace(old, new)
        with tempfile.TemporaryDirectory() as tmp:
            found = [f"{f.code} {f.target}" for f in _run(Path(tmp), text).findings]
        clean += not found
        print(f"{'clean   ' if not found else 'FLAGGED '} {name:60} {found}")
    print(f"{clean}/{len(VARIANTS)} lawful variants clean")
