"""Benchmark ropa against the floor of its stack and the peers a user already runs.

    python bench/run.py                    # sizes 100, 1000, 10000; a few minutes
    python bench/run.py --sizes 100,1000 --quick

Every figure is a whole process (start-up included) run on the same synthetic files
(``bench/generate.py``, written once to ``bench/data/``, which git ignores). Commands of one
row are interleaved and repeated; the table shows the fastest run of each (the least
disturbed by other load on the machine) and the median, and the ratio the target is about.
Peak memory is the child's own maximum resident set size, read with ``wait4`` by a small
launcher (``LAUNCHER``), never inherited from this harness. Each row records the machine's
1-minute load average while it ran (the higher of before and after): on a loaded machine
only ratios within one row mean something. Each floor and peer does the same work as ropa:
PyYAML loads the same files with the collector on (as ropa's library does) and off (both
reported; the ratio is against the default), check-jsonschema checks them against ropa's
own schema (``ropa schema``). "met" is decided on the unrounded ratio; a ratio shown is
never rounded across its target.

    python bench/run.py --markdown docs/performance.md   # also rewrite the generated table there
    python bench/run.py --only export --json bench/results/export.json      # save the run's rows
    python bench/run.py --from-json bench/results/*.json --markdown docs/performance.md  # several runs, one table
    python bench/run.py --busy 2 ...       # under load: two processes spinning on a core each meanwhile

The xlsx export and the import (``bench/import_xlsx.py``) are judged on CPU time (user +
system, the least of the runs), the elapsed ratio shown beside it: on a shared machine a
minute-long process spends most of its elapsed time waiting for a core.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
OUT = HERE / "out"
BIN = Path(sys.executable).parent
PY = sys.executable

sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

FLOOR_IMPORTS = "import typer, rich.console, ruamel.yaml"
# issue 28, item 3: validate at 10,000 activities within 1.2 x PyYAML (parse cache off) and at
# most half of the peak measured then (365 MiB)
SCALE_RATIO = 1.2
SCALE_MIB = 182
PYYAML_FLOOR = """
import sys, yaml
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
"""
PYYAML_FLOOR_NOGC = "import gc; gc.disable()\n" + PYYAML_FLOOR
RUAMEL_RT = """
import sys
from ruamel.yaml import YAML
yaml = YAML(typ="rt")
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as fh:
        yaml.load(fh.read())
"""
OPENPYXL_PLAIN = """
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


CACHE = OUT / "cache"
NO_CACHE = {"ROPA_CACHE_DIR": ""}  # every file parsed: the conservative figure the targets are judged on
WARM_CACHE = {"ROPA_CACHE_DIR": str(CACHE)}  # unchanged files answered from the parse cache


def env(extra: dict[str, str] | None = None) -> dict[str, str]:
    out = dict(os.environ)
    out.update(extra or {})
    out.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode cached
    out["NO_COLOR"] = "1"
    out["COLUMNS"] = "120"
    return out


# Each measured command is started by this small launcher, a fresh interpreter of its own:
# Linux carries a process's peak resident set across fork and exec into the child's
# ``ru_maxrss``, so a child started by the harness would report the harness's peak once
# the harness has grown (issue 28). The launcher's own peak (~8 MiB, ``LAUNCHER_FLOOR``)
# is below any Python process's; it times the child and reads its rusage with ``wait4``.
LAUNCHER = """
import os, sys, time
null = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ,
                      file_actions=[(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
_pid, status, usage = os.wait4(pid, 0)
took = time.perf_counter() - start
print(took, usage.ru_maxrss, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime)
"""


CPU: dict[tuple[str, ...], float] = {}  # the least CPU seconds (user + system) seen per command


