"""Issue 29 items 6 and 11: `ropa init` never starts a registry inside another one; `ropa fmt`
formats only registry files, never writes through a link out of the registry, can write every
value it reads, and says why a CRLF or BOM file is reformatted. Each failed before."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa.cli import app
from ropa.load import load

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture()
def reg(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "tests" / "fixtures" / "sample", tmp_path / "registry"))


def test_init_refuses_inside_an_existing_registry(reg: Path) -> None:
    before = sorted(str(p) for p in reg.rglob("*"))
    for target in (reg, reg / "activities", reg / "sub" / "project"):
        result = runner.invoke(app, ["init", str(target), "--id", "inner", "--name", "Inner GmbH", "--email",
                                     "info@inner.example", "--no-interactive"])
        assert result.exit_code == 2, result.output
        assert "inside the registry" in result.stderr or "already exists" in result.stderr
    assert sorted(str(p) for p in reg.rglob("*")) == before  # nothing written
    assert list(load(reg).registry.organisations) == ["example"]


def test_fmt_refuses_a_directory_outside_any_registry(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "config.yaml").write_text("b:   1\na: [x,   y]\n", encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(other)])
    assert result.exit_code == 2
    assert "is not a registry directory" in result.stderr
    assert (other / "config.yaml").read_text(encoding="utf-8") == "b:   1\na: [x,   y]\n"


def test_fmt_never_writes_through_a_directory_link_out_of_the_registry(reg: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    text = "activities:\n  - {organisation: example, id: x, name: X}\n"
    (outside / "x.yaml").write_text(text, encoding="utf-8")
    os.symlink(outside, reg / "activities" / "linked")
    result = runner.invoke(app, ["fmt", str(reg / "activities" / "linked" / "x.yaml")])
    assert "outside the registry" in result.stderr
    assert (outside / "x.yaml").read_text(encoding="utf-8") == text


def test_fmt_writes_a_quoted_colon_in_a_flow_list(reg: Path) -> None:
    path = reg / "activities" / "q.yaml"
    path.write_text("activities:\n  - id: q\n    name: Q\n    organisation: example\n    purposes: ['a:b', 'c']\n",
                    encoding="utf-8")
    assert runner.invoke(app, ["fmt", str(path)]).exit_code == 0
    assert 'purposes: ["a:b", c]' in path.read_text(encoding="utf-8")
    assert runner.invoke(app, ["fmt", "--check", str(path)]).exit_code == 0
    assert [str(p.values[0][1]) for p in load(reg).registry.activities["q"].purposes] == ["a:b", "c"]


def test_fmt_says_why_a_crlf_or_bom_file_is_reformatted(reg: Path) -> None:
    path = reg / "activities" / "crlf.yaml"
    path.write_bytes(b"\xef\xbb\xbfactivities: []\r\n")
    result = runner.invoke(app, ["fmt", "--check", str(path)])
    assert result.exit_code == 1
    assert "the byte order mark is removed; CRLF line endings become LF" in result.stdout
    assert runner.invoke(app, ["fmt", str(path)]).exit_code == 0
    assert path.read_bytes() == b"activities: []\n"
    assert runner.invoke(app, ["fmt", "--check", str(path)]).exit_code == 0
