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
recognising, building and checking the registry in memory, writing it in fmt layout). Target:
at most 2x the floor's CPU time (user + system) and 150 MiB for 10,000 rows; the least of
``--repeat`` interleaved runs each. ``--json FILE`` saves the rows for ``bench/run.py --from-json``.
"""

from __future__ import annotations

import argparse
import json
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--busy", type=int, default=0, metavar="N",
                        help="run under load: N processes spinning on a core each meanwhile")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON (bench/run.py --from-json renders it)")
    args = parser.parse_args()
    print(f"machine: {run.machine()}")
    run.OUT.mkdir(parents=True, exist_ok=True)
    with run.busy(args.busy):
        for n in (int(s) for s in args.sizes.split(",")):
            measure(n, args.repeat)
    print(run.table())
    if args.json:
        args.json.write_text(json.dumps(run.run_record("python bench/import_xlsx.py " + " ".join(sys.argv[1:])),
                                        indent=2))
    return 0 if all(r["ok"] is not False for r in run.ROWS) else 1


def measure(n: int, repeat: int) -> None:
    """The import of the workbook of ``n`` activities against its floor: two rows."""
    from ropa.importer.read import HEAD

    book = workbook(n)
    whole = imported_sheets(book)
    into = run.OUT / "import-into" / "registry"
    res = run.measure({
        "floor": [sys.executable, "-c", FLOOR, str(book), str(HEAD), *whole],
        "import": ([str(BIN / "ropa"), "import", str(book), "--into", str(into)], {},
                   lambda into=into: shutil.rmtree(into.parent, ignore_errors=True)),
    }, repeat, warm=False)
    shutil.rmtree(into.parent, ignore_errors=True)
    if res["import"]["rc"] != 0 or res["floor"]["rc"] != 0:
        raise SystemExit(f"the import or its floor failed (exit {res['import']['rc']}, {res['floor']['rc']})")
    f, o = res["floor"], res["import"]
    ratio = o["cpu"] / f["cpu"]  # judged on CPU time, as bench/run.py's export row
    big = n >= 10000
    ok = (ratio < 2 and o["rss"] < 150) if big else None
    size = f"{n:,}"
    run.row("import", size, f"ropa import of ropa's own xlsx ({n:,} activities) into a new directory", o,
            run.ratio_text(ratio, 2, " x floor (CPU)") + f"; elapsed {o['min'] / f['min']:.2f} x",
            "< 2 x CPU, < 150 MiB (10,000)" if big else "", ok)
    run.row("import", size, f"openpyxl read-only, the sheets the import reads ({', '.join(whole)}; the first "
            f"{HEAD} rows of the others)", f, "1.00")


if __name__ == "__main__":
    raise SystemExit(main())
