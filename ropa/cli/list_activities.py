"""`ropa list`: a table of activities, filtered and sorted."""

from __future__ import annotations

from typing import Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._texts import language
from ropa.cli._terminal import LangOpt, OrgOpt, RegistryArg, RegistryOpt, FormatOpt


@app.command("list", short_help="Activities with legal bases, recipients, third countries.")
def list_(
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    organisation: OrgOpt = None,
    basis: Annotated[str | None, typer.Option("--basis", "-b", metavar="CODE",
                                                 help="Legal basis code or prefix, e.g. art6-1-f or art9.")] = None,
    recipient: Annotated[str | None, typer.Option("--recipient", metavar="ID",
                                                     help="Only activities disclosing data to this recipient.")] = None,
    country: Annotated[str | None, typer.Option("--country", "-c", metavar="CC",
                                                   help="Only activities sending data to this country (ISO code, "
                                                        "e.g. US).")] = None,
    category: Annotated[str | None, typer.Option("--category", metavar="ID",
                                                    help="Only activities processing this data category.")] = None,
    subject: Annotated[str | None, typer.Option("--subject", metavar="ID",
                                                   help="Only activities concerning this data subject category.")] = None,
    status: Annotated[str | None, typer.Option("--status", "-s", metavar="STATUS",
                                                  help="active, planned or retired.")] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", metavar="TEXT",
                                                help="Free text in id, name, purposes, description, owner, "
                                                     "notes.")] = None,
    sort: Annotated[str, typer.Option("--sort", metavar="KEY",
                                      help="id, name, organisation, status, findings or review_due.")] = "id",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
) -> ExitCode:
    """List the activities with their legal bases, recipients, third countries and open findings.

    REGISTRY is the registry directory (or -r PATH); by default it is found like git finds a
    repository. An unknown filter value is an error (exit 2).

    Example: ropa list --basis art6-1-f --country US --sort findings
    """
    from ropa.inspect.listing import COLUMNS, SORT_KEYS, ActivityRow, Filters, list_activities
    from ropa.cli._terminal import (check_choice, check_filters, check_format, check_lang, check_or_exit,
                                       print_csv, print_json, print_table, registry_path)
    from ropa.cli._texts import say

    lang = check_lang(lang)
    check_format(fmt, lang=lang)
    check_choice("--sort", sort, SORT_KEYS, lang=lang)
    report = check_or_exit(registry_path(registry_arg, registry, lang))
    lang = language(lang, report.registry)
    check_filters(report.registry, lang=lang, organisation=organisation, recipient=recipient, basis=basis, country=country,
                  category=category, subject=subject, status=status)
    rows = list_activities(report, Filters(organisation=organisation, basis=basis, recipient=recipient,
                                           country=country, data_category=category, data_subject=subject,
                                           status=status, text=text),
                           sort=sort, reverse=reverse, lang=lang)
    if fmt == "json":
        print_json([r.as_dict() for r in rows])
    elif fmt == "csv":
        print_csv(COLUMNS, ([getattr(r, c) for c in COLUMNS] for r in rows))
    else:
        print_table(ActivityRow.headers(lang), [r.cells(lang) for r in rows],
                    styles=["red" if r.open_errors else None for r in rows])
        typer.echo(say("n-of-activities", lang, n=len(rows), total=len(report.registry.activities)), err=True)
    return ExitCode.OK
