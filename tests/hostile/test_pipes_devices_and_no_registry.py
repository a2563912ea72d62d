"""Paths that are no registry or no regular file (issue 29, items 9 and 10).

* The library refuses a directory that is no registry (``/``, a home directory: no
  ``registry.yaml`` in it or above it) with one ``RopaError`` line, as the command line does,
  instead of walking the whole tree below it: ``ropa.load.load``, ``ropa.validation.validate``,
  ``ropa.export.snapshots``, ``ropa.edit.diff.diff``.
* ``ropa export --check`` and shell completion (``_ROPA_COMPLETE``, as typer implements it)
  never wait on a named pipe nor read a link to ``/dev/zero``: one line per such file, or one
  line for an output "directory" that is one, never a hang, never a traceback.

Every run is a subprocess under a timeout: the timeout guards a hang (a regression would wait
for ever or walk the file system), it is never a speed assertion.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.hostile.test_hostile_matrix import HANG_GUARD, SAMPLE, no_traceback, ropa

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                                reason="needs named pipes and /dev/zero (POSIX)")

LIBRARY = textwrap.dedent("""\
    import json, sys
    from pathlib import Path
    from ropa.findings import RopaError
    target = sys.argv[1]
    calls = {
        "load": lambda: __import__("ropa.load", fromlist=["load"]).load(target),
        "validate": lambda: __import__("ropa.validation", fromlist=["validate"]).validate([Path(target)]),
        "snapshots": lambda: __import__("ropa.export", fromlist=["snapshots"]).snapshots(target),
        "diff": lambda: __import__("ropa.edit.diff", fromlist=["diff"]).diff(target, sys.argv[2]),
    }
    out = {}
    for name, call in calls.items():
        try:
            call()
        except RopaError as exc:
            out[name] = [type(exc).__name__, str(exc)]
        else:
            out[name] = None
    print(json.dumps(out))
""")


@pytest.mark.parametrize("where", ["root", "unmarked"])
def test_the_library_refuses_a_directory_that_is_no_registry(where: str, tmp_path: Path) -> None:
    if where == "root":
        target = "/"
    else:  # YAML files, but no registry.yaml in the directory or above it
        target = str(tmp_path / "home")
        (tmp_path / "home" / "notes").mkdir(parents=True)
        (tmp_path / "home" / "notes" / "a.yaml").write_text("activities: []\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", LIBRARY, target, str(SAMPLE)], capture_output=True, text=True,
                         timeout=HANG_GUARD, env={**os.environ, "ROPA_CACHE_DIR": ""})
    assert run.returncode == 0 and not run.stderr, run.stderr
    refused = json.loads(run.stdout)
    line = f"{target} is no registry: no registry.yaml in it or above it"
    assert refused == {name: ["NoRegistry", line] for name in ("load", "validate", "snapshots", "diff")}


def test_a_registry_its_subdirectories_and_its_files_still_load(tmp_path: Path) -> None:
    from ropa.load import load

    copy = Path(shutil.copytree(SAMPLE, tmp_path / "sample"))
    assert not load(copy).fatal and load(copy).registry.activities
    assert load(copy / "activities" / "website.yaml").registry.activities  # a file: its whole registry
    assert not load(copy / "activities").fatal  # a directory inside a registry is inside one


def test_ropa_diff_names_a_side_that_is_no_registry(tmp_path: Path) -> None:
    run = ropa("diff", str(tmp_path), str(SAMPLE), capture_output=True, text=True)
    err = no_traceback(run)
    assert run.returncode == 2
    assert err.strip().splitlines() == [f"error: {tmp_path} is no registry: no registry.yaml in it or above it"]


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path]:
    registry = Path(shutil.copytree(SAMPLE, tmp_path / "sample"))
    out = tmp_path / "out"
    run = ropa("export", str(registry), "-f", "md", "-f", "json", "-l", "en", "--out", str(out),
               capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return registry, out


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_export_check_never_reads_a_pipe_or_a_device(kind: str, exported: tuple[Path, Path]) -> None:
    registry, out = exported
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2
    victim = out / names[0]
    victim.unlink()
    if kind == "fifo":
        os.mkfifo(victim)  # reading it would wait for a writer for ever
    else:
        victim.symlink_to("/dev/zero")  # reading it would never end
    run = ropa("export", str(registry), "-f", "md", "-f", "json", "-l", "en", "--out", str(out), "--check",
               capture_output=True, text=True)
    err = no_traceback(run)
    assert run.returncode == 1, run.stdout + err
    assert run.stdout.splitlines() == [f"{victim}: not a regular file (a pipe, a device or a link to one); not read"]
    assert err.strip().splitlines() == [f"1 of 2 export files are not up to date; run: ropa export {registry} "
                                        f"--out {out}"]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_export_check_into_a_pipe_or_a_device_is_one_line(kind: str, exported: tuple[Path, Path]) -> None:
    registry, out = exported
    target = out.parent / "target"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    run = ropa("export", str(registry), "-f", "md", "-l", "en", "--out", str(target), "--check",
               capture_output=True, text=True)
    err = no_traceback(run)
    assert run.returncode == 2
    assert err.strip().splitlines() == [f"{target}: not a directory"] and not run.stdout


def complete(words: str, cwd: Path) -> subprocess.CompletedProcess:
    """What bash's completion asks of the ``ropa`` command (the console script: typer names the
    variable after the program, ``_ROPA_COMPLETE``)."""
    script = Path(sys.executable).with_name("ropa")
    if not script.exists():
        pytest.skip(f"{script}: the console script is not installed next to this Python")
    env = {**os.environ, "ROPA_CACHE_DIR": "", "_ROPA_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()))}
    env.pop("ROPA_REGISTRY", None)
    return subprocess.run([str(script)], env=env, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=HANG_GUARD, check=False)


def test_completion_skips_pipes_and_devices_in_the_registry(tmp_path: Path) -> None:
    registry = Path(shutil.copytree(SAMPLE, tmp_path / "sample"))
    os.mkfifo(registry / "activities" / "pipe.yaml")
    (registry / "zero.yaml").symlink_to("/dev/zero")
    fifo = registry / "pipe"
    os.mkfifo(fifo)
    for words, cwd in ((f"ropa show -r {registry} ", tmp_path), ("ropa review ", registry),
                       (f"ropa show -r {fifo} ", tmp_path), (f"ropa show -r {registry / 'zero.yaml'} ", tmp_path)):
        run = complete(words, cwd)
        no_traceback(run)
        assert run.returncode == 0, (words, run.stderr)
        assert {"web-analytics", "web-server-logs"} <= set(run.stdout.split()), (words, run.stdout)


def test_completion_outside_a_registry_offers_nothing_and_walks_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "somewhere").mkdir(parents=True)
    (home / "somewhere" / "x.yaml").write_text("activities:\n  - id: not-a-registry\n", encoding="utf-8")
    os.mkfifo(home / "somewhere" / "pipe.yaml")
    for words in ("ropa show ", f"ropa show -r {home} ", "ropa show -r / "):
        run = complete(words, home)
        no_traceback(run)
        assert run.returncode == 0 and run.stdout.split() == [], (words, run.stdout, run.stderr)
