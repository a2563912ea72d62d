"""A ``pytest`` typed in the checkout whose Python lacks ropa's dependencies (a global pytest)
runs the tests with the checkout's ``.venv`` (the README's install), or says in one line what
to do: never an import error per test module (``tests/conftest.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import conftest

CHILD = """
import sys
from pathlib import Path
from types import SimpleNamespace
sys.path.insert(0, sys.argv[1])
from tests import conftest
conftest.ROOT = Path(sys.argv[2])
conftest.NEEDED = ("no_such_module_for_ropa",)
config = SimpleNamespace(pluginmanager=SimpleNamespace(getplugin=lambda name: None),
                         invocation_params=SimpleNamespace(dir=Path.cwd(), args=("-q", "tests/x.py")))
print("not replaced", conftest._run_where_ropa_is_installed(config))
"""


def _config(args: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(pluginmanager=SimpleNamespace(getplugin=lambda name: None),
                           invocation_params=SimpleNamespace(dir=Path.cwd(), args=args))


def test_with_the_dependencies_nothing_happens() -> None:
    assert conftest._run_where_ropa_is_installed(_config()) is None


def test_without_them_and_without_a_venv_one_line_says_what_to_do(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(conftest, "ROOT", tmp_path)
    monkeypatch.setattr(conftest, "NEEDED", ("typer", "no_such_module_for_ropa"))
    assert conftest._run_where_ropa_is_installed(_config()) == pytest.ExitCode.USAGE_ERROR
    [line] = capsys.readouterr().err.splitlines()
    assert "lacks ropa's dependencies (no_such_module_for_ropa)" in line
    assert ".venv/bin/pip install -e '.[test]'" in line and ".venv/bin/python -m pytest" in line


@pytest.mark.skipif(os.name != "posix", reason="the .venv's interpreter is a POSIX path")
def test_without_them_the_checkouts_venv_runs_the_same_arguments(tmp_path) -> None:
    venv_python = tmp_path / ".venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_text("#!/bin/sh\nprintf '%s\\n' \"$ROPA_TESTS_VENV\" \"$@\"\n")
    venv_python.chmod(0o755)
    root = str(Path(conftest.__file__).resolve().parents[1])
    env = {k: v for k, v in os.environ.items() if k != "ROPA_TESTS_VENV"}
    run = subprocess.run([sys.executable, "-c", CHILD, root, str(tmp_path)], capture_output=True, text=True,
                         env=env, timeout=60, check=False)
    assert run.stdout.splitlines() == [str(tmp_path / ".venv"), "-m", "pytest", "-q", "tests/x.py"], run.stderr
    # once only: a .venv that lacks them too is not run again and again
    env["ROPA_TESTS_VENV"] = str(tmp_path / ".venv")
    again = subprocess.run([sys.executable, "-c", CHILD, root, str(tmp_path)], capture_output=True, text=True,
                           env=env, timeout=60, check=False)
    assert again.returncode == 0 and again.stdout.startswith("not replaced"), again.stderr
