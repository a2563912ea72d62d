"""The command line: a thin shell over library functions.

Each command lives in its own module under ``ropa.cli``; it parses options, calls the
library, prints, and returns an ``ExitCode``. Heavy imports happen inside the command.
"""

from __future__ import annotations

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
    rich_markup_mode="rich",
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
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


def finish(code: ExitCode | int) -> None:
    """End a command with its exit code."""
    raise typer.Exit(code=int(code))


def _register_commands() -> None:
    """Import every command module in this package; each registers itself on `app`."""
    import importlib
    import pkgutil

    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_register_commands()


def main() -> int:
    try:
        app()
    except SystemExit as exc:  # typer/click end with SystemExit; normalise to an int
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except KeyboardInterrupt:
        return 130
    return 0
