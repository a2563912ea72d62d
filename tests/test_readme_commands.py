"""Every `ropa` command the README shows runs (issue 26 item 6): on the bundled registry, or on a
file the repository ships, in a scratch copy of the repository (a git repository of its own,
one commit deep, like a shallow CI clone).

A command "runs" when it ends with exit code 0, or 1 where that is its verdict (findings), with
no usage error (2), no internal error and no traceback. A command that asks questions on a
terminal (`ropa new`) is started on a pseudo-terminal and must show its first question. A
command with a placeholder (`ID`, `path/to/registry`, `...`) is prose, not a command.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDERS = re.compile(r"\.\.\.|\bpath/to\b|\[PATH|\b(?:ID|ORG|TAG|DIR|CODE|PATH)\b|\$[A-Z]")
INTERACTIVE = {"ropa new", "ropa add recipient", "ropa init"}  # they ask on a terminal


def readme_commands() -> list[str]:
    """The `ropa` commands of README.md: lines of its sh blocks and inline code, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands: list[str] = []
    in_sh = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_sh = line.strip() == "```sh"
            continue
        if in_sh:
            command = line.split("  #", 1)[0].strip()
            for part in command.split("&&"):
                part = part.strip()
                if re.match(r"(\.venv/bin/)?ropa ", part):
                    commands.append(part)
            continue
        commands.extend(span for span in re.findall(r"`((?:\.venv/bin/)?ropa(?: [^`]*)?)`", line))
    out = []
    for command in commands:
        command = re.sub(r"^\.venv/bin/ropa", "ropa", command)
        if command != "ropa" and not PLACEHOLDERS.search(command) and command not in out:
            out.append(command)
    # a bare `ropa subject` next to `ropa subject website-visitors` names the command in prose
    # (and `ropa export` is `ropa export registry` here): the full one runs
    return [c for c in out if not any(o.startswith(c + " ") and not o[len(c) + 1:].startswith("-") for o in out)]


COMMANDS = readme_commands()
# one xdist worker runs the module (``--dist loadgroup``): the scratch copy is made once, and the
# commands run in the README's order (the import that makes `baeckerei` before its export)
pytestmark = pytest.mark.xdist_group("readme")


def test_the_readme_shows_commands() -> None:
    assert len(COMMANDS) > 25
    assert "ropa validate registry" in COMMANDS
    assert "ropa show web-contact-form --lang de" in COMMANDS


# commands the README shows as refused (its exit-code paragraph)
REFUSED = {"ropa validate /"}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's registry and exports, committed once (a shallow clone's history)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("readme")
    for name in ("registry", "exports"):
        shutil.copytree(ROOT / name, base / name)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(base)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "the bundled registry"]):
        subprocess.run(["git", *args], cwd=base, env=env, check=True, capture_output=True)
    return base


def environment(scratch: Path) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "EDITOR": "true",
            "VISUAL": "true", "HOME": str(scratch), "NO_COLOR": "1", "COLUMNS": "80"}


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command: str, scratch: Path) -> None:
    env = environment(scratch)
    if command in INTERACTIVE:
        asks_first_question(command, scratch, env)
        return
    if command.startswith("ropa import"):
        words = shlex.split(command)
        if len(words) < 3:
            pytest.skip("the name of the command in a heading")
        named = words[2]
        if not (ROOT / named).is_file():
            pytest.skip(f"{named}: the sample spreadsheet is not in this checkout (the importer's)")
        (scratch / named).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / named, scratch / named)
    elif "baeckerei" in command.split() and not (scratch / "baeckerei").exists():
        # the README's import makes it: under xdist this test may run before that one
        sample = next((c for c in COMMANDS if c.startswith("ropa import") and "--into baeckerei" in c), None)
        if sample is None or not (ROOT / shlex.split(sample)[2]).is_file():
            pytest.skip("the README's sample import is not in this checkout")
        named = shlex.split(sample)[2]
        (scratch / named).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / named, scratch / named)
        subprocess.run(["sh", "-c", sample], cwd=scratch, env=env, capture_output=True, stdin=subprocess.DEVNULL,
                       timeout=300)
    ropa = shutil.which("ropa", path=env["PATH"])
    assert ropa is not None, "ropa is not installed next to this Python"
    result = subprocess.run(["sh", "-c", command], cwd=scratch, env=env, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=300)
    output = result.stdout[-2000:] + result.stderr[-2000:]
    if command in REFUSED:  # shown in the README as what is refused: one line, exit 2, no traceback
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, output
        return
    assert result.returncode in (0, 1), f"{command}: exit {result.returncode}\n{output}"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, output
    if result.returncode == 1:  # only a verdict may end with 1: findings, stale exports, reformatting
        assert re.search(r"error|Fehler|stale|would|nicht aktuell|differ", output, re.I), output


def asks_first_question(command: str, cwd: Path, env: dict[str, str]) -> None:
    """Start ``command`` on a pseudo-terminal, wait for its first question, then interrupt it."""
    import pty
    import select
    import signal
    import time

    master, slave = pty.openpty()
    proc = subprocess.Popen(shlex.split(command), cwd=cwd / "registry" if command != "ropa init" else cwd / "exports",
                            env={**env, "TERM": "dumb"}, stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True)
    os.close(slave)
    screen = b""
    until = time.monotonic() + 120
    try:
        while b": " not in screen and time.monotonic() < until and proc.poll() is None:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                try:
                    screen += os.read(master, 4096)
                except OSError:
                    break
        assert b": " in screen, f"{command}: no question\n{screen.decode(errors='replace')}"
        until = time.monotonic() + 60
        sent = 0.0
        while proc.poll() is None and time.monotonic() < until:
            if time.monotonic() - sent > 2 and b"Abgebrochen." not in screen and b"Aborted." not in screen:
                os.killpg(proc.pid, signal.SIGINT)  # again if it came between the prompt and the read
                sent = time.monotonic()
            ready, _, _ = select.select([master], [], [], 0.5)  # drain the terminal meanwhile
            if ready:
                try:
                    screen += os.read(master, 4096)
                except OSError:
                    break
        assert proc.wait(timeout=60) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
