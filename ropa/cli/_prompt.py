"""Questions at the terminal, all in the reader's language (click's own prompts are English).

A small loop on ``input()``: each answer is checked when it is given and the question asked
again with the reason until it passes; a default is shown in brackets and checked like an
answer; a confirmation reads ``[J/n]`` in German and takes j/ja/y/yes and n/nein/no; a list
is answered by ids or numbers. Ctrl-C prints "Abgebrochen." / "Aborted." and ends the command
with exit code 130; an input that ends (Ctrl-D, a closed stdin) ends it with a line and exit
code 2, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn

import typer

from ropa.i18n import N_, _, localized

TEXTS = {
    "aborted": N_("Aborted."),
    "input-ended": N_("error: the input ended before every question was answered; nothing written"),
    "yes-no": N_("please answer y (yes) or n (no)"),
    "required": N_("an answer is required"),
    "not-a-choice": N_("'{value}' is not one of the choices{hint}"),
    "did-you-mean": N_(" (did you mean '{close}'?)"),
    "by-number": N_("ids or numbers, separated by ','"),
    "one-by-number": N_("id or number"),
}

# matching data: the answers a yes/no question takes in either language
YES = frozenset({"j", "ja", "y", "yes"})
NO = frozenset({"n", "nein", "no"})
# what a yes/no question shows, by its default (Enter): "[J/n]" in German
CONFIRM_HINTS = {True: N_("[Y/n]"), False: N_("[y/N]"), None: N_("[y/n]")}

Check = Callable[[str], Any]  # returns why the answer cannot be right, or None


def stdin_is_terminal() -> bool:
    """True when stdin is an open terminal (a closed or missing stdin is not)."""
    try:
        return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


class Prompter:
    """Asks questions in ``lang`` (``de`` or ``en``); every answer is checked as it is given."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        import os

        # line editing for input(), where the platform has it; not on a dumb terminal, where
        # readline scrolls a prompt longer than the line sideways and cuts off its start
        if stdin_is_terminal() and os.environ.get("TERM", "dumb") not in ("dumb", ""):
            try:
                import readline  # noqa: F401
            except ImportError:
                pass

    def say(self, key: str, **values: object) -> str:
        return _(TEXTS[key], self.lang, **values)

    def echo(self, text: object = "") -> None:
        typer.echo(localized(text, self.lang))

    def note(self, problem: object) -> None:
        """A reason an answer was refused, indented under the question."""
        typer.echo("  " + localized(problem, self.lang))

    def _abort(self) -> NoReturn:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the line short
        typer.echo("", err=True)
        typer.echo(self.say("aborted"), err=True)
        raise typer.Exit(130)

    def line(self, prompt: str) -> str:
        """One line of input after ``prompt``; Ctrl-C and the end of the input end the command."""
        if sys.stdin is None or sys.stdin.closed:
            self._ended()
        try:
            return input(prompt)
        except KeyboardInterrupt:
            self._abort()
        except (EOFError, OSError, ValueError, RuntimeError, UnicodeDecodeError):
            self._ended()

    def _ended(self) -> NoReturn:
        typer.echo("", err=True)
        typer.echo(self.say("input-ended"), err=True)
        raise typer.Exit(2)

    def ask(self, label: str, check: Check | None = None, *, default: str | None = None,
            required: bool = True) -> str:
        """Ask until the answer (or the default, on Enter) passes ``check``; '' when not required and left empty."""
        prompt = f"{label} [{default}]: " if default else f"{label}: "
        while True:
            value = self.line(prompt).strip()
            if not value and default:
                value = default
            if not value:
                if not required:
                    return ""
                self.note(self.say("required"))
                continue
            problem = check(value) if check is not None else None
            if problem is None:
                return value
            self.note(problem)

    def confirm(self, label: str, *, default: bool | None = True) -> bool:
        """A yes/no question: ``[J/n]`` in German, ``[Y/n]`` in English; j/ja/y/yes and n/nein/no count."""
        hint = _(CONFIRM_HINTS[default], self.lang)
        while True:
            answer = self.line(f"{label} {hint}: ").strip().lower()
            if not answer and default is not None:
                return default
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.note(self.say("yes-no"))

    def show(self, choices: dict[str, str], extra: dict[str, str] | None = None) -> list[str]:
        """List the choices, numbered; returns them in the order shown."""
        import shutil

        keys = list(choices)
        width = max((len(k) for k in keys), default=0)
        columns = shutil.get_terminal_size((80, 24)).columns
        for n, key in enumerate(keys, 1):
            label = choices[key]
            line = f"  {n:>2}  {key.ljust(width)}" + (f"  {label}" if label and label != key else "")
            typer.echo(line if len(line) < columns else line[:columns - 2] + "…")  # one line per choice
        for key, label in (extra or {}).items():
            typer.echo(f"  {key:>2}  {localized(label, self.lang)}")
        return keys

    def pick(self, raw: str, keys: list[str]) -> str | None:
        """The choice an answer names: its id, or its number in the list."""
        if raw in keys:
            return raw
        if raw.isdigit() and 1 <= int(raw) <= len(keys):
            return keys[int(raw) - 1]
        return None

    def refuse(self, value: str, keys: list[str]) -> str:
        import difflib

        close = difflib.get_close_matches(value, keys, n=1, cutoff=0.6)
        return self.say("not-a-choice", value=value, hint=self.say("did-you-mean", close=close[0]) if close else "")

    def choose_one(self, label: str, choices: dict[str, str], *, default: str | None = None) -> str:
        """One of ``choices`` (id or number); ``default`` on Enter."""
        keys = self.show(choices)

        def check(raw: str) -> str | None:
            return None if self.pick(raw, keys) else self.refuse(raw, keys)

        answer = self.ask(f"{label} ({self.say('one-by-number')})", check, default=default)
        picked = self.pick(answer, keys)
        assert picked is not None  # checked above
        return picked


def split_answers(raw: str) -> list[str]:
    return [v.strip() for v in raw.replace(";", ",").split(",") if v.strip()]
