"""Usage errors and the registry path, shared by every command (light: ``ropa validate`` imports it).

A usage error is one line on stderr and exit code 2: an unknown value names the option, the
value, and the closest known one (or where to look them up).
"""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Iterable
from typing import NoReturn

import typer

from ropa.findings import ExitCode
from ropa.locate import find_registry
from ropa.cli._texts import language, say


def fail(message: str | BaseException, code: ExitCode = ExitCode.USAGE, lang: str | None = None) -> NoReturn:
    """Print a one-line error on stderr and end the command: ``message`` (a catalogue message, or a
    domain error carrying one) in the command's language ``lang`` (``language``)."""
    from ropa.i18n import gettext, localized

    lang = language(lang)
    if isinstance(message, BaseException):
        message = message.args[0] if len(message.args) == 1 else str(message)
    typer.echo(f"{gettext('error', lang)}: {localized(message, lang)}", err=True)
    raise typer.Exit(code=int(code))


def suggestion(value: str, known: Iterable[str], *, vocab_topic: str | None = None, lang: str | None = None) -> str:
    """" (did you mean 'x'?)" for the closest known value, else the known values (or a vocab pointer)."""
    import difflib

    known = list(known)
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if not close:
        close = [k for k in known if k.lower() == value.lower() or k.startswith(value)][:1]
    if close:
        return say("did-you-mean", lang, close=close[0])
    if vocab_topic:
        return say("see-vocab", lang, topic=vocab_topic)
    if not known:
        return ""
    shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
    return say("known", lang, known=shown)


def check_choice(option: str, value: str | None, known: Iterable[str], *,
                 vocab_topic: str | None = None, prefix: bool = False, lang: str | None = None) -> str | None:
    """``value`` if it is one of ``known`` (or, with ``prefix``, begins one); else a usage error."""
    if value is None:
        return None
    known = list(known)
    if value in known or (prefix and any(k.startswith(value) for k in known)):
        return value
    fail(say("unknown-value", lang, option=option, value=value,
             hint=suggestion(value, known, vocab_topic=vocab_topic, lang=lang)), lang=lang)
    return None


def check_exclusive(lang: str | None = None, **given: object) -> None:
    """Two options that exclude each other, both given: a usage error (in ``lang``)."""
    named = [name for name, value in given.items() if value not in (None, False, [], ())]
    if len(named) > 1:
        fail(say("conflict", lang, a=named[0], b=named[1]), lang=lang)


def registry_path(argument: Path | None = None, option: Path | None = None, lang: str | None = None) -> Path:
    """The registry a command works on: given as an argument, with -r, in ``$ROPA_REGISTRY``, or
    found from here.

    Found like git finds a repository (``find_registry``); when none is
    found, a one-line usage error says how to start one or point at one.
    """

    if argument is not None and option is not None and Path(argument) != Path(option):
        fail(say("two-registries", lang, a=argument, b=option), lang=lang)
    env = os.environ.get("ROPA_REGISTRY")
    found = find_registry(argument or option or (Path(env) if env else None), Path.cwd())
    if found is None:
        fail(say("no-registry", lang), lang=lang)
    return found
