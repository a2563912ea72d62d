"""The `ropa` process imports only the command it runs; everything users see stays the same.

``ropa.cli.main`` (the console script and ``python -m ropa``) imports one command module
when the command line names a command, and all of them for ``ropa --help``, no command, an
unknown command and shell completion. These tests run real processes and look at what they
imported (a ``sys.modules`` probe, and ``-X importtime`` for ``python -m ropa``), and check
that what the lazy process prints is what the complete ``ropa.cli.app`` prints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app, command_name

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
# Command modules as a reader of the source tree sees them, not as ropa.cli finds them.
MODULES = sorted(p.stem for p in (ROOT / "ropa" / "cli").glob("*.py") if not p.stem.startswith("_"))
# What the validate path has no use for: the table, Markdown and help renderers, exporters'
# and typer's optional libraries.
HEAVY = ("openpyxl", "rich.table", "rich.markdown", "rich.console", "markdown_it", "pygments",
         "pydantic", "jsonschema", "rdflib")
# The same environment for the processes and for CliRunner, so their output can be compared.
ENV = {"COLUMNS": "100", "NO_COLOR": None, "FORCE_COLOR": None, "TERM": "dumb", "ROPA_CACHE_DIR": ""}

# Runs the console script's entry point (from pyproject.toml) or `python -m ropa` (runpy,
# as -m does) and writes the modules really imported (stand-ins have no __spec__) to a file.
PROBE = r"""
import atexit, json, os, runpy, sys
mode, out, *args = sys.argv[1:]

def dump():
    modules = sorted(n for n, m in list(sys.modules.items()) if getattr(m, "__spec__", None) is not None)
    with open(out, "w") as f:
        json.dump(modules, f)

atexit.register(dump)
if mode == "-m":
    sys.argv = ["ropa", *args]
    runpy.run_module("ropa", run_name="__main__", alter_sys=True)
else:
    import importlib
    target, func = mode.split(":")
    sys.argv = ["ropa", *args]
    sys.exit(getattr(importlib.import_module(target), func)())
