"""An internal error is ropa's bug, never the user's YAML error (issue 16, item 3).

A change in a dependency (say PyYAML's parser interface) must not turn every file
into "RP006 YAML syntax error": the loader catches the parser's own error types only, and the
command line reports anything unexpected as RP000 with a hint to report it, exit code 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from collections.abc import Iterator
from typing import Any

from ropa import yaml_events, yaml_nodes

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"


def broken_events(text: str) -> Iterator[Any]:
    """A parser whose interface changed under ropa: it fails with TypeError, not a YAML error."""
    yield from ()
    raise TypeError("get_event() takes 2 positional arguments but 1 was given")


def test_a_broken_parser_is_not_a_yaml_syntax_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_events, "events", broken_events)
    with pytest.raises(TypeError):
        yaml_nodes.parse("a: 1\n", "x.yaml")


def test_a_real_syntax_error_still_is_one() -> None:
    node, problems = yaml_nodes.parse("a: [1,\n", "x.yaml")
    assert node is None and [p.code for p in problems] == ["RP006"]
    assert problems[0].span.file == "x.yaml" and problems[0].span.line == 2


PROBE = """
import sys
from ropa import yaml_events

def broken_events(text):
    yield from ()
    raise TypeError("signature changed")

yaml_events.events = broken_events
sys.argv = ["ropa", *sys.argv[1:]]
from ropa.cli import main
sys.exit(main())
"""


def test_the_command_line_reports_an_internal_error_as_a_bug() -> None:
    env = {**os.environ, "ROPA_CACHE_DIR": "", "COLUMNS": "100"}
    env.pop("ROPA_DEBUG", None)
    run = subprocess.run([sys.executable, "-c", PROBE, "validate", str(SAMPLE)], capture_output=True,
                         text=True, env=env, timeout=60, check=False)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "RP006" not in run.stdout + run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("error: RP000 internal error (TypeError: signature changed)"), last
    assert "bug in ropa" in last and "please report it" in last


def test_ropa_debug_adds_the_traceback() -> None:
    env = {**os.environ, "ROPA_CACHE_DIR": "", "ROPA_DEBUG": "1"}
    run = subprocess.run([sys.executable, "-c", PROBE, "validate", str(SAMPLE)], capture_output=True,
                         text=True, env=env, timeout=60, check=False)
    assert run.returncode == 2
    assert "Traceback" in run.stderr and "RP000" in run.stderr.strip().splitlines()[-1]


def test_the_internal_error_line_speaks_the_commands_language() -> None:
    env = {**os.environ, "ROPA_CACHE_DIR": "", "COLUMNS": "100"}
    env.pop("ROPA_DEBUG", None)
    run = subprocess.run([sys.executable, "-c", PROBE, "validate", str(SAMPLE), "--lang", "de"], capture_output=True,
                         text=True, env=env, timeout=60, check=False)
    assert run.returncode == 2, run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("Fehler: RP000 interner Fehler (TypeError: signature changed)"), last
    assert "Fehler in ropa" in last and "bug" not in last
