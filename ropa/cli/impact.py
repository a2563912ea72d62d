"""`ropa impact`: what an incident at a recipient, data category or measure concerns (Art. 33 draft)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.inspect.terminal import LangOpt, OrgOpt, RegistryArg, RegistryOpt, format_opt
from ropa.inspect.texts import language

IMPACT_FORMATS = ("text", "json", "md")
OutOpt = Annotated[Path | None, typer.Option("--out", metavar="FILE", show_default=False,
                                             help="Write to this file (replaced whole, never half-written) "
                                                  "instead of standard output.")]


@app.command(short_help="Art. 33 draft: what an incident at a recipient, data category or measure concerns.")
def impact(
    target: Annotated[str, typer.Argument(metavar="TARGET", show_default=False,
                                          help="A recipient (id, name or service), a data category or a measure.")],
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    organisation: OrgOpt = None,
    fmt: format_opt(IMPACT_FORMATS) = "text",  # type: ignore[valid-type]
    out: OutOpt = None,
    lang: LangOpt = None,
) -> ExitCode:
    """Draft the facts of a breach notification (Art. 33(3) GDPR) from the record.

    The activities concerned, the groups of data subjects and categories of data (special
    categories and criminal-offence data flagged), the countries, the processors and
    sub-processors in the chain, the DPO; and, marked as gaps, what the record cannot say
    (numbers, consequences, measures taken). A draft for the DPO.

    Example: ropa impact bitrix24-ltd-cy --format md --out vorfall.md
    """
    from ropa.cli.subject import render
    from ropa.inspect.terminal import check_format, check_lang, check_or_exit, fail, registry_path
    from ropa.i18n import _
    from ropa.use.impact import Ambiguous, NotFound, impact as build

    lang = check_lang(lang)
    check_format(fmt, IMPACT_FORMATS)
    report = check_or_exit(registry_path(registry_arg, registry))
    lang = language(lang)
    try:
        draft = build(report, target, lang, organisation=organisation)
    except NotFound as exc:
        fail(_("no recipient, data category or measure '{ident}'{hint}", lang, ident=target,
                hint=_("; did you mean: {names}", lang, names=exc.hint) if exc.hint else ""))
    except Ambiguous as exc:
        fail(_("'{ident}' names several entries ({choices}): give the id", lang, ident=target,
                choices=", ".join(exc.choices)))
    render(draft, fmt, out, report.registry)
    return ExitCode.OK
