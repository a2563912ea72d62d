"""`ropa import FILE --into DIR`: a spreadsheet record (DSK, ICO, CNIL template, ropa's export) into a registry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode
from ropa.inspect.terminal import LangOpt, check_lang, fail


@app.command(name="import")
def import_file(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Spreadsheet to import: .xlsx or .csv.")],
    into: Annotated[Optional[Path], typer.Option("--into", help="New registry directory (must not exist or be empty).")] = None,
    mapping: Annotated[Optional[Path], typer.Option("--map", help="YAML file 'header: field' for columns not recognised "
                                                    "(a field name, or 'ignore').")] = None,
    show_mapping: Annotated[bool, typer.Option("--show-mapping", help="Print how each sheet and column is understood; "
                                               "write nothing.")] = False,
    lang: LangOpt = "en",
) -> None:
    """Import a record of processing activities kept as a spreadsheet into a new registry.

    Recognises a table (one row per activity), the DSK form (field | value) and ropa's own
    export; maps columns by meaning (German, English, French); reads a cell into the model
    only where its meaning is unambiguous and keeps the rest verbatim with a gap; every fact
    cites its spreadsheet cell.

    Example: [bold]ropa import verzeichnis.xlsx --show-mapping[/bold], then [bold]ropa import verzeichnis.xlsx --into registry[/bold]
    """
    from ropa.importer import ImportFailed, plan_file
    from ropa.importer.messages import say

    check_lang(lang)
    if into is None and not show_mapping:
        fail("--into VERZEICHNIS angeben (oder --show-mapping)" if lang == "de" else "give --into DIR (or --show-mapping)")
    try:
        plan = plan_file(file, mapping)
        if show_mapping:
            for line in plan.lines(lang):
                typer.echo(line)
            finish(ExitCode.OK)
        from ropa.importer.build import build
        from ropa.importer.write import write

        builder = build(plan)
        write(builder, into)
    except ImportFailed as exc:
        fail(exc.text(lang))
        return
    gaps = sum(len(a.get("gaps", ())) for a in builder.activities.values())
    typer.echo(say("wrote", lang, count=len(builder.activities), into=into, gaps=gaps))
    typer.echo(("weiter: " if lang == "de" else "next: ") + f"ropa validate {into}", err=True)
    finish(ExitCode.OK)
