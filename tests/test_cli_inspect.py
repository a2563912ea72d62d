"""list, show, gaps, transfers, recipients and summary through the CLI (typer's CliRunner)."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "tests" / "fixtures" / "sample")
# The sample's DPF listing was last checked on 2024-01-10; listings are renewed yearly, so from
# a year later the commands, judging as of today, ask for a new check (RP305, a warning).
LISTING_STALE = _dt.date.today() > _dt.date(2025, 1, 10)
FACTS42 = ROOT / "registry"
runner = CliRunner()


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env)


@pytest.fixture(autouse=True)
def _plain(monkeypatch):
    for name in ("FORCE_TERMINAL", "FORCE_COLOR", "TTY_COMPATIBLE", "ROPA_REGISTRY"):
        monkeypatch.delenv(name, raising=False)


def test_list_plain_is_aligned_text():
    result = run("list", "-r", SAMPLE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Name", "Organisation", "Legal", "bases", "Recipients", "Third",
                                "countries", "Status", "Open", "findings"]
    assert lines[1].startswith("web-analytics    Web analytics")
    assert "│" not in result.stdout  # no rich Table when piped
    assert "2 of 2 activities" in result.stderr


def test_list_filters_and_formats():
    result = run("list", "-r", SAMPLE, "--country", "US", "--format", "json")
    data = json.loads(result.stdout)
    assert [r["id"] for r in data] == ["web-analytics"]
    assert data[0]["third_countries"] == ["US"]
    result = run("list", "-r", SAMPLE, "--format", "csv", "--basis", "art6-1-f", "--lang", "de")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["name"]) for r in rows] == [("web-server-logs", "Server-Logdateien")]


def test_list_rich_on_a_terminal():
    result = run("list", "-r", SAMPLE, env={"FORCE_TERMINAL": "1", "COLUMNS": "160"})
    assert result.exit_code == 0
    assert "┃" in result.stdout and "web-analytics" in result.stdout


@pytest.mark.parametrize("args, message", [
    (("list", "--sort", "colour"), "--sort: unknown value 'colour'"),
    (("list", "--format", "xml"), "unknown format"),
    (("list", "--lang", "fr"), "unknown language"),
    (("show", "web-analytic"), "did you mean 'web-analytics'"),
])
def test_usage_errors_are_one_line(args, message):
    result = run(*args, "-r", SAMPLE)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_fatal_registry_prints_findings(tmp_path):
    (tmp_path / "registry.yaml").write_text("activities: [\n")
    for command in ("list", "gaps", "transfers", "recipients", "summary"):
        result = run(command, "-r", str(tmp_path))
        assert result.exit_code == 2, command
        assert "RP006" in result.stderr
    result = run("list", "-r", str(tmp_path / "missing"))
    assert result.exit_code == 2 and "RP001" in result.stderr


def test_show_activity_with_sources():
    result = run("show", "web-server-logs", "-r", SAMPLE, "--lang", "de")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Tätigkeit web-server-logs: Server-Logdateien")
    assert "Zwecke der Verarbeitung (Art. 30 Abs. 1 lit. b)\n  Fehlerfreie Bereitstellung der Website" in out
    assert "Fristen für die Löschung" in out and "7 Tage" in out
    assert "Datenschutzhinweise, Abschn. 2, Z. 3" in out
    assert "Offene Befunde" in out


def test_show_recipient_json():
    result = run("show", "analytics-inc", "-r", SAMPLE, "--format", "json")
    data = json.loads(result.stdout)
    assert data["kind"] == "recipient" and data["title"] == "Analytics Inc."
    assert any(f["key"] == "activities" and "web-analytics" in f["value"] for f in data["facts"])


def test_show_rich():
    result = run("show", "web-analytics", "-r", SAMPLE, env={"FORCE_TERMINAL": "1", "COLUMNS": "120"})
    assert result.exit_code == 0
    assert "Purpose of processing" in result.stdout and "│" in result.stdout


def test_gaps_lists_overdue_reviews():
    result = run("gaps", "-r", SAMPLE)
    assert "Reviews overdue" in result.stdout
    assert "web-server-logs: due 2025-01-15" in result.stdout
    data = json.loads(run("gaps", "-r", SAMPLE, "--format", "json").stdout)
    assert [o["activity"] for o in data["overdue_reviews"]] == ["web-server-logs"]


def test_transfers_and_recipients():
    result = run("transfers", "-r", SAMPLE)
    assert result.exit_code == 0
    line = next(row for row in result.stdout.splitlines() if row.startswith("analytics-inc"))
    assert "US United States" in line and "dpf" in line
    data = json.loads(run("transfers", "-r", SAMPLE, "--format", "json").stdout)
    assert data[0]["activities"] == ["web-analytics"]
    problems = json.loads(run("transfers", "-r", SAMPLE, "--problems", "--format", "json").stdout)
    if LISTING_STALE:  # the only problem is the yearly re-check of the listing
        assert data[0]["status"] == "incomplete" and "last checked on 2024-01-10" in data[0]["problem"]
        assert [r["recipient"] for r in problems] == ["analytics-inc"]
    else:
        assert line.rstrip().endswith("ok") and data[0]["status"] == "ok" and problems == []
    result = run("recipients", "-r", SAMPLE)
    assert "hoster         Hosting AG      processor  DE       dpa AVV-2023-01 2023-05-01" in result.stdout
    rows = list(csv.DictReader(io.StringIO(run("recipients", "-r", SAMPLE, "-f", "csv").stdout)))
    assert {r["id"]: r["contract_status"] for r in rows} == {"hoster": "ok", "analytics-inc": "ok"}


def test_summary():
    result = run("summary", "-r", SAMPLE)
    out = result.stdout
    assert result.exit_code == 0
    assert out.startswith("Example GmbH record of processing activities (version 2024-01)")
    # a DPF transfer whose listing is due for its yearly check is incompletely documented (RP305,
    # a warning), never "without a valid mechanism" (issue 26: validate says warning)
    stale = int(LISTING_STALE)
    assert ("2 activities, 2 recipients, 1 third-country transfers (0 without a valid mechanism, "
            f"0 of them not recorded; {stale} incompletely documented)") in out
    assert "Art. 6(1)(f) GDPR (legitimate interests)" in out
    assert "2025-01-15  web-server-logs  Server log files  OVERDUE" in out
    data = json.loads(run("summary", "-r", SAMPLE, "-f", "json", "--lang", "de").stdout)
    assert data["by_organisation"] == {"example": 2}


def test_help_has_an_example_for_every_command():
    for command in ("list", "show", "gaps", "transfers", "recipients", "summary", "diff", "new", "fmt", "init"):
        result = run(command, "--help", env={"COLUMNS": "200"})
        assert result.exit_code == 0, command
        assert "Example" in result.stdout, command


def test_completion_of_activity_ids(tmp_path):
    from ropa.cli._terminal import scan_ids

    assert scan_ids(Path(SAMPLE)) == ["web-server-logs", "web-analytics"]
    assert sorted(scan_ids(Path(SAMPLE), ("activities", "recipients"))) == [
        "analytics-inc", "hoster", "web-analytics", "web-server-logs"]
    from types import SimpleNamespace

    from ropa.cli._terminal import complete_target

    ctx = SimpleNamespace(params={"registry": SAMPLE})
    assert complete_target(ctx, "web-s") == ["web-server-logs"]
    if (FACTS42 / "registry.yaml").is_file():
        from ropa.load import load

        assert sorted(scan_ids(FACTS42)) == sorted(load(FACTS42).registry.activities)


def test_facts42_commands():
    from ropa.load import load

    registry = load(FACTS42).registry
    result = run("list", "-r", str(FACTS42), "-f", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == sorted(registry.activities)
    for ident in list(registry.activities)[:3]:
        result = run("show", ident, "-r", str(FACTS42))
        assert result.exit_code == 0 and result.stdout.startswith(f"activity {ident}:")
    for command in ("gaps", "transfers", "recipients", "summary"):
        result = run(command, "-r", str(FACTS42))
        assert result.exit_code in (0, 1), (command, result.output)
        assert "Traceback" not in result.output
    assert f"{len(registry.activities_of('facts42'))} activities" in run("summary", "-r", str(FACTS42)).stdout


def test_show_states_a_missing_legal_basis_instead_of_hiding_it():
    # issue 15: `show` hid a missing legal basis and retention unless --empty
    en = run("show", "web-google-plus-plugin", "-r", str(FACTS42)).stdout
    assert "Lawful basis (Article 6, 9, 10)\n  not stated" in en
    de = run("show", "web-google-plus-plugin", "-r", str(FACTS42), "--lang", "de").stdout
    assert "nicht angegeben" in de


def test_show_an_organisation_and_a_recipient():
    org = run("show", "facts42", "-r", str(FACTS42))
    assert org.exit_code == 0 and org.stdout.startswith("organisation facts42: FACTS42 GmbH")
    assert "Data protection officer" in org.stdout and "web-contact-form: Contact form" in org.stdout
    rec = run("show", "google-inc-analytics", "-r", str(FACTS42))
    assert rec.exit_code == 0 and rec.stdout.startswith("recipient google-inc-analytics")
    bad = run("show", "facts4", "-r", str(FACTS42))
    assert bad.exit_code == 2 and "(did you mean 'facts42'?)" in bad.stderr


def test_gaps_lists_each_recorded_gap_once_with_its_whole_note():
    from ropa.load import load

    note = load(FACTS42).registry.organisations["facts42"].gaps[0].note.get("en")
    result = run("gaps", "-r", str(FACTS42))
    assert result.stdout.count(note[:60]) == 1  # was listed twice: as RP607 and as a recorded gap
    assert " open points (" in result.stdout.rstrip().splitlines()[-1]
    data = json.loads(run("gaps", "-r", str(FACTS42), "--format", "json").stdout)
    messages = [f["message"] for t in data["targets"] for fs in [*t["open"].values(), t["waived"]] for f in fs]
    assert any(m.endswith(note) for m in messages)  # never shortened
    assert not any(m.endswith("...") for m in messages)


def test_views_of_one_organisation():
    every = json.loads(run("summary", "-r", str(FACTS42), "-f", "json").stdout)
    assert every["organisations"] == ["facts42"]  # the record-keeping organisations by default
    one = json.loads(run("summary", "-r", str(FACTS42), "-f", "json", "-o", "bitrix-inc").stdout)
    assert list(one["by_organisation"]) == ["bitrix-inc"] and "facts42" in one["third_parties"]
    listed = json.loads(run("list", "-r", str(FACTS42), "-f", "json", "-o", "bitrix-inc").stdout)
    assert {r["organisation"] for r in listed} == {"bitrix-inc"} and len(listed) == one["activities"]
    transfers = json.loads(run("transfers", "-r", str(FACTS42), "-f", "json", "-o", "facts42").stdout)
    assert every["transfers"] == len(transfers)  # one count: summary said 11 where transfers listed 12
    processors = json.loads(run("recipients", "-r", str(FACTS42), "-f", "json", "--role", "processor",
                                "--contract", "missing").stdout)
    assert processors and {(r["role"], r["contract_status"]) for r in processors} == {("processor", "missing")}


def test_validate_severity_filter_and_hide_waived():
    full = runner.invoke(app, ["validate", str(FACTS42), "-f", "json"])
    errors = runner.invoke(app, ["validate", str(FACTS42), "-f", "json", "--severity", "error", "--hide-waived"])
    assert errors.exit_code == full.exit_code  # the verdict judges every finding
    everything = json.loads(full.stdout)["findings"]
    shown = json.loads(errors.stdout)["findings"]
    assert shown == [f for f in everything if f["severity"] == "error" and not f.get("waived")]
    assert f"{len(shown)} of {len(everything)} findings shown" in errors.stderr
