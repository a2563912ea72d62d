"""`ropa init DIR`: scaffold a registry for a new organisation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.i18n import N_, _
from ropa.cli._terminal import LangOpt, check_lang, fail
from ropa.cli._texts import language, say

TEXTS = {
    "name": N_("Organisation's legal name (e.g. Bäckerei Müller GmbH)"),
    "id": N_("Organisation id"),
    "street": N_("Street and number (empty: not stated)"),
    "country": N_("Country (ISO code)"),
    "postal-code": N_("Postal code (empty: not stated)"),
    "city": N_("City (empty: not stated)"),
    "email": N_("Contact e-mail (empty: give a phone number instead)"),
    "phone": N_("Contact phone"),
    "employees": N_("Number of employees (empty: not stated)"),
    "dpo": N_("Name of the data protection officer (empty: none designated)"),
    "dpo-external": N_("Is the data protection officer external (a service provider)?"),
    "dpo-organisation": N_("The external DPO's firm (empty: not stated)"),
    "dpo-email": N_("DPO's e-mail (empty: not stated)"),
}


class _Questions:
    """``ropa init``'s questions for what the options left out, each answer checked when given."""

    def __init__(self, lang: str) -> None:
        from ropa.cli._prompt import Prompter

        self.p = Prompter(lang)
        self.lang = lang

    def t(self, key: str) -> str:
        return _(TEXTS[key], self.lang)

    def ask(self, o: dict[str, Any]) -> None:
        from ropa.edit.answers import id_problem, propose_id

        o["name"] = o["name"] or self.p.ask(self.t("name"))
        o["id"] = o["id"] or self.p.ask(self.t("id"), id_problem, default=propose_id(o["name"]) or None)
        self.address(o)
        self.contact(o)
        self.dpo(o)

    def optional(self, o: dict[str, Any], key: str, check: Any = None) -> None:
        o[key] = o[key] or self.p.ask(self.t(key.replace("_", "-")), check, required=False) or None

    def address(self, o: dict[str, Any]) -> None:
        from ropa.edit.answers import country_problem, postal_code_problem

        self.optional(o, "street")
        if o["country"] is None:
            o["country"] = self.p.ask(self.t("country"), country_problem, default="DE").upper()
        self.optional(o, "postal_code", lambda v: postal_code_problem(v, o["country"]))
        self.optional(o, "city")

    def contact(self, o: dict[str, Any]) -> None:
        from ropa.edit.answers import count_problem, email_problem

        if not o["email"] and not o["phone"]:
            self.optional(o, "email", email_problem)
            o["phone"] = None if o["email"] else self.p.ask(self.t("phone"))
        if o["employees"] is None:
            count = self.p.ask(self.t("employees"), count_problem, required=False)
            o["employees"] = int(count) if count else None

    def dpo(self, o: dict[str, Any]) -> None:
        from ropa.edit.answers import email_problem

        if o["dpo_name"] is None and o["dpo_organisation"] is None:
            o["dpo_name"] = self.p.ask(self.t("dpo"), required=False) or None
        if not (o["dpo_name"] or o["dpo_organisation"]):
            return
        if o["dpo_external"] is None:
            o["dpo_external"] = self.p.confirm(self.t("dpo-external"), default=None)
        if o["dpo_external"] and o["dpo_organisation"] is None:
            o["dpo_organisation"] = self.p.ask(self.t("dpo-organisation"), required=False) or None
        self.optional(o, "dpo_email", email_problem)


