"""ropa is a library with a CLI on top (issue 22): a program that imports the loader, the
checks, the inspect answers, validation and the exports, and uses them, gets no typer, rich
or click, and keeps its garbage collector as it was (no process-wide side effects)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROGRAM = """
import gc, importlib, json, pkgutil, sys
from pathlib import Path
import ropa.load, ropa.check, ropa.inspect, ropa.export, ropa.validation, ropa.locate
import ropa.inspect as pkg
# every module under ropa/inspect
for info in pkgutil.iter_modules(pkg.__path__):
    importlib.import_module("ropa.inspect." + info.name)
from ropa.check import check
from ropa.load import load
from ropa.inspect.listing import list_activities
from ropa.inspect.show import show
from ropa.inspect.summary import summary
from ropa.inspect.transfers import transfer_matrix
report = check(load(Path(sys.argv[1])))
summary(report, "de"); list_activities(report); transfer_matrix(report.registry)
show(report, next(iter(report.registry.activities)), "de")
ropa.validation.validate([Path(sys.argv[1]) / "registry.yaml"])
print(json.dumps({"ui": sorted(m for m in sys.modules if m.split(".")[0] in ("typer", "rich", "click")),
                  "cli": sorted(m for m in sys.modules if m.startswith("ropa.cli")),
                  "gc": gc.isenabled(), "frozen": gc.get_freeze_count()}))
"""


def test_the_library_imports_no_terminal_code_and_leaves_gc_alone(tmp_path):
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(ROOT / "registry")], capture_output=True,
                          text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["ui"] == [] and seen["cli"] == []
    assert seen["gc"] is True and seen["frozen"] == 0


def test_no_library_module_imports_the_cli():
    """Data flows one way: nothing under ropa/ but ropa/cli imports ``ropa.cli``, typer or rich (rich renders in ``ropa.report.text`` for the CLI only,
    imported inside its function)."""
    offenders = []
    for path in sorted((ROOT / "ropa").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("ropa/cli/") or rel == "ropa/__main__.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("from ropa.cli", "import ropa.cli", "import typer", "from typer"):
            if needle in text:
                offenders.append((rel, needle))
    assert offenders == []
