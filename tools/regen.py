"""Regenerate every committed file that is derived from the registry, the rules or the catalogue.

    python tools/regen.py            # rewrite them all, then review `git diff`
    python tools/regen.py --check    # exit 1 (listing them) if any is stale; writes nothing

The derived files, each pinned by a test that fails when it is stale:

* ``ropa/locale/de/LC_MESSAGES/ropa.mo``: ``ropa.po`` compiled (``tools/catalogue.py compile``);
* ``ropa/vocab/iso3166.py``: country names from the installed pycountry (``tools/countries.py``);
* ``docs/rules.md`` and ``docs/regeln.md``: the rule lists (``python -m ropa.rules.readme``);
* ``exports/``: the FACTS42 record and review report (``ropa export registry --kind all --out exports``);
* ``tests/data/facts42-findings.txt`` and ``facts42-findings-de.txt``: the reviewed golden
  findings (``ropa validate registry --today 2023-06-01 --lang en|de``), and the per-rule
  ``COUNTS`` in ``tests/test_registry_findings.py``.

A changed golden list is a change of what the record says about FACTS42: review every finding
that appears or disappears before committing it. The catalogue's German is written by a person:
``tools/catalogue.py update`` lists what is missing, this tool only compiles.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLDEN = {"en": ROOT / "tests" / "data" / "facts42-findings.txt",
          "de": ROOT / "tests" / "data" / "facts42-findings-de.txt"}
COUNTS_FILE = ROOT / "tests" / "test_registry_findings.py"
TODAY = "2023-06-01"  # the registry's registry.date: the golden lists do not age


def ropa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ropa", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8")


def counts_source(text: str) -> str:
    """``text`` (the test module) with its COUNTS dict set to the registry's findings per rule."""
    import datetime as dt

    from ropa.check import check
    from ropa.load import load
    from tests.test_registry_findings import counts

    found = counts(check(load(ROOT / "registry"), today=dt.date.fromisoformat(TODAY)))
    body = "{\n" + "".join(f'    "{code}": {n},\n' for code, n in sorted(found.items())) + "}"
    new, n = re.subn(r"COUNTS: dict\[str, int\] = \{.*?\n\}", lambda _m: "COUNTS: dict[str, int] = " + body,
                     text, count=1, flags=re.S)
    if n != 1:
        raise SystemExit(f"{COUNTS_FILE}: no `COUNTS: dict[str, int] = {{...}}` to rewrite")
    return new


def main(argv: list[str]) -> int:
    check_only = argv == ["--check"]
    if argv and not check_only:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    stale: list[str] = []

    from tools import catalogue
    mo = catalogue.compiled(catalogue.read())
    if catalogue.MO.read_bytes() != mo:
        stale.append(str(catalogue.MO.relative_to(ROOT)))
        if not check_only:
            catalogue.MO.write_bytes(mo)

    from tools import countries
    table = countries.source()
    if countries.TABLE.read_text(encoding="utf-8") != table:
        stale.append(str(countries.TABLE.relative_to(ROOT)))
        if not check_only:
            countries.TABLE.write_text(table, encoding="utf-8")

    readme = ropa_module("ropa.rules.readme", "--check")
    if readme.returncode != 0:
        stale.append("docs/rules.md, docs/regeln.md")
        if not check_only:
            run_or_die(ropa_module("ropa.rules.readme"))

    exports = ropa("export", "registry", "--kind", "all", "--out", "exports", "--check")
    if exports.returncode != 0:
        stale.append("exports/")
        if not check_only:
            run_or_die(ropa("export", "registry", "--kind", "all", "--out", "exports"))

    for lang, path in GOLDEN.items():
        out = ropa("validate", "registry", "--today", TODAY, "--lang", lang)
        if out.returncode not in (0, 1):
            run_or_die(out)
        if path.read_text(encoding="utf-8") != out.stdout:
            stale.append(str(path.relative_to(ROOT)))
            if not check_only:
                path.write_text(out.stdout, encoding="utf-8")

    text = COUNTS_FILE.read_text(encoding="utf-8")
    new = counts_source(text)
    if new != text:
        stale.append(f"{COUNTS_FILE.relative_to(ROOT)} (COUNTS)")
        if not check_only:
            COUNTS_FILE.write_text(new, encoding="utf-8")

    verb = "stale" if check_only else "rewritten"
    for name in stale:
        print(f"{verb}: {name}")
    if not stale:
        print("all derived files are up to date")
    return 1 if check_only and stale else 0


def ropa_module(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8")


def run_or_die(result: subprocess.CompletedProcess[str]) -> None:
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(map(str, result.args))}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
