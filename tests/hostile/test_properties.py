"""Property-based: random registries and random mutations of a valid one.

Whatever the mutation (deleted keys, wrong types, swapped references, unicode, huge
strings, deep nesting, unknown keys), the library reports findings instead of raising,
every finding has a file and a line, the CLI exits with 0, 1 or 2 without a traceback,
and neither ``validate`` nor ``export`` touches a registry file.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

from ropa.check import check
from ropa.cli import app
from ropa.findings import Severity
from ropa.load import load

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TODAY = _dt.date(2024, 6, 1)


def _read(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


SAMPLE_FILES = {p.relative_to(SAMPLE).as_posix(): _read(p) for p in sorted(SAMPLE.rglob("*.yaml"))}


def _dump(data: Any) -> str:
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.dump(data, out)
    return out.getvalue()


# --- mutations ----------------------------------------------------------------------------------

def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``node``."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


def _get(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node


def _set(node: Any, path: tuple, value: Any) -> None:
    _get(node, path[:-1])[path[-1]] = value


def _strings(node: Any) -> list[tuple]:
    return [p for p in _paths(node) if p and isinstance(_get(node, p), str)]


WRONG = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
                  st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
                  st.dates())
UNICODE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@st.composite
def mutated(draw) -> dict[str, Any]:
    """The sample registry with one to four random mutations."""
    files = {name: _copy(data) for name, data in SAMPLE_FILES.items()}
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(files)))
        data = files[name]
        paths = [p for p in _paths(data) if p]
        if not paths:
            continue
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["delete", "wrong", "swap", "unicode", "huge", "deep", "unknown", "x-key",
                                     "duplicate", "empty-list"]))
        parent = _get(data, path[:-1])
        if kind == "delete":
            del parent[path[-1]]
        elif kind == "wrong":
            _set(data, path, draw(WRONG))
        elif kind == "swap":
            strings = _strings(data)
            if len(strings) >= 2:
                a, b = draw(st.sampled_from(strings)), draw(st.sampled_from(strings))
                va, vb = _get(data, a), _get(data, b)
                _set(data, a, vb)
                _set(data, b, va)
        elif kind == "unicode":
            _set(data, path, draw(UNICODE))
        elif kind == "huge":
            _set(data, path, "\u00e4\u6f22x" * draw(st.integers(10_000, 100_000)))
        elif kind == "deep":
            value: Any = _get(data, path)
            for _ in range(draw(st.sampled_from([10, 63, 64, 70, 150]))):
                value = [value]
            _set(data, path, value)
        elif kind == "unknown" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["colour", "nmae", "Id", "recipients2"]))] = draw(WRONG)
        elif kind == "x-key" and isinstance(parent, dict):
            parent["x-" + draw(st.text(alphabet="abc-", min_size=1, max_size=5))] = draw(WRONG)
        elif kind == "duplicate" and isinstance(parent, list):
            parent.append(_copy(parent[path[-1]]))
        elif kind == "empty-list":
            _set(data, path, [])
    return {name: _dump(data) for name, data in files.items()}


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


@st.composite
def generated(draw) -> dict[str, str]:
    """A small registry written from scratch, with random ids and references among them."""
    ids = draw(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), min_size=1, max_size=6, unique=True))
    recipients = draw(st.lists(st.sampled_from(ids + ["ghost"]), max_size=3))
    lines = ["registry:", "  name: Generated", "organisations:", f"  - id: {ids[0]}", "    name: Org",
             "recipients:"]
    for rid in ids[1:]:
        lines += [f"  - id: {rid}", f"    name: R {rid}", f"    role: {draw(st.sampled_from(['processor', 'controller', 'bogus']))}",
                  f"    country: {draw(st.sampled_from(['DE', 'US', 'XX', 'de', '1']))}"]
    lines += ["activities:"]
    for n in range(draw(st.integers(0, 4))):
        lines += [f"  - id: act-{n}", f"    name: {draw(st.sampled_from(['Payroll', 'null', '[]', '123', 'yes']))}",
                  f"    organisation: {draw(st.sampled_from(ids))}",
                  f"    purposes: [{draw(st.sampled_from(['Billing', '', 'x']))}]",
                  f"    recipients: [{', '.join(recipients)}]",
                  f"    created: {draw(st.sampled_from(['2023-02-30', '2024-01-01', '2024-1-1', 'yesterday']))}"]
    return {"registry.yaml": "\n".join(lines) + "\n"}


# --- the properties -----------------------------------------------------------------------------

def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copytree(SAMPLE / "sources", root / "sources", dirs_exist_ok=True)


def _state(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def _check_registry(files: dict[str, str], *, export: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "reg"
        _write(root, files)
        before = _state(root)

        result = load(root)  # the library: findings, never an exception
        report = check(result, today=TODAY)
        # RP000 is a rule that crashed: check() turns it into a finding, here it is a failure
        assert not [f for f in report.findings if f.code == "RP000"], report.findings
        for finding in report.findings:
            assert finding.span.file, finding
            assert finding.span.line >= 1, finding
            assert os.path.exists(finding.span.file), finding

        runner = CliRunner()
        cli = runner.invoke(app, ["validate", str(root), "--today", str(TODAY)])
        assert cli.exception is None or isinstance(cli.exception, SystemExit), cli.output
        assert cli.exit_code in (0, 1, 2), cli.output
        if report.fatal:
            assert cli.exit_code == 2
        elif report.count(Severity.ERROR):
            assert cli.exit_code == 1
        out = runner.invoke(app, ["validate", str(root), "--format", "sarif", "--today", str(TODAY)])
        assert out.exception is None or isinstance(out.exception, SystemExit), out.output
        assert out.exit_code == cli.exit_code

        if export:
            exported = runner.invoke(app, ["export", str(root), "--format", "xlsx,csv,json",
                                           "--out", str(Path(tmp) / "out")])
            assert exported.exception is None or isinstance(exported.exception, SystemExit), exported.output
            assert exported.exit_code in (0, 1, 2), exported.output
        assert _state(root) == before  # bytes and mtimes: nothing was written to the registry


@SETTINGS
@given(mutated())
def test_mutations_of_a_valid_registry(files: dict[str, str]) -> None:
    _check_registry(files)


@settings(SETTINGS, max_examples=6)
@given(mutated())
def test_export_of_mutated_registries(files: dict[str, str]) -> None:
    _check_registry(files, export=True)


@settings(SETTINGS, max_examples=20)
@given(generated())
def test_generated_registries(files: dict[str, str]) -> None:
    _check_registry(files)


def test_sample_itself_is_clean() -> None:
    """The starting point of the mutations loads without errors (else they test nothing)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "reg"
        _write(root, {name: _dump(data) for name, data in SAMPLE_FILES.items()})
        result = load(root)
        assert not [f for f in result.findings if f.severity is Severity.ERROR]
        assert len(result.registry.activities) == 2
