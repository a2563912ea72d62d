"""The real pre-commit runs the hook declared in .pre-commit-hooks.yaml.

Two ways, both with the real `pre-commit` in a temporary git repository:

* by default, a `.pre-commit-config.yaml` with a `repo: local` hook built from the
  manifest's own fields (id, entry, files, exclude, types, pass_filenames), run with
  `language: system` against the `ropa` installed in this environment: fast, and it
  exercises everything the manifest decides except the environment install;
* with ROPA_SLOW_TESTS=1, `pre-commit try-repo` on this repository, which pip-installs
  the project and its dependencies from the package index into a hook environment
  (minutes on a fresh machine).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import BROKEN, CLEAN, write_registry

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


_MISSING = [name for name, found in ((f"pre-commit ({PRE_COMMIT})", PRE_COMMIT.exists()),
                                     ("git", shutil.which("git") is not None)) if not found]
pytestmark = pytest.mark.skipif(bool(_MISSING), reason=f"not installed: {', '.join(_MISSING)}")


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def try_repo(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run([str(PRE_COMMIT), "try-repo", str(ROOT), "ropa-validate", "--verbose",
                           "--files", *files], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=900)


def test_hook_manifest():
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [hook["id"] for hook in hooks] == ["ropa-validate", "ropa-fmt"]
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is True
    assert [hook["entry"] for hook in hooks] == ["ropa validate", "ropa fmt"]


def manifest_hook(ident: str = "ropa-validate") -> dict:
    from ruamel.yaml import YAML

    [hook] = [h for h in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text()) if h["id"] == ident]
    return hook


def make_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    write_registry(repo / "registry", {"registry.yaml": CLEAN, "activities/crm.yaml": BROKEN})
    (repo / "other.yaml").write_text("not: a registry\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    return repo


def run_local(repo: Path, home: Path, *files: str, ident: str = "ropa-validate") -> subprocess.CompletedProcess:
    """Run the manifest's hook through the real pre-commit as a `repo: local` system hook."""
    import json

    hook = {k: v for k, v in manifest_hook(ident).items() if k != "description"}
    hook["language"] = "system"
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(json.dumps(config))  # JSON is YAML
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run([str(PRE_COMMIT), "run", ident, "--verbose", "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)


def test_manifest_hook_under_real_pre_commit(tmp_path, pre_commit_home):
    repo = make_repo(tmp_path)
    failing = run_local(repo, pre_commit_home, "registry/activities/crm.yaml", "other.yaml")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "registry/activities/crm.yaml:2:5: RP101 error" in failing.stdout
    assert "other.yaml:" not in failing.stdout.replace("registry/", "")
    # only the clean file changed: the registry it lies in is still broken, and the hook says so
    whole = run_local(repo, pre_commit_home, "registry/registry.yaml")
    assert whole.returncode == 1, whole.stdout + whole.stderr
    assert "registry/activities/crm.yaml:2:5: RP101 error" in whole.stdout

    (repo / "registry" / "activities" / "crm.yaml").unlink()
    passing = run_local(repo, pre_commit_home, "registry/registry.yaml")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout


def test_hook_refuses_a_commit_that_deletes_a_recipient_still_in_use(tmp_path, pre_commit_home):
    """Issue 29: only recipients.yaml changes, but the activity that names the deleted recipient
    is in another file; validating the changed file's findings alone passed such a commit."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "sample", repo / "registry")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    before = run_local(repo, pre_commit_home, "registry/recipients.yaml")
    assert before.returncode == 0, before.stdout + before.stderr
    recipients = repo / "registry" / "recipients.yaml"
    text = recipients.read_text(encoding="utf-8")
    recipients.write_text(text[:text.index("  - id: analytics-inc")], encoding="utf-8")
    after = run_local(repo, pre_commit_home, "registry/recipients.yaml")
    assert after.returncode == 1, after.stdout + after.stderr
    assert "registry/activities/website.yaml:" in after.stdout and "analytics-inc" in after.stdout


def test_fmt_hook_formats_registry_files_only(tmp_path, pre_commit_home):
    repo = make_repo(tmp_path)
    crm = repo / "registry" / "activities" / "crm.yaml"
    crm.write_text("activities:\n- name: CRM\n  id: crm\n", encoding="utf-8")
    (repo / "other.yaml").write_text("b:   'x'\na: 1\n", encoding="utf-8")
    changed = run_local(repo, pre_commit_home, "registry/activities/crm.yaml", "other.yaml", ident="ropa-fmt")
    assert changed.returncode == 1, changed.stdout + changed.stderr
    assert crm.read_text(encoding="utf-8") == "activities:\n  - id: crm\n    name: CRM\n"
    assert (repo / "other.yaml").read_text(encoding="utf-8") == "b:   'x'\na: 1\n", "not a registry file"
    again = run_local(repo, pre_commit_home, "registry/activities/crm.yaml", "other.yaml", ident="ropa-fmt")
    assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.skipif(not os.environ.get("ROPA_SLOW_TESTS"),
                    reason="installs the hook environment from the package index; set ROPA_SLOW_TESTS=1")
def test_hook_fails_on_errors_of_the_registry_of_passed_files(tmp_path, pre_commit_home):
    repo = make_repo(tmp_path)
    failing = try_repo(repo, pre_commit_home, "registry/activities/crm.yaml", "other.yaml")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "registry/activities/crm.yaml:2:5: RP101 error" in failing.stdout
    assert "other.yaml:" not in failing.stdout.replace("registry/", "")

    # the broken file removed: the registry is clean and the hook passes
    (repo / "registry" / "activities" / "crm.yaml").unlink()
    passing = try_repo(repo, pre_commit_home, "registry/registry.yaml")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
