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
from ropa.questions import questionnaire, text_lines
from ropa.inspect.show import show
from ropa.load import load
from tests.helpers import findings, run

ROOT = Path(__file__).resolve().parents[2]
CONTROLLER = ROOT / "tests" / "fixtures" / "controller"


# --- interpretations ---------------------------------------------------------------------------

def test_validator_lists_every_interpretation_as_a_warning():
    report = check(load(CONTROLLER))
    listed = sorted((f.target, f.span.line) for f in report.findings if f.code == "RP609")
    assert listed == [("contact-form", 29), ("contact-form", 32), ("shop", 21), ("vendorsoft-service", 51)]
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
    asked = [(x.number, x.block, tuple(c[1] for c in x.concerns), x.kind, x.field) for x in q.questions]
    assert asked == [
        (1, "controller", ("shop",), "interpretation", "dpo_required"),
        (2, "lawfulness", ("contact-form",), "conflict", "legal_bases"),
        (3, "lawfulness", ("contact-form",), "interpretation", "consent.withdrawal"),
        (4, "recipients", ("vendorsoft-service",), "error", "contract"),
        (5, "recipients", ("vendorsoft-service",), "interpretation", "role"),
        (6, "retention", ("contact-form",), "gap", "retention"),
        (7, "content", ("contact-form",), "interpretation", "data_categories"),
    ]  # blocks in their order; RP501 is asked by the retention gap; the vendor's activity is not asked
    gap = q.questions[5]
    assert gap.point == "Fristen für die Löschung (Art. 30 Abs. 1 lit. f)"
    assert gap.sources == ("Datenschutzhinweise, Abschn. 1, Z. 5: „solange es gesetzlich vorgeschrieben ist“",)
    assert gap.locations == ("activities/shop.yaml:17",)
    (also,) = gap.also  # asked once, here: the rule's finding, with the recorded gap merged into it
    assert also.startswith("RP501 Tätigkeit 'contact-form' nennt keine Löschfrist; offene Lücke")
    assert gap.ask.startswith("Wann werden diese Daten gelöscht?")  # the client's terms, not a field name
    assert q.questions[2].notes[0].startswith("[Auslegung] [en] The notice names no way")
    assert q.questions[3].notes[0].startswith("[Prüfbefund] RP401 Auftragsverarbeiter 'vendorsoft-service'")
    assert q.questions[3].point == "Vertrag"  # the recipient column the rule judges
    basis = q.questions[1].ask
    assert "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)" in basis and "lit. f" in basis  # the lawful options
    english = questionnaire(snapshot(CONTROLLER), "en")
    assert english.questions[5].point == "Retention schedule (Art. 30(1)(f))"
    assert english.questions[5].sources[0].endswith(': [de] "solange es gesetzlich vorgeschrieben ist"')
    assert [x.kind for x in questionnaire(snapshot(CONTROLLER), "en", findings=False).questions].count("error") == 0


def test_questionnaire_text_fits_80_columns_and_says_what_the_answers_are_for():
    lines = text_lines(questionnaire(snapshot(CONTROLLER), "en"), width=80)
    assert all(len(line) <= 80 for line in lines)
    text = "\n".join(lines)
    assert text.startswith("Questions for the controller: Beispiel Shop GmbH (2024-02-01)\n")
    joined = " ".join(text.split())
    assert "Your answers become part of the record as your statements" in joined
    assert "rests on the documents named in it" in joined  # a registry built from documents
    assert "\nF. Erasure time limits\n" in text
    assert "6. When are these data erased?" in text
    assert "Concerns: Processing activity contact-form (Contact form)" in text
    assert "confirm that there is none" not in joined and "blocks:" not in text


def test_ropa_questions_process_prints_the_german_questionnaire_in_a_pipe():
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "ropa", "questions", str(CONTROLLER), "--lang", "de"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert out[0] == "Fragen an den Verantwortlichen: Beispiel Shop GmbH (01.02.2024)"
    assert all(len(line) <= 80 for line in out)
    assert "Fragen: 7" in out and "C. Rechtsgrundlagen, Einwilligung und Zugriff auf Endgeräte" in out
    assert "2. Die Unterlagen sagen dazu Verschiedenes. Auf welche Rechtsgrundlage stützen" in out
    joined = " ".join(proc.stdout.split())
    assert "Ihre Antworten werden als Ihre Erklärungen Teil des Verzeichnisses" in joined
    assert "bestätigen Sie, dass es sie nicht gibt" not in joined
    assert out.count("   Antwort:") == 7


