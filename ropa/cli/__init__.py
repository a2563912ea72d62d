"""The command line: a thin shell over library functions.

Each command lives in its own module under ``ropa.cli``; it parses options, calls the
library, prints, and returns an ``ExitCode``. Heavy imports happen inside the command.

Command modules register themselves on the typer app of ``ropa.cli._app``. The package
attribute ``ropa.cli.app`` is that app with every command module imported (a program or a
test gets the complete command line); the ``ropa`` process (``main``) imports only the
module of the command it runs: importing every command module and building typer's click
command for each (typer evaluates every parameter annotation) cost ``ropa validate`` about
45 ms, a third of its own work. ``ropa --help``, no command, an unknown command and shell
completion import them all.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from ropa.cli._app import EPILOG
from ropa.i18n import N_

__all__ = ["EPILOG", "app", "main"]

if TYPE_CHECKING:
    from collections.abc import Mapping

    from typer.models import CommandInfo
    from typing_extensions import Buffer  # collections.abc.Buffer from Python 3.12

    from ropa.cli._app import app

# Commands not named like the module that defines them; every other command ``x`` (or
# ``x-y``) lives in ``ropa/cli/x.py`` (``x_y.py``). A command missing here still works: when
# its module does not define it, ``main`` imports every command module.
ELSEWHERE = {
    "list": "list_activities",  # `ropa.cli.list` would shadow the builtin in this package
    "explain": "rules",
    "recipients": "transfers",
    "edit": "review",
    "import": "import_file",  # `import` is a keyword
    "map": "flowmap",  # `ropa.cli.map` would shadow the builtin in this package
}


def command_modules() -> list[str]:
    """The names of the command modules (every public module of this package), in help order."""
    import pkgutil

    return sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))


def command_name(info: CommandInfo) -> str:
    """The name typer gives a registered command (``typer.main.get_command_name``)."""
    return info.name or getattr(info.callback, "__name__", "").lower().replace("_", "-")


def _register_all() -> None:
    """Import every command module; keep the commands in help order whatever was imported first.

    ``ropa --help`` lists the commands in the order they were registered: modules by name,
    commands in the order their module defines them. A module imported earlier on its own
    (``main``, a test importing ``ropa.cli.validate``) must not move its commands to the top.
    """
    import importlib

    from ropa.cli._app import app

    modules = command_modules()
    for module in modules:
        importlib.import_module(f"{__name__}.{module}")
    rank = {f"{__name__}.{module}": i for i, module in enumerate(modules)}
    app.registered_commands.sort(key=lambda info: rank.get(info.callback.__module__, len(rank)))


def _register_for(args: list[str], environ: Mapping[str, str]) -> bool:
    """Import the command module ``args`` names; False if every module is needed instead.

    Every module is needed for the root's help (no command, a root option first) and its
    "No such command" error (which suggests similar names), and for shell completion
    (typer reads the words from ``_ROPA_COMPLETE``/``COMP_WORDS``, not from ``args``).
    ``--version`` first needs none: it is eager and exits before a command is looked up.
    A ``--lang`` before the command (``ropa -l de validate``) is the root's and is skipped.
    """
    import importlib

    if _completing(environ):
        return False
    args = _without_root_lang(args)
    if args[:1] in (["-V"], ["--version"]):
        return True
    if not args or args[0].startswith("-"):
        return False
    name = args[0]
    full = _module_of(name)
    if full is None:
        return False
    try:
        importlib.import_module(full)
    except ModuleNotFoundError as exc:
        if exc.name != full:
            raise
        return False
    from ropa.cli._app import app

    return any(command_name(info) == name for info in app.registered_commands)


def _without_root_lang(args: list[str]) -> list[str]:
    """``args`` without the ``--lang`` given before the command (``-l de``, ``--lang=de``, ``-lde``)."""
    while args[:1] in (["-l"], ["--lang"]) or args and args[0].startswith(("--lang=", "-l")) and args[0] != "-l":
        args = args[2:] if args[0] in ("-l", "--lang") else args[1:]
    return args


def _completing(environ: Mapping[str, str]) -> bool:
    """Whether the shell asks for completions (click's ``_<PROG>_COMPLETE`` variable is set)."""
    return any(k.startswith("_") and k.endswith("_COMPLETE") for k in environ)


def _module_of(command: str) -> str | None:
    """The module that defines ``command`` by the naming convention (or ``ELSEWHERE``); None if no
    module can be named so."""
    module = ELSEWHERE.get(command, command.replace("-", "_"))
    if not module.isidentifier() or module.startswith("_"):
        return None
    return f"{__name__}.{module}"


def __getattr__(name: str) -> object:
    if name == "app":
        from ropa.cli._app import app

        _register_all()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _exit_without_collecting() -> None:
    """At exit, keep CPython's final garbage collections from walking every live object.

    Finalising the interpreter runs full collections over everything still alive: typer's,
    rich's and ropa's modules and the loaded registry. For ``ropa validate registry`` that
    took 45 ms after the report was printed, longer than loading the registry. Frozen
    (``gc.freeze``), those objects are skipped by the collector but still freed by reference
    counting as the modules are torn down; only garbage in reference cycles is left to the
    operating system, whose ``__del__`` Python does not promise to run at exit anyway. The
    freeze is registered with ``atexit`` (it runs before the final collections), so a
    program calling ``main()`` keeps its collector until it exits itself.
    """
    import atexit
    import gc

    atexit.unregister(gc.freeze)  # once, however often main() runs
    atexit.register(gc.freeze)


class _GuardedOutput:
    """A standard stream's file descriptor that never raises on write.

    The first failed write is remembered and everything after it is dropped, so a reader
    that closes the pipe (``ropa validate | head``) or a full disk (``> /dev/full``) ends
    neither in a traceback nor in click's own broken-pipe handling, which exits 1 whatever
    the verdict. ``main`` reports what happened once the command has finished.
    """

    def __init__(self, fd: int) -> None:
        import io

        class Raw(io.RawIOBase):
            def writable(self) -> bool:
                return True

            def fileno(self) -> int:
                return fd

            def isatty(self) -> bool:
                try:
                    return os.isatty(fd)
                except OSError:
                    return False

            def write(raw, data: Buffer) -> int:  # `raw`, not `self`: the guard's state is on self
                size = len(memoryview(data))
                if self.error is None:
                    try:
                        view = memoryview(data).cast("B")
                        while view:
                            view = view[os.write(fd, view):]
                    except OSError as exc:
                        self.error = exc
                return size

        self.error: OSError | None = None
        self.raw = Raw()


def _guard_output() -> dict[str, _GuardedOutput]:
    """Put guarded writers under ``sys.stdout`` and ``sys.stderr`` (same encoding and buffering)."""
    import io

    guards = {}
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            continue  # not a file (a test runner's capture): leave it alone
        guard = _GuardedOutput(fd)
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
        buffered = io.BufferedWriter(guard.raw)
        setattr(sys, name, io.TextIOWrapper(buffered, encoding=stream.encoding, errors=stream.errors,
                                            line_buffering=stream.line_buffering, write_through=name == "stderr"))
        guards[name] = guard
    return guards


def _output_failed(guards: dict[str, _GuardedOutput], code: int) -> int:
    """The exit code once output could not be written: a closed pipe keeps the verdict.

    A reader that stops reading (``| head``, ``| grep -q``) does not change what the run
    found, so the exit code stays the command's own (0 after a clean run); any other write
    error (a full disk, an I/O error) means output was lost: one line on stderr, exit 2.
    """
    import errno

    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    guard = guards.get("stdout")
    error = guard.error if guard is not None else None
    if error is None or error.errno == errno.EPIPE:
        return code
    try:
        sys.stderr.write(_in_language(OUTPUT_FAILED, reason=error.strerror or error) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return 2


def main() -> int:
    _exit_without_collecting()
    guards = _guard_output()
    if not _register_for(sys.argv[1:], os.environ):
        _register_all()
    from ropa.cli._app import app

    try:
        app()
    except SystemExit as exc:  # typer/click end with SystemExit; normalise to an int
        code = exc.code
        code = code if isinstance(code, int) else (0 if code is None else 2)
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # nothing else is expected here: it is a bug in ropa
        code = internal_error(exc)
    else:
        code = 0
    return _output_failed(guards, code)


# the lines main() writes itself, in the command's language (``ropa.inspect.texts.language``)
OUTPUT_FAILED = N_("error: cannot write the output: {reason}")
INTERNAL_ERROR_LINE = N_("error: {code} internal error ({kind}: {detail}); this is a bug in ropa, not a problem of "
                         "your registry; please report it with the command you ran (ROPA_DEBUG=1 shows the traceback)")


def _in_language(message: str, **values: object) -> str:
    """``message`` in the running command's language; in English if even that cannot be worked out."""
    try:
        from ropa.i18n import _
        from ropa.inspect.texts import language

        return _(message, language(), **values)
    except Exception:  # the line reports a failure: it must not fail itself
        return message.format(**values)


def internal_error(exc: BaseException) -> int:
    """Report an unexpected exception as ropa's bug (RP000, one line on stderr), exit code 2.

    Never as the user's YAML error and never as a bare traceback; ``ROPA_DEBUG=1`` adds the
    traceback for the report.
    """
    from ropa.check import INTERNAL_ERROR

    message = " ".join(str(exc).split())
    try:
        if os.environ.get("ROPA_DEBUG"):
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        sys.stderr.write(_in_language(INTERNAL_ERROR_LINE, code=INTERNAL_ERROR, kind=type(exc).__name__,
                                      detail=message[:300]) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return 2
