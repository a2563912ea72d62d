"""`ropa review` and `ropa edit`: record a review; edit an activity in $EDITOR."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._texts import language
from ropa.cli._terminal import LangOpt, RegistryOpt, complete_activity

if TYPE_CHECKING:
    from ropa.load import Registry

Positional = Annotated[list[str] | None, typer.Argument(metavar="[ID] [REGISTRY]", hidden=True,
                                                           autocompletion=complete_activity)]


@app.command(short_help="Record a review: date, reviewer, next review due.")
def review(
    args: Positional = None,
    registry: RegistryOpt = None,
    by: Annotated[str, typer.Option("--by", metavar="NAME", help="Who reviewed (name and role).")] = "",
    every: Annotated[bool, typer.Option("--all", help="Every active or planned activity (of --organisation).")] = False,
    organisation: Annotated[str | None, typer.Option("--organisation", "-o", metavar="ORG",
                                                        help="With --all: only this organisation's "
                                                             "activities.")] = None,
    due: Annotated[_dt.datetime | None, typer.Option("--next", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                                        help="Next review due (default: in a year).")] = None,
    today: Annotated[_dt.datetime | None, typer.Option("--today", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                                          help="Date of the review (default: today).")] = None,
    lang: LangOpt = None,
) -> ExitCode:
    """Record that an activity was reviewed: reviewed, reviewed_by and review_due in its file.

    ID is the activity; with --all, every active or planned activity (of --organisation), and
    the one argument is the REGISTRY. Comments and layout of the files are kept; the review
    shows in `ropa diff` and in the exports' "Date last reviewed".

    Example: ropa review web-contact-form --by "Dana Schutz, DPO"
    """
    from ropa import labels
    from ropa.edit.review import ReviewError, review as record
    from ropa.cli._terminal import check_filters, check_lang, fail, load_or_exit, registry_path
    from ropa.cli._texts import say

    lang = check_lang(lang)
    if not by.strip():
        fail(say("review-by", lang), lang=lang)
    ident, registry_arg = _ident_and_registry(args, every, lang)
    reg = load_or_exit(registry_path(registry_arg, registry, lang)).registry
    lang = language(lang, reg)
    check_filters(reg, lang=lang, organisation=organisation)
    ids = select(reg, ident, organisation, lang)
    day = today.date() if today else _dt.date.today()
    try:
        done = record(reg, ids, by.strip(), today=day, due=due.date() if due else None)
    except ReviewError as exc:
        fail(exc, lang=lang)
    if ident is not None:
        typer.echo(say("reviewed", lang, ident=ident, date=labels.fmt_date(day, lang), by=by.strip(), path=done[0].path))
    else:
        typer.echo(say("n-reviewed", lang, n=len(done)))
    return ExitCode.OK


def _ident_and_registry(args: list[str] | None, every: bool, lang: str | None) -> tuple[str | None, Path | None]:
    """ID and REGISTRY from the arguments: ``ID [REGISTRY]``, or with --all ``[REGISTRY]``."""
    from ropa.cli._terminal import fail
    from ropa.cli._texts import say

    rest = list(args or [])
    ident = None if every else (rest.pop(0) if rest else None)
    if len(rest) > 1:
        fail(say("review-both", lang), lang=lang)
    if not every and ident is None:
        fail(say("review-needs", lang), lang=lang)
    return ident, Path(rest[0]) if rest else None


def select(reg: Registry, ident: str | None, organisation: str | None, lang: str) -> list[str]:
    """The activity ``ident`` (an unknown id is a usage error), or every active or planned one."""
    from ropa.cli._terminal import fail, suggestion
    from ropa.cli._texts import say

    if ident is not None:
        if ident not in reg.activities:
            fail(say("no-activity", lang, ident=ident, hint=suggestion(ident, reg.activities, lang=lang)), lang=lang)
        return [ident]
    return [a.id for a in reg.activities.values() if a.status != "retired"
            and organisation in (None, a.organisation)]


@app.command(short_help="Edit an activity in $EDITOR; validated after saving.")
def edit(
    args: Positional = None,
    registry: RegistryOpt = None,
    lang: LangOpt = None,
) -> ExitCode:
    """Open an activity's file in $VISUAL or $EDITOR at its line; validate after saving.

    ID is the activity (REGISTRY, or -r, the registry). When the saved file brings new
    errors they are shown and the file can be opened again, as git commit does; declined,
    the file stays as saved and the exit code is 1.

    Example: EDITOR=vim ropa edit web-contact-form
    """
    from ropa.cli._terminal import check_lang, fail, load_or_exit, registry_path
    from ropa.cli._texts import say

    lang = check_lang(lang)
    args = list(args or [])
    if not args or len(args) > 2:
        fail(say("edit-needs", lang), lang=lang)
    ident = args[0]
    path = registry_path(Path(args[1]) if len(args) > 1 else None, registry, lang)
    reg = load_or_exit(path).registry
    lang = language(lang, reg)
    select(reg, ident, None, lang)
    return edit_loop(path, reg, ident, lang)


def _run_editor(name: str, file: Path, line: int, lang: str) -> None:
    """Open the editor at the activity's line; a usage error if it cannot run or fails."""
    import subprocess

    from ropa.cli._terminal import fail
    from ropa.cli._texts import say
    from ropa.edit.editing import command

    try:
        code = subprocess.call(command(name, file, line))
    except (OSError, ValueError) as exc:  # not found, not executable, unbalanced quotes in $EDITOR
        fail(say("editor-unusable", lang, editor=name, reason=getattr(exc, "strerror", None) or exc), lang=lang)
    if code != 0:
        fail(say("editor-failed", lang, code=code), ExitCode.FINDINGS, lang=lang)


def edit_loop(path: Path, reg: Registry, ident: str, lang: str) -> ExitCode:
    """Run the editor until the activity's file brings no new error, or the user stops."""
    from pathlib import Path

    from ropa.check import check
    from ropa.edit.editing import editor, new_errors
    from ropa.cli._terminal import fail
    from ropa.cli._texts import say
    from ropa.load import load

    name = editor()
    if name is None:
        fail(say("no-editor", lang), lang=lang)
    activity = reg.activities[ident]
    file = Path(activity.span.file)
    original = file.read_bytes()
    before = check(load(path)).findings
    line = activity.span.line
    while True:
        _run_editor(name, file, line, lang)
        if file.read_bytes() == original:
            typer.echo(say("edit-unchanged", lang, path=file))
            return ExitCode.OK
        errors = new_errors(before, check(load(path)).findings, file, ident)
        if not errors:
            typer.echo(say("edit-ok", lang, path=file))
            return ExitCode.OK
        typer.echo(say("edit-invalid", lang, path=file, n=len(errors)), err=True)
        for finding in errors:
            where = f"{finding.span}: " if finding.span.file else ""
            typer.echo(f"  {where}{finding.code} {finding.text(lang)}", err=True)
        from ropa.cli._prompt import Prompter

        if not Prompter(lang).confirm(say("edit-again", lang), default=True):  # [J/n] in German
            typer.echo(say("edit-kept", lang), err=True)
            return ExitCode.FINDINGS
        line = errors[0].span.line if errors[0].span.file else line
