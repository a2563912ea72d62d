"""`ropa map`: the data-flow map of the record, as an SVG."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._terminal import LangOpt, OrgOpt, RegistryArg, RegistryOpt
from ropa.cli._texts import language

OutOpt = Annotated[Path | None, typer.Option("--out", metavar="FILE", show_default=False,
                                             help="Write to this file (replaced whole, never half-written) "
                                                  "instead of standard output.")]


@app.command(name="map", short_help="Where the data goes: a data-flow map (SVG).")
def flowmap(
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    organisation: OrgOpt = None,
    subject: Annotated[str | None, typer.Option("--subject", metavar="ID",
                                                help="Only the activities that concern this data subject group.")] = None,
    recipient: Annotated[str | None, typer.Option("--recipient", metavar="ID",
                                                  help="Only the activities that disclose data to this recipient.")] = None,
    country: Annotated[str | None, typer.Option("--country", "-c", metavar="CC",
                                                help="Only the activities whose data reaches this country.")] = None,
    out: OutOpt = None,
    lang: LangOpt = None,
) -> ExitCode:
    """Draw the record as a data-flow map: data subjects, activities, recipients by role, countries.

    The edges to the countries show the transfer basis as `ropa validate` assesses it; open
    points are dashed or carry the number of open findings. A4 landscape; a larger record
    makes the page taller, and the filters give one readable map per question.

    Example: ropa map --lang de --out karte.svg
    """
    from ropa.cli._terminal import check_filters, check_lang, check_or_exit, registry_path
    from ropa.flow.draw import svg
    from ropa.flow.graph import build

    lang = check_lang(lang)
    report = check_or_exit(registry_path(registry_arg, registry, lang))
    lang = language(lang, report.registry)
    check_filters(report.registry, lang=lang, organisation=organisation, recipient=recipient)
    _check_subject(report.registry, subject, lang)
    text = svg(build(report, lang, organisation=organisation, subject=subject, recipient=recipient,
                     country=country.upper() if country else None))
    write(out, text)
    return ExitCode.OK


def _check_subject(registry: object, subject: str | None, lang: str) -> None:
    from ropa.cli._terminal import check_choice

    check_choice("--subject", subject, registry.data_subjects, lang=lang)  # type: ignore[attr-defined]


def write(out: Path | None, text: str | bytes) -> None:
    """``text`` to standard output, or to ``out`` all or nothing (a one-line error if it cannot be written)."""
    from ropa import atomic
    from ropa.i18n import _
    from ropa.cli._terminal import fail

    data = text.encode("utf-8") if isinstance(text, str) else text
    if out is None:
        if isinstance(text, bytes):
            fail(_("a PDF is not written to standard output: give --out FILE", language()))
        typer.echo(text, nl=False)
        return
    try:
        atomic.replace(out, data)
    except OSError as exc:
        fail(_("cannot write {path}: {reason}", language(), path=str(out), reason=exc.strerror or str(exc)))
    typer.echo(_("written: {path}", language(), path=str(out)), err=True)
