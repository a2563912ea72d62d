"""`ropa subject`: what the record says about one group of data subjects, as an Art. 15 draft."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._terminal import LangOpt, OrgOpt, RegistryArg, RegistryOpt, format_opt
from ropa.cli._texts import language

DRAFT_FORMATS = ("text", "json", "md", "html", "pdf")
# (each command module defines its options itself: `ropa CMD` imports only CMD's module)
OutOpt = Annotated[Path | None, typer.Option("--out", metavar="FILE", show_default=False,
                                             help="Write to this file (replaced whole, never half-written) "
                                                  "instead of standard output.")]


@app.command(short_help="Art. 15 draft: everything the record says about one group of data subjects.")
def subject(
    ident: Annotated[str, typer.Argument(metavar="SUBJECT", show_default=False,
                                         help="The data subject group: its id or its name.")],
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    organisation: OrgOpt = None,
    fmt: format_opt(DRAFT_FORMATS) = "text",  # type: ignore[valid-type]
    out: OutOpt = None,
    lang: LangOpt = None,
) -> ExitCode:
    """Draft the content of an answer to an access request (Art. 15(1)(a)-(h), 15(2) GDPR).

    Purposes, categories of data, recipients (named where the record names them), storage
    periods, the supervisory authority, the source of the data, automated decisions and
    third-country transfers, from every activity that names the group, each with its registry
    sources. What the record does not state is marked as a gap. A draft for the DPO.

    Example: ropa subject website-visitors --lang de --format pdf --out auskunft.pdf
    """
    from ropa.cli._terminal import check_format, check_lang, check_or_exit, fail, registry_path
    from ropa.i18n import _
    from ropa.use.access import Ambiguous, NotFound, access_answer

    lang = check_lang(lang)
    check_format(fmt, DRAFT_FORMATS, lang=lang)
    report = check_or_exit(registry_path(registry_arg, registry, lang))
    lang = language(lang, report.registry)
    try:
        draft = access_answer(report, ident, lang, organisation=organisation)
    except NotFound as exc:
        fail(_("no data subject group '{ident}'{hint}", lang, ident=ident,
                hint=_("; did you mean: {names}", lang, names=exc.hint) if exc.hint else ""), lang=lang)
    except Ambiguous as exc:
        fail(_("'{ident}' names several entries ({choices}): give the id", lang, ident=ident,
                choices=", ".join(exc.choices)), lang=lang)
    render(draft, fmt, out, report.registry)
    return ExitCode.OK


def render(draft: object, fmt: str, out: Path | None, registry: object) -> None:
    """A draft in the chosen format, to standard output or a file."""
    import json

    from ropa.cli.flowmap import write
    from ropa.use.draft import Draft

    assert isinstance(draft, Draft)
    if fmt == "json":
        write(out, json.dumps(draft.as_dict(), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "md":
        write(out, draft.markdown())
    elif fmt == "html":
        write(out, draft.html())
    elif fmt == "pdf":
        from ropa.use.pdf import draft_pdf

        write(out, draft_pdf(draft, registry))
    else:  # $COLUMNS, else the terminal's width; 80 in a pipe and in a file
        import shutil

        width = shutil.get_terminal_size((80, 24)).columns if out is None else 80
        write(out, draft.text(width=max(width, 40)) + "\n")
