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
    from ropa.questions import Questionnaire

FORMAT_NAMES = ("text", "md", "html", "xlsx")


@app.command(short_help="Questions for the controller, one per decision; --answers reads them back.")
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
    answers: Path | None = typer.Option(
        None, "--answers", metavar="FILE", help="Read a returned questionnaire (the xlsx this command writes, "
        "with the Answer, Answered by and Date columns filled in) into the registry: each answer becomes the "
        "controller's statement, with the file and cell as its source (written to REGISTRY/answers/); "
        "unanswered questions stay open."),
    findings: bool = typer.Option(True, "--findings/--no-findings",
                                  help="Also ask about the validator's open errors and warnings (default), not "
                                  "only the recorded gaps, conflicts and interpretations."),
) -> ExitCode:
    """Questions for the controller: one per decision, in the controller's terms.

    REGISTRY is the registry directory (or -r PATH); by default it is found like git finds a
    repository.

    Every gap, conflict and interpretation and every open error and warning, asked once per
    decision and grouped in eight blocks, each naming the activities it concerns, with its
    source passages and the Art. 30 entry. The files (questions-<organisation>-<lang>.md/.html/
    .xlsx) have empty Answer, Answered by and Date columns; --answers FILE reads a returned xlsx
    back as the controller's statements. Dated with the registry's registry.date.

    Example: ropa questions registry --lang de;
    ropa questions registry --lang de -f xlsx --out /tmp/to-facts42;
    ropa questions registry --lang de --answers /tmp/to-facts42/returned.xlsx
    """
    from ropa.cli._terminal import check_lang, registry_path

    lang = language(check_lang(lang))
    registry = registry_path(registry_arg, registry, lang)
    from ropa.export import ExportError

    if answers is not None:
        return _take(registry, answers, lang, organisation or None)
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


def _take(registry: Path, answers: Path, lang: str, organisations: list[str] | None) -> ExitCode:
    """``--answers``: the returned questionnaire into the registry; one line per problem, nothing written."""
    from ropa.answers import AnswerError
    from ropa.export.returned import take
    from ropa.i18n import _

    try:
        taken = take(registry, answers, lang, organisations)
    except AnswerError as exc:
        for line in exc.lines:
            typer.echo(line, err=True)
        return ExitCode.USAGE
    except OSError as exc:
        typer.echo(f"{answers}: {exc.strerror or exc}", err=True)
        return ExitCode.USAGE
    for name, changed in taken.written:
        typer.echo(f"{registry / name}{'' if changed else ' (unchanged)'}")
    typer.echo(_("{answered} answers taken as the controller's statements; {open} questions stay open",
                 lang, answered=taken.answered, open=taken.still_open))
    return ExitCode.OK


def _write(registry: Path, organisations: list[str] | None, lang: str, formats: list[str], out: Path, *,
           findings: bool) -> tuple[list[Questionnaire], list[tuple[str, bool]]]:
    """The questionnaires of the chosen records, and the files written for the formats other than text."""
    from ropa.export import render_document, snapshots, write_outputs
    from ropa.export.questionnaire import document
    from ropa.questions import questionnaire

    snaps = snapshots(registry, organisations, languages=[lang], with_history=False)
    sheets = [questionnaire(snap, lang, findings=findings) for snap in snaps]
    files = [o for q in sheets for o in render_document(document(q), [f for f in formats if f != "text"])]
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
    from ropa.questions import text_lines

    width = shutil.get_terminal_size((80, 24)).columns  # $COLUMNS first, 80 in a pipe
    for i, q in enumerate(sheets):
        if i:
            typer.echo("")
        for line in text_lines(q, width=min(width, 100)):
            typer.echo(line.rstrip())
