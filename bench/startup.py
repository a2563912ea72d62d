"""Where the start-up time of `ropa validate` goes, stage by stage (medians of fresh processes).

    python bench/startup.py [REGISTRY] [--runs 15]

Each run is a new interpreter (import costs are paid once per process) that times, in
order: the stack's imports (typer, rich.console, ruamel.yaml: the floor), the model, the
CLI with its command modules, the library the command imports, the rule catalogue, the
vocabularies, loading the registry, the rules, and the report. Complements
``python -X importtime -m ropa validate registry``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import io, json, sys, time
marks = [("start", time.perf_counter())]
def mark(name):
    marks.append((name, time.perf_counter()))
import typer, rich.console, ruamel.yaml
mark("floor: typer, rich.console, ruamel.yaml")
import ropa.model
mark("import ropa.model")
import ropa.cli
mark("import ropa.cli (+ command modules)")
from ropa.cli import validate as command
import ropa.check, ropa.load, ropa.report
mark("import ropa.check, load, report")
from ropa.rules import catalogue
catalogue()
mark("import the rule catalogue")
from ropa import vocab
vocab.legal_bases(); vocab.mechanisms(); vocab.is_country("DE"); vocab.eea()
mark("read the vocabularies")
from ropa.load import load
result = load(sys.argv[1])
mark("load the registry")
report = ropa.check.check(result)
mark("run the rules")
from ropa.report import REPORTERS
REPORTERS["text"](report, io.StringIO())
mark("report (text)")
print(json.dumps([(name, b - a) for (_, a), (name, b) in zip(marks, marks[1:])]))
"""


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
        for name, seconds in json.loads(out.splitlines()[-1]):
            stages.setdefault(name, []).append(seconds)
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
