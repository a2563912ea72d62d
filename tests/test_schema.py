"""`ropa schema`: the JSON Schema accepts the sample registry's files and rejects broken ones."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML
from typer.testing import CliRunner

from ropa.cli import app

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"


def _plain(data: Any) -> Any:
    """YAML data as JSON would carry it: dates become ISO strings."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, (_dt.date, _dt.datetime)):
        return data.isoformat()
    return data


def _read(text: str) -> Any:
    return _plain(YAML(typ="safe").load(text))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.mark.parametrize("name", sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*.yaml")))
def test_sample_files_validate(validator: Draft202012Validator, name: str) -> None:
    data = _read((SAMPLE / name).read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


BROKEN = {
    "unknown key": ("activities:\n  - id: a\n    name: A\n    organisation: o\n    colour: red\n", ["activities", 0]),
    "missing required": ("activities:\n  - id: a\n    name: A\n", ["activities", 0]),
    "wrong type": ("activities:\n  - id: a\n    name: A\n    organisation: o\n    purposes: just one\n",
                   ["activities", 0, "purposes"]),
    "bad id": ("recipients:\n  - {id: Not An Id, name: R, role: processor, country: DE}\n", ["recipients", 0, "id"]),
    "bad country": ("recipients:\n  - {id: r, name: R, role: processor, country: XX}\n", ["recipients", 0, "country"]),
    "bad choice": ("recipients:\n  - {id: r, name: R, role: friend, country: DE}\n", ["recipients", 0, "role"]),
    "bad mechanism": ("activities:\n  - id: a\n    name: A\n    organisation: o\n    transfers:\n"
                      "      - {recipient: r, country: US, mechanism: handshake}\n",
                      ["activities", 0, "transfers", 0, "mechanism"]),
    "unknown top-level key": ("activitys: []\n", []),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_files_are_rejected(validator: Draft202012Validator, case: str) -> None:
    text, where = BROKEN[case]
    errors = list(validator.iter_errors(_read(text)))
    assert errors, case
    paths = [list(e.absolute_path) for e in errors]
    assert any(p[:len(where)] == where for p in paths), paths


def test_x_keys_are_allowed(validator: Draft202012Validator) -> None:
    data = _read("activities:\n  - id: a\n    name: A\n    organisation: o\n    x-cost-centre: 4711\n")
    assert list(validator.iter_errors(data)) == []