def test_questionnaire_files_have_an_answer_column_and_neutralised_cells(tmp_path):
    registry = tmp_path / "reg"
    import shutil

    shutil.copytree(CONTROLLER, registry)
    main = registry / "registry.yaml"  # a document title starts the source cell
    main.write_text(main.read_text().replace("title: {de: Datenschutzhinweise,", 'title: {de: "=HYPERLINK(1) Hinweise",'))
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
    assert header[0] == "Nr." and header[-5:] == ["Antwort", "Beantwortet von", "Datum der Antwort", "Schlüssel",
                                                  "Betrifft (Kennungen)"]
    answer = header.index("Antwort")
    assert [row[answer].value for row in ws.iter_rows(min_row=2)] == [None] * 7
    cell = next(c for row in ws.iter_rows(min_row=2) for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula
    again = runner.invoke(app, ["questions", str(registry), "--lang", "de", "-f", "xlsx", "--out", str(tmp_path / "o2")])
    assert again.exit_code == 0 and (tmp_path / "o2" / "questions-shop-de.xlsx").read_bytes() == data
    md = (tmp_path / "out" / "questions-shop-de.md").read_text()
    assert "| Nr. | Block |" in md and "Antwort |" in md
    assert "Ihre Antworten werden als Ihre Erklärungen Teil des Verzeichnisses" in md
    assert "&lt;" not in md and "=HYPERLINK(1)" in (tmp_path / "out" / "questions-shop-de.html").read_text()


def _fill(path: Path, answers: dict[int, tuple[str, str | None, str | None]]) -> Path:
    """Fill the questionnaire at ``path`` as a client would: {question number: (answer, by, date)}."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Fragen an den Verantwortlichen"]
    header = [c.value for c in ws[1]]
    cols = [header.index(name) + 1 for name in ("Antwort", "Beantwortet von", "Datum der Antwort")]
    for number, values in answers.items():
        row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[1].value == str(number) or r[1].value == number)
        for col, value in zip(cols, values):
            ws.cell(row, col).value = value
    out = path.with_name("returned.xlsx")
    wb.save(out)
    return out


def test_answers_round_trip_statements_with_their_cell_and_only_open_questions_remain(tmp_path):
    import shutil

    registry = tmp_path / "reg"
    shutil.copytree(CONTROLLER, registry)
    runner = CliRunner()
    assert runner.invoke(app, ["questions", str(registry), "--lang", "de", "-f", "xlsx", "--out",
                               str(tmp_path / "q")]).exit_code == 0
    before = questionnaire(snapshot(registry), "de")
    gap_q = next(q for q in before.questions if q.field == "retention")
    returned = _fill(tmp_path / "q" / "questions-shop-de.xlsx", {
        gap_q.number: ("Kontaktanfragen löschen wir 6 Monate nach der letzten Nachricht.", "Erika Muster", "15.03.2024"),
        1: ("", "Erika Muster", None),  # no answer: stays open
    })
    def open_gaps(report):  # the recorded gap: its own RP607 finding, or merged into the rule's (one cause once)
        return [f for f in report.findings if f.code == "RP607" or any(r.code == "RP607" for r in f.related)]

    assert len(open_gaps(run(registry))) == 1  # the retention gap is open before
    result = runner.invoke(app, ["questions", str(registry), "--lang", "de", "--answers", str(returned)])
    assert result.exit_code == 0, result.output
    assert "1 Antworten als Erklärungen des Verantwortlichen übernommen; 6 Fragen bleiben offen" in result.output
    doc = load(registry).registry.documents["answers-returned"]
    (statement,) = doc.statements
    assert statement.question == gap_q.key and statement.answer.get("de").startswith("Kontaktanfragen löschen")
    assert (statement.answered_by, str(statement.date), statement.sheet) == (
        "Erika Muster", "2024-03-15", "Fragen an den Verantwortlichen")
    assert statement.row == gap_q.number + 1 and statement.column  # the cell it was read from
    assert statement.concerns == ("contact-form",)
    assert (registry / "answers" / "returned.xlsx").read_bytes() == returned.read_bytes()  # the source, kept
    after = questionnaire(snapshot(registry), "de")
    assert [q.key for q in after.questions] == [q.key for q in before.questions if q.key != gap_q.key]
    assert [key for key, _ in after.answered] == [gap_q.key]
    assert open_gaps(run(registry)) == []  # validate: the answered gap is no longer open
    assert len(findings(run(registry), "RP609")) == len(findings(run(CONTROLLER), "RP609"))  # the rest are
    # taking the same file again rewrites the same statements
    again = runner.invoke(app, ["questions", str(registry), "--lang", "de", "--answers", str(returned)])
    assert again.exit_code == 0 and "(unchanged)" in again.output


def test_answers_that_cannot_be_taken_change_nothing(tmp_path):
    import shutil

    registry = tmp_path / "reg"
    shutil.copytree(CONTROLLER, registry)
    runner = CliRunner()
    runner.invoke(app, ["questions", str(registry), "--lang", "de", "-f", "xlsx", "--out", str(tmp_path / "q")])
    bad_date = _fill(tmp_path / "q" / "questions-shop-de.xlsx", {1: ("Freiwillig.", "Erika Muster", "gestern")})
    result = runner.invoke(app, ["questions", str(registry), "--lang", "de", "--answers", str(bad_date)])
    assert result.exit_code == 2 and "not a date: 'gestern'" in result.output and "Traceback" not in result.output
    assert not (registry / "answers").exists()
    wb = openpyxl.load_workbook(bad_date)
    ws = wb["Fragen an den Verantwortlichen"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("Schlüssel") + 1).value = "no-such-question"
    ws.cell(2, header.index("Datum der Antwort") + 1).value = "2024-03-15"
    wb.save(bad_date)
    result = runner.invoke(app, ["questions", str(registry), "--lang", "de", "--answers", str(bad_date)])
    assert result.exit_code == 2 and "'no-such-question' is not asked" in result.output
    assert not (registry / "answers").exists()
    not_xlsx = tmp_path / "notes.txt"
    not_xlsx.write_text("hello")
    result = runner.invoke(app, ["questions", str(registry), "--answers", str(not_xlsx)])
    assert result.exit_code == 2 and str(not_xlsx) in result.output and not (registry / "answers").exists()


def test_intro_of_a_registry_built_by_interview_does_not_claim_documents(tmp_path):
    report = run(tmp_path, {"registry.yaml": """
registry: {name: Interview GmbH, date: 2024-05-02, languages: [de]}
organisations:
  - id: iv
    name: Interview GmbH
    gaps:
      - field: email
        note: {de: Die E-Mail-Adresse wurde im Gespräch nicht genannt.}
"""})
    assert report.findings
    q = questionnaire(snapshot(tmp_path), "de")
    assert "aus den Angaben Ihrer Organisation erstellt" in q.intro and "Unterlagen" not in q.intro
    assert q.questions[0].ask == "Bitte nennen Sie die E-Mail-Adresse, die im Verzeichnis stehen soll."


def test_recipients_question_excludes_authorities_of_a_single_inquiry():
    from ropa.questions import field_question

    assert "Art. 4 Nr. 9 Satz 2" in field_question("recipients", "gap", "de")
    assert "confirm that there is none" not in field_question("legal_bases", "gap", "en")


def test_questions_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["questions", str(CONTROLLER), "--lang", "fr"]).exit_code == 2
    assert runner.invoke(app, ["questions", str(CONTROLLER), "-f", "pdf"]).exit_code == 2
    unknown = runner.invoke(app, ["questions", str(CONTROLLER), "--organisation", "nope"])
    assert unknown.exit_code == 2 and "unknown organisation 'nope'" in unknown.output
