"""`ropa questions`: the record's gaps, conflicts, interpretations and errors as questions to the controller."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._texts import language
from ropa.cli._terminal import LangOpt, RegistryArg, RegistryOpt

if TYPE_CHECKING:
    from ropa.inspect.questions import Questionnaire

FORMAT_NAMES = ("text", "md", "html", "xlsx")


@app.command(short_help="Questions for the controller: gaps, conflicts, interpretations, errors.")
def questions(
    registry_arg: RegistryArg = None,
    registry: RegistryOpt = None,
    lang: LangOpt = None,
    organisation: list[str] | None = typer.Option(
        None, "--organisation", "-o", metavar="ORG", help="Ask only about this organisation's record; "
        "repeatable. Default: every organisation that keeps its record in the registry."),
    format: list[str] | None = typer.Option(
        None, "--format", "-f", metavar="FORMATS",
        help="text (default: printed), md, html or xlsx (files in --out); repeatable."),
    out: Path = typer.Option(Path("exports"), "--out", metavar="DIR", help="Output directory for md, html and xlsx."),
    findings: bool = typer.Option(True, "--findings/--no-findings",
                                  help="Also ask about the validator's open errors (default), not only the "
                                  "recorded gaps, conflicts and interpretations."),
) -> ExitCode:
    """Questions for the controller: every gap, conflict and interpretation, and every open error.

    REGISTRY is the registry directory (or -r PATH); by default it is found like git finds a
    repository.

    Numbered and grouped by organisation, activity and recipient, each with its source passage
    and the Art. 30 entry it blocks. The files (questions-<organisation>-<lang>.md/.html/.xlsx)
    have an empty answer column; the answered questionnaire is the input for the next version
    of the registry. Dated with the registry's registry.date.

    Example: ropa questions registry --lang de;
    ropa questions registry --lang de -f xlsx --out /tmp/to-facts42
    """
    from ropa.cli._terminal import check_lang, registry_path

    lang = language(check_lang(lang))
    registry = registry_path(registry_arg, registry, lang)
    from ropa.export import ExportError

    formats = _formats(format)
    try:
        sheets, written = _write(registry, organisation or None, lang, formats, out, findings=findings)
    except ExportError as exc:
        for line in exc.lines:
            typer.echo(line, err=True)
        return exc.exit_code
    if "text" in formats:
        _print_text(sheets)
    for name, changed in written:
        typer.echo(f"{out / name}{'' if changed else ' (unchanged)'}", err="text" in formats)
    return ExitCode.OK


def _write(registry: Path, organisations: list[str] | None, lang: str, formats: list[str], out: Path, *,
           findings: bool) -> tuple[list[Questionnaire], list[tuple[str, bool]]]:
    """The questionnaires of the chosen records, and the files written for the formats other than text."""
    from ropa.export import snapshots, write_outputs
    from ropa.inspect.questions import questionnaire, render

    snaps = snapshots(registry, organisations, languages=[lang])
    sheets = [questionnaire(snap, lang, findings=findings) for snap in snaps]
    files = [o for q in sheets for o in render(q, [f for f in formats if f != "text"])]
    return sheets, write_outputs(files, out) if files else []


def _formats(values: list[str] | None) -> list[str]:
    from ropa.cli._terminal import fail
    from ropa.cli._texts import say

    formats: list[str] = []
    for value in values or ["text"]:
        for name in value.split(","):
            name = name.strip().lower()
            if name not in FORMAT_NAMES:
                fail(say("bad-format", value=name, allowed=", ".join(FORMAT_NAMES)))
            if name not in formats:
                formats.append(name)
    return formats


def _print_text(sheets: list[Questionnaire]) -> None:
    from ropa.inspect.questions import text_lines

    width = shutil.get_terminal_size((80, 24)).columns  # $COLUMNS first, 80 in a pipe
    for i, q in enumerate(sheets):
        if i:
            typer.echo("")
        for line in text_lines(q, width=min(width, 100)):
            typer.echo(line.rstrip())
