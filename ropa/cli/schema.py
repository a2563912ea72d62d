"""`ropa schema`: print the JSON Schema of registry files."""

from __future__ import annotations

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode


@app.command(short_help="The JSON Schema of registry files.")
def schema() -> ExitCode:
    """Print the JSON Schema (2020-12) of registry files, for editors and CI.

    Example: ropa schema > ropa.schema.json, then put
    # yaml-language-server: $schema=ropa.schema.json at the top of a registry file.
    """
    import json

    from ropa.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return ExitCode.OK
