"""ropa's help and usage errors in German: imported only when they are shown in German.

The help texts stay English in the source (``help=``, docstrings, ``metavar=``); their
German is in the catalogue in the context ``help`` (``tools/catalogue.py`` collects them
from the built command tree with ``documented``). When the language is German
(``--lang de``/``-l de`` anywhere on the command line, else ``$ROPA_LANG``), the root
group of ``ropa.cli._app`` gives every command its ``GermanContext``; only when a help
page or a usage line is rendered does that import this module (``prepare``) and put the
command's documented texts in German (``translate``), so an English run and a German run
that shows no help pay nothing.

typer's own texts (the usage line, the section headings, "Show this message and exit.",
the ``[default: ...]`` notes and the usage errors of its parser) cannot be translated
through a gettext domain: typer (0.26 and later) vendors click without click's gettext
calls, and its remaining ``gettext`` calls use the process-wide default domain, which
only environment variables can switch to German. They are rendered from ropa's
catalogue instead: the help formatter translates the labels and notes it writes, and a
usage error is shown by ``show_error`` from the English message typer built, matched
against the message forms below (an unknown form stays English).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from functools import cache
from typing import Any, NoReturn

import typer

from ropa.i18n import _p

CONTEXT = "help"
LANG = "de"

# The words typer writes around ropa's texts in a help page.
LABELS = ("Usage: ", "Options", "Arguments", "Commands", "Show this message and exit.", "[OPTIONS]",
          "COMMAND [ARGS]...")
# The notes after an option's help ("[default: text; env var: ROPA_LANG]"), one part each.
NOTES = ("default: {default}", "env var: {var}", "required")
# Usage errors as typer phrases them, those ropa's options can cause (tests/test_help.py
# provokes each); the longer form of a message first.
ERRORS = (
    "Try '{command}' for help.",
    "Error: {message}",
    "No such option: {option} (Possible options: {options})",
    "No such option: {option}",
    "No such command '{name}'. Did you mean {suggestions}?",
    "No such command '{name}'.",
    "Missing command.",
    "Missing argument '{name}'.",
    "Invalid value for {name}: {message}",
    "Got unexpected extra argument(s) ({args})",
    "Option '{option}' requires an argument.",
    "Option '{option}' does not take a value.",
    "'{value}' does not match the formats {formats}.",
    # the message of `validate --format`'s own check (ropa/cli/validate.py)
    "'{value}' is not one of {choices}",
)


def german(text: str | None) -> str | None:
    """A documented text of the command tree in German (unchanged if the catalogue lacks it)."""
    return _p(CONTEXT, text, LANG) if text else text


def documented(command: Any) -> Iterator[tuple[Any, str]]:
    """The (object, attribute) pairs of ``command`` a person reads in its help.

    The command's ``help``, ``short_help`` and ``epilog``; each parameter's ``help`` and
    its ``metavar`` where that is a word (``PATH``, ``YYYY-MM-DD``; a list of choices such
    as ``de|en`` stays as it is). The help option's text is one of ``LABELS``.
    """
    for attr in ("help", "short_help", "epilog"):
        if getattr(command, attr, None):
            yield command, attr
    for param in command.params:
        if getattr(param, "help", None):
            yield param, "help"
        if param.metavar and "|" not in param.metavar:
            yield param, "metavar"


_translated: weakref.WeakSet = weakref.WeakSet()


def translate(command: Any, ctx: Any = None) -> None:
    """Put the documented texts of ``command`` (and a group's commands) in German, once."""
    if command in _translated:
        return
    _translated.add(command)
    for obj, attr in documented(command):
        setattr(obj, attr, german(getattr(obj, attr)))
    command.options_metavar = label(command.options_metavar)
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = label(command.subcommand_metavar)
    if ctx is not None:
        option = command.get_help_option(ctx)
        if option is not None:
            option.help = label(option.help)
    for sub in getattr(command, "commands", {}).values():
        translate(sub)


def label(text: str) -> str:
    return _p(CONTEXT, text, LANG) if text in LABELS else text


@cache
def _pattern(msgid: str) -> re.Pattern:
    """``msgid`` as a pattern matching the English text it makes (``{name}`` matches anything)."""
    parts = re.split(r"\{(\w+)\}", msgid)
    return re.compile("".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                              for i, part in enumerate(parts)), re.S)


def known(text: str, forms: tuple[str, ...] = ERRORS) -> str:
    """``text`` in German if it has one of ``forms`` (a ``{message}`` inside is translated too)."""
    for msgid in forms:
        match = _pattern(msgid).fullmatch(text)
        if match:
            values = {key: known(value) if key == "message" else value for key, value in match.groupdict().items()}
            return _p(CONTEXT, msgid, LANG).format(**values)
    return text


def _notes(text: str) -> str:
    """An option's help with the notes typer puts after it (``[default: text; env var: ROPA_LANG]``)
    in German; a part that is not a note stays as it is."""
    match = re.fullmatch(r"(.*?)\[([^][]*)\]", text, re.S)
    if match is None:
        return text
    head, notes = match.groups()
    return f"{head}[{'; '.join(known(part, NOTES) for part in notes.split('; '))}]"


class Formatter(typer.Context.formatter_class):  # type: ignore[misc,valid-type]  # a class attribute
    """The help formatter with typer's own words in German."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, label("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(label(heading))

    def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
        super().write_dl([(term, _notes(text)) for term, text in rows], *args, **kwargs)


def prepare(ctx: Any) -> None:
    """Make ``ctx`` render its command's help page and usage line in German."""
    ctx.formatter_class = Formatter
    translate(ctx.command, ctx)


def show_error(exc: Any) -> NoReturn:
    """Show typer's usage error ``exc`` in German, as typer shows it in English; exit code 2."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:  # some errors of the parser come without: then only the message, as typer does
        usage = ctx.get_usage()  # first: it puts the command's metavars in German for the message
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = known(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.") + "\n"
        typer.echo(f"{usage}\n{hint}", err=True, color=ctx.color)
    typer.echo(known(f"Error: {exc.format_message()}"), err=True, color=ctx.color if ctx else None)
    raise typer.Exit(exc.exit_code)
