"""No traceback anywhere: full disks and closed pipes, links in git history, odd registries.

These run the real ``ropa`` process (``python -m ropa``): the output guard lives in
``ropa.cli.main``, which a ``CliRunner`` does not go through.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
FACTS42 = ROOT / "registry"


def ropa(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "ROPA_CACHE_DIR": "", "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "ropa", *args], env=env, cwd=ROOT, check=False, **kwargs)


COMMANDS = [["validate", str(SAMPLE)], ["list", "-r", str(SAMPLE)], ["explain", "RP101"], ["rules"],
            ["export", str(SAMPLE), "--check", "--out", str(ROOT / "exports")], ["--help"]]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_full_stdout_is_one_error_line(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        run = ropa(*args, stdout=full, stderr=subprocess.PIPE, text=True)
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr, run.stderr
    if args[0] == "export":  # writes only a summary on stderr
        return
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines()[-1] == "error: cannot write the output: No space left on device"


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_closed_pipe_keeps_the_verdict(args: list[str]) -> None:
    """`ropa validate | head`: the reader leaving changes nothing; exit code as without a pipe."""
    expected = ropa(*args, capture_output=True).returncode
    read, write = os.pipe()
    os.close(read)  # every write the command makes meets a closed pipe (EPIPE)
    try:
        run = ropa(*args, stdout=write, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write)
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr, run.stderr
    assert "cannot write" not in run.stderr
    assert run.returncode == expected


def test_closed_pipe_after_some_lines_of_a_long_output() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "ropa", "validate", str(FACTS42)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "ROPA_CACHE_DIR": ""})
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    _out, err = proc.communicate()
    assert b"Traceback" not in err
    # the exit code is the verdict of the whole run (FACTS42 has open errors: 1), not 141 or a crash
    full = subprocess.run([sys.executable, "-m", "ropa", "validate", str(FACTS42)], cwd=ROOT,
                          capture_output=True, env={**os.environ, "ROPA_CACHE_DIR": ""})
    assert full.returncode == 1 and proc.returncode == full.returncode, err


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_diff_of_a_revision_holding_links_out_of_the_registry(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(SAMPLE, repo / "registry")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "one")
    (repo / "registry" / "evil.yaml").symlink_to("/etc/passwd")
    (repo / "registry" / "activities" / "up.yaml").symlink_to("../../../outside.yaml")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "links")
    run = ropa("diff", "HEAD~1", "HEAD", "-r", str(repo / "registry"), capture_output=True, text=True)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 2 and all(" RP018 " in line for line in lines), lines
    assert "HEAD:registry/evil.yaml:1:1: RP018 file link points outside the registry: /etc/passwd" in lines
    assert all(line.startswith("HEAD:registry/") for line in lines), "named by the revision, not a temporary copy"
    assert not (tmp_path / "outside.yaml").exists()


def test_diff_with_a_file_as_registry_compares_the_whole_registry(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(SAMPLE, repo / "registry")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "one")
    recipients = repo / "registry" / "recipients.yaml"
    recipients.write_text(recipients.read_text(encoding="utf-8").replace("Hosting AG", "Hosting SE"), encoding="utf-8")
    activity = sorted((repo / "registry" / "activities").glob("*.yaml"))[0]
    run = ropa("diff", "HEAD", str(repo / "registry"), "-r", str(activity), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "~ recipients hoster (changed)" in run.stdout, run.stdout


def test_duplicate_languages_are_a_loader_problem(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    shutil.copytree(SAMPLE, reg)
    meta = reg / "registry.yaml"
    text = meta.read_text(encoding="utf-8")
    assert "languages: [de, en]" in text
    meta.write_text(text.replace("languages: [de, en]", "languages: [en, en]"), encoding="utf-8")
    result = load(reg)
    assert [(f.code, f.span.line) for f in result.findings if f.code == "RP009"] == [
        ("RP009", text[:text.index("languages:")].count("\n") + 1)]
    assert result.registry.meta.languages == ("en",)
    run = ropa("export", str(reg), "--out", str(tmp_path / "out"), capture_output=True, text=True)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr


@pytest.mark.parametrize("args", [["list"], ["summary"], ["gaps"], ["recipients"], ["transfers"],
                                  ["show", "web-server-logs"], ["diff", str(SAMPLE)], ["fmt", "--check"]],
                         ids=lambda a: a[0])
def test_registry_option_with_a_file_means_the_files_registry(args: list[str]) -> None:
    """`-r FILE` (any file inside the registry) gives what `-r DIR` gives, in every command."""
    from typer.testing import CliRunner

    from ropa.cli import app

    deep = sorted((SAMPLE / "activities").glob("*.yaml"))[0]
    by_dir = CliRunner().invoke(app, [*args, "-r", str(SAMPLE)])
    by_file = CliRunner().invoke(app, [*args, "-r", str(deep)])
    assert by_file.exception is None or isinstance(by_file.exception, SystemExit), by_file.output
    assert (by_file.exit_code, by_file.stdout) == (by_dir.exit_code, by_dir.stdout)
    assert by_dir.stdout.strip() or by_dir.exit_code != 0
