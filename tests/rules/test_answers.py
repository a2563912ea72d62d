"""The controller's answers count (issue 24): a returned questionnaire settles the findings its
answers concern, judged as the law judges the fact an answer states, and `ropa validate`
afterwards shows exactly the questions still open."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from ropa.answers import ACCEPTED, STATEMENT, bases_of, finding_id, period_of
from ropa.cli import app
from ropa.export import snapshot
from ropa.questions import questionnaire
from ropa.questions.build import RECORDED
from tests.helpers import run

ROOT = Path(__file__).resolve().parents[2]
CONTROLLER = ROOT / "tests" / "fixtures" / "controller"
SHEET = "Fragen an den Verantwortlichen"


def _fill(path: Path, answers: dict[str, tuple[str, str | None]]) -> Path:
    """Fill the questionnaire as a client would: {question key: (answer, answered by)}."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    header = [c.value for c in ws[1]]
    key, answer, by = (header.index(n) for n in ("Schlüssel", "Antwort", "Beantwortet von"))
    for row in ws.iter_rows(min_row=2):
        if row[key].value in answers:
            text, who = answers[row[key].value]
            row[answer].value, row[by].value = text, who
    out = path.with_name("returned.xlsx")
    wb.save(out)
    return out


def _open_ids(report, targets) -> set[str]:
    """The open errors and warnings the questionnaire asks about (not its own recorded points)."""
    return {finding_id(f) for f in report.findings if f.target in targets and not f.waived
            and f.severity.value in ("error", "warning") and f.code not in RECORDED}


def test_round_trip_validate_shows_exactly_the_questions_still_open(tmp_path):
    registry = tmp_path / "reg"
    shutil.copytree(CONTROLLER, registry)
    runner = CliRunner()
    out = tmp_path / "q"
    assert runner.invoke(app, ["questions", str(registry), "--lang", "de", "-f", "xlsx", "--out", str(out)]).exit_code == 0
    before = questionnaire(snapshot(registry), "de")
    keys = {q.key for q in before.questions}
    retention = next(q.key for q in before.questions if q.field == "retention")
    contract = next(q.key for q in before.questions if q.key.startswith("RP401:"))
    dpo = next(q.key for q in before.questions if q.field == "dpo_required")
    conflict = next(q.key for q in before.questions if q.key.startswith("conflict:legal_bases"))
    role = next(q.key for q in before.questions if q.field == "role")
    returned = _fill(out / "questions-shop-de.xlsx", {
        retention: ("Kontaktanfragen löschen wir 6 Monate nach der letzten Nachricht.", "Erika Mustermann"),
        dpo: ("Ja, das ist richtig: wir sind zur Benennung verpflichtet.", "Erika Mustermann"),
        contract: ("Nein, einen Vertrag gibt es nicht.", "Erika Mustermann"),  # confirms the finding
        conflict: ("Wir akzeptieren das Risiko.", "Paula Praktikantin"),  # nobody of the organisation
        role: ("Wissen wir nicht.", "Erika Mustermann"),  # no answer
    })
    targets = {ident for q in before.questions for _, ident, _ in q.concerns}
    assert _open_ids(run(registry), targets) == {i for q in before.questions for i in q.findings}

    result = runner.invoke(app, ["questions", str(registry), "--lang", "de", "--answers", str(returned)])
    assert result.exit_code == 0, result.output
    report = run(registry)
    after = questionnaire(snapshot(registry), "de")
    # the settled questions are gone, the others asked again: the confirmed "no", the unsigned
    # risk, the "we do not know", and every question left unanswered
    assert {q.key for q in after.questions} == keys - {retention, dpo}
    assert {key for key, _ in after.answered} == {retention, dpo}
    # validate: exactly the findings of the questions still open
    assert _open_ids(report, targets) == {i for q in after.questions for i in q.findings}
    assert not [f for f in report.findings if f.code == "RP609" and f.target == "shop"]
    # the settled retention finding: the controller's statement with the questionnaire and its cell
    (settled,) = [f for f in report.answered if f.code == "RP501"]
    assert settled.target == "contact-form" and settled.answer.kind == STATEMENT
    assert settled.answer.source.startswith(f"answers/returned.xlsx, {SHEET}!")
    assert settled.answer.answered_by == "Erika Mustermann"
    # the "no" stays open and says why
    (rp401,) = [f for f in report.findings if f.code == "RP401" and f.target == "vendorsoft-service"]
    assert "does not settle it: it confirms what the finding says" in rp401.text("en")
    assert "bestätigt, was der Befund sagt" in rp401.text("de")
    # validate's text output shows the settled finding as such, with its source
    shown = runner.invoke(app, ["validate", str(registry), "--lang", "en"])
    assert "RP501" in shown.output and "answered by the controller" in shown.output
    assert "answers/returned.xlsx" in shown.output and "settled by the controller's answers" in shown.output
    # the review report lists it with its source on the cover
    export = runner.invoke(app, ["export", str(registry), "--kind", "report", "-f", "md", "--lang", "de",
                                 "--out", str(tmp_path / "exp")])
    assert export.exit_code == 0, export.output
    review = (tmp_path / "exp" / "review-shop-de.md").read_text(encoding="utf-8")
    assert "Durch die Antworten des Verantwortlichen erledigte Befunde" in review
    section = review.partition("Durch die Antworten des Verantwortlichen erledigte Befunde")[2].partition("\n## ")[0]
    assert "RP501 contact-form" in section and "answers/returned.xlsx" in section and "Erika Mustermann" in section
    # and so does `ropa show` of the activity, in German
    activity = runner.invoke(app, ["show", "contact-form", "-r", str(registry), "--lang", "de"])
    assert "Durch die Antworten des Verantwortlichen erledigte Befunde (1)" in activity.output
    assert "vom Verantwortlichen beantwortet (answers/returned.xlsx" in activity.output


