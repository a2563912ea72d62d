"""`ropa init DIR`: scaffold a registry for a new organisation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ropa.cli._app import app, finish
from ropa.findings import ExitCode
from ropa.inspect.texts import language
from ropa.inspect.terminal import LangOpt, check_lang, fail
from ropa.inspect.texts import say


@app.command(short_help="Scaffold a registry for a new organisation.")
def init(
    directory: Annotated[Path, typer.Argument(metavar="[DIR]", hidden=True)] = Path("."),
    org_id: Annotated[Optional[str], typer.Option("--id", metavar="TEXT", help="Organisation id, e.g. acme.")] = None,
    org_name: Annotated[Optional[str], typer.Option("--name", metavar="TEXT", help="Legal name, e.g. 'ACME GmbH'.")] = None,
    street: Annotated[Optional[str], typer.Option("--street", metavar="TEXT", help="Street and number.")] = None,
    postal_code: Annotated[Optional[str], typer.Option("--postal-code", metavar="TEXT", help="Postal code.")] = None,
    city: Annotated[Optional[str], typer.Option("--city", metavar="TEXT", help="City.")] = None,
    country: Annotated[str, typer.Option("--country", metavar="TEXT", help="ISO 3166-1 alpha-2 country code.")] = "DE",
    email: Annotated[Optional[str], typer.Option("--email", metavar="TEXT", help="Contact e-mail address (this or --phone is required).")] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", metavar="TEXT", help="Contact telephone number.")] = None,
    dpo_name: Annotated[Optional[str], typer.Option("--dpo-name", metavar="TEXT", help="Name of the data protection officer.")] = None,
    dpo_email: Annotated[Optional[str], typer.Option("--dpo-email", metavar="TEXT", help="E-mail of the data protection officer.")] = None,
    registry_dir: Annotated[str, typer.Option("--registry-dir", metavar="TEXT", help="Registry directory inside DIR.")] = "registry",
    hook_repo: Annotated[Optional[str], typer.Option("--hook-repo", metavar="TEXT", help="URL of the ropa repository for "
                                                     "pre-commit (default: a local hook using the installed ropa).")] = None,
    interactive: Annotated[Optional[bool], typer.Option("--interactive/--no-interactive", "-i",
                                                        help="Ask for what is missing (default: when stdin is a terminal).")] = None,
    lang: LangOpt = None,
) -> None:
    """Scaffold a registry (organisation, empty recipient catalogue, one example activity, pre-commit hook).

    DIR is the project directory (created if missing; default: here).

    The result passes ropa validate at once.

    Example: ropa init acme-ropa --id acme --name "ACME GmbH" --email info@acme.example --dpo-email dpo@acme.example
    """
    from ropa.edit.init import InitError, Organisation, scaffold

    lang = language(check_lang(lang))
    ask = sys.stdin.isatty() if interactive is None else interactive
    if ask:
        org_name = org_name or typer.prompt(say("init-name", lang))
        default_id = "".join(c if c.isalnum() else "-" for c in org_name.lower()).strip("-").split("-")[0] or None
        org_id = org_id or typer.prompt(say("init-id", lang), default=default_id)
        street = street or typer.prompt(say("init-street", lang), default="", show_default=False) or None
        postal_code = postal_code or typer.prompt(say("init-postal-code", lang), default="", show_default=False) or None
        city = city or typer.prompt(say("init-city", lang), default="", show_default=False) or None
        email = email or typer.prompt(say("init-email", lang), default="", show_default=False) or None
        dpo_name = dpo_name or typer.prompt(say("init-dpo", lang), default="", show_default=False) or None
        if dpo_name:
            dpo_email = dpo_email or typer.prompt(say("init-dpo-email", lang), default="", show_default=False) or None
    missing = [o for o, v in (("--id", org_id), ("--name", org_name)) if not v]
    if missing:
        fail(f"missing {', '.join(missing)} (or run with --interactive)")
    org = Organisation(id=org_id, name=org_name, street=street, postal_code=postal_code, city=city,
                       country=country.upper(), email=email, phone=phone, dpo_name=dpo_name, dpo_email=dpo_email)
    try:
        written = scaffold(directory, org, lang=lang, registry_dir=registry_dir, hook_repo=hook_repo)
    except InitError as exc:
        fail(str(exc))
        return
    for path in written:
        typer.echo(say("created", lang, path=path))
    typer.echo(say("next-validate", lang, path=directory / registry_dir), err=True)
    finish(ExitCode.OK)