@app.command(short_help="Scaffold a registry for a new organisation.")
def init(
    directory: Annotated[Path, typer.Argument(metavar="[DIR]", hidden=True)] = Path("."),
    org_id: Annotated[str | None, typer.Option("--id", metavar="TEXT", help="Organisation id, e.g. acme.")] = None,
    org_name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="Legal name, e.g. 'ACME GmbH'.")] = None,
    street: Annotated[str | None, typer.Option("--street", metavar="TEXT", help="Street and number.")] = None,
    postal_code: Annotated[str | None, typer.Option("--postal-code", metavar="TEXT", help="Postal code.")] = None,
    city: Annotated[str | None, typer.Option("--city", metavar="TEXT", help="City.")] = None,
    country: Annotated[str | None, typer.Option("--country", metavar="TEXT", help="ISO 3166-1 alpha-2 country "
                                                   "code (default: DE).")] = None,
    email: Annotated[str | None, typer.Option("--email", metavar="TEXT", help="Contact e-mail address (this or --phone is required).")] = None,
    phone: Annotated[str | None, typer.Option("--phone", metavar="TEXT", help="Contact telephone number.")] = None,
    employees: Annotated[int | None, typer.Option("--employees", metavar="N", min=0, help="Number of "
                                                     "employees.")] = None,
    dpo_name: Annotated[str | None, typer.Option("--dpo-name", metavar="TEXT", help="Name of the data protection officer.")] = None,
    dpo_email: Annotated[str | None, typer.Option("--dpo-email", metavar="TEXT", help="E-mail of the data protection officer.")] = None,
    dpo_external: Annotated[bool | None, typer.Option("--dpo-external/--dpo-internal", help="Whether the DPO is "
                                                         "external (a service provider).")] = None,
    dpo_organisation: Annotated[str | None, typer.Option("--dpo-organisation", metavar="TEXT", help="An external "
                                                            "DPO's firm.")] = None,
    registry_dir: Annotated[str, typer.Option("--registry-dir", metavar="TEXT", help="Registry directory inside DIR.")] = "registry",
    hook_repo: Annotated[str | None, typer.Option("--hook-repo", metavar="TEXT", help="URL of the ropa repository for "
                                                     "pre-commit (default: a local hook using the installed ropa).")] = None,
    hook_rev: Annotated[str | None, typer.Option("--hook-rev", metavar="REV", help="With --hook-repo: the tag or "
                                                    "commit of that repository to run.")] = None,
    interactive: Annotated[bool | None, typer.Option("--interactive/--no-interactive", "-i",
                                                        help="Ask for what is missing (default: when stdin is a terminal).")] = None,
    lang: LangOpt = None,
) -> ExitCode:
    """Scaffold a registry (organisation, a starting vocabulary, an empty recipient catalogue, pre-commit hook).

    DIR is the project directory (created if missing; default: here). Refused inside an
    existing registry. The result passes ropa validate at once; add activities with ropa new
    and recipients with ropa add recipient.

    Example: ropa init acme-ropa --id acme --name "ACME GmbH" --email info@acme.example --dpo-email dpo@acme.example
    """
    from ropa.cli._prompt import stdin_is_terminal
    from ropa.edit.init import InitError, Organisation, scaffold

    lang = language(check_lang(lang))
    _refuse_inside(directory, registry_dir, lang)  # before any question
    o: dict[str, Any] = {"id": org_id, "name": org_name, "street": street, "postal_code": postal_code, "city": city,
                         "country": country.upper() if country else None, "email": email, "phone": phone,
                         "employees": employees, "dpo_name": dpo_name, "dpo_email": dpo_email,
                         "dpo_external": dpo_external, "dpo_organisation": dpo_organisation}
    if stdin_is_terminal() if interactive is None else interactive:
        _Questions(lang).ask(o)
    _check_given(o, lang)
    try:
        written = scaffold(directory, Organisation(**o), lang=lang, registry_dir=registry_dir, hook_repo=hook_repo,
                           hook_rev=hook_rev)
    except InitError as exc:
        fail(exc, lang=lang)
    for path in written:
        typer.echo(say("created", lang, path=path))
    typer.echo(say("next-validate", lang, path=directory / registry_dir), err=True)
    return ExitCode.OK


def _refuse_inside(directory: Path, registry_dir: str, lang: str | None = None) -> None:
    from ropa.edit.init import InitError, refuse_inside

    try:
        refuse_inside(directory, registry_dir)
    except InitError as exc:
        fail(exc, lang=lang)


def _check_given(o: dict[str, Any], lang: str) -> None:
    """Id and name are needed; the country defaults to DE."""
    if not o["id"] or not o["name"]:
        missing = [opt for opt, v in (("--id", o["id"]), ("--name", o["name"])) if not v]
        fail(say("init-missing", lang, options=", ".join(missing)), lang=lang)
    o["country"] = o["country"] or "DE"
