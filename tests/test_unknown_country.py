"""A recipient the documents do not locate (no `country`): reported, and every view copes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from ropa.cli import app
from tests.helpers import findings, run

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"

UNNAMED = """\
  - id: mailer
    name: E-mail service provider (not named)
    role: processor
    category: {de: E-Mail-Dienstleister, en: E-mail service provider}
    gaps:
      - {field: country, note: The notice names neither the provider nor where it is established.}
"""


def registry_with_unnamed_recipient(tmp_path: Path) -> Path:
    root = tmp_path / "reg"
    shutil.copytree(SAMPLE, root)
    recipients = root / "recipients.yaml"
    recipients.write_text(recipients.read_text(encoding="utf-8") + UNNAMED, encoding="utf-8")
    website = root / "activities" / "website.yaml"
    text = website.read_text(encoding="utf-8").replace("recipients: [hoster]", "recipients: [hoster, mailer]")
    website.write_text(text, encoding="utf-8")
    return root


def test_rp405_points_at_the_recipient_and_no_transfer_rule_guesses(tmp_path):
    root = registry_with_unnamed_recipient(tmp_path)
    report = run(root)
    [finding] = findings(report, "RP405")
    lines = (root / "recipients.yaml").read_text(encoding="utf-8").splitlines()
    assert finding.span.file.endswith("recipients.yaml")
    assert lines[finding.span.line - 1].strip() == "- id: mailer"
    assert finding.target == "mailer" and finding.severity.value == "warning"  # Art. 30 asks for categories, not the seat
    # an unknown country is not treated as a third country (no invented transfer finding)
    assert not [f for f in findings(report, "RP301") if "mailer" in f.message]


def test_views_and_exports_render_the_unknown_country(tmp_path):
    root = registry_with_unnamed_recipient(tmp_path)
    runner = CliRunner()
    shown = runner.invoke(app, ["show", "mailer", "-r", str(root)])
    assert shown.exit_code == 0, shown.output
    listed = runner.invoke(app, ["recipients", "-r", str(root), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert {"id": "mailer", "country": "unknown"}.items() <= next(
        r for r in json.loads(listed.output) if r["id"] == "mailer").items()

    out = tmp_path / "out"
    exported = runner.invoke(app, ["export", str(root), "--out", str(out), "--format", "csv,jsonld",
                                   "--lang", "en"])
    assert exported.exit_code == 0, exported.output
    [recipients_csv] = out.glob("*-en-recipients.csv")
    rows = list(csv.DictReader(io.StringIO(recipients_csv.read_text(encoding="utf-8-sig"))))
    mailer = next(r for r in rows if r["Ref."] == "mailer")
    assert mailer["Country of establishment"] == "unknown" and mailer["EEA"] == "unknown"
    [jsonld] = out.glob("*.jsonld")
    assert "loc:None" not in jsonld.read_text(encoding="utf-8")
