"""Interpretations are marked in every view and export; `ropa questions` asks the controller."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from ropa.check import check
from ropa.cli import app
from ropa.export import render, snapshot
from ropa.inspect.questions import questionnaire, text_lines
from ropa.inspect.show import show
from ropa.load import load
from tests.helpers import findings, run

ROOT = Path(__file__).resolve().parents[2]
CONTROLLER = ROOT / "tests" / "fixtures" / "controller"


# --- interpretations ---------------------------------------------------------------------------

def test_validator_lists_every_interpretation_as_a_warning():
    report = check(load(CONTROLLER))
    listed = sorted((f.target, f.span.line) for f in report.findings if f.code == "RP609")
    assert listed == [("contact-form", 29), ("contact-form", 32), ("shop", 20), ("vendorsoft-service", 50)]
    assert {f.severity.value for f in report.findings if f.code == "RP609"} == {"warning"}


def test_open_point_naming_no_field_is_an_error(tmp_path):
    text = """\
activities:
  - id: crm
    name: CRM
    organisation: acme
    gaps:
      - {field: retention, note: fine}
      - {field: retension, note: typo}
    conflicts:
      - {field: consent.mechanism, note: a nested field}
    interpretations:
      - {field: legal_bases.consent.nonsense, note: no such field}
recipients:
  - id: host
    name: Host
    role: processor
    interpretations: [{field: storage_country, note: typo}]
