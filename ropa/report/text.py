"""`text`: rich and grouped by file on a terminal; stable plain lines otherwise.

Plain line format (stable, for grep and editors)::

    file:line:col: CODE severity axis: message [target]
    file:line:col: CODE severity axis: message [target] (waived until YYYY-MM-DD)

``axis`` is ``record`` (the record's Art. 30 content) or ``lawfulness`` (the processing's
lawfulness and accountability), in German ``Verzeichnis`` / ``Rechtmäßigkeit``.
A finding that stands for one cause at several places ends with the other entries it
concerns (``(also concerns a, b)``).

Findings without a position use the registry directory and ``0:0``.

Text from the registry is data, never control: every line written here and by the terminal
commands goes through ``printable``, which shows newlines, control characters, escape
sequences and bidirectional overrides as visible escapes (``\\n``, ``\\x1b``, ``\\u202e``),
so a value cannot add a line to a CI log (a GitHub workflow command, a fake summary), move
the cursor or erase earlier findings on a terminal.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import TextIO

from ropa.check import Report
from ropa.findings import Finding
from ropa.i18n import N_


# bidirectional embeddings, overrides and isolates (Trojan source), and the Unicode line and
# paragraph separators some terminals and log viewers take for a line break
_INVISIBLE = frozenset({*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029})


def _escape(char: str) -> str:
    code = ord(char)
    if char in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character made visible: C0 and C1 controls and DEL (the
    escape character of terminal sequences among them), bidirectional overrides, Unicode line
    XX

    >>> printable("a\\n::error file=x::y\\x1b[2J")
    'a\\\\n::error file=x::y\\\\x1b[2J'
    >>> printable("::warning::x")
    '\\\\::warning::x'
    """
    if newlines:
        return "\n".join(printable(line) for line in text.split("\n"))
    if not text.isprintable():  # fast path: nothing to escape in the common case
        text = "".join(_escape(c) if ord(c) in _INVISIBLE or unicodedata.category(c) == "Cc" else c for c in text)
    if "::" in text:  # at the start of a word: where a wrapped line could begin
        text = _COMMAND.sub(r"\1\\::", text)
    return text


_COMMAND = re.compile(r"(^|\s)::")


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_printable(document: str) -> str:
    """A JSON text (``json.dumps(..., ensure_ascii=False)``, which escapes only the C0 controls)
    with DEL, the C1 controls, bidirectional overrides and line separators escaped as ``\\uXXXX``
    too: the same JSON value, safe to print on a terminal or in a CI log.

    >>> json_printable('["a\\x9b2J\\u2028"]')
    '["a\\\\u009b2J\\\\u2028"]'
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def location(finding: Finding, report: Report) -> tuple[str, int, int]:
    span = finding.span
    if span.file:
        return span.file, span.line, span.col
    return report.registry.root, 0, 0


def plain_line(finding: Finding, report: Report, lang: str | None = "en") -> str:
    from ropa.i18n import _

    file, line, col = location(finding, report)
    target = f" [{finding.target}]" if finding.target else ""
    waived = _(" (waived until {date})", lang, date=finding.waiver.expires) if finding.waiver else ""
    return printable(f"{file}:{line}:{col}: {finding.code} {severity_word(finding.severity.value, lang)} "
                     f"{axis_word(finding.axis.value, lang)}: {finding.text(lang)}{target}{waived}")


def answered_line(finding: Finding, report: Report, lang: str | None = "en") -> str:
    """A finding the controller's answer settled (``Report.answered``): where, what, and the
    answer's source; never with a severity, as it is not open."""
    file, line, col = location(finding, report)
    return printable(f"{file}:{line}:{col}: {finding.code} {answered_note(finding, lang, full=True)}")


def answered_note(finding: Finding, lang: str | None, *, full: bool = False) -> str:
    """``answered by the controller (answers/x.xlsx, Fragen!F5; Erika Muster)``, or ``risk accepted by ...``."""
    from ropa.i18n import _

    answer = finding.answer
    who = f"; {answer.answered_by}" if answer.answered_by else ""
    if answer.kind == "accepted":
        note = _("risk accepted by {person} ({source})", lang, person=answer.answered_by, source=answer.source)
    else:
        source = answer.source + who
        note = _("answered by the controller ({source})", lang, source=source)
    if not full:
        return note
    target = f" [{finding.target}]" if finding.target else ""
    return f"{note}: {finding.text(lang)}{target}"


def severity_word(severity: str, lang: str | None) -> str:
    """``error`` / ``Fehler``: the severity as the reader's language names it."""
    from ropa.i18n import gettext

    return severity if lang != "de" else gettext(SEVERITY_WORDS[severity], lang)


SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def axis_word(axis: str, lang: str | None) -> str:
    """``record`` / ``Verzeichnis``, ``lawfulness`` / ``Rechtmäßigkeit``: what a finding judges."""
    from ropa.i18n import _p

    if lang != "de":
        return axis
    return _p("axis", "record", lang) if axis == "record" else _p("axis", "lawfulness", lang)


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it (tests, CI logs)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def render(report: Report, stream: TextIO, lang: str | None = "en", *, colour: bool | None = None) -> None:
    from ropa.report import summary

    if colour is None:
        colour = use_colour(stream)
    if not colour:
        stream.write("".join(plain_line(f, report, lang) + "\n" for f in report.findings))
        stream.write("".join(answered_line(f, report, lang) + "\n" for f in report.answered))
        stream.write(summary(report, lang) + "\n")
        return
    render_rich(report, stream, lang)


STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_rich(report: Report, stream: TextIO, lang: str | None = "en") -> None:
    from rich.console import Console
    from rich.markup import escape

    from ropa.i18n import _

    from ropa.report import counts, summary

    # the caller decided on colour (use_colour): rich must not second-guess the stream
    console = Console(file=stream, highlight=False, force_terminal=True)  # wraps at word boundaries
    current = None
    for finding in report.findings:
        file, line, col = location(finding, report)
        if file != current:
            if current is not None:
                console.print()
            console.print(f"[bold underline]{escape(printable(file))}[/]", soft_wrap=True)  # a path is never wrapped
            current = file
        style = "dim" if finding.waiver else STYLES[finding.severity.value]
        severity = severity_word(finding.severity.value, lang)
        target = f" [dim]\\[{escape(printable(finding.target))}][/]" if finding.target else ""
        waived = ""
        if finding.waiver:
            waived = (" [green]" + escape(_("waived until {date}", lang, date=finding.waiver.expires))
                      + f" ({escape(printable(finding.waiver.accepted_by))})[/]")
        axis = axis_word(finding.axis.value, lang)
        console.print(f"  [dim]{line:>4}:{col:<3}[/] [{style}]{finding.code} {severity:<7}[/] "
                      f"[dim]{escape(axis)}:[/] {escape(printable(finding.text(lang)))}{target}{waived}")
    if report.answered:
        console.print()
    for finding in report.answered:
        file, line, col = location(finding, report)
        console.print(f"[dim]{escape(printable(file))}:{line}:{col}[/] [green]{finding.code}[/] "
                      f"{escape(printable(answered_note(finding, lang, full=True)))}")
    c = counts(report)
    style = "bold red" if c["error"] else "bold yellow" if c["warning"] else "bold green"
    if report.findings:
        console.print()
    console.print(f"[{style}]{escape(summary(report, lang))}[/]")