"""


def entry_point() -> str:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    return scripts["ropa"]


def run(tmp_path: Path, *args: str, mode: str | None = None,
        env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    out = tmp_path / f"modules-{len(list(tmp_path.iterdir()))}.json"
    environ = {k: v for k, v in {**os.environ, **ENV, **(env or {})}.items() if v is not None}
    proc = subprocess.run([sys.executable, "-c", PROBE, mode or entry_point(), str(out), *args],
                          capture_output=True, text=True, env=environ, cwd=ROOT, timeout=120)
    return proc, set(json.loads(out.read_text()))


# the light helpers every command shares: usage errors, the registry path, the command's sentences
HELPERS = {"_usage", "_texts"}


def cli_modules(modules: set[str]) -> set[str]:
    """The command modules (and ``_app``, ``_help``) loaded; not the helpers the commands share
    (``HELPERS`` and the inspect commands' ``_terminal``)."""
    return {m.removeprefix("ropa.cli.") for m in modules if m.startswith("ropa.cli.")} - HELPERS - {"_terminal"}


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def commands() -> list[tuple[str, str]]:
    """(command, module) of the complete app, in help order."""
    return [(command_name(info), info.callback.__module__.removeprefix("ropa.cli."))
            for info in app.registered_commands]


def test_app_is_complete_for_programs() -> None:
    # every module in ropa/cli/ registers at least one command, listed by module name
    assert sorted({module for _, module in commands()}) == MODULES
    assert [module for _, module in commands()] == sorted(module for _, module in commands())


def test_app_keeps_help_order_when_a_command_module_came_first(tmp_path: Path) -> None:
    code = ("import ropa.cli.validate, ropa.cli.transfers; from ropa.cli import app, command_name;"
            "print(' '.join(command_name(i) for i in app.registered_commands))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [name for name, _ in commands()]


def test_python_m_ropa_validate_imports_one_command_and_nothing_heavy(tmp_path: Path) -> None:
    proc, modules = run(tmp_path, "validate", str(SAMPLE), "--today", "2024-06-01", mode="-m")
    assert proc.returncode in (0, 1), proc.stderr
    assert " waived in " in proc.stdout.splitlines()[-1]
    assert cli_modules(modules) == {"_app", "validate"}
    assert heavy(modules) == []
    # the same without any instrumentation: -X importtime lists what `import` statements load
    # (command modules are loaded by importlib.import_module, which it does not list)
    environ = {k: v for k, v in {**os.environ, **ENV}.items() if v is not None}
    real = subprocess.run([sys.executable, "-X", "importtime", "-m", "ropa", "validate", str(SAMPLE),
                           "--today", "2024-06-01"], capture_output=True, text=True, env=environ,
                          cwd=ROOT, timeout=120)
    assert real.stdout == proc.stdout
    imported = {line.rsplit("|", 1)[1].strip() for line in real.stderr.splitlines()
                if line.startswith("import time:") and line.count("|") == 2}
    assert "ropa.findings" in imported  # the probe works: ropa's own imports are listed
    assert heavy(imported) == []
    # no other command's helpers: usage errors and the registry path are shared (and light)
    assert not {m for m in imported if m.startswith("ropa.inspect")}
    assert {m.removeprefix("ropa.cli.") for m in imported if m.startswith("ropa.cli._")} <= {"_app", *HELPERS}


@pytest.mark.parametrize(("command", "module"), commands())
def test_each_command_loads_only_its_module_and_helps_as_before(tmp_path: Path, command: str, module: str) -> None:
    proc, modules = run(tmp_path, command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert cli_modules(modules) == {"_app", module}
    expected = CliRunner().invoke(app, [command, "--help"], env=ENV, prog_name="ropa")
    assert expected.exit_code == 0
    assert proc.stdout == expected.output


def test_lang_before_the_command_loads_only_its_module(tmp_path: Path) -> None:
    proc, modules = run(tmp_path, "-l", "de", "validate", str(SAMPLE), "--today", "2024-06-01",
                        env={"ROPA_LANG": None})  # (validate's own --lang reads it)
    assert proc.returncode in (0, 1), proc.stderr
    assert cli_modules(modules) == {"_app", "validate"}
    assert " als Risiko akzeptiert in " in proc.stdout.splitlines()[-1]
    proc, modules = run(tmp_path, "--lang=de", "show", "-h")
    assert cli_modules(modules) == {"_app", "_help", "show"}
    assert proc.stdout.startswith("Aufruf: ropa show [OPTIONEN]")


def test_version_loads_no_command(tmp_path: Path) -> None:
    from ropa import __version__

    proc, modules = run(tmp_path, "--version")
    assert (proc.returncode, proc.stdout) == (0, f"ropa {__version__}\n")
    assert cli_modules(modules) == {"_app"}


@pytest.mark.parametrize("args", [["--help"], ["-h"], []])
def test_root_help_lists_every_command(tmp_path: Path, args: list[str]) -> None:
    proc, modules = run(tmp_path, *args)
    assert cli_modules(modules) == {"_app", *MODULES}
    expected = CliRunner().invoke(app, args, env=ENV, prog_name="ropa")
    shown = proc.stdout if args else proc.stderr  # no command: the help is the usage error, on stderr
    assert (proc.returncode, shown) == (expected.exit_code, expected.output)
    assert proc.returncode == (0 if args else 2)
    section = shown.split("\nCommands:\n", 1)[1]
    listed = [line.split()[0] for line in section.splitlines() if line.startswith("  ") and line.split()]
    assert [name for name, _ in commands()] == [n for n in listed if n in dict(commands())]
    assert set(dict(commands())) <= set(listed)


@pytest.mark.parametrize(("word", "message"), [
    ("lst", "No such command 'lst'. Did you mean 'list'?"),
    ("list_activities", "No such command 'list_activities'."),  # a module, not a command
    ("_app", "No such command '_app'."),
    ("nosuchcmd", "No such command 'nosuchcmd'."),
])
def test_unknown_command_is_a_usage_error_with_suggestions(tmp_path: Path, word: str, message: str) -> None:
    proc, modules = run(tmp_path, word)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert cli_modules(modules) == {"_app", *MODULES}


def test_completion_offers_every_command(tmp_path: Path) -> None:
    env = {"_ROPA_COMPLETE": "complete_bash", "COMP_WORDS": "ropa ", "COMP_CWORD": "1"}
    proc, modules = run(tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [name for name, _ in commands()]
    proc, _ = run(tmp_path, env={**env, "COMP_WORDS": "ropa re"})
    assert proc.stdout.split() == ["review", "recipients"]
    # completing a command's options, the command line names the command only in COMP_WORDS
    proc, _ = run(tmp_path, env={**env, "COMP_WORDS": "ropa validate --st", "COMP_CWORD": "2"})
    assert proc.stdout.split() == ["--strict"]


def test_process_exit_keeps_output_and_files_complete(tmp_path: Path) -> None:
    # main() freezes the collector at exit (skipping CPython's final full collections):
    # what the process printed and wrote must still be complete
    proc, _ = run(tmp_path, "validate", str(SAMPLE), "--today", "2024-06-01", "--format", "json", mode="-m")
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["findings"] is not None
    out = tmp_path / "exports"
    args = ("export", str(SAMPLE), "-f", "xlsx", "-f", "json", "-f", "csv", "--out", str(out))
    proc, _ = run(tmp_path, *args)
    assert proc.returncode == 0, proc.stderr
    proc, _ = run(tmp_path, *args, "--check")  # a fresh export in memory is byte-identical
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
