"""No traceback anywhere (issue 29, item 10): the real ``ropa`` process under a hostile
environment and hostile arguments, every case ending as the README's exit-code paragraph says.

Closed stdout (exit 2, one line), closed stdin (``new``, ``init``), an ASCII or Latin-1
output encoding (``validate`` text/JSON/SARIF, ``show``, ``explain``), a bad ``$EDITOR``, the
date 9999-12-31, path arguments over 255 characters, and ``/`` given as the registry. The
subprocess timeout is a hang guard (``/`` once walked the whole file system), never a speed
assertion.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
FACTS42 = ROOT / "registry"
HANG_GUARD = 120  # seconds


def ropa(*args: str, env: dict[str, str | None] | None = None, **kwargs) -> subprocess.CompletedProcess:
    environ = {**os.environ, "ROPA_CACHE_DIR": "", "COLUMNS": "100", "ROPA_LANG": "en"}
    for key, value in (env or {}).items():
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    environ.pop("ROPA_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "ropa", *args], env=environ, cwd=kwargs.pop("cwd", ROOT),
                          check=False, timeout=HANG_GUARD, **kwargs)


def no_traceback(run: subprocess.CompletedProcess) -> str:
    err = run.stderr if isinstance(run.stderr, str) else run.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert "RP000" not in err, err  # an internal error is a bug, not an answer
    return err


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "sample"))


CLOSED_STDOUT = [["validate", str(SAMPLE)], ["validate", str(SAMPLE), "-f", "json"], ["list", "-r", str(SAMPLE)],
                 ["show", "web-analytics", "-r", str(SAMPLE)], ["summary", "-r", str(SAMPLE)],
                 ["transfers", "-r", str(SAMPLE)], ["gaps", "-r", str(SAMPLE)], ["explain", "RP101"], ["rules"],
                 ["vocab", "legal-bases"], ["--help"], ["--version"]]


@pytest.mark.parametrize("args", CLOSED_STDOUT, ids=" ".join)
def test_closed_stdout_is_one_line_and_exit_2(args: list[str]) -> None:
    run = ropa(*args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
               preexec_fn=lambda: os.close(1))
    err = no_traceback(run)
    assert run.returncode == 2, err
    assert err.strip().splitlines()[-1] == "error: cannot write the output: Bad file descriptor"


@pytest.mark.parametrize("args", [["new", "-r", "{r}", "--interactive"], ["init", "{t}/new", "--interactive"]],
                         ids=lambda a: a[0])
def test_closed_stdin_ends_the_interview_without_a_traceback(args: list[str], sample: Path, tmp_path: Path) -> None:
    argv = [a.replace("{r}", str(sample)).replace("{t}", str(tmp_path)) for a in args]
    run = ropa(*argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, preexec_fn=lambda: os.close(0))
    no_traceback(run)
    assert run.returncode in (1, 2)
    assert not (tmp_path / "new").exists() or not any((tmp_path / "new").rglob("*.yaml"))


ENCODED = [["validate", str(FACTS42)], ["validate", str(FACTS42), "-f", "json"],
           ["validate", str(FACTS42), "-f", "sarif"], ["show", "web-contact-form", "-r", str(FACTS42), "--lang", "de"],
           ["explain", "RP101", "--lang", "de"], ["list", "-r", str(FACTS42), "--lang", "de"]]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("args", ENCODED, ids=" ".join)
def test_an_output_encoding_without_umlauts_or_dashes(args: list[str], encoding: str) -> None:
    run = ropa(*args, env={"PYTHONIOENCODING": encoding, "LC_ALL": "C"}, capture_output=True)
    no_traceback(run)
    assert run.returncode in (0, 1)
    # click writes UTF-8 where the stream claims ASCII (its documented get_best_encoding); in
    # Latin-1 every byte is Latin-1, a character it lacks (the dash, German quotes) a \uXXXX escape
    out = run.stdout.decode("utf-8" if encoding == "ascii" else encoding)
    if "-f" in args:  # the same JSON value
        assert json.loads(out)
    if encoding == "latin-1" and args[0] in ("show", "validate"):
        assert "\\u2013" in out or "\\u201e" in out


@pytest.mark.parametrize("editor", ["/nonexistent/editor", "'unbalanced", "/etc/passwd"])
def test_a_bad_editor_is_one_line(editor: str, sample: Path) -> None:
    run = ropa("edit", "web-analytics", str(sample), env={"EDITOR": editor, "VISUAL": None},
               stdin=subprocess.DEVNULL, capture_output=True, text=True)
    err = no_traceback(run)
    assert run.returncode == 2
    assert err.strip().splitlines() == [err.strip()] and "cannot be run" in err


def test_the_date_9999_12_31(sample: Path, tmp_path: Path) -> None:
    registry = sample / "registry.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("date: 2024-01-15", "date: 9999-12-31"),
                        encoding="utf-8")
    assert "9999-12-31" in registry.read_text(encoding="utf-8")
    for args in (["validate", str(sample), "--today", "9999-12-31"], ["summary", "-r", str(sample)],
                 ["export", str(sample), "--out", str(tmp_path / "out")],
                 ["review", "web-analytics", str(sample), "--by", "Dana", "--today", "9999-12-31"]):
        run = ropa(*args, capture_output=True, text=True)
        no_traceback(run)
        assert run.returncode in (0, 1), (args, run.stderr)
    assert "review_due: 9999-12-31" in (sample / "activities" / "website.yaml").read_text(encoding="utf-8")


LONG = "/tmp/" + "a" * 300
DEEP = "/tmp/" + "/".join(["b" * 200] * 30)


@pytest.mark.parametrize("args", [["validate", LONG], ["validate", LONG + "/x.yaml"], ["validate", DEEP],
                                  ["list", "-r", LONG], ["show", "x", "-r", LONG], ["export", LONG],
                                  ["fmt", "--check", LONG], ["new", "-r", LONG, "--id", "x"],
                                  ["review", "x", LONG, "--by", "Dana"], ["questions", LONG],
                                  ["import", LONG, "--into", "/tmp/never-written"]],
                         ids=lambda a: f"{a[0]}-{len(a[-1]) if a[0] != 'import' else 'file'}")
def test_a_path_over_255_characters_is_one_line(args: list[str]) -> None:
    run = ropa(*args, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    err = no_traceback(run)
    assert run.returncode == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert not Path("/tmp/never-written").exists()


@pytest.mark.parametrize("args", [["validate", "/"], ["list", "-r", "/"], ["summary", "-r", "/"],
                                  ["validate", "/", "/tmp"]], ids=" ".join)
def test_the_root_directory_is_no_registry_and_never_walked(args: list[str]) -> None:
    run = ropa(*args, stdin=subprocess.DEVNULL, capture_output=True, text=True)  # the timeout guards the hang
    err = no_traceback(run)
    assert run.returncode in (0, 2), err
    assert run.returncode == 0 or "no registry found" in err
