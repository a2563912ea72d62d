"""Plain ``pytest`` (the console script, not ``python -m pytest``) collects every test module,
from any working directory: the tests import ``tests.helpers``, which only works with the
project root on ``sys.path`` (``pythonpath`` in ``[tool.pytest.ini_options]``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_plain_pytest_collects_every_module(tmp_path):
    script = Path(sys.executable).with_name("pytest")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [str(script), "--collect-only", "-p", "no:cacheprovider", str(ROOT / "tests")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    collected = {line.split("::", 1)[0] for line in done.stdout.splitlines() if "::" in line}
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py")}
    # node ids are relative to the rootdir (the project root), whatever the working directory
    assert modules - collected == set()


def test_a_pytest_without_xdist_runs_the_suite_in_one_process(tmp_path):
    """Parallel is the default only where pytest-xdist is installed: without it (here ``-p
    no:xdist``) pytest must not refuse an ``-n`` it does not know (exit 4), but collect."""
    script = Path(sys.executable).with_name("pytest")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [str(script), "--collect-only", "-p", "no:xdist", "-p", "no:cacheprovider",
         str(ROOT / "tests" / "test_collect.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "test_collect.py::test_a_pytest_without_xdist_runs_the_suite_in_one_process" in done.stdout
