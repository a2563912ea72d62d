"""The typer application every command module registers on, and how a command ends.

A command function returns its exit code (an ``ExitCode``); the app's result callback
(``result_callback``: click's documented hook that receives a subcommand's return value,
offered by ``typer.Typer``) turns it into the process exit code, in ``ropa`` as in typer's
``CliRunner``. A usage error or a registry that cannot be read (``ropa.inspect.usage.fail``,
``ropa.inspect.terminal.load_or_exit``: exit code 2) still ends a command at once, as click's
own usage errors do.

Kept apart from ``ropa/cli/__init__.py`` so that a command module can register itself
without importing the others: ``ropa.cli.app`` (the package attribute) is this app with
every command; the ``ropa`` process imports only the command it runs (``ropa.cli.main``).
"""

from __future__ import annotations

import shutil

import typer

from ropa import __version__

EPILOG = (
    "Exit codes: 0 ok; 1 errors found (or warnings with --strict), or a check failed; "
    "2 bad usage or input that cannot be read."
)

def _exit_with(code: object, **_root_options: object) -> None:
    """End the process with the exit code the command returned.

    Called by click with the subcommand's return value and the root's options. A command
    that returns anything but an exit code is a bug in ropa (reported as RP000 by ``main``),
    never a silent exit 0.
    """
    if not isinstance(code, int):
        raise TypeError(f"the command returned {code!r}, not an exit code")
    raise typer.Exit(code=int(code))


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
    result_callback=_exit_with,
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

