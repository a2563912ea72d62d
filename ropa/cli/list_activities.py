"""`ropa list`: a table of activities, filtered and sorted."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode
from ropa.inspect.terminal import LangOpt, RegistryOpt, check_format, check_lang, check_or_exit, fail


@app.command("list")
def list_(
    registry: RegistryOpt = Path("registry"),
    organisation: Annotated[Optional[str], typer.Option("--organisation", "-o", help="Only this organisation's activities.")] = None,
    basis: Annotated[Optional[str], typer.Option("--basis", "-b", help="Legal basis code or prefix, e.g. art6-1-f or art9.")] = None,
    recipient: Annotated[Optional[str], typer.Option("--recipient", help="Only activities disclosing data to this recipient id.")] = None,
    country: Annotated[Optional[str], typer.Option("--country", "-c", help="Only activities sending data to this country (ISO code, e.g. US).")] = None,
    category: Annotated[Optional[str], typer.Option("--category", help="Only activities processing this data category id.")] = None,
    subject: Annotated[Optional[str], typer.Option("--subject", help="Only activities concerning this data subject id.")] = None,
    status: Annotated[Optional[str], typer.Option("--status", "-s", help="active, planned or retired.")] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="Free text in id, name, purposes, description, owner, notes.")] = None,
    sort: Annotated[str, typer.Option("--sort", help="id, name, organisation, status, findings or review_due.")] = "id",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or csv.")] = "text",
    lang: LangOpt = "en",
) -> None:
    """List the activities with their legal bases, recipients, third countries and open findings.

    Example: [bold]ropa list --basis art6-1-f --country US --sort findings[/bold]
    """
    from ropa.inspect.listing import COLUMNS, SORT_KEYS, ActivityRow, Filters, list_activities
    from ropa.inspect.terminal import print_csv, print_json, print_table

    check_lang(lang)
    check_format(fmt)
    if sort not in SORT_KEYS:
        fail(f"unknown sort key '{sort}': use one of {', '.join(SORT_KEYS)}")
    report = check_or_exit(registry)
    rows = list_activities(report, Filters(organisation=organisation, basis=basis, recipient=recipient,
                                           country=country, data_category=category, data_subject=subject,
                                           status=status, text=text),
                           sort=sort, reverse=reverse, lang=lang)
    if fmt == "json":
        print_json([r.as_dict() for r in rows])
    elif fmt == "csv":
        print_csv(COLUMNS, ([getattr(r, c) for c in COLUMNS] for r in rows))
    else:
        print_table(ActivityRow.HEADERS, [r.cells() for r in rows],
                    styles=["red" if r.open_errors else None for r in rows])
        typer.echo(f"{len(rows)} of {len(report.registry.activities)} activities", err=True)
    finish(ExitCode.OK)
