"""`ropa import FILE --into DIR`: a spreadsheet record (DSK, ICO, CNIL template, ropa's export) into a registry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._terminal import LangOpt, check_lang, fail


@app.command(name="import", short_help="Import a record kept as a spreadsheet (DSK, ICO, CNIL, ropa's xlsx).")
def import_file(
    file: Annotated[Path, typer.Argument(metavar="FILE", hidden=True, show_default=False)],
    into: Annotated[Path | None, typer.Option("--into", metavar="DIR", help="New registry directory (must not exist "
                                                 "or be empty).")] = None,
    mapping: Annotated[Path | None, typer.Option("--map", metavar="FILE", help="YAML file 'header: field' for "
                                                    "columns not recognised (a field name, or 'ignore').")] = None,
    show_mapping: Annotated[bool, typer.Option("--show-mapping", help="Print how each sheet and column is understood; "
                                               "write nothing.")] = False,
    lang: LangOpt = "en",
) -> ExitCode:
    """Import a record of processing activities kept as a spreadsheet into a new registry.

    FILE is the spreadsheet: .xlsx or .csv (.ods: save it as .xlsx first).

    Recognises a table (one row per activity), the DSK form (field | value) and ropa's own
    export; maps columns by meaning (German, English, French); reads a cell into the model
    only where its meaning is unambiguous and keeps the rest verbatim with a gap; every fact
    cites its spreadsheet cell.

    Example: ropa import verzeichnis.xlsx --show-mapping, then ropa import verzeichnis.xlsx --into registry
    """
    from ropa.importer import ImportFailed, plan_file
    from ropa.importer.messages import say
    from ropa.cli._texts import say as say_cli

    lang = check_lang(lang) or "en"
    if into is None and not show_mapping:
        fail(say_cli("import-needs-into", lang), lang=lang)
    try:
        plan = plan_file(file, mapping)
        try:
            if show_mapping:
                for line in plan.lines(lang):
                    typer.echo(line)
                return ExitCode.OK
            from ropa.importer.build import build

            builder = build(plan)
        finally:
            plan.book.close()
        from ropa.importer.write import write

        assert into is not None  # checked above: only --show-mapping goes without --into
        write(builder, into)
    except ImportFailed as exc:
        fail(exc.text(lang), lang=lang)
    gaps = sum(len(a.get("gaps", ())) for a in builder.activities.values())
    typer.echo(say("wrote", lang, count=len(builder.activities), into=into, gaps=gaps))
    typer.echo(say_cli("next-validate", path=into), err=True)
    return ExitCode.OK