def test_a_risk_accepted_by_a_person_of_the_organisation_is_accepted_not_hidden(tmp_path):
    registry = tmp_path / "reg"
    shutil.copytree(CONTROLLER, registry)
    runner = CliRunner()
    out = tmp_path / "q"
    assert runner.invoke(app, ["questions", str(registry), "--lang", "de", "-f", "xlsx", "--out", str(out)]).exit_code == 0
    contract = next(q.key for q in questionnaire(snapshot(registry), "de").questions if q.key.startswith("RP401:"))
    returned = _fill(out / "questions-shop-de.xlsx", {contract: ("Wir akzeptieren das Risiko bis zur Vertragsverlängerung.",
                                                                "Olaf Ordnung")})
    assert runner.invoke(app, ["questions", str(registry), "--lang", "de", "--answers", str(returned)]).exit_code == 0
    report = run(registry)
    (accepted,) = [f for f in report.answered if f.code == "RP401"]
    assert accepted.answer.kind == ACCEPTED and accepted.answer.answered_by == "Olaf Ordnung"
    assert not [f for f in report.findings if f.code == "RP401" and f.target == "vendorsoft-service"]


# --- answers that state a fact the rules judge -------------------------------------------------

def _registry(activity: str, statement: str) -> dict[str, str]:
    return {
        "registry.yaml": """\
            registry: {name: Test, date: 2026-01-10}
            organisations:
              - id: acme
                name: ACME GmbH
                address: {street: Weg 1, postal_code: "10115", city: Berlin, country: DE}
                email: info@acme.example
                management: [Erika Muster]
                dpo_required: false
            data_subjects:
              - {id: customers, name: Kunden}
              - {id: visitors, name: Websitebesucher, dpv: "dpv:Visitor"}
            data_categories:
              - {id: invoices, name: Rechnungen}
              - {id: usage, name: Nutzungsdaten}
            measures:
              - {id: tls, name: TLS, kind: technical}
            """,
        "activities.yaml": activity,
        "answers/returned.yaml": statement,
    }


BILLING = """\
    activities:
      - id: billing
        name: Rechnungsstellung
        organisation: acme
        purposes: [Erstellung und Versand der Rechnungen an Kunden]
        legal_bases: [{basis: art6-1-b}]
        data_subjects: [customers]
        data_categories: [invoices]
        recipients: []
        transfers: []
        measures: [tls]
    """


def _statement(key: str, answer: str, concerns: str = "billing", by: str = "Erika Muster") -> str:
    return f"""\
        documents:
          - id: answers-returned
            title: Beantworteter Fragebogen
            path: answers/returned.xlsx
            language: de
            statements:
              - question: "{key}"
                answer: {{de: "{answer}"}}
                answered_by: {by}
                concerns: [{concerns}]
                sheet: Fragen
                row: 5
                column: F
        """


def _retention_key(tmp_path) -> str:
    report = run(tmp_path / "plain", _registry(BILLING, "documents: []\n"), today=__import__("datetime").date(2026, 3, 1))
    (finding,) = [f for f in report.findings if f.code == "RP501"]
    from ropa.answers import key_of_finding

    return key_of_finding(finding, "retention")