def run_once(cmd: list[str], extra: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Seconds, peak RSS in MiB, exit code of one whole process (started by ``LAUNCHER``).

    Its CPU time (user + system) is kept in ``CPU``: other load on the machine disturbs it
    less than the elapsed time."""
    out = subprocess.run([PY, "-I", "-S", "-c", LAUNCHER, *cmd], cwd=ROOT, env=env(extra), capture_output=True,
                         text=True, check=True).stdout.split()
    key = (*cmd, *sorted((extra or {}).items()))  # type: ignore[arg-type]
    CPU[key] = min(CPU.get(key, float("inf")), float(out[3]))
    return float(out[0]), int(out[1]) / 1024, int(out[2])


BUSY = [0]  # the spinning processes of this run (--busy)


@contextlib.contextmanager
def busy(n: int) -> Iterator[None]:
    """``n`` processes spinning on a core each while the block runs: a run "under load" that
    can be repeated (the machine's own load comes on top and is recorded per row)."""
    BUSY[0] = n
    spinners = [subprocess.Popen([PY, "-I", "-S", "-c", "while True: pass"]) for _ in range(n)]
    try:
        yield
    finally:
        for p in spinners:
            p.kill()
            p.wait()


def launcher_floor() -> float:
    """The peak MiB a child inherits from the launcher: the least any row can show."""
    return run_once(["true"])[1]


def measure(cmds: dict[str, list[str] | tuple[list[str], dict[str, str]]], repeat: int,
            warm: bool = True) -> dict[str, dict[str, float]]:
    """Interleave the commands ``repeat`` times; min and median seconds, peak MiB, exit code.

    A command is an argument list, or (argument list, extra environment), or (argument list,
    extra environment, a function called before each run, untimed).
    """
    plain = {k: (v if isinstance(v, tuple) else (v, {})) for k, v in cmds.items()}
    before = {k: v[2] for k, v in plain.items() if len(v) > 2}
    plain = {k: v[:2] for k, v in plain.items()}
    load = os.getloadavg()[0]
    times: dict[str, list[float]] = {k: [] for k in cmds}
    peak: dict[str, float] = {k: 0.0 for k in cmds}
    codes: dict[str, int] = {}
    if warm:
        for cmd, extra in plain.values():  # the page cache, bytecode and parse caches
            run_once(cmd, extra)
    for _ in range(repeat):
        for name, (cmd, extra) in plain.items():
            if name in before:
                before[name]()
            seconds, rss, code = run_once(cmd, extra)
            times[name].append(seconds)
            peak[name] = max(peak[name], rss)
            codes[name] = code
    load = max(load, os.getloadavg()[0])
    return {k: {"min": min(v), "median": statistics.median(v), "rss": peak[k], "rc": codes[k], "load": load,
                "cpu": CPU.get((*plain[k][0], *sorted(plain[k][1].items())), 0.0)}
            for k, v in times.items()}


def registry(n: int) -> Path:
    """The synthetic registry of ``n`` activities, generated once (regenerated if the generator changed)."""
    path = DATA / f"reg-{n}"
    stamp = path / ".generator"
    version = str((HERE / "generate.py").stat().st_mtime_ns)
    if not (stamp.exists() and stamp.read_text() == version):
        generate(n, path)
        stamp.write_text(version)
    return path


def yaml_files(path: Path) -> list[str]:
    return sorted(str(p) for p in path.rglob("*.y*ml"))


def cold_registry() -> Path:
    facts42 = ROOT / "registry"
    return facts42 if (facts42 / "registry.yaml").exists() else ROOT / "tests" / "fixtures" / "sample"


ROWS: list[dict[str, object]] = []


def row(case: str, size: str, name: str, result: dict[str, float], ratio: str = "", target: str = "",
        ok: bool | None = None) -> None:
    ROWS.append({"case": case, "size": size, "command": name, "min_s": result["min"],
                 "median_s": result["median"], "peak_mib": result["rss"], "rc": result["rc"],
                 "ratio": ratio, "target": target, "ok": ok, "load": result.get("load", 0.0),
                 "cpu_s": result.get("cpu", 0.0)})


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def ratio_text(ratio: float, limit: float, suffix: str = "") -> str:
    """``ratio`` to two decimals, or to as many as it takes not to round it onto the other side of ``limit``."""
    for digits in (2, 3, 4, 6):
        text = f"{ratio:.{digits}f}"
        if (float(text) <= limit) == (ratio <= limit) and (float(text) < limit) == (ratio < limit):
            return text + suffix
    return f"{ratio!r}{suffix}"


def cold_start(repeat: int) -> None:
    reg = cold_registry()
    ropa = str(BIN / "ropa")
    target = str(reg.relative_to(ROOT))
    # The usual pre-commit run: one file edited since the last run, the others unchanged. A
    # copy of the registry whose largest activity file changes (a comment line) before every
    # run, so that file is parsed each time and the others come from the parse cache.
    edited = OUT / "cold-edited"
    shutil.rmtree(edited, ignore_errors=True)
    shutil.copytree(reg, edited)
    candidates = sorted((edited / "activities").glob("*.yaml")) or sorted(edited.rglob("*.yaml"))
    changed = max(candidates, key=lambda p: p.stat().st_size)
    original = changed.read_bytes()
    runs = iter(range(10**6))

    def edit() -> None:
        changed.write_bytes(original + f"# edit {next(runs)}\n".encode())

    files = yaml_files(reg)
    cmds: dict[str, object] = {
        "floor": [PY, "-c", FLOOR_IMPORTS],
        "validate": ([ropa, "validate", target], NO_CACHE),
        "validate-edited": ([ropa, "validate", str(edited)], WARM_CACHE, edit),
        "validate-warm": ([ropa, "validate", target], WARM_CACHE),
        "help": [ropa, "--help"],
    }
    try:
        import yaml  # noqa: F401
        cmds["import-yaml"] = [PY, "-c", "import yaml"]
        cmds["pyyaml"] = [PY, "-c", PYYAML_FLOOR, *files]
    except ImportError:
        pass
    res = measure(cmds, repeat)  # type: ignore[arg-type]
    floor = res["floor"]["min"]
    row("cold start", reg.name, f"python -c '{FLOOR_IMPORTS}'", res["floor"], "1.00", "floor")
    r = res["validate-warm"]["min"] / floor
    cpu = res["validate-warm"]["cpu"] / res["floor"]["cpu"]
    row("cold start", reg.name, f"ropa validate {reg.name} (files unchanged since the last run: parse cache)",
        res["validate-warm"], ratio_text(r, 1.5, " x floor") + f" (CPU {ratio_text(cpu, 1.5)} x)", "<= 1.5", r <= 1.5)
    r = res["validate-edited"]["min"] / floor
    row("cold start", reg.name, f"ropa validate {reg.name} (one file edited: {changed.name}, "
        f"{len(original) // 1024} KiB, parsed; the others from the cache)", res["validate-edited"],
        ratio_text(r, 1.5, " x floor"), "<= 1.5", r <= 1.5)
    r = res["validate"]["min"] / floor
    row("cold start", reg.name, f"ropa validate {reg.name} (parse cache off: every file parsed)", res["validate"],
        f"{r:.2f} x floor", "", None)
    if "pyyaml" in res:
        parse = (res["pyyaml"]["min"] - res["import-yaml"]["min"]) / floor
        row("cold start", reg.name, f"PyYAML CSafeLoader, the same {len(files)} files, parse only "
            "(minus `python -c 'import yaml'`)", res["pyyaml"], f"parse alone {parse:.2f} x floor", "")
    r = res["help"]["min"] / floor
    row("cold start", "", "ropa --help", res["help"], f"{r:.2f} x floor", "")
    shutil.rmtree(edited, ignore_errors=True)


def scale(n: int, repeat: int, peers: bool, roundtrip: bool) -> None:
    reg = registry(n)
    files = yaml_files(reg)
    try:
        import yaml  # noqa: F401  (the floor)
    except ImportError:
        print("PyYAML is needed for the floor: pip install -e '.[bench]'", file=sys.stderr)
        raise SystemExit(2) from None
    schema = OUT / "ropa.schema.json"  # ropa's own schema: the peer checks what ropa checks structurally
    schema.write_text(subprocess.run([str(BIN / "ropa"), "schema"], capture_output=True, text=True, check=True).stdout)
    cmds: dict = {
        "validate": ([str(BIN / "ropa"), "validate", str(reg)], NO_CACHE),
        "validate-warm": ([str(BIN / "ropa"), "validate", str(reg)], WARM_CACHE),
        "pyyaml": [PY, "-c", PYYAML_FLOOR, *files],
        "pyyaml-nogc": [PY, "-c", PYYAML_FLOOR_NOGC, *files],
    }
    missing = [tool for tool in ("check-jsonschema", "yamllint") if not (BIN / tool).exists()]
    if peers and missing:
        print(f"peers skipped: {', '.join(missing)} not installed (pip install -e '.[bench]')", file=sys.stderr)
        peers = False
    if peers:
        cmds["check-jsonschema"] = [str(BIN / "check-jsonschema"), "--schemafile", str(schema), *files]
        cmds["yamllint"] = [str(BIN / "yamllint"), "-d", "relaxed", *files]
    if roundtrip:
        cmds["ruamel-rt"] = [PY, "-c", RUAMEL_RT, *files]
    res = measure(cmds, repeat, warm=repeat > 1)
    if repeat == 1:  # not warmed: give the warm-cache row a filled cache
        run_once(cmds["validate-warm"][0], WARM_CACHE)
        res["validate-warm"] = measure({"w": cmds["validate-warm"]}, 1, warm=False)["w"]
    size = f"{n:,}"
    v = res["validate"]["min"]
    floor = res["pyyaml"]["min"]  # PyYAML as a library runs it: the collector on
    big = n >= 10000
    ok = (v / floor <= SCALE_RATIO and res["validate"]["rss"] <= SCALE_MIB) if big else None
    row("scale", size, "ropa validate (all rules, parse cache off)", res["validate"],
        ratio_text(v / floor, SCALE_RATIO, " x floor"),
        f"<= {SCALE_RATIO} x, <= {SCALE_MIB} MiB (10,000)" if big else "", ok)
    w = res["validate-warm"]["min"]
    row("scale", size, "ropa validate (all rules, files unchanged)", res["validate-warm"], f"{w / floor:.2f} x floor")
    row("scale", size, "PyYAML CSafeLoader, the same files (floor, collector on)", res["pyyaml"], "1.00")
    row("scale", size, "PyYAML CSafeLoader, collector off", res["pyyaml-nogc"],
        f"{res['pyyaml-nogc']['min'] / floor:.2f}; validate {v / res['pyyaml-nogc']['min']:.2f} x this")
    if roundtrip:
        row("scale", size, "ruamel.yaml round-trip load", res["ruamel-rt"],
            f"{res['ruamel-rt']['min'] / floor:.2f} x floor")
    if peers:
        c = res["check-jsonschema"]["min"]
        row("peers", size, "check-jsonschema, ropa's schema", res["check-jsonschema"],
            f"validate {ratio_text(v / c, 1)} x", "< 1 (1,000)" if n == 1000 else "", (v < c) if n == 1000 else None)
        y = res["yamllint"]["min"]
        row("peers", size, "yamllint -d relaxed", res["yamllint"], f"{y / v:.1f} x validate",
            ">= 5 (1,000)" if n == 1000 else "", (y / v >= 5) if n == 1000 else None)


def export(n: int, repeat: int) -> None:
    """`ropa export --format xlsx` against openpyxl writing the same cells, unstyled."""
    reg = registry(n)
    ropa_out = Path(tempfile.mkdtemp(prefix="ropa-xlsx-", dir=OUT))
    plain_out = Path(tempfile.mkdtemp(prefix="plain-xlsx-", dir=OUT))
    cmd = [str(BIN / "ropa"), "export", str(reg), "--format", "xlsx", "--lang", "en", "--out", str(ropa_out)]
    _seconds, _rss, code = run_once(cmd, NO_CACHE)
    books = sorted(ropa_out.glob("*.xlsx"))
    if code not in (0, 1) or not books:
        print(f"export of {n} failed (exit {code}); row skipped", file=sys.stderr)
        return
    from openpyxl import load_workbook

    cells = []
    for book in books:
        wb = load_workbook(book, read_only=True)
        cells.append([(ws.title, [[c if isinstance(c, (str, int, float)) or c is None else str(c) for c in r]
                                  for r in ws.iter_rows(values_only=True)]) for ws in wb.worksheets])
        wb.close()
    cells_file = OUT / f"cells-{n}.json"
    cells_file.write_text(json.dumps(cells), encoding="utf-8")
    count = sum(len(r) for sheets in cells for _t, rows in sheets for r in rows)
    res = measure({"export": (cmd, NO_CACHE),
                   "openpyxl": [PY, "-c", OPENPYXL_PLAIN, str(cells_file), str(plain_out)]}, repeat, warm=repeat > 1)
    # judged on the CPU time (user + system): on a shared machine the elapsed time of a
    # minute-long process is mostly waiting for a core; the elapsed ratio is shown beside it
    r = res["export"]["cpu"] / res["openpyxl"]["cpu"]
    elapsed = res["export"]["min"] / res["openpyxl"]["min"]
    size = f"{n:,}"
    row("export", size, f"ropa export --format xlsx ({len(books)} files, {count:,} cells)", res["export"],
        ratio_text(r, 2, " x openpyxl (CPU)") + f"; elapsed {elapsed:.2f} x", "< 2 x CPU (10,000)" if n >= 10000 else "",
        (r < 2) if n >= 10000 else None)
    row("export", size, "openpyxl write-only, same cells, no styles", res["openpyxl"], "1.00")
    if n >= 10000:
        ok = res["export"]["rss"] < 500
        ROWS[-2]["target"] = f"{ROWS[-2]['target']}; peak < 500 MiB"
        ROWS[-2]["ok"] = bool(ROWS[-2]["ok"]) and ok
    shutil.rmtree(ropa_out, ignore_errors=True)
    shutil.rmtree(plain_out, ignore_errors=True)


def fmt_speed(sizes: list[int], repeat: int) -> None:
    """`ropa fmt --check` against `ropa validate` on the same files, already in normal form.

    The usual case (a hook, CI): the files were formatted before. A copy of each registry is
    formatted once; then both commands run on it with the parse cache off and warm (for fmt
    the cache also remembers which texts are in normal form).
    """
    ropa = str(BIN / "ropa")
    cases = [("FACTS42", cold_registry())] + [(f"{n:,}", registry(n)) for n in sizes if n <= 1000]
    for label, source in cases:
        copy = OUT / f"fmt-{label.replace(',', '')}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".*"))
        # formatting the registry as generated or committed: every file not in normal form
        # goes through ruamel.yaml's round trip (once: the next run finds them formatted)
        fmt_cmd = [ropa, "fmt", "-r", str(copy)]
        seconds, rss, code = run_once(fmt_cmd, NO_CACHE)
        first = {"min": seconds, "median": seconds, "rss": rss, "rc": code, "load": os.getloadavg()[0],
                 "cpu": CPU[(*fmt_cmd, *sorted(NO_CACHE.items()))]}
        res = measure({"validate": ([ropa, "validate", str(copy)], NO_CACHE),
                       "fmt": ([ropa, "fmt", "--check", "-r", str(copy)], NO_CACHE),
                       "validate-warm": ([ropa, "validate", str(copy)], WARM_CACHE),
                       "fmt-warm": ([ropa, "fmt", "--check", "-r", str(copy)], WARM_CACHE)},
                      repeat if label == "FACTS42" else max(1, repeat // 3))
        r = res["fmt"]["min"] / res["validate"]["min"]
        row("fmt", label, "ropa fmt --check (files in normal form), parse cache off", res["fmt"],
            ratio_text(r, 3, " x validate"), "<= 3", r <= 3)
        row("fmt", label, "ropa validate, parse cache off", res["validate"], "1.00")
        r = res["fmt-warm"]["min"] / res["validate-warm"]["min"]
        row("fmt", label, "ropa fmt --check, files unchanged since the last run (cache)", res["fmt-warm"],
            ratio_text(r, 3, " x validate"), "<= 3", r <= 3)
        row("fmt", label, "ropa validate, files unchanged since the last run (cache)", res["validate-warm"], "1.00")
        r = first["min"] / res["validate"]["min"]
        row("fmt", label, "ropa fmt -r of the files as they were (one run: those not in normal form rewritten "
            "through ruamel.yaml's round trip)", first, f"{r:.1f} x validate")
        shutil.rmtree(copy, ignore_errors=True)


def questions_speed(repeat: int) -> None:
    """`ropa questions` on FACTS42 against `ropa validate` on the same registry (issue 28, item 6:
    within 2 x): printed as text (the default) and written as the xlsx sent to the controller,
    each with the parse cache off and warm."""
    ropa = str(BIN / "ropa")
    reg = str(cold_registry())
    out = Path(tempfile.mkdtemp(prefix="questions-", dir=OUT))
    cmds: dict = {}
    for label, extra in (("off", NO_CACHE), ("warm", WARM_CACHE)):
        cmds[f"validate-{label}"] = ([ropa, "validate", reg, "--lang", "de"], extra)
        cmds[f"text-{label}"] = ([ropa, "questions", reg, "--lang", "de"], extra)
        cmds[f"xlsx-{label}"] = ([ropa, "questions", reg, "--lang", "de", "-f", "xlsx", "--out", str(out)], extra)
    res = measure(cmds, repeat)
    name = Path(reg).name
    for label, how in (("off", "parse cache off"), ("warm", "files unchanged since the last run (cache)")):
        v = res[f"validate-{label}"]["min"]
        for kind, what in (("text", "printed (text)"), ("xlsx", "written as xlsx (-f xlsx)")):
            r = res[f"{kind}-{label}"]["min"] / v
            row("questions", name, f"ropa questions --lang de, {what}, {how}", res[f"{kind}-{label}"],
                ratio_text(r, 2, " x validate"), "<= 2", r <= 2)
        row("questions", name, f"ropa validate --lang de, {how}", res[f"validate-{label}"], "1.00")
    shutil.rmtree(out, ignore_errors=True)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc), {cpu}, Python {platform.python_version()}, {platform.system()}"


def table(rows: list[dict[str, object]] | None = None, runs: bool = False) -> str:
    """The rows as a markdown table; with ``runs``, each row names the run it comes from (its date)."""
    rows = ROWS if rows is None else rows
    head = "| case | size | command | min s | median s | min CPU s | peak MiB | ratio | target | met? | load |"
    rule = "|---|---:|---|---:|---:|---:|---:|---|---|---|---:|"
    if runs:
        head, rule = head + " run |", rule + "---|"
    lines = [head, rule]
    for r in rows:
        ok = "" if r["ok"] is None else verdict(bool(r["ok"]))
        line = (f"| {r['case']} | {r['size']} | {r['command']} | {r['min_s']:.3f} | {r['median_s']:.3f} | "
                f"{r['cpu_s']:.3f} | {r['peak_mib']:.0f} | {r['ratio']} | {r['target']} | {ok} | {r['load']:.1f} |")
        lines.append(line + (f" {r.get('run', '')} |" if runs else ""))
    return "\n".join(lines)


def run_record(command: str) -> dict[str, object]:
    """This run as JSON: when, how, on what machine, and its rows (``--from-json`` renders several)."""
    import datetime as dt

    return {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "command": command,
            "machine": machine(), "launcher_floor_mib": round(launcher_floor(), 1), "busy": BUSY[0], "rows": ROWS}


def from_json(paths: list[Path], target: Path) -> None:
    """Render the runs saved with ``--json`` into one table in ``target`` (docs/performance.md),
    each row with the date of its run and its own load, the runs listed above the table."""
    def shown(path: Path) -> str:
        path = path.resolve()
        return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    runs = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    rows: list[dict[str, object]] = []
    listed = []
    for n, (path, data) in enumerate(zip(paths, runs), 1):
        date = data.get("date", "date not recorded")
        loads = [float(r["load"]) for r in data["rows"]]
        made = (f", under a load the run made: {data['busy']} processes spinning on a core each (the load "
                "average lags behind it in short rows)") if data.get("busy") else ""
        listed.append(f"{n}. {date}: `{data.get('command', 'command not recorded')}` (`{shown(path)}`), "
                      f"load {min(loads):.1f}-{max(loads):.1f}{made}; {data.get('machine', 'machine not recorded')}")
        rows += [{**r, "run": f"{n}: {date}"} for r in data["rows"]]
    text = target.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{target}: no '{BEGIN}' ... '{END}' block to rewrite")
    rendered = " ".join(shown(p) for p in paths)
    block = (f"{BEGIN}\n\n`python bench/run.py --from-json {rendered} --markdown {shown(target)}` renders these "
             "runs (their JSON files are committed); the load column is the machine's 1-minute load average "
             "while the row ran, the run column the run it comes from:\n\n" + "\n".join(listed) + "\n\n"
             + table(rows, runs=True) + f"\n\n{END}")
    head, rest = text.split(BEGIN, 1)
    target.write_text(head + block + rest.split(END, 1)[1], encoding="utf-8")


BEGIN = "<!-- bench/run.py writes from here -->"
END = "<!-- to here -->"


def write_markdown(path: Path, command: str) -> None:
    """Put this run's table between the markers of ``path`` (docs/performance.md)."""
    import datetime as dt

    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{path}: no '{BEGIN}' ... '{END}' block to rewrite")
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (f"{BEGIN}\n\n`{command}`, {when}; {machine()}; launcher floor {launcher_floor():.0f} MiB "
             "(the least peak any row can show). The load column is the machine's 1-minute load average "
             "while the row ran.\n\n" + table() + f"\n\n{END}")
    head, rest = text.split(BEGIN, 1)
    path.write_text(head + block + rest.split(END, 1)[1], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="activities per registry (comma-separated)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no round-trip load or 10,000 peers")
    parser.add_argument("--only", default="cold,scale,export,fmt,questions",
                        help="parts to run: cold,scale,export,fmt,questions")
    parser.add_argument("--repeat", type=int, metavar="N",
                        help="interleaved runs of each command in every part (default: by part and size)")
    parser.add_argument("--busy", type=int, default=0, metavar="N",
                        help="run under load: N processes spinning on a core each meanwhile")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    parser.add_argument("--markdown", type=Path, help="rewrite the generated table in this file (docs/performance.md)")
    parser.add_argument("--from-json", type=Path, nargs="+", metavar="RUN.json",
                        help="run nothing: render the runs saved with --json into --markdown's table, side by side")
    args = parser.parse_args()
    if args.from_json:
        if not args.markdown:
            parser.error("--from-json needs --markdown FILE")
        from_json([p.resolve() for p in args.from_json], args.markdown)
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    parts = set(args.only.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}", file=sys.stderr)
    with busy(args.busy):
        measure_parts(parts, sizes, args.quick, args.repeat)
    print(f"machine: {machine()}\n")
    print(table())
    if args.json:
        args.json.write_text(json.dumps(run_record("python bench/run.py " + " ".join(sys.argv[1:])), indent=2))
    if args.markdown:
        write_markdown(args.markdown, "python bench/run.py " + " ".join(sys.argv[1:]))
    return 0 if all(r["ok"] is not False for r in ROWS) else 1


def measure_parts(parts: set[str], sizes: list[int], quick: bool, repeat: int | None = None) -> None:
    if "cold" in parts:
        cold_start(repeat or (5 if quick else 15))
    for n in sizes:
        if "scale" in parts:
            big = n >= 10000
            scale(n, repeat or (1 if big or quick else 3), peers=not (big and quick),
                  roundtrip=not quick and n <= 1000)
        if "export" in parts and (BIN / "ropa").exists():
            export(n, repeat or (1 if n >= 10000 or quick else 3))
    if "fmt" in parts:
        fmt_speed(sizes, repeat or (3 if quick else 9))
    if "questions" in parts:
        questions_speed(repeat or (5 if quick else 15))


if __name__ == "__main__":
    raise SystemExit(main())
