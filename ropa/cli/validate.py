"""`ropa validate`: load the registry and report its problems."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ropa.cli import app, finish
from ropa.findings import ExitCode, Severity


@app.command()
def validate(
    paths: list[Path] = typer.Argument(None, help="Registry directory, or files inside one "
                                       "(as pre-commit passes them). Default: registry/."),
) -> None:
    """Validate the registry and report findings as [bold]file:line:col[/bold].

    Example: [bold]ropa validate registry/[/bold]
    """
    from ropa.load import load

    target = paths[0] if paths else Path("registry")
    result = load(target)
    for finding in result.findings:
        typer.echo(str(finding))
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    print(f"{len(result.findings)} findings ({errors} errors)", file=sys.stderr)
    if result.fatal:
        finish(ExitCode.USAGE)
    finish(ExitCode.FINDINGS if errors else ExitCode.OK)
