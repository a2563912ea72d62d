"""A command returns its exit code; the app turns it into the process's exit code.

The command functions are a thin shell: each parses its options, calls the library, prints and
returns an ``ExitCode``; nothing in ``ropa/cli`` raises to end a command that ran (only a usage
error or an unreadable registry ends it at once with 2, as click's own usage errors do). The app's result callback turns the
returned code into the exit code that ``ropa`` and typer's ``CliRunner`` report.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from ropa.cli import app
from ropa.findings import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "tests" / "fixtures" / "sample")
FACTS42 = str(ROOT / "registry")  # has open errors: the failure path
runner = CliRunner()


def commands() -> dict[str, Any]:
    group: Any = typer.main.get_command(app)  # a click group (typer 0.28 vendors click)
    return dict(group.commands)


def test_every_command_is_declared_to_return_an_exit_code():
    for name, command in commands().items():
        assert command.callback is not None, name
        hints = typing.get_type_hints(command.callback, include_extras=True)
        assert hints.get("return") is ExitCode, name


def returned(args: list[str]) -> object:
    """Run a command's function as click does, but return what it returned (an exception propagates)."""
    name, *rest = args
    command = commands()[name]
    with command.make_context(name, rest) as ctx:
        return command.invoke(ctx)


@pytest.mark.parametrize(("args", "code"), [
    (["validate", SAMPLE], ExitCode.OK),
    (["validate", FACTS42], ExitCode.FINDINGS),
    (["gaps", SAMPLE], ExitCode.OK),
    (["gaps", FACTS42], ExitCode.FINDINGS),
    (["diff", SAMPLE, SAMPLE, "--exit-code"], ExitCode.OK),
    (["schema"], ExitCode.OK),
    (["vocab", "countries"], ExitCode.OK),
    (["explain", "RP101"], ExitCode.OK),
    (["explain", "RP999"], ExitCode.USAGE),
    (["rules"], ExitCode.OK),
    (["list", FACTS42], ExitCode.OK),
    (["show", "web-contact-form", FACTS42], ExitCode.OK),
    (["summary", FACTS42], ExitCode.OK),
    (["transfers", FACTS42], ExitCode.OK),
    (["recipients", FACTS42], ExitCode.OK),
    (["questions", SAMPLE], ExitCode.OK),
    (["fmt", "--check", FACTS42], ExitCode.OK),
])
def test_a_command_returns_its_exit_code_and_the_process_exits_with_it(args, code, capsys):
    assert returned(args) == code
    capsys.readouterr()
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_usage_error_ends_the_command_at_once_with_2(capsys):
    """The one way a command ends without returning: ``fail()``, like click's own usage errors."""
    with pytest.raises(typer.Exit) as ended:
        returned(["show", "no-such-activity", FACTS42])
    assert ended.value.exit_code == ExitCode.USAGE
    capsys.readouterr()
    assert runner.invoke(app, ["show", "no-such-activity", FACTS42]).exit_code == ExitCode.USAGE


def test_export_check_returns_findings_for_a_stale_directory(tmp_path, capsys):
    args = ["export", SAMPLE, "--check", "--out", str(tmp_path / "missing"), "-f", "md"]
    assert returned(args) == ExitCode.FINDINGS
    capsys.readouterr()
    assert runner.invoke(app, args).exit_code == ExitCode.FINDINGS


def test_a_command_returning_no_exit_code_is_reported_as_a_bug():
    """Not a silent exit 0: the result callback refuses anything but an exit code."""
    from ropa.cli import _app

    with pytest.raises(TypeError, match="not an exit code"):
        _app._exit_with(None)
    with pytest.raises(typer.Exit) as ended:
        _app._exit_with(ExitCode.FINDINGS)
    assert ended.value.exit_code == 1
