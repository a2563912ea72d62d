"""`ropa diff OLD NEW`: what changed between two registry versions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode
from ropa.inspect.terminal import RegistryOpt, check_format, fail


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="Old version: a registry directory or a git revision (tag, commit).")],
    new: Annotated[str, typer.Argument(help="New version: a registry directory or a git revision.")] = "HEAD",
    registry: RegistryOpt = Path("registry"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when there are changes (like git diff).")] = False,
    facts_only: Annotated[bool, typer.Option("--facts-only", help="Leave out where facts come from (sources, "
                                             "documents), e.g. after ropa import of an exported spreadsheet.")] = False,
) -> None:
    """Activities, recipients and organisations added, removed and changed field by field.

    Compares the typed model, not the text: reformatting or moving entries between files
    is no change. A side that is not a directory is read from git ([bold]git archive[/bold]).

    Example: [bold]ropa diff v2023-06 HEAD[/bold] (what changed since the last audit), or
    [bold]ropa diff old-registry/ registry/ --format json[/bold]
    """
    from ropa.edit.diff import DiffError, diff as run, render_text
    from ropa.inspect.terminal import print_json

    check_format(fmt, ("text", "json"))
    try:
        result = run(old, new, registry, sources=not facts_only)
    except DiffError as exc:
        fail(str(exc))
        return
    if result.fatal:
        for side in (result.old_load, result.new_load):
            for finding in side.findings:
                if finding.fatal:
                    typer.echo(str(finding), err=True)
        finish(ExitCode.USAGE)
    if fmt == "json":
        print_json(result.as_dict())
    else:
        for line in render_text(result):
            typer.echo(line)
    finish(ExitCode.FINDINGS if exit_code and result.changes else ExitCode.OK)
