"""`ropa import FILE --into DIR`: a spreadsheet record (DSK, ICO, CNIL template, ropa's export) into a registry."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

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
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="As-of date of the record, where "
                                             "the spreadsheet states none ('Stand'); asked for on a terminal.")] = None,
    show_mapping: Annotated[bool, typer.Option("--show-mapping", help="Print how each sheet and column is understood; "
                                               "write nothing.")] = False,
    lang: LangOpt = "en",
) -> ExitCode:
    """Import a record of processing activities kept as a spreadsheet into a new registry.

    FILE is the spreadsheet: .xlsx or .csv (.ods: save it as .xlsx first).

    Recognises a table (one row per activity), the DSK form (field | value) and ropa's own
    export; maps columns by meaning (German, English, French); reads a cell into the model
    only where its meaning is unambiguous and keeps the rest verbatim with a gap; every fact
    cites its spreadsheet cell. The record's as-of date is the one the spreadsheet states
    ('Stand'), else --date (asked for on a terminal). A row that cannot be read is reported
    and skipped (exit 1); nothing is written when the file cannot be imported (exit 2).

    Example: ropa import verzeichnis.xlsx --show-mapping, then ropa import verzeichnis.xlsx --into registry
    """
    from ropa.importer import ImportFailed, plan_file
    from ropa.importer import cells as P
    from ropa.importer.messages import say
    from ropa.cli._texts import say as say_cli

    lang = check_lang(lang) or "en"
    if into is None and not show_mapping:
        fail(say_cli("import-needs-into", lang), lang=lang)
    given = None
    if date is not None:
        given = P.date(date)
        if given is None:
            fail(say("bad-date", lang, value=date), lang=lang)
    try:
        if into is not None and not show_mapping:
            from ropa.importer.write import check_into

            check_into(into)
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
        if plan.book.encoding == "cp1252":
            typer.echo(say("read-cp1252", lang), err=True)
        for (sheet, row, _), key in builder.skipped:
            detail = builder.skip_details.pop(0) if key == "skip-unreadable" and builder.skip_details else ""
            typer.echo(say(key, lang, file=builder.file, sheet=sheet, row=row, detail=detail), err=True)
        dated = _as_of(builder, given, lang)
        from ropa.importer.write import write

        assert into is not None  # checked above: only --show-mapping goes without --into
        gaps = sum(len(a.get("gaps", ())) for a in builder.activities.values())
        count = len(builder.activities)
        write(builder, into)  # consumes the activities: each is dropped once written
    except ImportFailed as exc:
        fail(exc.text(lang), lang=lang)
    typer.echo(say("wrote", lang, count=count, into=into, gaps=gaps))
    typer.echo(dated, err=True)
    typer.echo(say_cli("next-validate", path=into), err=True)
    return ExitCode.FINDINGS if builder.skipped else ExitCode.OK


def _as_of(builder: Any, given: Any, lang: str) -> str:
    """Set the registry's as-of date (the sheet's, --date's or the answer on a terminal); the line saying which."""
    from ropa.importer import ImportFailed
    from ropa.importer import cells as P
    from ropa.importer.messages import say

    stated = builder.meta.get("date")
    if given is not None:
        builder.meta["date"] = given
        if stated is not None and stated != given:
            return say("date-option-differs", lang, date=given.isoformat(), stated=stated.isoformat())
        return say("date-option", lang, date=given.isoformat())
    if stated is not None:
        if builder.date_from == "updated":
            return say("date-updated", lang, date=stated.isoformat())
        sheet, row, column = builder.date_from
        return say("date-sheet", lang, date=stated.isoformat(), sheet=sheet, cell=f"{column}{row}")
    if not (sys.stdin is not None and sys.stdin.isatty()):
        raise ImportFailed("no-date", file=builder.file)
    while True:
        try:
            answer = input(say("ask-date", lang) + ": ")
        except (EOFError, KeyboardInterrupt):
            raise ImportFailed("no-date", file=builder.file) from None
        parsed = P.date(answer)
        if parsed is not None:
            builder.meta["date"] = parsed
            return say("date-asked", lang, date=parsed.isoformat())
        typer.echo(say("bad-date", lang, value=answer), err=True)
