"""`ropa diff`: the typed models of two registry versions, compared field by field."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from ropa.edit.diff import diff, diff_registries
from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
FACTS42 = ROOT / "registry"
runner = CliRunner()

ADDED = """\
activities:
  - id: zz-added-activity
    name: Added for the test
    organisation: {org}
    purposes: [Testing the diff]
"""


def three_changes(registry: Path) -> tuple[str, str, str]:
    """Change one field of one activity, add one activity, remove another; return their ids."""
    from ropa.edit.yamlrt import dump_rt, load_rt

    loaded = load(registry).registry
    ids = list(loaded.activities)
    changed, removed = ids[0], ids[-1]
    for ident in (changed, removed):
        path = Path(loaded.activities[ident].span.file)
        data = load_rt(path.read_text(encoding="utf-8"))
        items = data["activities"]
        index = next(i for i, item in enumerate(items) if item["id"] == ident)
        if ident == changed:
            items[index]["status"] = "planned" if loaded.activities[ident].status != "planned" else "active"
        else:
            del items[index]
        path.write_text(dump_rt(data), encoding="utf-8")
    org = loaded.activities[changed].organisation
    (registry / "activities").mkdir(exist_ok=True)
    (registry / "activities" / "zz-added.yaml").write_text(ADDED.format(org=org), encoding="utf-8")
    return changed, "zz-added-activity", removed


def copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("sources"))
    return target


def facts42() -> Path:
    assert len(load(FACTS42).registry.activities) >= 2
    return FACTS42


def test_no_change_when_only_the_layout_changes(tmp_path):
    other = copy(SAMPLE, tmp_path / "b")
    from ropa.edit.fmt import format_text

    text = (other / "recipients.yaml").read_text()
    (other / "recipients.yaml").write_text("# a comment\n" + format_text(text.replace("storage: [DE]", "storage:\n      - DE")))
    assert diff_registries(load(SAMPLE).registry, load(other).registry) == []


def test_field_changes_on_the_sample(tmp_path):
    new = copy(SAMPLE, tmp_path / "new")
    path = new / "activities" / "website.yaml"
    path.write_text(path.read_text().replace("P7D", "P14D").replace("recipients: [hoster]", "recipients: []"))
    result = diff(str(SAMPLE), str(new))
    assert [(c.collection, c.id, c.kind) for c in result.changes] == [("activities", "web-server-logs", "changed")]
    fields = {f.path: (f.old, f.new) for f in result.changes[0].fields}
    assert fields == {"recipients": ([{"recipient": "hoster"}], []), "retention[0].period": ("P7D", "P14D")}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_facts42_three_changes_between_directories(tmp_path, fmt):
    old = copy(facts42(), tmp_path / "old")
    new = copy(facts42(), tmp_path / "new")
    changed, added, removed = three_changes(new)
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.stdout)
        assert sorted((c["id"], c["change"]) for c in data["changes"]) == sorted(
            [(changed, "changed"), (added, "added"), (removed, "removed")])
        change = next(c for c in data["changes"] if c["change"] == "changed")
        assert [f["path"] for f in change["fields"]] == ["status"]
        assert data["counts"] == {"changed": 1, "added": 1, "removed": 1}
    else:
        lines = result.stdout.splitlines()
        assert f"+ activities {added} (added)" in lines
        assert f"- activities {removed} (removed)" in lines
        assert f"~ activities {changed} (changed)" in lines
        assert "1 added, 1 removed, 1 changed" in lines


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True)


def test_facts42_three_changes_between_git_revisions(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    registry = copy(facts42(), repo / "registry")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "audit 2023")
    git(repo, "tag", "v2023-06")
    changed, added, removed = three_changes(registry)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "changes")
    result = runner.invoke(app, ["diff", "v2023-06", "HEAD", "-r", str(registry), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted((c["id"], c["change"]) for c in data["changes"]) == sorted(
        [(changed, "changed"), (added, "added"), (removed, "removed")])
    assert (data["old"], data["new"]) == ("v2023-06", "HEAD")
    # the working tree against a revision, and --exit-code
    result = runner.invoke(app, ["diff", "HEAD", str(registry), "-r", str(registry), "--exit-code"])
    assert result.exit_code == 0 and "0 added, 0 removed, 0 changed" in result.stdout
    result = runner.invoke(app, ["diff", "v2023-06", str(registry), "-r", str(registry), "--exit-code"])
    assert result.exit_code == 1
    result = runner.invoke(app, ["diff", "no-such-tag", "HEAD", "-r", str(registry)])
    assert result.exit_code == 2 and "neither a directory nor a git revision" in result.stderr


def test_recipients_and_organisations_are_compared(tmp_path):
    new = copy(SAMPLE, tmp_path / "new")
    path = new / "recipients.yaml"
    path.write_text(path.read_text().replace("country: US", "country: CA"))
    path = new / "registry.yaml"
    path.write_text(path.read_text().replace("Erika Mustermann", "Erika Musterfrau"))
    changes = diff(str(SAMPLE), str(new)).changes
    assert [(c.collection, c.id, [(f.path, f.old, f.new) for f in c.fields]) for c in changes] == [
        ("organisations", "example", [("management", ["Erika Mustermann"], ["Erika Musterfrau"])]),
        ("recipients", "analytics-inc", [("country", "US", "CA")]),
    ]


def test_outside_git(tmp_path):
    result = runner.invoke(app, ["diff", "v1", "HEAD", "-r", str(SAMPLE.parent / "nope")])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
