"""`ropa transfers` and `ropa recipients`: the transfer matrix and the recipient catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode
from ropa.inspect.terminal import LangOpt, RegistryOpt, check_format, check_lang, check_or_exit

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text, json or csv.")]


@app.command()
def transfers(
    registry: RegistryOpt = Path("registry"),
    problems: Annotated[bool, typer.Option("--problems", help="Only transfers without a valid, complete mechanism.")] = False,
    fmt: FormatOpt = "text",
    lang: LangOpt = "en",
) -> None:
    """Every third-country transfer: recipient, country, adequacy or mechanism, TIA, activities.

    Transfers without a valid mechanism come first (red on a terminal); recipients outside the
    EEA that an activity uses without a recorded transfer are listed as [bold]unrecorded[/bold].

    Example: [bold]ropa transfers --problems --format csv > transfers.csv[/bold]
    """
    from ropa.inspect.terminal import print_csv, print_json, print_table
    from ropa.inspect.transfers import OK, TransferRow, transfer_matrix

    check_lang(lang)
    check_format(fmt)
    report = check_or_exit(registry)
    rows = transfer_matrix(report.registry, today=report.today, lang=lang)
    if problems:
        rows = [r for r in rows if r.status != OK]
    if fmt == "json":
        print_json([r.as_dict() for r in rows])
    elif fmt == "csv":
        keys = list(rows[0].as_dict()) if rows else list(TransferRow.__dataclass_fields__)
        print_csv(keys, ([r.as_dict()[k] for k in keys] for r in rows))
    else:
        print_table(TransferRow.HEADERS, [r.cells() for r in rows],
                    styles=[None if r.status == OK else ("yellow" if r.status == "incomplete" else "red")
                            for r in rows])
        bad = sum(1 for r in rows if r.status != OK)
        typer.echo(f"{len(rows)} transfers, {bad} without a valid mechanism", err=True)
    finish(ExitCode.OK)


@app.command()
def recipients(
    registry: RegistryOpt = Path("registry"),
    fmt: FormatOpt = "text",
    lang: LangOpt = "en",
) -> None:
    """Every recipient with its role, contract status, and the activities and data categories it receives.

    Example: [bold]ropa recipients --format json | jq '.[] | select(.contract_status != "ok")'[/bold]
    """
    from ropa.inspect.terminal import print_csv, print_json, print_table
    from ropa.inspect.transfers import RecipientRow, recipient_rows

    check_lang(lang)
    check_format(fmt)
    report = check_or_exit(registry)
    rows = recipient_rows(report.registry, lang)
    if fmt == "json":
        print_json([r.as_dict() for r in rows])
    elif fmt == "csv":
        keys = list(RecipientRow.__dataclass_fields__)
        print_csv(keys, ([r.as_dict()[k] for k in keys] for r in rows))
    else:
        print_table(RecipientRow.HEADERS, [r.cells() for r in rows],
                    styles=[None if r.contract_status in ("ok", "n/a") else "red" for r in rows])
    finish(ExitCode.OK)
