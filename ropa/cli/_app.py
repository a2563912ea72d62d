"""The typer application every command module registers on, and its shared helpers.

Kept apart from ``ropa/cli/__init__.py`` so that a command module can register itself
without importing the others: ``ropa.cli.app`` (the package attribute) is this app with
every command; the ``ropa`` process imports only the command it runs (``ropa.cli.main``).
"""

from __future__ import annotations

import shutil

import typer

from ropa import __version__
from ropa.findings import ExitCode

EPILOG = (
    "Exit codes: 0 ok; 1 errors found (or warnings with --strict), or a check failed; "
    "2 bad usage or input that cannot be read."
)

app = typer.Typer(
    name="ropa",
    help="Keep the GDPR Art. 30 record of processing activities as a YAML registry in git: "
    "validate it, inspect it, and export the Art. 30 report.",
    epilog=EPILOG,
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=True,
    # help in click's plain layout (no rich panels: no <type> column, text re-wrapped to the
    # terminal), at a width fixed when the program starts, so the same terminal always gets
    # the same help (typer's test runner would otherwise force 80 columns)
    context_settings={"help_option_names": ["-h", "--help"],
                      "terminal_width": max(min(shutil.get_terminal_size().columns, 80) - 2, 50)},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ropa {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Keep the GDPR Art. 30 record of processing activities as a YAML registry in git."""
    from ropa.inspect.texts import use_language

    use_language(None)  # until the command checks its --lang (one process may run several commands)


def finish(code: ExitCode | int) -> None:
    """End a command with its exit code."""
    raise typer.Exit(code=int(code))
