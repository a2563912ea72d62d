"""`ropa add KIND`: add a recipient, data subject category, data category or measure."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.i18n import N_
from ropa.cli._terminal import LangOpt, RegistryArg, RegistryOpt

Text = Annotated[str | None, typer.Option(metavar="TEXT")]


@app.command(short_help="Add a recipient, data subject category, data category or measure.")
def add(
    kind: Annotated[str, typer.Argument(metavar="KIND", hidden=True, show_default=False)],
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    ident: Annotated[str | None, typer.Option("--id", metavar="ID", help="Id of the new entry, e.g. datev.")] = None,
    name: Annotated[str | None, typer.Option(metavar="TEXT", help="Name (a recipient: the legal entity).")] = None,
    role: Annotated[str | None, typer.Option(metavar="ROLE", help="Recipient: processor, sub-processor, "
                                                "joint-controller, controller, authority or internal.")] = None,
    country: Annotated[str | None, typer.Option("--country", "-c", metavar="CC", help="Recipient: country, "
                                                   "ISO 3166-1 alpha-2.")] = None,
    category: Annotated[str | None, typer.Option(metavar="TEXT", help="Recipient: category for the record, e.g. "
                                                    "'tax adviser'.")] = None,
    contract: Annotated[str | None, typer.Option(metavar="TYPE", help="Recipient: dpa, joint-control-arrangement, "
                                                    "scc, terms, confidentiality, none or unknown.")] = None,
    contract_date: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Recipient: date the contract "
                                                         "was concluded.")] = None,
    dpf: Annotated[str | None, typer.Option(metavar="STATUS", help="Recipient in the US: its EU-US DPF listing, "
                                               "active or inactive (checked today).")] = None,
    description: Annotated[str | None, typer.Option(metavar="TEXT", help="Subject, category or measure: what "
                                                       "it is.")] = None,
    special: Annotated[str | None, typer.Option(metavar="KIND", help="Data category: none, art9 or art10.")] = None,
    measure_kind: Annotated[str | None, typer.Option("--kind", metavar="KIND", help="Measure: technical or "
                                                        "organisational.")] = None,
    art32: Annotated[list[str] | None, typer.Option(metavar="GOAL", help="Measure: an Art. 32(1) goal, e.g. "
                                                       "encryption (repeat).")] = None,
    interactive: Annotated[bool | None, typer.Option("--interactive/--no-interactive", "-i",
                                                        help="Ask for what is missing (default: when stdin is "
                                                             "a terminal).")] = None,
    lang: LangOpt = None,
) -> ExitCode:
    """Add an entry to the registry: KIND is recipient, subject, category or measure.

    Each answer is checked when it is given; the registry with the new entry is loaded before
    anything is written, and what `ropa validate` finds about the entry is shown after; the
    entry goes to the file that holds the others of its kind, in `ropa fmt`'s layout. Exit
    codes: 0 written; 1 the registry would not load with it (nothing written); 2 bad usage.

    Example: ropa add recipient --id datev --name "DATEV eG" --role processor --country DE
    --category Lohnabrechnung --contract dpa
    """
    from ropa.cli._interview_texts import ADD_KINDS
    from ropa.cli._prompt import stdin_is_terminal
    from ropa.cli._terminal import check_lang, fail, load_or_exit, registry_path
    from ropa.cli._texts import language

    lang = check_lang(lang)
    if kind not in ADD_KINDS:
        fail(_say("add-kind", lang, value=kind))
    path = registry_path(registry_arg, registry)
    reg = load_or_exit(path).registry
    lang = language(lang)
    given = {k: v for k, v in (("id", ident), ("name", name), ("role", role), ("country", country),
                               ("category", category), ("contract", contract), ("contract_date", contract_date),
                               ("dpf", dpf), ("description", description), ("special", special),
                               ("kind", measure_kind), ("art32", art32)) if v is not None}
    if stdin_is_terminal() if interactive is None else interactive:
        from ropa.cli._entry_interview import EntryInterview
        from ropa.cli._prompt import Prompter

        EntryInterview(Prompter(lang), reg, lang).run_and_write(path, kind, given)
        return ExitCode.OK
    return _write(path, kind, given, lang)


def _say(key: str, lang: str | None, **values: object) -> str:
    from ropa.i18n import _
    from ropa.cli._texts import language

    return _(TEXTS[key], language(lang), **values)


def _write(path: Any, kind: str, given: dict[str, Any], lang: str) -> ExitCode:
    """Check the options and write the entry; print what happened; the exit code."""
    from ropa.cli._interview_texts import TEXTS as ASKED
    from ropa.edit.add import AddError, add as run, entry_from
    from ropa.i18n import _, localized
    from ropa.cli._terminal import fail

    try:
        entry = entry_from(kind, given)
        added = run(path, kind, entry)
    except AddError as exc:
        if not exc.invalid and len(exc.problems) == 1:
            fail(exc.problems[0])
        typer.echo(_say("add-not-written", lang, n=len(exc.problems)), err=True)
        for line in exc.problems:
            typer.echo(f"  {localized(line, lang)}", err=True)
        return ExitCode.FINDINGS if exc.invalid else ExitCode.USAGE
    from ropa.edit.add import KINDS

    typer.echo(_(ASKED["added"], lang, kind=_(KINDS[kind][1], lang), ident=added.id, path=added.path))
    from ropa.cli._terminal import show_findings

    show_findings(added.findings, lang)
    return ExitCode.OK


TEXTS = {
    "add-kind": N_("'{value}' is not a kind of entry: use recipient, subject, category or measure"),
    "add-not-written": N_("nothing written: the new entry would have {n} problem(s):"),
}
