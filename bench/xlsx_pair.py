"""Paired whole-process runs: ``ropa export --format xlsx`` against openpyxl's write-only floor.

    python bench/generate.py 1000 bench/data/reg-1000
    python bench/xlsx_pair.py bench/data/reg-1000 --rounds 3
    python bench/xlsx_pair.py bench/data/reg-1000 --baseline /tmp/old   # also a checkout's ropa/

The floor writes the cells ropa's workbooks hold (read back with openpyxl: same sheets, rows,
columns and values) with openpyxl's write-only mode and no styles. Each round runs ropa (and
the baseline, a directory holding another version's ``ropa`` package, put first on
PYTHONPATH) and the floor one after the other, so that the machine's load hits both; the
ratio is taken within each round and the median of the rounds reported, with wall and CPU
time (user + system, from ``os.wait4`` of the child alone), the child's peak memory and the
load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
FLOOR = """
import json, sys
from openpyxl import Workbook
books = json.load(open(sys.argv[1], encoding="utf-8"))
for i, sheets in enumerate(books):
    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(f"{sys.argv[2]}/plain-{i}.xlsx")
"""


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cells(out: Path) -> list:
    from openpyxl import load_workbook

    books = []
    for book in sorted(out.glob("*.xlsx")):
        wb = load_workbook(book, read_only=True)
        books.append([(ws.title, [[c if isinstance(c, (str, int, float)) or c is None else str(c) for c in row]
                                  for row in ws.iter_rows(values_only=True)]) for ws in wb.worksheets])
        wb.close()
    return books


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("registry")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", help="a directory holding another version's ropa package")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="xlsx-pair-"))
    env = dict(os.environ, ROPA_CACHE_DIR="")  # every file parsed, as the targets are judged
    runs = {"ropa": env}
    if args.baseline:
        runs["baseline"] = dict(env, PYTHONPATH=args.baseline)
    for name in runs:
        (out / name).mkdir()
    (out / "floor").mkdir()

    def export(name: str) -> list[str]:
        return [str(BIN / "ropa"), "export", args.registry, "--format", "xlsx", "--lang", "en", "--out", str(out / name)]

    run(export("ropa"), env)
    books = cells(out / "ropa")
    (out / "cells.json").write_text(json.dumps(books), encoding="utf-8")
    count = sum(len(r) for book in books for _title, rows in book for r in rows)
    print(f"{len(books)} workbooks, {count:,} cells", flush=True)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in [*runs, "floor"]}
    floor = [sys.executable, "-c", FLOOR, str(out / "cells.json"), str(out / "floor")]
    for n in range(args.rounds):
        for name, child_env in runs.items():
            results[name].append(run(export(name), child_env))
        results["floor"].append(run(floor, env))
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"round {n + 1}: " + "; ".join(f"{k} {v[-1][0]:.1f} s wall, {v[-1][1]:.1f} s CPU, {v[-1][2]:.0f} MiB"
                                             for k, v in results.items()) + f"; load {load}", flush=True)
    for name in runs:
        wall = statistics.median(a[0] / b[0] for a, b in zip(results[name], results["floor"]))
        cpu = statistics.median(a[1] / b[1] for a, b in zip(results[name], results["floor"]))
        print(f"{name} / floor: wall {wall:.2f} x, CPU {cpu:.2f} x (median of {args.rounds} rounds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
