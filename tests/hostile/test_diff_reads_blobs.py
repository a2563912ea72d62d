"""Issue 29 item 5: `ropa diff TAG HEAD` reads each revision's blobs as committed, so a committed
`.gitattributes` with `export-ignore` (which `git archive` honours) cannot hide an added activity."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ACTIVITY = """activities:
  - id: hidden-activity
    name: Hidden
    organisation: example
    purposes: [p]
    legal_bases:
      - basis: art6-1-b
    data_subjects: [customers]
    data_categories: [contact-data]
    recipients: []
    retention:
      - period: P1Y
    measures: [tls]
"""


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_export_ignore_cannot_hide_an_added_activity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "sample", repo / "registry")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    git(repo, "tag", "v1")
    (repo / ".gitattributes").write_text("hidden.yaml export-ignore\n", encoding="utf-8")
    (repo / "registry" / ".gitattributes").write_text("activities/hidden.yaml export-ignore\n", encoding="utf-8")
    (repo / "registry" / "activities" / "hidden.yaml").write_text(ACTIVITY, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["diff", "v1", "HEAD", "--format", "json", "-r", "registry"])
    assert result.exit_code == 0, result.output
    assert '"hidden-activity"' in result.stdout
    # the registry as committed, a revision against the working tree
    same = runner.invoke(app, ["diff", "HEAD", "registry", "--exit-code", "-r", "registry"])
    assert same.exit_code == 0, same.output
