"""kill -9 at random moments: every file is the old or the new one, and the next run cleans up.

A bounded loop (a few dozen runs on the small sample registry) with a fixed seed: each run
is killed after a random delay, which lands in start-up, in the work, or during the writes.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ropa.edit.fmt import format_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")


def _start(args: list[str], cache: Path) -> subprocess.Popen:
    env = {**os.environ, "ROPA_CACHE_DIR": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "ropa", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_after(proc: subprocess.Popen, delay: float) -> bool:
    """Kill -9 after ``delay`` seconds; True if the run was still going."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def _duration(args: list[str], cache: Path) -> float:
    """How long one complete run takes here: kills are spread over that time."""
    start = time.monotonic()
    assert _start(args, cache).wait(timeout=120) in (0, 1)
    return time.monotonic() - start


def _hidden(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*") if p.is_file()]


def test_fmt_killed_at_random_moments(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    shutil.copytree(SAMPLE, reg)
    files = sorted(reg.rglob("*.yaml"))
    old = {p: p.read_text(encoding="utf-8") for p in files}
    new = {p: format_text(text) for p, text in old.items()}
    assert any(old[p] != new[p] for p in files)
    rng = random.Random(18)
    killed = 0
    whole = _duration(["fmt", "--check", "-r", str(reg)], tmp_path / "cache")
    for _ in range(16):
        for path, text in old.items():
            path.write_text(text, encoding="utf-8")
        killed += _kill_after(_start(["fmt", "-r", str(reg)], tmp_path / "cache"), rng.uniform(0.05, whole))
        for path in files:
            assert path.read_text(encoding="utf-8") in (old[path], new[path]), path
    assert killed >= 4, "most runs should have been killed part way"
    final = _start(["fmt", "-r", str(reg)], tmp_path / "cache")
    assert final.wait(timeout=120) == 0
    assert {p: p.read_text(encoding="utf-8") for p in files} == new
    assert _hidden(reg) == [], "temporary files of killed runs are removed by the next run"


def test_export_killed_at_random_moments(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    shutil.copytree(SAMPLE, reg)
    meta = reg / "registry.yaml"
    versions = [meta.read_text(encoding="utf-8")]
    versions.append(versions[0].replace('version: "2024-01"', 'version: "2024-02"'))
    assert versions[0] != versions[1]
    out = tmp_path / "exports"
    complete: dict[str, set[bytes]] = {}
    for text in versions:  # every file each version's export holds
        meta.write_text(text, encoding="utf-8")
        scratch = tmp_path / f"scratch-{len(complete)}"
        subprocess.run([sys.executable, "-m", "ropa", "export", str(reg), "--format", "csv,md,json", "--out",
                        str(scratch)], cwd=ROOT, check=True, capture_output=True,
                       env={**os.environ, "ROPA_CACHE_DIR": ""})
        for path in scratch.iterdir():
            complete.setdefault(path.name, set()).add(path.read_bytes())
    rng = random.Random(30)
    killed = 0
    args = ["export", str(reg), "--format", "csv,md,json", "--out", str(tmp_path / "timing")]
    whole = _duration(args, tmp_path / "cache")
    for run in range(12):
        meta.write_text(versions[run % 2], encoding="utf-8")
        proc = _start(["export", str(reg), "--format", "csv,md,json", "--out", str(out)], tmp_path / "cache")
        killed += _kill_after(proc, rng.uniform(0.05, whole))
        for path in out.iterdir() if out.exists() else ():
            if not path.name.startswith("."):
                assert path.read_bytes() in complete[path.name], path  # a whole file, old or new
    assert killed >= 3
    final = _start(["export", str(reg), "--format", "csv,md,json", "--out", str(out)], tmp_path / "cache")
    assert final.wait(timeout=120) == 0
    assert _hidden(out) == []
    assert sorted(p.name for p in out.iterdir()) == sorted(complete)
