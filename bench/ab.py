"""Compare two source trees of ropa, runs interleaved: ``ropa validate`` (or ``export``, ``import``) before and after a change.

    git archive BASE | tar -x -C /tmp/before
    python bench/ab.py /tmp/before --sizes 1000,10000 --repeat 7
    python bench/ab.py /tmp/before --command export --sizes 10000 --repeat 1   # ropa export --format xlsx
    python bench/ab.py /tmp/before --command import --sizes 10000 --repeat 1   # bench/import_xlsx.py's workbook

Both run with this virtualenv's interpreter, each tree first on ``sys.path`` (checked: the
process fails if ``ropa`` is imported from anywhere else). Each
command is a whole process started through ``bench/run.py``'s launcher, so its peak memory
is its own. Rows: FACTS42 with the parse cache warm and off, then each size cache off (for
``export`` and ``import`` only the sizes: the xlsx export of the synthetic registry, and the
import of ``bench/import_xlsx.py``'s workbook of that many activities into a fresh directory).
The 1-minute load average before and after the comparison is printed with it: on a shared
machine only the ratios within one run mean something.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402
import import_xlsx  # noqa: E402

CODE = ("import os, sys; sys.path.insert(0, os.environ['AB_TREE']); from ropa.cli import main; "
        "import ropa; assert ropa.__file__.startswith(os.environ['AB_TREE']), ropa.__file__; "
        "sys.argv[0] = 'ropa'; sys.exit(main())")


def command(name: str, target: str, side: str, env: dict[str, str]) -> tuple:
    """The measured command of one side: (arguments, environment[, a function run before each run])."""
    if name == "validate":
        return [run.PY, "-c", CODE, "validate", target], env
    out = run.OUT / f"ab-{name}-{side}"
    if name == "export":
        return [run.PY, "-c", CODE, "export", target, "--format", "xlsx", "--lang", "en", "--out", str(out)], env
    return ([run.PY, "-c", CODE, "import", target, "--into", str(out)], env,
            lambda: shutil.rmtree(out, ignore_errors=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the other source tree (holding ropa/)")
    parser.add_argument("--after", type=Path, help="a source tree to compare with instead of this worktree")
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--command", choices=("validate", "export", "import"), default="validate")
    args = parser.parse_args()
    run.OUT.mkdir(parents=True, exist_ok=True)
    # the tree goes first on sys.path: `python -c` puts the working directory (this worktree,
    # which holds ropa/) before PYTHONPATH, so PYTHONPATH alone would run this worktree's code
    before_env = {"AB_TREE": str(args.before.resolve())}
    after_env = {"AB_TREE": str((args.after or run.ROOT).resolve())}
    cases = [("FACTS42 warm cache", str(run.cold_registry()), run.WARM_CACHE),
             ("FACTS42 cache off", str(run.cold_registry()), run.NO_CACHE)] if args.command == "validate" else []
    cases += [(f"{int(n):,} cache off", str(run.registry(int(n)) if args.command != "import"
                                            else import_xlsx.workbook(int(n))), run.NO_CACHE)
              for n in args.sizes.split(",")]
    print(f"machine: {run.machine()}; load before: {os.getloadavg()[0]:.2f}")
    print("| case | before s (min / median) | after s (min / median) | after / before (min) | CPU s before / after "
          "(min) | CPU after / before | peak MiB before | after |")
    print("|---|---|---|---|---|---|---|---|")
    for label, target, extra in cases:
        repeat = args.repeat if "10,000" not in label else max(1, args.repeat // 3)
        res = run.measure({side: command(args.command, target, side, {**extra, **tree})
                           for side, tree in (("before", before_env), ("after", after_env))},
                          repeat, warm=args.command == "validate" or repeat > 1)
        b, a = res["before"], res["after"]
        print(f"| {label} | {b['min']:.3f} / {b['median']:.3f} | {a['min']:.3f} / {a['median']:.3f} | "
              f"{a['min'] / b['min']:.2f} | {b['cpu']:.3f} / {a['cpu']:.3f} | {a['cpu'] / b['cpu']:.2f} | "
              f"{b['rss']:.0f} | {a['rss']:.0f} |", flush=True)
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
