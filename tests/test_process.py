"""The real `ropa` process: what only a terminal (or a pipe) shows, CliRunner does not.

Every command's help and `ropa explain` run as `python -m ropa` and as the installed script,
with colour forced (as on a colour terminal) and plain (in a pipe). The views run on the
FACTS42 registry at 80 columns with a rich terminal forced: no word of the plain output may
come out cut (a table squeezing "Google Calendar" into "Googl|e Calen|dar").
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).parent / "ropa"


def command_names() -> list[str]:
    """Every command of the application (a new command is covered without editing this file)."""
    from ropa.cli import app, command_name

    return [command_name(info) for info in app.registered_commands]


COMMANDS = command_names()
ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")
BOX = re.compile(r"[│┃┆┊║─━┄┈═╭╮╯╰┌┐└┘├┤┬┴┼╞╡╪┏┓┗┛┣┫┳┻╋╇╈╉╊╔╗╚╝╠╣╦╩╬]")


def run(args: list[str], *, colour: bool, columns: int = 80, script: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "ROPA_LANG",
                                                             "ROPA_REGISTRY")}
    env.update(COLUMNS=str(columns), LINES="50", ROPA_CACHE_DIR="")
    if colour:
        env.update(FORCE_COLOR="1", TERM="xterm-256color")
    else:
        env.update(TERM="dumb")
    argv = [str(SCRIPT)] if script else [sys.executable, "-m", "ropa"]
    return subprocess.run([*argv, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_every_command_is_found() -> None:
    assert {"list", "show", "new", "edit", "review", "vocab", "validate", "explain"} <= set(COMMANDS)


@pytest.mark.parametrize("colour", [True, False], ids=["colour", "pipe"])
@pytest.mark.parametrize("command", COMMANDS)
def test_help_runs_in_the_real_process(command: str, colour: bool) -> None:
    proc = run([command, "--help"], colour=colour)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.startswith("Usage: ") and f" {command} [OPTIONS]" in proc.stdout.splitlines()[0]
    # plain metavars: no typer type labels such as <bool> or <list[Path]>
    assert not re.search(r"<(bool|str|int|path|list\[)", ANSI.sub("", proc.stdout)), proc.stdout


@pytest.mark.parametrize("args", [["-h", "-l", "de"], ["validate", "--help", "--lang", "de"],
                                  ["show", "-l", "de", "-h"]], ids=["root", "validate", "show"])
def test_help_in_german_in_the_real_process(args: list[str]) -> None:
    # the process imports only the command it runs: its help is German all the same
    proc = run(args, colour=False)
    assert proc.returncode == 0, proc.stderr
    command = "" if args[0].startswith("-") else f" {args[0]}"
    assert proc.stdout.startswith("Aufruf: ") and f"{command} [OPTIONEN]" in proc.stdout.splitlines()[0]
    assert "\nOptionen:\n" in proc.stdout and "Diese Hilfe zeigen und beenden." in proc.stdout
    assert not re.search(r"Usage|Options|Show this message|Exit codes|Example", proc.stdout)


def test_a_usage_error_in_german_in_the_real_process() -> None:
    proc = run(["validate", "-l", "de", "--nope"], colour=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1] == "Fehler: Unbekannte Option: --nope (mögliche Optionen: --ignore)"
    assert proc.stderr.startswith("Aufruf: ") and " validate [OPTIONEN] [PFADE]..." in proc.stderr.splitlines()[0]


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")
@pytest.mark.parametrize("colour", [True, False], ids=["colour", "pipe"])
def test_explain_runs_as_the_installed_script(colour: bool) -> None:
    # FORCE_COLOR=1 ropa explain RP301 ended in "module 'rich.traceback' has no attribute 'Markdown'"
    proc = run(["explain", "RP301"], colour=colour, script=True)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "RP301" in proc.stdout and "What it does" in ANSI.sub("", proc.stdout)
    assert ("\x1b[" in proc.stdout) is colour


@pytest.mark.parametrize("colour", [True, False], ids=["colour", "pipe"])
def test_explain_runs_as_python_m_ropa(colour: bool) -> None:
    proc = run(["explain", "RP301"], colour=colour)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", BOX.sub(" ", ANSI.sub("", text))))


VIEWS = [
    ["list"], ["list", "-o", "facts42", "--country", "US"], ["transfers"], ["recipients"], ["summary"],
    ["gaps"], ["show", "web-google-analytics"], ["show", "facts42"], ["show", "google-inc-analytics"],
    ["validate"], ["vocab", "mechanisms"], ["vocab", "adequacy"], ["rules"],
]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("args", VIEWS, ids=lambda a: "-".join(a))
def test_no_word_is_cut_at_80_columns(args: list[str], lang: str) -> None:
    args = [*args, "--lang", lang] if args[0] not in ("validate", "rules") else args
    wide = run(args, colour=True, columns=400)  # the same renderer, room for every line
    narrow = run(args, colour=True, columns=80)
    assert narrow.returncode == wide.returncode, narrow.stderr
    assert "Traceback" not in narrow.stderr
    lines = ANSI.sub("", narrow.stdout).splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    cut = words(narrow.stdout) - words(wide.stdout)
    assert not cut, sorted(cut)[:20]
