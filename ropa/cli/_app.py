"""The typer application every command module registers on, and how a command ends.

A command function returns its exit code (an ``ExitCode``); the app's result callback
(``result_callback``: click's documented hook that receives a subcommand's return value,
offered by ``typer.Typer``) turns it into the process exit code, in ``ropa`` as in typer's
``CliRunner``. A usage error or a registry that cannot be read (``ropa.cli._usage.fail``,
``ropa.cli._terminal.load_or_exit``: exit code 2) still ends a command at once, as click's
own usage errors do.

Kept apart from ``ropa/cli/__init__.py`` so that a command module can register itself
without importing the others: ``ropa.cli.app`` (the package attribute) is this app with
every command; the ``ropa`` process imports only the command it runs (``ropa.cli.main``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from typing import Any

import typer
from typer.core import TyperGroup

from ropa import __version__

EPILOG = (
    "Exit codes: 0 ok; 1 errors found (or warnings with --strict), or a check failed; "
    "2 bad usage or input that cannot be read."
)

def _exit_with(code: object, **_root_options: object) -> None:
    """End the process with the exit code the command returned.

    Called by click with the subcommand's return value and the root's options. A command
    that returns anything but an exit code is a bug in ropa (reported as RP000 by ``main``),
    never a silent exit 0.
    """
    if not isinstance(code, int):
        raise TypeError(f"the command returned {code!r}, not an exit code")
    raise typer.Exit(code=int(code))

def help_language(args: list[str], environ: Mapping[str, str] = os.environ) -> str:
    """The language of the help and usage errors: ``--lang``/``-l`` anywhere in ``args``
    (the last one), else ``$ROPA_LANG``; ``de`` or ``en``.

    The registry's first language, the commands' default, is not consulted: help is shown
    before (and without) a registry is found.
    """
    chosen = environ.get("ROPA_LANG")
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--lang", "-l") and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg[len("--lang="):]
        elif arg.startswith("-l") and not arg.startswith("--") and len(arg) > 2:
            chosen = arg[2:]
    return "de" if chosen == "de" else "en"


class GermanContext(typer.Context):
    """A command's context when the language is German: its help page and usage line are
    rendered in German (``ropa.cli._help``, imported only then)."""

    def get_help(self) -> str:
        from ropa.cli._help import prepare

        prepare(self)
        return super().get_help()

    def get_usage(self) -> str:
        from ropa.cli._help import prepare

        prepare(self)
        return super().get_usage()


class Group(TyperGroup):
    """ropa's root command: help and usage errors in the language of the command line.

    In English it is typer's group as it is. In German every command gets a
    ``GermanContext``, which puts a command's help texts and typer's own words in German
    when a help page or a usage line is rendered, and typer's usage errors are shown in
    German (``_help.show_error``). See docs/i18n.md.
    """

    language = "en"

    # The contexts are typed Any: the base class types them as the context of the click copy
    # typer vendors (``typer._click``), which typer does not export; ``typer.Context`` is a
    # subclass of it, too narrow for an override.
    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        if parent is None and help_language(args) == "de":
            self.language, self.context_class = "de", GermanContext
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except typer.TyperException as exc:
            self._usage_error(exc)
            raise

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None and self.language == "de":
            command.context_class = self.context_class
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.TyperException as exc:
            self._usage_error(exc)
            raise

    def _usage_error(self, exc: typer.TyperException) -> None:
        """In German, show typer's usage error ``exc`` (exit code 2) and exit; else return.

        ``NoArgsIsHelpError`` (``ropa`` alone) is a usage error whose message is the help
        page, already German: typer shows it.
        """
        if self.language == "de" and getattr(exc, "exit_code", None) == 2 and type(exc).__name__ != "NoArgsIsHelpError":
            from ropa.cli._help import show_error

            show_error(exc)


app = typer.Typer(
    cls=Group,
    name="ropa",
    help="Keep the GDPR Art. 30 record of processing activities as a YAML registry in git: "
    "validate it, inspect it, and export the Art. 30 report.",
    epilog=EPILOG,
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=True,
    # help in click's plain layout (no rich panels: no <type> column, text re-wrapped to the
    # terminal), at a width fixed when the program starts, so the same terminal always gets
    # the same help (typer's test runner would otherwise force 80 columns)
    context_settings={"help_option_names": ["-h", "--help"],
                      "terminal_width": max(min(shutil.get_terminal_size().columns, 80) - 2, 50)},
    pretty_exceptions_enable=False,
    result_callback=_exit_with,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ropa {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    lang: str | None = typer.Option(None, "--lang", "-l", metavar="de|en", show_default=False,
                                    help="Language of the help, and of the command's messages unless it is "
                                         "given its own --lang: de or en. Default: $ROPA_LANG, else en."),
) -> None:
    """Keep the GDPR Art. 30 record of processing activities as a YAML registry in git."""
    if lang is not None and lang not in ("de", "en"):
        from ropa.cli._texts import say
        from ropa.cli._usage import fail

        fail(say("bad-language", value=lang))
    name = ctx.invoked_subcommand
    command = ctx.command.get_command(ctx, name) if lang is not None and name else None  # type: ignore[attr-defined]
    if name and command is not None and any(p.name == "lang" and not p.multiple for p in command.params):
        # the command's own --lang (one language) defaults to the one given before it (`ropa -l de
        # validate`): click's default map, read by the command's context; no state outside this run
        ctx.default_map = {name: {"lang": lang}}
