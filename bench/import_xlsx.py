"""Benchmark `ropa import` against openpyxl's read-only iteration over the same workbook.

    python bench/import_xlsx.py                 # 10,000 activities; about a minute
    python bench/import_xlsx.py --sizes 1000 --repeat 3

The workbook is ropa's own export (``ropa export --format xlsx --lang en``) of a synthetic
registry (``bench/generate.py``) whose activities all belong to one organisation, so the
record sheet has one row per activity. The floor is a process that opens the same file
with ``openpyxl.load_workbook(read_only=True, data_only=True)`` and iterates every value of
every sheet; the import is a whole ``ropa import FILE --into DIR`` process (reading,
recognising, building the registry, writing it in fmt layout, loading it once to make sure
it loads). Target: at most 2x the floor for 10,000 rows. Fastest of ``--repeat`` runs each.
"""

from __future__ import annotations

import argparse
import shutil
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
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
n = 0
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        n += len(row)
wb.close()
"""


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


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.strip()[-500:]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| rows | openpyxl read-only s | ropa import s | ratio | target | ok |")
    print("|---|---|---|---|---|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        book = workbook(n)
        floor, ours = [], []
        for _ in range(args.repeat):
            floor.append(timed([sys.executable, "-c", FLOOR, str(book)]))
            into = Path(tempfile.mkdtemp(prefix="import-into-")) / "registry"
            ours.append(timed([str(BIN / "ropa"), "import", str(book), "--into", str(into)]))
            shutil.rmtree(into.parent, ignore_errors=True)
        ratio = min(ours) / min(floor)
        target = "<= 2" if n >= 10000 else ""
        ok = ("yes" if ratio <= 2 else "NO") if n >= 10000 else ""
        print(f"| {n:,} | {min(floor):.2f} | {min(ours):.2f} | {ratio:.2f} | {target} | {ok} |")


if __name__ == "__main__":
    main()
