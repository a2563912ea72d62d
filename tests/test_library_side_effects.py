"""A program that imports ropa as a library keeps its own process (issue 22, items 2 and 4).

Loading and checking a registry leave the garbage collector as they found it (enabled,
nothing frozen) and import neither typer nor rich; only the command line tunes the
collector of its own process (``ropa.gc_tuning``). Each probe runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LIBRARY = """
import gc, json, sys
import ropa.load, ropa.check, ropa.inspect, ropa.export
from ropa.check import check
from ropa.load import load

before = gc.get_threshold()
for path in sys.argv[1:]:
    report = check(load(path))
print(json.dumps({"enabled": gc.isenabled(), "frozen": gc.get_freeze_count(),
                  "threshold": gc.get_threshold() == before, "findings": len(report.findings),
                  "modules": sorted(m for m in ("typer", "rich", "click") if m in sys.modules)}))
"""


def probe(code: str, *args: str) -> dict:
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                         env={"ROPA_CACHE_DIR": "", "PATH": "/usr/bin:/bin"}, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_loading_and_checking_leave_the_collector_and_import_no_terminal_library(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    large = tmp_path / "large"
    generate(1000, large)  # large enough that the loader once froze what it built (229,138 objects)
    out = probe(LIBRARY, str(ROOT / "registry"), str(large))
    assert out["findings"] > 0  # the registries were really checked
    assert out["enabled"] is True
    assert out["frozen"] == 0
    assert out["threshold"] is True
    assert out["modules"] == []


def test_only_the_command_line_tunes_its_process() -> None:
    code = """
import gc, json
from ropa.gc_tuning import YOUNG_THRESHOLD, for_command_line
for_command_line()
for_command_line()
print(json.dumps({"enabled": gc.isenabled(), "frozen": gc.get_freeze_count() > 0,
                  "young": gc.get_threshold()[0] == YOUNG_THRESHOLD}))
"""
    assert probe(code) == {"enabled": True, "frozen": True, "young": True}


NO_CYCLES = """
import gc, io, json, sys
from pathlib import Path
from ropa.report import REPORTERS
from ropa.validation import validate

gc.disable()
found = {}
for round in (1, 2):  # the first run fills the module-level caches (vocabularies, catalogue, messages)
    for path in sys.argv[1:]:
        for name in REPORTERS:
            report = validate([Path(path)])
            REPORTERS[name](report, io.StringIO(), lang="de")
            del report
            if round == 2:
                found[f"{Path(path).name} {name}"] = gc.collect()
        gc.collect()
print(json.dumps(found))
"""


def test_validate_leaves_no_cyclic_garbage() -> None:
    # `ropa validate` runs with the collector off (ropa.gc_tuning.WITHOUT_COLLECTOR): that is only
    # right while validating and reporting build no reference cycles, which nothing else frees
    paths = [ROOT / "registry", *(ROOT / "tests" / "fixtures" / name for name in ("sample", "broken", "physio"))]
    found = probe(NO_CYCLES, *map(str, paths))
    assert len(found) == 4 * 4
    assert found == dict.fromkeys(found, 0)


def test_validate_runs_without_the_collector_other_commands_with_it() -> None:
    code = """
import gc, json
from ropa.gc_tuning import for_command_line
for_command_line("validate")
print(json.dumps({"enabled": gc.isenabled()}))
"""
    assert probe(code) == {"enabled": False}
    assert probe(code.replace('"validate"', '"export"')) == {"enabled": True}
