"""`ropa edit`: open an activity's file in the user's editor at its line, and judge the result.

Like ``git commit``: the editor runs, and when the saved file brings new errors the
command says which and offers to open it again. Errors that were there before the edit
are not held against it.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from ropa.findings import Finding, Severity

# editors that take +LINE before the file; VS Code-like ones take --goto FILE:LINE
PLUS_LINE = {"vi", "vim", "nvim", "view", "nano", "pico", "emacs", "emacsclient", "micro", "kak", "joe", "mg",
             "ne", "jed", "hx", "helix", "ed"}
GOTO = {"code", "code-insiders", "codium", "cursor"}


def editor() -> str | None:
    """The user's editor: ``$VISUAL``, then ``$EDITOR`` (as git chooses it, without git's config)."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or None


def command(editor_line: str, path: Path, line: int) -> list[str]:
    """The command that opens ``path`` at ``line`` in the editor ``editor_line`` (may carry arguments)."""
    argv = shlex.split(editor_line)
    name = Path(argv[0]).name if argv else ""
    if name in PLUS_LINE:
        return [*argv, f"+{line}", str(path)]
    if name in GOTO:
        return [*argv, "--wait", "--goto", f"{path}:{line}"]
    return [*argv, str(path)]


def errors_in(findings: tuple[Finding, ...], path: Path, ident: str) -> set[str]:
    """The open errors about the file or the activity, without their positions (which edits move)."""
    real = os.path.realpath(path)
    return {f"{f.code} {f.message}" for f in findings
            if (f.fatal or (f.severity is Severity.ERROR and not f.waived))
            and (f.target == ident or os.path.realpath(f.span.file) == real)}


def new_errors(before: tuple[Finding, ...], after: tuple[Finding, ...], path: Path, ident: str) -> list[Finding]:
    """The errors of ``after`` that ``before`` did not have (about the file or the activity)."""
    known = errors_in(before, path, ident)
    real = os.path.realpath(path)
    return [f for f in after if (f.fatal or (f.severity is Severity.ERROR and not f.waived))
            and (f.target == ident or os.path.realpath(f.span.file) == real)
            and f"{f.code} {f.message}" not in known]
