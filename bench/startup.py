"""Where the start-up of `ropa validate` goes, stage by stage (medians of fresh processes).

    python bench/startup.py [REGISTRY] [--runs 15]

Each run is a new interpreter (import costs are paid once per process) that follows the path
of the ``ropa validate REGISTRY`` process and times, in order: the stack's imports (typer,
rich.console, ruamel.yaml: the floor), the typer app, the validate command's module with the
library it imports (model, findings, loader, checker, reporters), the rule catalogue, the
vocabularies, typer building the command and parsing the arguments, loading the registry,
the rules, the report, and (timed from outside) the interpreter's exit. The parse cache is
used as ropa uses it; ``ROPA_CACHE_DIR= python bench/startup.py`` measures with it off.
Complements ``python -X importtime -m ropa validate registry``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import io, json, sys, time
marks = [("start", time.perf_counter())]
def mark(name):
    marks.append((name, time.perf_counter()))
import typer, rich.console, ruamel.yaml
mark("floor: typer, rich.console, ruamel.yaml")
import ropa.cli
ropa.cli._tune_collector(["validate"])  # as the `ropa validate` process does (collector off)
from ropa.cli._app import app
mark("the typer app (ropa.cli._app)")
import ropa.cli.validate
mark("the validate command module and the library it imports")
from ropa.rules import catalogue
catalogue()
mark("import the rule catalogue")
from ropa import vocab
vocab.legal_bases(); vocab.mechanisms(); vocab.is_country("DE"); vocab.eea()
mark("read the vocabularies")
import typer.main
command = typer.main.get_command(app)
command.make_context("ropa", ["validate", sys.argv[1]])
mark("typer: build the command, parse the arguments")
from ropa.load import load
result = load(sys.argv[1])
mark("load the registry")
import ropa.check
report = ropa.check.check(result)
mark("run the rules")
from ropa.report import REPORTERS
REPORTERS["text"](report, io.StringIO())
mark("report (text)")
print(json.dumps([(name, b - a) for (_, a), (name, b) in zip(marks, marks[1:])]), marks[-1][1])
"""

FLOOR_PROBE = "import time, typer, rich.console, ruamel.yaml; print(time.perf_counter())"
EXIT = "interpreter exit, minus the floor process's exit"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT / "registry" if (ROOT / "registry" / "registry.yaml").exists() else ROOT / "tests/fixtures/sample"
    parser.add_argument("registry", nargs="?", default=str(default))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    stages: dict[str, list[float]] = {}
    for _ in range(args.runs + 1):
        out = subprocess.run([sys.executable, "-c", PROBE, args.registry], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
        ended = time.perf_counter()  # CLOCK_MONOTONIC: the same clock in the child on Linux
        timings, last_mark = out.splitlines()[-1].rsplit(" ", 1)
        for name, seconds in json.loads(timings):
            stages.setdefault(name, []).append(seconds)
        out = subprocess.run([sys.executable, "-c", FLOOR_PROBE], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
        floor_exit = time.perf_counter() - float(out.split()[-1])
        stages.setdefault(EXIT, []).append(ended - float(last_mark) - floor_exit)
    floor = statistics.median(stages["floor: typer, rich.console, ruamel.yaml"][1:])
    print("| stage | median ms | of floor |\n|---|---:|---:|")
    total = 0.0
    for name, values in stages.items():
        median = statistics.median(values[1:])  # the first run warms the bytecode cache
        if not name.startswith("floor"):
            total += median
        print(f"| {name} | {1000 * median:.1f} | {median / floor:.2f} |")
    print(f"| **ropa's own work (all but the floor)** | {1000 * total:.1f} | {total / floor:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
