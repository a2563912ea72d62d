"""`ropa fmt`: normalise registry files, keeping every comment."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.cli._terminal import LangOpt, RegistryOpt, fail, registry_path

if TYPE_CHECKING:
    from ropa.edit.fmt import FileResult


@app.command(short_help="Normalise registry files, keeping every comment.")
def fmt(
    paths: Annotated[list[Path] | None, typer.Argument(metavar="[PATHS]...", hidden=True)] = None,
    registry: RegistryOpt = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; list the files that would change "
                                                         "and exit 1 if there are any (for CI).")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; show what would change as a unified "
                                                       "diff and exit 1 if anything would.")] = False,
    lang: LangOpt = None,
) -> ExitCode:
    """Normalise registry files: keys in the model's order, 2-space indentation, minimal quoting.

    PATHS are files or registry directories (as pre-commit passes them); without them, the
    registry (-r PATH, or found like git finds a repository).

    Comments and the spelling of every value are kept (a file whose comment the formatter
    would drop is left alone, with a message); `x-` values stay byte for byte; lines are never
    re-wrapped; a link is written through to its file inside the registry. A file is only
    written when it parses back to the same data and still holds the bytes that were read,
    and every write is atomic.

    Example: ropa fmt --check in CI, ropa fmt --diff to review, ropa fmt before committing.
    """
    from ropa.edit.fmt import fmt as run
    from ropa.edit.yamlrt import YamlWriteError
    from ropa.cli._terminal import check_lang
    from ropa.cli._texts import language

    lang = language(check_lang(lang))
    check = check or diff
    try:
        results = run(list(paths or []), registry_path(None, registry, lang) if not paths else (registry or Path("registry")),
                      check=check)
    except YamlWriteError as exc:
        fail(str(exc), lang=lang)
    return _report(results, check=check, diff=diff, lang=lang)


def _report(results: list[FileResult], *, check: bool, diff: bool, lang: str) -> ExitCode:
    """Print what fmt did (or would do) to each file; the exit code it means."""
    from ropa.edit.fmt import unified_diff
    from ropa.cli._texts import say
    from ropa.i18n import gettext

    errors = [r for r in results if r.error]
    changed = [r for r in results if r.changed]
    for r in changed:
        typer.echo(unified_diff(r) if diff else _changed_line(r, check, lang), nl=False)
    for r in errors:
        error = say("fmt-error", lang, path=r.display, error=r.error)
        typer.echo(f"{gettext('error', lang)}: {error}", err=True)
    typer.echo(_summary(len(changed), len(results), len(errors), check=check, lang=lang), err=True)
    return _exit_code(errors, changed, check=check)


def _changed_line(r: FileResult, check: bool, lang: str) -> str:
    """``would reformat PATH`` (or ``reformatted PATH``), with why where it is not the layout."""
    from ropa.i18n import localized
    from ropa.cli._texts import say

    note = f" ({localized(r.note, lang)})" if r.note else ""
    return say("fmt-would" if check else "fmt-did", lang, path=r.display) + note + "\n"


def _summary(changed: int, total: int, errors: int, *, check: bool, lang: str) -> str:
    """The last line: how many files were (or would be) reformatted, and left alone."""
    from ropa.cli._texts import say

    summary = say("fmt-would-summary" if check else "fmt-did-summary", lang, changed=changed, total=total)
    return summary + (say("fmt-left-alone", lang, errors=errors) if errors else "")


def _exit_code(errors: list[FileResult], changed: list[FileResult], *, check: bool) -> ExitCode:
    """2 for a file fmt could not read or write; 1 for one edited while fmt ran, or with --check
    for one to reformat; else 0."""
    if any(not r.meanwhile for r in errors):
        return ExitCode.USAGE
    if errors:  # only files edited while fmt ran: nothing is wrong with them
        return ExitCode.FINDINGS
    return ExitCode.FINDINGS if check and changed else ExitCode.OK
