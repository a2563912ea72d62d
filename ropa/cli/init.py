"""`ropa init DIR`: scaffold a registry for a new organisation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._terminal import LangOpt, check_lang, fail
from ropa.cli._texts import language, say


def _optional(prompt: str) -> str | None:
    return typer.prompt(prompt, default="", show_default=False) or None


def _ask(org_id: str | None, org_name: str | None, street: str | None, postal_code: str | None,
         city: str | None, email: str | None, dpo_name: str | None, dpo_email: str | None,
         lang: str = "en") -> tuple:
    """Prompt for what the options left out (an interactive ``ropa init``)."""
    org_name = org_name or typer.prompt(say("init-name", lang))
    default_id = "".join(c if c.isalnum() else "-" for c in org_name.lower()).strip("-").split("-")[0] or None
    org_id = org_id or typer.prompt(say("init-id", lang), default=default_id)
    street, postal_code, city, email, dpo_name = (  # asked in this order, each only when not given
        value or _optional(say(key, lang)) for value, key in (
            (street, "init-street"), (postal_code, "init-postal-code"), (city, "init-city"), (email, "init-email"),
            (dpo_name, "init-dpo")))
    if dpo_name:
        dpo_email = dpo_email or _optional(say("init-dpo-email", lang))
    return org_id, org_name, street, postal_code, city, email, dpo_name, dpo_email


@app.command(short_help="Scaffold a registry for a new organisation.")
def init(
    directory: Annotated[Path, typer.Argument(metavar="[DIR]", hidden=True)] = Path("."),
    org_id: Annotated[str | None, typer.Option("--id", metavar="TEXT", help="Organisation id, e.g. acme.")] = None,
    org_name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="Legal name, e.g. 'ACME GmbH'.")] = None,
    street: Annotated[str | None, typer.Option("--street", metavar="TEXT", help="Street and number.")] = None,
    postal_code: Annotated[str | None, typer.Option("--postal-code", metavar="TEXT", help="Postal code.")] = None,
    city: Annotated[str | None, typer.Option("--city", metavar="TEXT", help="City.")] = None,
    country: Annotated[str, typer.Option("--country", metavar="TEXT", help="ISO 3166-1 alpha-2 country code.")] = "DE",
    email: Annotated[str | None, typer.Option("--email", metavar="TEXT", help="Contact e-mail address (this or --phone is required).")] = None,
    phone: Annotated[str | None, typer.Option("--phone", metavar="TEXT", help="Contact telephone number.")] = None,
    dpo_name: Annotated[str | None, typer.Option("--dpo-name", metavar="TEXT", help="Name of the data protection officer.")] = None,
    dpo_email: Annotated[str | None, typer.Option("--dpo-email", metavar="TEXT", help="E-mail of the data protection officer.")] = None,
    registry_dir: Annotated[str, typer.Option("--registry-dir", metavar="TEXT", help="Registry directory inside DIR.")] = "registry",
    hook_repo: Annotated[str | None, typer.Option("--hook-repo", metavar="TEXT", help="URL of the ropa repository for "
                                                     "pre-commit (default: a local hook using the installed ropa).")] = None,
    interactive: Annotated[bool | None, typer.Option("--interactive/--no-interactive", "-i",
                                                        help="Ask for what is missing (default: when stdin is a terminal).")] = None,
    lang: LangOpt = None,
) -> ExitCode:
    """Scaffold a registry (organisation, empty recipient catalogue, one example activity, pre-commit hook).

    DIR is the project directory (created if missing; default: here).

    The result passes ropa validate at once.

    Example: ropa init acme-ropa --id acme --name "ACME GmbH" --email info@acme.example --dpo-email dpo@acme.example
    """
    from ropa.edit.init import InitError, Organisation, scaffold

    lang = language(check_lang(lang))
    ask = sys.stdin.isatty() if interactive is None else interactive
    if ask:
        org_id, org_name, street, postal_code, city, email, dpo_name, dpo_email = _ask(
            org_id, org_name, street, postal_code, city, email, dpo_name, dpo_email, lang)
    if not org_id or not org_name:
        missing = [o for o, v in (("--id", org_id), ("--name", org_name)) if not v]
        fail(say("init-missing", lang, options=", ".join(missing)), lang=lang)
    org = Organisation(id=org_id, name=org_name, street=street, postal_code=postal_code, city=city,
                       country=country.upper(), email=email, phone=phone, dpo_name=dpo_name, dpo_email=dpo_email)
    try:
        written = scaffold(directory, org, lang=lang, registry_dir=registry_dir, hook_repo=hook_repo)
    except InitError as exc:
        fail(exc, lang=lang)
    for path in written:
        typer.echo(say("created", lang, path=path))
    typer.echo(say("next-validate", lang, path=directory / registry_dir), err=True)
    return ExitCode.OK
