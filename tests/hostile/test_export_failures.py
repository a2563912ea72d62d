"""Export when the disk is full or the output directory is read-only: the previous export stays."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ropa.export.core as core
from ropa.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"


def _export(registry: Path, out: Path):
    result = CliRunner().invoke(app, ["export", str(registry), "--format", "xlsx,csv,json", "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _state(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (b"<dir>" if p.is_dir() else p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.iterdir())}


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path, dict]:
    registry = tmp_path / "reg"
    shutil.copytree(SAMPLE, registry)
    out = tmp_path / "exports"
    assert _export(registry, out).exit_code == 0
    before = _state(out)
    assert before
    # change the registry so that every export file would change
    meta = registry / "registry.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("version: \"2024-01\"", "version: \"2024-02\""),
                    encoding="utf-8")
    return registry, out, before


def test_disk_full_keeps_the_previous_export(exported, monkeypatch) -> None:
    registry, out, before = exported

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(core.os, "fsync", full)
    result = _export(registry, out)
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert _state(out) == before  # same files, same bytes, not even touched
    monkeypatch.undo()
    assert _export(registry, out).exit_code == 0
    assert _state(out) != before


def test_read_only_output_directory(exported, monkeypatch) -> None:
    registry, out, before = exported
    if os.geteuid() == 0:  # root writes into a mode-555 directory anyway: simulate the refusal
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied", str(out))

        import ropa.atomic

        monkeypatch.setattr(ropa.atomic, "write_temp", refuse)
    else:  # pragma: no cover - CI runs as root
        out.chmod(0o555)
    try:
        result = _export(registry, out)
    finally:
        out.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert "Permission denied" in result.output
    assert _state(out) == before


def _no_temporary_files(out: Path) -> bool:
    return not [p for p in out.iterdir() if p.name.startswith(".")]


def test_target_that_is_a_directory_stops_the_export_before_any_write(exported) -> None:
    registry, out, before = exported
    victim = sorted(name for name in before if name.endswith(".json"))[0]
    (out / victim).unlink()
    (out / victim).mkdir()
    before = _state(out)
    result = _export(registry, out)
    assert result.exit_code == 2, result.output
    assert f"{out / victim}: cannot write: it is a directory; nothing was written" in result.output
    assert "Traceback" not in result.output
    assert _state(out) == before and _no_temporary_files(out)


def test_failed_rename_part_way_restores_the_files_already_replaced(exported, monkeypatch) -> None:
    registry, out, before = exported
    real = os.replace
    calls = []

    def third_fails(src, dst, *args, **kwargs):
        if ".ropa-tmp-" in str(src) and not Path(dst).name.startswith("."):
            calls.append(dst)
            if len(calls) == 3:
                raise OSError(errno.EIO, "Input/output error", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(core.os, "replace", third_fails)
    result = _export(registry, out)
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert "Input/output error" in result.output and "left as they were" in result.output
    assert {name: data for name, (data, _mtime) in _state(out).items()} == {
        name: data for name, (data, _mtime) in before.items()}
    assert _no_temporary_files(out)


def test_leftovers_of_a_killed_export_are_removed_by_the_next(exported) -> None:
    registry, out, _before = exported
    dead = 2**22 + 12345  # above the default pid_max: no such process
    leftover = out / f".ropa-tmp-{dead}-{'0' * 16}-ropa-example-de.xlsx"
    leftover.write_bytes(b"partial")
    alive = out / f".ropa-tmp-{os.getpid()}-{'1' * 16}-ropa-example-de.csv"  # a writer still running
    alive.write_bytes(b"in progress")
    assert _export(registry, out).exit_code == 0
    assert not leftover.exists()
    assert alive.exists()