@pytest.mark.parametrize("answer, settled, new", [
    ("8 Jahre ab Ende des Kalenderjahres (§ 147 AO)", True, set()),
    ("10 Jahre nach § 147 AO", True, {"RP506"}),  # the fact stated is itself a finding (BEG IV)
    ("Solange es gesetzlich erforderlich ist.", True, {"RP606"}),  # a vague criterion, judged as one
])
def test_a_stated_period_is_judged_as_a_recorded_period_would_be(tmp_path, answer, settled, new):
    import datetime as dt

    key = _retention_key(tmp_path)
    report = run(tmp_path / "r", _registry(BILLING, _statement(key, answer)), today=dt.date(2026, 3, 1))
    assert bool([f for f in report.answered if f.code == "RP501"]) is settled
    arisen = [f for f in report.findings if f.target == "billing"]
    assert {f.code for f in arisen} == new
    for f in arisen:  # reported where the controller said it, naming the answer
        assert f.span.file.endswith("returned.yaml") and "answers/returned.xlsx, Fragen!F5" in f.text("en")


TRACKING = """\
    activities:
      - id: analytics
        name: Webanalyse
        organisation: acme
        purposes: [Reichweitenmessung der Website mit Cookies]
        legal_bases: []
        data_subjects: [visitors]
        data_categories: [usage]
        cookies: non-essential
        recipients: []
        transfers: []
        retention: [{period: P14M}]
        measures: [tls]
    """


def test_a_stated_basis_the_law_does_not_allow_never_turns_green(tmp_path):
    import datetime as dt

    plain = run(tmp_path / "plain", _registry(TRACKING, "documents: []\n"), today=dt.date(2026, 3, 1))
    (missing,) = [f for f in plain.findings if f.code == "RP201"]
    from ropa.answers import key_of_finding

    key = key_of_finding(missing, "legal_bases")
    report = run(tmp_path / "f", _registry(TRACKING, _statement(key, "Art. 6 Abs. 1 lit. f DSGVO", "analytics")),
                 today=dt.date(2026, 3, 1))
    # the basis is named (RP201 settled, and "cites no basis" of RP207 with it), but legitimate
    # interest cannot carry cookies (§ 25 TDDDG): RP207 says so, an error at the answer's place
    assert "RP201" in {f.code for f in report.answered}
    (rp207,) = [f for f in report.findings if f.code == "RP207"]
    assert rp207.severity.value == "error" and rp207.span.file.endswith("returned.yaml")
    assert "answers/returned.xlsx, Fragen!F5" in rp207.text("en")
    consent = run(tmp_path / "a", _registry(TRACKING, _statement(
        key, "Einwilligung über unser Cookie-Banner, Widerruf über die Cookie-Einstellungen", "analytics")),
        today=dt.date(2026, 3, 1))
    assert {f.code for f in consent.answered} == {"RP201", "RP207"}  # consent by banner, withdrawable
    assert not [f for f in consent.findings if f.target == "analytics"]


def test_facts_read_from_answers():
    assert period_of("Wir löschen nach 6 Monaten.") == "P6M"
    assert period_of("P10Y") == "P10Y" and period_of("two years") is None and period_of("3 years") == "P3Y"
    assert bases_of("Art. 6 Abs. 1 lit. f DSGVO") == ["art6-1-f"]
    assert bases_of("Art. 6(1)(b) GDPR and our legitimate interests") == ["art6-1-b", "art6-1-f"]
    assert bases_of("Einwilligung") == ["art6-1-a"] and bases_of("Ja, bestätigt.") == []
    assert bases_of("art9-2-h mit § 22 BDSG") == ["art9-2-h"]


def test_an_answer_to_the_cookie_question_is_judged_as_the_basis_it_names(tmp_path):
    import datetime as dt

    from ropa.answers import key_of_finding

    plain = run(tmp_path / "plain", _registry(TRACKING, "documents: []\n"), today=dt.date(2026, 3, 1))
    (cookies,) = [f for f in plain.findings if f.code == "RP207"]
    key = key_of_finding(cookies, "cookies")
    report = run(tmp_path / "f", _registry(TRACKING, _statement(
        key, "Wir stützen das auf unser berechtigtes Interesse an der Reichweitenmessung.", "analytics")),
        today=dt.date(2026, 3, 1))
    # legitimate interest cannot carry non-essential cookies: never settled, an error at the answer
    assert "RP207" in {f.code for f in report.findings if f.target == "analytics"}
    assert [f for f in report.findings if f.code == "RP207" and f.span.file.endswith("returned.yaml")]
