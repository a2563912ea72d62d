"""SARIF for code scanning (issue 23 item 6): repository-relative URIs whatever path the registry
was given as, fingerprints that survive unrelated edits, automation details; schema-valid."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REGISTRY = """\
organisations:
  - {id: acme, name: ACME GmbH}
activities:
  - id: crm
    name: CRM
    organisation: acme
    purposes: [Marketing]
"""
OTHER = """\
  - id: intranet
    name: Intranet
    organisation: acme
    purposes: [Publishing internal news to staff]
"""


def sarif(cwd: Path, path: str) -> dict:
    env = {**os.environ, "ROPA_CACHE_DIR": "", "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "ropa", "validate", path, "-f", "sarif", "--today", "2024-06-01"],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)  # a repository root, as GitHub checks it out
    (root / "records" / "registry").mkdir(parents=True)
    (root / "records" / "registry" / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    return root


def uris(doc: dict) -> set[str]:
    return {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in doc["runs"][0]["results"] for loc in r["locations"]}


def test_uris_are_repository_relative_whatever_path_was_given(repo, tmp_path):
    absolute = sarif(tmp_path, str(repo / "records" / "registry"))
    relative = sarif(repo / "records", "registry")
    assert uris(absolute) == uris(relative) == {"records/registry/registry.yaml"}
    for doc in (absolute, relative):
        run = doc["runs"][0]
        assert {loc["physicalLocation"]["artifactLocation"]["uriBaseId"]
                for r in run["results"] for loc in r["locations"]} == {"SRCROOT"}
        assert run["automationDetails"]["id"] == "ropa/records/registry/"
        assert str(tmp_path) not in json.dumps(doc)  # no absolute path of the machine


def test_fingerprints_survive_an_unrelated_edit_above(repo):
    before = sarif(repo, "records/registry")
    path = repo / "records" / "registry" / "registry.yaml"
    path.write_text(REGISTRY.replace("activities:\n", "activities:\n" + OTHER), encoding="utf-8")
    after = sarif(repo, "records/registry")

    def prints(doc: dict) -> dict[str, tuple[str, int]]:
        return {r["partialFingerprints"]["ropaFinding/v1"]: (r["ruleId"], r["locations"][0]["physicalLocation"]
                                                            ["region"]["startLine"])
                for r in doc["runs"][0]["results"] if r.get("properties", {}).get("target") == "crm"}

    old, new = prints(before), prints(after)
    assert old and set(old) == set(new)  # the same alerts, not new ones
    assert all(new[key][1] == old[key][1] + 4 for key in old)  # though every line moved
    again = sarif(repo, "records/registry")
    assert prints(again) == new  # stable across runs


def test_sarif_with_the_new_fields_validates_against_the_schema(repo):
    import jsonschema

    schema = json.loads((DATA / "sarif-2.1.0-minimal.schema.json").read_text())
    doc = sarif(repo, "records/registry")
    jsonschema.validate(doc, schema)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert {r["properties"]["axis"] for r in rules} <= {"record", "lawfulness"}


def rules_md_rows() -> dict[str, list[str]]:
    """docs/rules.md's table, code -> cells (code, name, severity, reference, summary)."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        if line.startswith("| RP"):
            cells = [c.strip().replace("\\|", "|") for c in line.strip("|").split(" | ")]
            rows[cells[0]] = cells
    return rows


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_rule_carries_its_own_documentation_as_help(facts42_report, lang):
    """help.markdown is the rule's documentation (what `ropa explain` prints: docs/rules.md's
    summary and reference, what it does, why, the examples); help.text the same without
    Markdown; no helpUri while the distribution declares no Documentation URL."""
    import jsonschema

    from ropa.report.sarif import document
    from ropa.rules import by_code

    doc = document(facts42_report, lang)
    jsonschema.validate(doc, json.loads((DATA / "sarif-2.1.0-minimal.schema.json").read_text()))
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    rows = rules_md_rows()
    assert len(rules) > 20 and {r["id"] for r in rules} <= set(rows)
    for rule in rules:
        code, help_ = rule["id"], rule["help"]
        assert set(help_) == {"text", "markdown"}
        assert help_["markdown"].startswith(f"**{code} {rule['name']}** (")
        if lang == "en":  # docs/rules.md is the English list
            _code, name, _kind, reference, summary = rows[code]
            assert name == rule["name"]
            assert summary in help_["markdown"] and summary in help_["text"], code
            assert reference in help_["markdown"].splitlines()[0], code
        known = by_code().get(code)
        if known is not None:  # a catalogue rule: its whole documentation, examples included
            body = known.doc_in(lang) or known.doc
            assert body.strip() in help_["markdown"], code
            assert "## " in help_["markdown"] and "```yaml" in help_["markdown"], code
        assert "```" not in help_["text"] and "\n## " not in help_["text"], code
        assert "helpUri" not in rule


def test_help_uri_only_from_a_declared_documentation_url(monkeypatch):
    import importlib.metadata

    from ropa.report import sarif

    class Meta:
        def __init__(self, urls):
            self.urls = urls

        def get_all(self, name):
            return self.urls if name == "Project-URL" else None

    sarif._documentation.cache_clear()  # read once per process: this test reads it with each metadata
    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: Meta(["Source, https://example.org/src"]))
    assert sarif.help_uri("RP101") is None  # a source URL is no documentation
    sarif._documentation.cache_clear()
    monkeypatch.setattr(importlib.metadata, "metadata",
                        lambda name: Meta(["Documentation, https://docs.example.org/ropa/"]))
    assert sarif.help_uri("RP101") == "https://docs.example.org/ropa/rules.md#rp101"
    sarif._documentation.cache_clear()  # the next test reads the installed distribution's again
