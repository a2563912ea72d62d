"""Reporters: text (plain and rich), json, sarif (schema-checked), github; the rule list in docs/rules.md."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ropa.report import REPORTERS, summary
from ropa.report.text import render as render_text
from tests.helpers import run

DATA = Path(__file__).parent / "data"
REGISTRY = """\
activities:
  - id: crm
    name: "CRM: sales, support"
    organisation: acme
    purposes: [Marketing]
waivers:
  - rule: RP102
    target: crm
    justification: Data subjects to be confirmed by sales.
    accepted_by: Dana Beispiel (DPO)
    accepted: 2024-01-01
    expires: 2099-01-01
organisations:
  - {id: acme, name: ACME GmbH, dpo: {name: Dana Beispiel}}
"""


@pytest.fixture
def report(tmp_path):
    return run(tmp_path / "reg", {"registry.yaml": REGISTRY})


def rendered(report, name: str) -> str:
    out = io.StringIO()
    REPORTERS[name](report, out)
    return out.getvalue()


def test_reporters_cover_the_formats():
    assert list(REPORTERS) == ["text", "json", "sarif", "github"]


def test_plain_text_lines_are_stable(report):
    lines = rendered(report, "text").splitlines()
    file = report.findings[0].span.file
    assert f"{file}:2:5: RP101 error record: activity 'crm' states no purposes [crm]" not in lines  # has purposes
    assert (f"{file}:5:16: RP605 warning record: purpose 'Marketing' of 'crm' is made only of generic words: say "
            "what is done and why (Art. 5(1)(b)) [crm]") in lines
    assert f"{file}:2:5: RP201 warning lawfulness: activity 'crm' cites no legal basis [crm]" in lines
    waived = [line for line in lines if ": RP102 " in line]
    assert waived == [f"{file}:2:5: RP102 error record: activity 'crm' names no categories of data subjects [crm] "
                      "(waived until 2099-01-01)"]
    assert lines[-1] == summary(report) and "1 waived" in lines[-1]
    assert "\x1b[" not in "\n".join(lines)


def test_rich_text_groups_by_file_and_shows_waivers(report, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = io.StringIO()
    render_text(report, out, colour=True)
    text = out.getvalue()
    assert "\x1b[" in text and "waived until 2099-01-01" in text
    assert text.count("registry.yaml") == 1  # one heading per file


def test_no_color_wins(report, monkeypatch):
    from ropa.report.text import use_colour

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_colour(io.StringIO()) is False


def test_json_document(report):
    doc = json.loads(rendered(report, "json"))
    assert doc["version"] == 1 and doc["tool"]["name"] == "ropa" and doc["today"] == "2024-06-01"
    by_code = {f["code"]: f for f in doc["findings"]}
    assert set(doc["summary"]) == {"error", "warning", "info", "waived", "files", "by_axis"}
    assert doc["summary"]["by_axis"]["lawfulness"]["warning"] >= 1  # RP201: no legal basis
    assert {f["axis"] for f in doc["findings"]} == {"record", "lawfulness"}
    waived = by_code["RP102"]
    assert waived["waived"] is True and waived["waiver"]["accepted_by"] == "Dana Beispiel (DPO)"
    assert (waived["line"], waived["column"], waived["target"], waived["severity"]) == (2, 5, "crm", "error")
    assert by_code["RP101"] if "RP101" in by_code else True
    assert by_code["RP605"]["name"] == "generic-purpose" and by_code["RP605"]["reference"]


def test_sarif_validates_against_the_schema(report):
    import jsonschema

    schema = json.loads((DATA / "sarif-2.1.0-minimal.schema.json").read_text())
    doc = json.loads(rendered(report, "sarif"))
    jsonschema.validate(doc, schema)
    run_ = doc["runs"][0]
    ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    for result in run_["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].endswith("registry.yaml") and loc["region"]["startLine"] >= 1
    [waived] = [r for r in run_["results"] if r["ruleId"] == "RP102"]
    assert waived["suppressions"][0]["status"] == "accepted"


def test_github_annotations_are_escaped(report):
    lines = rendered(report, "github").splitlines()
    [waived] = [line for line in lines if "title=RP102" in line]
    assert waived.startswith("::notice file=") and ",line=2,col=5,title=RP102::" in waived
    [generic] = [line for line in lines if "title=RP605" in line]
    assert generic.startswith("::warning ")
    errors = [line for line in lines if line.startswith("::error ")]
    assert errors and all(",line=" in line for line in errors)
    assert lines[-1] == summary(report)


def test_rule_list_in_the_docs_is_up_to_date():
    import os
    import subprocess
    import sys

    from ropa.rules import readme

    root = Path(__file__).parent.parent
    text = (root / readme.PATH).read_text(encoding="utf-8")
    assert readme.replace_section(text) == text, "run `python -m ropa.rules.readme`"
    assert text.startswith("# Rules")
    check = subprocess.run([sys.executable, "-m", "ropa.rules.readme", "--check"], cwd=root, check=False,
                           env={**os.environ, "ROPA_CACHE_DIR": ""}, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "(docs/rules.md)" in (root / "README.md").read_text(encoding="utf-8")
