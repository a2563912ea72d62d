"""`ropa transfers` and `ropa recipients`: the transfer matrix and the recipient catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._texts import language
from ropa.cli._terminal import FormatOpt, LangOpt, OrgOpt, RegistryArg, RegistryOpt

if TYPE_CHECKING:
    from ropa.inspect.transfers import RecipientRow, TransferRow

CONTRACT_STATES = ("ok", "missing", "unknown", "n/a")


@app.command(short_help="Every third-country transfer and its mechanism.")
def transfers(
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    organisation: OrgOpt = None,
    problems: Annotated[bool, typer.Option("--problems", help="Only transfers without a valid, complete "
                                                              "mechanism.")] = False,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
) -> ExitCode:
    """Every third-country transfer: recipient, country, adequacy or mechanism, TIA, activities.

    Transfers without a valid mechanism come first (red on a terminal); recipients outside
    the EEA that an activity uses without a recorded transfer are listed as "unrecorded".

    Example: ropa transfers --problems --format csv > transfers.csv
    """
    from ropa.inspect.summary import for_organisation, transfer_totals
    from ropa.cli._terminal import check_filters, check_format, check_lang, check_or_exit, registry_path
    from ropa.cli._texts import say
    from ropa.inspect.transfers import OK, transfer_matrix

    lang = check_lang(lang)
    check_format(fmt, lang=lang)
    report = check_or_exit(registry_path(registry_arg, registry, lang))
    lang = language(lang, report.registry)
    check_filters(report.registry, lang=lang, organisation=organisation)
    rows = for_organisation(transfer_matrix(report.registry, today=report.today, lang=lang), report, organisation)
    totals = transfer_totals(rows)
    if problems:
        rows = [r for r in rows if r.status != OK]
    _print_transfers(rows, fmt, lang)
    if fmt == "text":
        typer.echo(say("n-transfers", lang, n=totals.total, bad=totals.invalid, unrecorded=totals.unrecorded,
                       incomplete=totals.incomplete), err=True)
    return ExitCode.OK


def _print_transfers(rows: list[TransferRow], fmt: str, lang: str) -> None:
    """The transfer rows as JSON, CSV or a table (invalid red, incomplete yellow)."""
    from ropa.cli._terminal import print_csv, print_json, print_table
    from ropa.labels import headers
    from ropa.inspect.transfers import TransferRow

    if fmt == "json":
        print_json([r.as_dict() for r in rows])
    elif fmt == "csv":
        keys = list(rows[0].as_dict()) if rows else list(TransferRow.__slots__)
        print_csv(keys, ([r.as_dict()[k] for k in keys] for r in rows))
    else:
        print_table(headers("transfers", lang), [r.cells(lang) for r in rows],
                    styles=[SEVERITY_STYLES[r.severity] for r in rows])


# the rich style of a transfer row by the worst finding `ropa validate` reports for it
SEVERITY_STYLES = {"error": "red", "warning": "yellow", "": None}


@app.command(short_help="Every recipient with role, contract and activities.")
def recipients(
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    organisation: OrgOpt = None,
    role: Annotated[str | None, typer.Option("--role", metavar="ROLE",
                                                help="Only recipients in this role, e.g. processor.")] = None,
    contract: Annotated[str | None, typer.Option("--contract", metavar="STATE",
                                                    help="Only recipients whose contract is ok, missing, "
                                                         "unknown or n/a (none needed).")] = None,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
) -> ExitCode:
    """Every recipient with its role, contract status, and the activities and data categories it receives.

    Example: ropa recipients --role processor --contract missing
    """
    import typing

    from ropa.inspect.summary import for_organisation
    from ropa.cli._terminal import check_choice, check_filters, check_format, check_lang, check_or_exit, registry_path
    from ropa.cli._texts import say
    from ropa.inspect.transfers import recipient_rows
    from ropa.model import Recipient

    lang = check_lang(lang)
    check_format(fmt, lang=lang)
    check_choice("--role", role, typing.get_args(typing.get_type_hints(Recipient)["role"]), lang=lang)
    check_choice("--contract", contract, CONTRACT_STATES, lang=lang)
    report = check_or_exit(registry_path(registry_arg, registry, lang))
    lang = language(lang, report.registry)
    check_filters(report.registry, lang=lang, organisation=organisation)
    every = recipient_rows(report.registry, lang)
    rows = [r for r in for_organisation(every, report, organisation)
            if role in (None, r.role) and contract in (None, r.contract_status)]
    _print_recipients(rows, fmt, lang)
    if fmt == "text":
        typer.echo(say("n-recipients", lang, n=len(rows), total=len(every)), err=True)
    return ExitCode.OK


def _print_recipients(rows: list[RecipientRow], fmt: str, lang: str) -> None:
    """The recipient rows as JSON, CSV or a table (a missing or unknown contract red)."""
    from ropa.cli._terminal import print_csv, print_json, print_table
    from ropa.labels import headers
    from ropa.inspect.transfers import RecipientRow

    if fmt == "json":
        print_json([r.as_dict() for r in rows])
    elif fmt == "csv":
        keys = list(RecipientRow.__slots__)
        print_csv(keys, ([r.as_dict()[k] for k in keys] for r in rows))
    else:
        print_table(headers("recipients", lang), [r.cells(lang) for r in rows],
                    styles=[None if r.contract_status in ("ok", "n/a") else "red" for r in rows])
