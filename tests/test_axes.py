"""Two axes (issue 24): the record's Art. 30 content and the lawfulness of the processing, apart
in validate (text, JSON, SARIF, --axis) and summary."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from tests.helpers import write_registry

# complete on the record axis; no legal basis, no contract: only lawfulness findings
RECORD_COMPLETE = """\
registry:
  name: Axis GmbH
organisations:
  - id: axis
    name: Axis GmbH
    address: {street: Hauptstr. 1, postal_code: "10115", city: Berlin, country: DE}
    email: datenschutz@axis.example
    dpo: {name: Dana Beispiel, email: dpo@axis.example}
data_subjects:
  - {id: subscribers, name: Newsletter subscribers}
data_categories:
  - {id: email, name: E-mail address}
measures:
  - {id: tls, name: Encryption in transit, kind: technical}
recipients:
  - id: mailer
    name: Mailer GmbH
    role: processor
    country: DE
activities:
  - id: newsletter
    name: Newsletter
    organisation: axis
    purposes: [Sending the monthly product newsletter to subscribers who asked for it]
    data_subjects: [subscribers]
    data_categories: [email]
    recipients: [mailer]
    transfers: []
    retention:
      - period: P30D
        criterion: after unsubscribing
    measures: [tls]
"""


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return CliRunner()


def test_axis_filter_judges_only_that_axis(runner, tmp_path):
    write_registry(tmp_path, RECORD_COMPLETE)
    both = runner.invoke(app, ["validate", str(tmp_path), "--today", "2024-06-01", "-f", "json"])
    doc = json.loads(both.stdout)
    axes = {f["code"]: f["axis"] for f in doc["findings"]}
    assert axes.get("RP201") == "lawfulness" and axes.get("RP401") == "lawfulness", axes
    assert set(axes.values()) == {"lawfulness"}, axes  # the record itself is complete
    record = runner.invoke(app, ["validate", str(tmp_path), "--today", "2024-06-01", "--axis", "record"])
    assert record.exit_code == 0, record.output  # the record is complete: a hook on --axis record passes
    lawful = runner.invoke(app, ["validate", str(tmp_path), "--today", "2024-06-01", "--axis", "lawfulness"])
    assert lawful.exit_code == 1 and " RP401 error lawfulness: " in lawful.output
    bad = runner.invoke(app, ["validate", str(tmp_path), "--axis", "legal"])
    assert bad.exit_code == 2


def test_german_plain_lines_name_the_axis(runner, tmp_path):
    write_registry(tmp_path, RECORD_COMPLETE)
    out = runner.invoke(app, ["validate", str(tmp_path), "--today", "2024-06-01", "--lang", "de"]).output
    assert " RP201 Warnung Rechtmäßigkeit: " in out


def test_summary_shows_record_and_lawfulness_apart(runner, tmp_path):
    write_registry(tmp_path, RECORD_COMPLETE)
    result = runner.invoke(app, ["summary", str(tmp_path), "--format", "json"])
    data = json.loads(result.stdout)
    assert sum(data["open_by_axis"]["record"].values()) == 0
    assert data["open_by_axis"]["lawfulness"]["error"] >= 1
    text = runner.invoke(app, ["summary", str(tmp_path), "--lang", "de"]).output
    assert "Verzeichnis (Art. 30 DSGVO): vollständig und richtig?" in text
    assert "Rechtmäßigkeit und Rechenschaft" in text


def test_review_report_shows_what_each_finding_judges(tmp_path):
    """The review report (every format) names each finding's axis and counts the open ones per axis."""
    from ropa.export import review, snapshot
    from ropa.export.core import render

    root = write_registry(tmp_path / "reg", RECORD_COMPLETE.replace("  name: Axis GmbH\n", "  name: Axis GmbH\n  date: 2024-06-01\n", 1))
    snap = snapshot(root)
    doc = review.build(snap, "de")
    findings = doc.tables[0]
    column = [c.key for c in findings.columns].index("axis")
    shown = {row[column] for row in findings.rows}
    assert shown == {"Rechtmäßigkeit und Rechenschaftspflicht"}, shown  # the record itself is complete
    cover = dict(doc.cover[1].fields)
    assert cover["Verzeichnis (Art. 30 DSGVO)"] == "0 Fehler, 0 Warnungen, 0 Hinweise"
    errors = sum(1 for f in snap.findings if not f.waived and f.severity.value == "error")
    assert cover["Rechtmäßigkeit und Rechenschaftspflicht"].startswith(f"{errors} Fehler, ")
    md = next(o.data for o in render(snap, ["md"], ["en"], kinds=("report",)))
    assert b"| Lawfulness and accountability |" in md
