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
from ropa.inspect.texts import language, say


def fail(message: str | BaseException, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    """Print a one-line error on stderr and end the command: ``message`` (a catalogue message, or a
    domain error carrying one) in the command's language."""
    from ropa.i18n import localized

    if isinstance(message, BaseException):
        message = message.args[0] if len(message.args) == 1 else str(message)
    typer.echo(f"{'Fehler' if language() == 'de' else 'error'}: {localized(message, language())}", err=True)
    raise typer.Exit(code=int(code))


def suggestion(value: str, known: Iterable[str], *, vocab_topic: str | None = None) -> str:
    """" (did you mean 'x'?)" for the closest known value, else the known values (or a vocab pointer)."""
    import difflib

    known = list(known)
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if not close:
        close = [k for k in known if k.lower() == value.lower() or k.startswith(value)][:1]
    if close:
        return say("did-you-mean", close=close[0])
    if vocab_topic:
        return say("see-vocab", topic=vocab_topic)
    if not known:
        return ""
    shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
    return say("known", known=shown)


def check_choice(option: str, value: str | None, known: Iterable[str], *,
                 vocab_topic: str | None = None, prefix: bool = False) -> str | None:
    """``value`` if it is one of ``known`` (or, with ``prefix``, begins one); else a usage error."""
    if value is None:
        return None
    known = list(known)
    if value in known or (prefix and any(k.startswith(value) for k in known)):
        return value
    fail(say("unknown-value", option=option, value=value,
             hint=suggestion(value, known, vocab_topic=vocab_topic)))
    return None


def check_exclusive(**given: object) -> None:
    """Two options that exclude each other, both given: a usage error."""
    named = [name for name, value in given.items() if value not in (None, False, [], ())]
    if len(named) > 1:
        fail(say("conflict", a=named[0], b=named[1]))


def registry_path(argument: Path | None = None, option: Path | None = None) -> Path:
    """The registry a command works on: given as an argument, with -r, in ``$ROPA_REGISTRY``, or
    found from here.

    Found like git finds a repository (``find_registry``); when none is
    found, a one-line usage error says how to start one or point at one.
    """

    if argument is not None and option is not None and Path(argument) != Path(option):
        fail(say("two-registries", a=argument, b=option))
    env = os.environ.get("ROPA_REGISTRY")
    found = find_registry(argument or option or (Path(env) if env else None), Path.cwd())
    if found is None:
        fail(say("no-registry"))
    return found


def find_registry(path: Path | None, cwd: Path) -> Path | None:
    """The registry directory for ``path`` (or, when None, for the working directory ``cwd``).

    Like git finding a repository: the nearest of ``path`` and its parents that holds
    ``registry.yaml``; from a project root, its ``registry/`` if that holds one. A path given
    explicitly that matches neither is returned as it is (the loader judges it: a missing
    path is RP001); None when nothing was given and nothing was found. A found directory is
    returned relative to ``cwd`` where it lies below it, so findings show short paths.
    """
    from ropa.load import MARKER

    start = cwd if path is None else (path if path.is_absolute() else cwd / path)
    if path is not None and (not start.exists() or start.is_file()):
        return path
    for candidate in (start, *start.parents):
        if (candidate / MARKER).is_file():
            return _shown(candidate, cwd, path)
    if (start / "registry" / MARKER).is_file():
        return _shown(start / "registry", cwd, path)
    return path


def _shown(found: Path, cwd: Path, given: Path | None) -> Path:
    if given is not None and given.is_absolute():
        return found
    try:
        return Path(os.path.relpath(found, cwd))
    except ValueError:  # another drive (Windows)
        return found