"""
    report = run(tmp_path, {"registry.yaml": text}, select=["RP610"])
    assert sorted((f.target, f.span.line) for f in findings(report, "RP610")) == [
        ("crm", 7), ("crm", 11), ("host", 16)]


def test_show_and_exports_mark_the_interpreted_field():
    report = check(load(CONTROLLER))
    facts = {f.key: f.value for f in show(report, "contact-form", "de").facts}
    assert facts["data_categories"] == ("Kontaktdaten\nAuslegung: „Kontaktdaten“ ist die Kategorie der Hinweise; "
                                        "Name und Anschrift werden nicht genannt.")
    assert facts["legal_bases"].endswith("\nAuslegung: [en] The notice names no way to withdraw consent; "
                                         "e-mail to the privacy address is assumed.")
    assert "Auslegung" not in facts["purposes"]
    recipient = {f.key: f.value for f in show(report, "vendorsoft-service", "en").facts}
    assert recipient["role"].startswith("processor\nInterpretation: [de] Die Hinweise nennen VendorSoft")

    outputs = {o.name: o.data for o in render(snapshot(CONTROLLER), ["xlsx", "csv", "md", "html", "json", "jsonld"],
                                              ["en"])}
    assert "\"@value\": \"Auslegung (Datenkategorien): „Kontaktdaten“" in outputs["ropa-shop.jsonld"].decode()
    assert '"field": "consent.withdrawal"' in outputs["ropa-shop.json"].decode()
    wb = openpyxl.load_workbook(io.BytesIO(outputs["ropa-shop-en.xlsx"]), read_only=True)
    rows = list(wb["Processing activities"].iter_rows(values_only=True))
    categories = rows[0].index("Categories of personal data (Art. 30(1)(c))")
    assert rows[1][categories].startswith("Contact data\nInterpretation: [de] „Kontaktdaten“")
    cover = "\n".join(str(v) for row in wb["Cover"].iter_rows(values_only=True) for v in row if v)
    assert "Open points" in cover and "dpo_required – Interpretation: [de] Die Pflicht" in cover  # marked: German only
    assert "Interpretation: [de] „Kontaktdaten“" in outputs["ropa-shop-en-activities.csv"].decode()
    assert "Interpretation: [de] Die Hinweise nennen VendorSoft" in outputs["ropa-shop-en-recipients.csv"].decode()
    assert "Contact data<br>Interpretation: \\[de\\] „Kontaktdaten“" in outputs["ropa-shop-en.md"].decode()
    assert "Interpretation: [de] „Kontaktdaten“" in outputs["ropa-shop-en.html"].decode()


# --- questions ---------------------------------------------------------------------------------

def test_questionnaire_asks_every_open_point_grouped_with_source_and_art30_point():
    q = questionnaire(snapshot(CONTROLLER), "de")
    asked = [(x.number, x.group, x.target, x.kind, x.field) for x in q.questions]
    assert asked == [
        (1, "organisation", "shop", "interpretation", "dpo_required"),
        (2, "activity", "contact-form", "conflict", "legal_bases"),
        (3, "activity", "contact-form", "gap", "retention"),
        (4, "activity", "contact-form", "interpretation", "data_categories"),
        (5, "activity", "contact-form", "interpretation", "consent.withdrawal"),
        (6, "recipient", "vendorsoft-service", "interpretation", "role"),
        (7, "recipient", "vendorsoft-service", "error", "RP401"),
    ]  # RP501 (no retention) is asked by the retention gap already; the vendor's activity is not asked
    gap = q.questions[2]
    assert gap.point == "Fristen für die Löschung (Art. 30 Abs. 1 lit. f)"
    assert gap.sources == ("Datenschutzhinweise, Abschn. 1, Z. 5: „solange es gesetzlich vorgeschrieben ist“",)
    assert gap.location == "activities/shop.yaml:17"
    assert gap.also == ("RP501 Tätigkeit 'contact-form' nennt keine Löschfrist",)  # asked once, here
    assert q.questions[4].note.startswith("[en] The notice names no way")
    assert q.questions[6].note.startswith("Auftragsverarbeiter 'vendorsoft-service': Vertragsart nicht bekannt")  # ropa's own message, in German
    assert q.questions[6].point == "Vertrag"  # the recipient column the rule judges
    english = questionnaire(snapshot(CONTROLLER), "en")
    assert english.questions[2].point == "Retention schedule (Art. 30(1)(f))"
    assert english.questions[2].sources[0].endswith(': [de] "solange es gesetzlich vorgeschrieben ist"')
    assert [x.kind for x in questionnaire(snapshot(CONTROLLER), "en", findings=False).questions].count("error") == 0


def test_questionnaire_text_fits_80_columns_and_says_what_the_answers_are_for():
    lines = text_lines(questionnaire(snapshot(CONTROLLER), "en"), width=80)
    assert all(len(line) <= 80 for line in lines)
    text = "\n".join(lines)
    assert text.startswith("Questions for the controller: Beispiel Shop GmbH (2024-02-01)\n")
    assert "input for the next version of the record" in " ".join(text.split())
    assert "\nProcessing activity contact-form: Contact form\n" in text
    assert "3. [Gap] retention (blocks: Retention schedule (Art. 30(1)(f)))" in text


def test_ropa_questions_process_prints_the_german_questionnaire_in_a_pipe():
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "ropa", "questions", str(CONTROLLER), "--lang", "de"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert out[0] == "Fragen an den Verantwortlichen: Beispiel Shop GmbH (01.02.2024)"
    assert all(len(line) <= 80 for line in out)
    assert "Fragen: 7" in out and "Verarbeitungstätigkeit contact-form: Kontaktformular" in out
    assert "2. [Widerspruch] legal_bases (blockiert: Rechtsgrundlage)" in out
    assert "Grundlage der nächsten Version des Verzeichnisses" in " ".join(proc.stdout.split())
    assert out.count("   Antwort:") == 7


def test_questionnaire_files_have_an_answer_column_and_neutralised_cells(tmp_path):
    registry = tmp_path / "reg"
    import shutil

    shutil.copytree(CONTROLLER, registry)
    shop = registry / "activities" / "shop.yaml"
    shop.write_text(shop.read_text().replace('"„Kontaktdaten“ ist', '"=HYPERLINK(1) „Kontaktdaten“ ist'))
    runner = CliRunner()
    result = runner.invoke(app, ["questions", str(registry), "--lang", "de", "-f", "xlsx", "-f", "md,html",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["questions-shop-de.html", "questions-shop-de.md", "questions-shop-de.xlsx"]
    data = (tmp_path / "out" / "questions-shop-de.xlsx").read_bytes()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Fragen an den Verantwortlichen"]
    header = [c.value for c in ws[1]]
    assert header[0] == "Nr." and header[-1] == "Antwort"
    assert [row[-1].value for row in ws.iter_rows(min_row=2)] == [None] * 7
    cell = next(c for row in ws.iter_rows(min_row=2) for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula
    again = runner.invoke(app, ["questions", str(registry), "--lang", "de", "-f", "xlsx", "--out", str(tmp_path / "o2")])
    assert again.exit_code == 0 and (tmp_path / "o2" / "questions-shop-de.xlsx").read_bytes() == data
    md = (tmp_path / "out" / "questions-shop-de.md").read_text()
    assert "| Nr. | Betrifft |" in md and "Antwort |" in md
    assert "Grundlage der nächsten Version des Verzeichnisses" in md
    assert "&lt;" not in md and "=HYPERLINK(1)" in (tmp_path / "out" / "questions-shop-de.html").read_text()


def test_questions_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["questions", str(CONTROLLER), "--lang", "fr"]).exit_code == 2
    assert runner.invoke(app, ["questions", str(CONTROLLER), "-f", "pdf"]).exit_code == 2
    unknown = runner.invoke(app, ["questions", str(CONTROLLER), "--organisation", "nope"])
    assert unknown.exit_code == 2 and "unknown organisation 'nope'" in unknown.output
