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


def _tune_collector(args: list[str] | None = None) -> None:
    """The collector tuned for this command's process, never for a library's caller (``ropa.gc_tuning``);
    ``args``: the command line after the program's name (the command decides whether the collector runs)."""
    from ropa.gc_tuning import for_command_line

    command = _without_root_lang(args or [])[:1]
    for_command_line(command[0] if command else None)


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


def _reserve_closed_descriptors() -> None:
    """Give a standard descriptor the process was started without (``ropa validate >&-``) a
    placeholder: /dev/null, opened so that reading finds the end (stdin) and writing fails
    (stdout: the output is lost, reported as such, exit 2), or is dropped (stderr).

    Without it Python sets ``sys.stdout`` to None, and the first file ropa opens takes the
    free descriptor: output would go into a registry or export file.
    """
    import io

    for fd, name, flags in ((0, "stdin", os.O_RDONLY), (1, "stdout", os.O_RDONLY), (2, "stderr", os.O_WRONLY)):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        placeholder = os.open(os.devnull, flags)
        if placeholder != fd:  # the lowest free descriptor is taken: it is this one, unless a lower is free too
            os.dup2(placeholder, fd)
            os.close(placeholder)
        if getattr(sys, name) is None:
            mode = "r" if fd == 0 else "w"
            setattr(sys, name, io.TextIOWrapper(io.FileIO(fd, mode, closefd=False), encoding="utf-8",
                                                errors="replace", write_through=fd == 2))


def _unencodable() -> str:
    """The error handler of the standard streams: a character the output encoding lacks (an ASCII
    or Latin-1 locale, ``PYTHONIOENCODING``) is written as ``\\uXXXX``, readable in text and
    the same character inside a JSON or SARIF string (an escape JSON defines; ``\\xNN`` is not
    one), instead of ending the command with an encoding error."""
    import codecs

    def escape(error: UnicodeError) -> tuple[str, int]:
        assert isinstance(error, UnicodeEncodeError)
        chunk = error.object[error.start:error.end]
        out = []
        for char in chunk:
            code = ord(char)
            if code > 0xFFFF:  # JSON spells a character beyond the BMP as its UTF-16 surrogate pair
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        return "".join(out), error.end

    try:
        codecs.lookup_error("ropa-escape")
    except LookupError:
        codecs.register_error("ropa-escape", escape)
    return "ropa-escape"


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
        setattr(sys, name, io.TextIOWrapper(buffered, encoding=stream.encoding, errors=_unencodable(),
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
    except (AttributeError, OSError, ValueError):
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
    _tune_collector(sys.argv[1:])
    _reserve_closed_descriptors()
    guards = _guard_output()
    if not _register_for(sys.argv[1:], os.environ):
        _register_all()
    from ropa.cli._app import app

    try:
        app()
    except SystemExit as exc:  # typer/click end with SystemExit; normalise to an int
        code = exc.code
        code = code if isinstance(code, int) else (0 if code is None else 2)
    except KeyboardInterrupt:  # Ctrl-C outside a prompt (a prompt says it itself): the same line, 130
        code = 130
        try:
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the line short
            print("\n" + _in_language(ABORTED), file=sys.stderr, flush=True)
        except Exception:  # a closed or broken stderr: the exit code still says it
            pass
    except OSError as exc:  # a path the system refuses (too long, a loop of links, no permission)
        code = os_error(exc)
    except Exception as exc:  # nothing else is expected here: it is a bug in ropa
        code = internal_error(exc)
    else:
        code = 0
    return _output_failed(guards, code)


# the lines main() writes itself, in the command line's language (``_in_language``)
ABORTED = N_("Aborted.")
OUTPUT_FAILED = N_("error: cannot write the output: {reason}")
OS_ERROR = N_("error: {path}: {reason}")
INTERNAL_ERROR_LINE = N_("error: {code} internal error ({kind}: {detail}); this is a bug in ropa, not a problem of "
                         "your registry; please report it with the command you ran (ROPA_DEBUG=1 shows the traceback)")


def _in_language(message: str, **values: object) -> str:
    """``message`` in the language of the command line (a ``--lang`` on it, else ``$ROPA_LANG``,
    as for help: the command's own language is a value inside the command, out of reach
    here); in English if even that cannot be worked out."""
    try:
        from ropa.cli._app import help_language
        from ropa.i18n import _

        return _(message, help_language(sys.argv[1:]), **values)
    except Exception:  # the line reports a failure: it must not fail itself
        return message.format(**values)


def os_error(exc: OSError) -> int:
    """A file the system refused that no command caught (a path over the length the file system
    allows, a loop of links, no permission, a full disk): one line naming the path and the
    system's reason, exit code 2, as for input that cannot be read; not a bug report."""
    if exc.filename is None or exc.strerror is None:
        return internal_error(exc)
    try:
        path = str(exc.filename)
        shown = path if len(path) <= 120 else path[:60] + "..." + path[-50:]
        from ropa.report.text import printable

        sys.stderr.write(_in_language(OS_ERROR, path=printable(shown), reason=exc.strerror) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return 2


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
