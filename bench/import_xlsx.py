"""Benchmark `ropa import` against openpyxl's read-only iteration over the same sheets.

    python bench/import_xlsx.py                 # 10,000 activities, 3 interleaved pairs
    python bench/import_xlsx.py --sizes 1000 --repeat 3

The workbook is ropa's own export (``ropa export --format xlsx --lang en``) of a synthetic
registry (``bench/generate.py``) whose activities all belong to one organisation, so the
record sheet has one row per activity. The floor is a process that opens the same file with
``openpyxl.load_workbook(read_only=True, data_only=True)`` and iterates every value of the
sheets the import reads (the cover, the record table, recipients, transfers, measures) and
the first 40 rows of the two it only looks at (the record form of about 25 rows per activity
and the findings: the import recognises them by their head and skips them; the floor must not
read a 250,000-row sheet the import does not). The import is a whole ``ropa import FILE
--into DIR`` process. Runs are interleaved (floor, import, floor, import ...) on the shared
machine, whose load is printed with each row; the ratio is of the medians within one run.
Peak memory is each child's own (``/usr/bin/time -f %M``, a fresh process that does not
inherit this harness's peak). Target: at most 2x the floor and 150 MiB for 10,000 rows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

FLOOR = """
import sys
from openpyxl import load_workbook
HEAD_ONLY = {"Record form", "Findings and waivers"}  # the import reads their first 40 rows only
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
n = 0
for ws in wb.worksheets:
    for number, row in enumerate(ws.iter_rows(values_only=True), 1):
        if ws.title in HEAD_ONLY and number > 40:
            break
        n += len(row)
wb.close()
"""
TIME = Path("/usr/bin/time")


def workbook(n: int) -> Path:
    reg = DATA / f"import-reg-{n}"
    book = DATA / f"import-{n}.xlsx"
    if book.exists():
        return book
    generate.ORGANISATIONS = 1  # one organisation: one record sheet of n rows
    generate.generate(n, reg)
    out = Path(tempfile.mkdtemp(prefix="import-export-"))
    subprocess.run([str(BIN / "ropa"), "export", str(reg), "--format", "xlsx", "--lang", "en", "--out", str(out)],
                   check=False, capture_output=True)
    (made,) = out.glob("*.xlsx")
    shutil.move(str(made), book)
    shutil.rmtree(out, ignore_errors=True)
    return book


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak MiB of one fresh process."""
    wrapped = [str(TIME), "-f", "%M", *cmd] if TIME.exists() else cmd
    started = time.perf_counter()
    proc = subprocess.run(wrapped, capture_output=True, text=True)
    took = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.strip()[-500:]}")
    peak = float(proc.stderr.strip().splitlines()[-1]) / 1024 if TIME.exists() else float("nan")
    return took, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| rows | load (1 min) | openpyxl read-only s (min-max) | ropa import s (min-max) | ratio of medians "
          "| floor MiB | import MiB | target | ok |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        book = workbook(n)
        floor, ours, floor_mem, our_mem = [], [], [], []
        load = os.getloadavg()[0]
        for _ in range(args.repeat):  # interleaved pairs: both see the same load
            took, peak = timed([sys.executable, "-c", FLOOR, str(book)])
            floor.append(took)
            floor_mem.append(peak)
            into = Path(tempfile.mkdtemp(prefix="import-into-")) / "registry"
            took, peak = timed([str(BIN / "ropa"), "import", str(book), "--into", str(into), "--date", "2025-01-01"])
            ours.append(took)
            our_mem.append(peak)
            shutil.rmtree(into.parent, ignore_errors=True)
        load = max(load, os.getloadavg()[0])
        ratio = statistics.median(ours) / statistics.median(floor)
        big = n >= 10000
        ok = ("yes" if ratio <= 2 and max(our_mem) <= 150 else "NO") if big else ""
        print(f"| {n:,} | {load:.1f} | {statistics.median(floor):.2f} ({min(floor):.2f}-{max(floor):.2f}) "
              f"| {statistics.median(ours):.2f} ({min(ours):.2f}-{max(ours):.2f}) | {ratio:.2f} "
              f"| {max(floor_mem):.0f} | {max(our_mem):.0f} | {'<= 2x, <= 150 MiB' if big else ''} | {ok} |")


if __name__ == "__main__":
    main()
