"""Start-up guard: what `ropa validate` and `ropa --help` must not import (a real process each).

Timing is the benchmark's job (bench/run.py); this only pins the causes found there:
typer 0.29 imports pydantic to coerce parameters (pyproject.toml bounds typer below 0.29), its
help renderer imports rich.markdown (markdown-it) and rich.traceback; exporters' and schema
libraries belong to their commands; country names come from a table generated from pycountry
(``ropa/vocab/iso3166.py``), so neither pycountry nor what its import pulls in
(``importlib.metadata``, ``email``, ``zipfile``, ``logging``) is imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
HEAVY = ("pydantic", "markdown_it", "pygments", "attr", "openpyxl", "jsonschema", "rdflib", "pycountry",
         "importlib.metadata", "email", "zipfile", "logging")

PROBE = """
import json, sys
sys.argv = ["ropa", *sys.argv[1:]]
from ropa.cli import main
code = main()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def run(*args: str) -> tuple[int, set[str]]:
    env = {**os.environ, "ROPA_CACHE_DIR": "", "COLUMNS": "100"}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60)
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    return report["code"], set(report["modules"])


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


def test_validate_imports_nothing_heavy() -> None:
    code, modules = run("validate", str(SAMPLE), "--today", "2024-06-01", "--select", "RP1")
    assert code in (0, 1)
    assert heavy(modules) == []


def test_help_and_usage_errors_import_nothing_heavy() -> None:
    for args in (["--help"], ["validate", "--help"], ["validate", "--format", "bogus"]):
        code, modules = run(*args)
        assert code in (0, 2), args
        assert heavy(modules) == [], args


def test_validate_does_not_load_openssl(tmp_path: Path) -> None:
    # hashlib's and hmac's import loads OpenSSL (_hashlib, ~3 ms of every run): the parse cache
    # takes hashlib's own blake2b without it, and compares MACs without hmac; all rules run,
    # the cache is written by the first run and read (its MACs checked) by the second
    env = {**os.environ, "ROPA_CACHE_DIR": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state")}
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", PROBE, "validate", str(SAMPLE), "--today", "2024-06-01"],
                              capture_output=True, text=True, env=env, timeout=60)
        report = json.loads(proc.stderr.strip().splitlines()[-1])
        assert report["code"] in (0, 1)
        assert not {"_hashlib", "hashlib", "hmac"} & set(report["modules"])
    assert any((tmp_path / "cache").rglob("*"))
