"""`ropa validate`, `ropa rules`, `ropa explain` through typer's runner."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from tests.helpers import BROKEN, CLEAN, write_registry



@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return CliRunner()


def invoke(runner, *args):
    return runner.invoke(app, ["validate", *map(str, args), "--today", "2024-06-01"])


def test_clean_registry_exits_0(runner, tmp_path):
    write_registry(tmp_path, CLEAN)
    result = invoke(runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("0 errors, 0 warnings, 0 info, 0 waived in 1 file")


def test_errors_exit_1_and_warnings_only_with_strict(runner, tmp_path):
    write_registry(tmp_path, {"registry.yaml": CLEAN, "a.yaml": BROKEN})
    result = invoke(runner, tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path}/a.yaml:2:5: RP101 error record: activity 'crm' states no purposes [crm]" in result.output
    only_warnings = invoke(runner, tmp_path, "--select", "RP108")
    assert only_warnings.exit_code == 0 and "RP108 warning" in only_warnings.output
    assert invoke(runner, tmp_path, "--select", "RP108", "--strict").exit_code == 1


def test_usage_errors_exit_2(runner, tmp_path):
    write_registry(tmp_path, CLEAN)
    assert invoke(runner, tmp_path, "--select", "RPX9").exit_code == 2
    assert invoke(runner, tmp_path, "--format", "xml").exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path), "--today", "2024-02-30"]).exit_code == 2
    assert invoke(runner, tmp_path / "missing").exit_code == 2
    (tmp_path / "bad.yaml").write_text("a: [\n")
    assert invoke(runner, tmp_path).exit_code == 2


def test_today_changes_date_rules(runner, tmp_path):
    write_registry(tmp_path, {"registry.yaml": CLEAN, "a.yaml": BROKEN + "    review_due: 2024-03-01\n"})
    early = runner.invoke(app, ["validate", str(tmp_path), "--select", "RP601", "--today", "2024-01-01"])
    late = runner.invoke(app, ["validate", str(tmp_path), "--select", "RP601", "--today", "2024-06-01"])
    assert "RP601" not in early.output and "RP601 warning" in late.output


def test_a_file_stands_for_its_whole_registry(runner, tmp_path):
    # pre-commit passes the changed files: the whole registry each lies in is validated and
    # reported, since a change to one file can break a reference from another (issue 29)
    write_registry(tmp_path, {"registry.yaml": CLEAN, "a.yaml": BROKEN, "b.yaml": BROKEN.replace("crm", "erp")})
    result = invoke(runner, tmp_path / "b.yaml", "--format", "json")
    codes = {(f["target"], f["file"].rsplit("/", 1)[-1]) for f in json.loads(result.stdout)["findings"]}
    assert {("erp", "b.yaml"), ("crm", "a.yaml")} <= codes
    assert result.exit_code == 1
    assert invoke(runner, tmp_path / "registry.yaml").exit_code == 1, "a.yaml's errors count too"


def test_files_outside_a_registry_are_skipped(runner, tmp_path):
    (tmp_path / "one.yaml").write_text("x: 1\n")
    (tmp_path / "two.yaml").write_text("y: 2\n")
    result = invoke(runner, tmp_path / "one.yaml", tmp_path / "two.yaml")
    assert result.exit_code == 0


def test_rules_lists_the_catalogue(runner):
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert any(line.startswith("RP301  transfer-not-recorded") for line in result.output.splitlines())
    assert "RP015" in result.output
    markdown = runner.invoke(app, ["rules", "--markdown"])
    assert markdown.output.startswith("| Code | Name |")


def test_explain(runner):
    result = runner.invoke(app, ["explain", "rp302"])
    assert result.exit_code == 0
    assert result.output.startswith("RP302 transfer-mechanism-missing (error;")
    assert "## Example" in result.output and "## Use instead" in result.output
    unknown = runner.invoke(app, ["explain", "RP999"])
    assert unknown.exit_code == 2 and len(unknown.output.strip().splitlines()) == 1


def test_help_documents_exit_codes(runner):
    result = runner.invoke(app, ["validate", "--help"], env={"COLUMNS": "200"})
    assert "Exit codes" in result.output and "--today" in result.output


def test_validate_does_not_import_heavy_modules(tmp_path):
    write_registry(tmp_path, CLEAN)
    code = (f"import sys; from ropa.cli import main; sys.argv=['ropa','validate',{str(tmp_path)!r},'-f','json'];"
            "rc=main(); heavy=[m for m in ('openpyxl','jsonschema','rich.console') if m in sys.modules];"
            "print(heavy, file=sys.stderr); sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1] == "[]"
