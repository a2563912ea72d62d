"""`ropa diff OLD NEW`: what changed between two registry versions."""

from __future__ import annotations

from typing import Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._terminal import LangOpt, RegistryOpt, TextOrJsonOpt, check_format, check_lang, fail, registry_path
from ropa.cli._texts import language


@app.command(short_help="What changed between two registry versions, field by field.")
def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", hidden=True, show_default=False)],
    new: Annotated[str, typer.Argument(metavar="NEW", hidden=True, show_default=False)] = "HEAD",
    registry: RegistryOpt = None,
    fmt: TextOrJsonOpt = "text",
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when there are changes (like git diff).")] = False,
    facts_only: Annotated[bool, typer.Option("--facts-only", help="Leave out where facts come from (sources, "
                                             "documents), e.g. after ropa import of an exported spreadsheet.")] = False,
    lang: LangOpt = None,
) -> ExitCode:
    """Activities, recipients and organisations added, removed and changed field by field.

    OLD and NEW are registry directories or git revisions (tags, commits; NEW defaults to
    HEAD). For a revision, -r names the registry directory inside the repository (default:
    found like git finds a repository).

    Compares the typed model, not the text: reformatting or moving entries between files
    is no change. A side that is not a directory is read from git, blob by blob, as committed.

    Example: ropa diff v2023-06 HEAD (what changed since the last audit), or
    ropa diff old-registry/ registry/ --format json
    """
    from ropa.edit.diff import diff as run, render_text
    from ropa.findings import RopaError
    from ropa.cli._terminal import print_json

    check_format(fmt, ("text", "json"), lang=lang)
    check_lang(lang)  # before anything can fail: its error is in --lang
    try:
        result = run(old, new, registry_path(None, registry, lang), sources=not facts_only)
    except RopaError as exc:  # DiffError, or a side that is a directory but no registry (NoRegistry)
        fail(exc, lang=lang)
    if result.fatal:
        for side in (result.old_load, result.new_load):
            for finding in side.findings:
                if finding.fatal:
                    typer.echo(str(finding), err=True)
        return ExitCode.USAGE
    if fmt == "json":
        print_json(result.as_dict())
    else:
        for line in render_text(result, language(check_lang(lang))):
            typer.echo(line)
    return ExitCode.FINDINGS if exit_code and result.changes else ExitCode.OK
