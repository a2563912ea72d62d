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
