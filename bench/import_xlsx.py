"""Benchmark `ropa import` against openpyxl's read-only iteration over the same workbook.

    python bench/import_xlsx.py                 # 10,000 activities; about a minute
    python bench/import_xlsx.py --sizes 1000 --repeat 3

The workbook is ropa's own export (``ropa export --format xlsx --lang en``) of a synthetic
registry (``bench/generate.py``) whose activities all belong to one organisation, so the
record sheet has one row per activity. The floor is a process that opens the same file
with ``openpyxl.load_workbook(read_only=True, data_only=True)`` and reads what the import
reads: every row of the sheets it imports (its tables and forms, as ``ropa.importer.plan_file``
recognises them) and the first ``HEAD`` rows of the others, which it only looks at (the DSK
form sheet beside the table holds 25 rows per activity that the import skips; a floor
reading them too did 25 times the work). Each process is started by ``bench/run.py``'s
launcher, so its peak memory is its own. The import is a whole ``ropa import FILE --into DIR`` process (reading,
recognising, building the registry, writing it in fmt layout, loading it once to make sure
it loads). Target: at most 2x the floor for 10,000 rows. Fastest of ``--repeat`` runs each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402
import run  # noqa: E402

FLOOR = """
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
whole = set(sys.argv[3:])
n = 0
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True, max_row=None if ws.title in whole else int(sys.argv[2])):
        n += len(row)
wb.close()
"""


def imported_sheets(book: Path) -> list[str]:
    """The sheets ``ropa import`` reads whole (tables and forms), as its own planning says."""
    from ropa.importer import plan_file

    plan = plan_file(book)
    try:
        return sorted({t.sheet.name for t in plan.tables} | {f.sheet.name for f in plan.forms})
    finally:
        plan.book.close()


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
    """Seconds and peak MiB of one whole process (``run.run_once``: its own peak, not the harness's)."""
    took, peak, code = run.run_once(cmd)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (exit {code})")
    return took, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from ropa.importer.read import HEAD

    print(f"machine: {run.machine()}")
    print("| rows | sheets read whole | openpyxl read-only s (MiB) | ropa import s (MiB) | ratio | target | "
          "met | load 1 min |")
    print("|---|---|---|---|---|---|---|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        book = workbook(n)
        whole = imported_sheets(book)
        floor, ours = [], []
        load = os.getloadavg()[0]
        for _ in range(args.repeat):
            floor.append(timed([sys.executable, "-c", FLOOR, str(book), str(HEAD), *whole]))
            into = Path(tempfile.mkdtemp(prefix="import-into-")) / "registry"
            ours.append(timed([str(BIN / "ropa"), "import", str(book), "--into", str(into)]))
            shutil.rmtree(into.parent, ignore_errors=True)
        load = max(load, os.getloadavg()[0])
        f, o = min(floor), min(ours)
        ratio = o[0] / f[0]
        peak = max(p for _t, p in ours)
        target = "< 2 x, < 150 MiB" if n >= 10000 else ""
        met = run.verdict(ratio < 2 and peak < 150) if n >= 10000 else ""
        print(f"| {n:,} | {', '.join(whole)} | {f[0]:.2f} ({max(p for _t, p in floor):.0f}) | {o[0]:.2f} ({peak:.0f}) | "
              f"{run.ratio_text(ratio, 2)} | {target} | {met} | {load:.2f} |")


if __name__ == "__main__":
    main()
