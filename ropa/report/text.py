"""`text`: rich and grouped by file on a terminal; stable plain lines otherwise.

Plain line format (stable, for grep and editors)::

    file:line:col: CODE severity message [target]
    file:line:col: CODE severity message [target] (waived until YYYY-MM-DD)

Findings without a position use the registry directory and ``0:0``.
"""

from __future__ import annotations

import os
from typing import TextIO

from ropa.check import Report
from ropa.findings import Finding


def location(finding: Finding, report: Report) -> tuple[str, int, int]:
    span = finding.span
    if span.file:
        return span.file, span.line, span.col
    return report.registry.root, 0, 0


def plain_line(finding: Finding, report: Report) -> str:
    file, line, col = location(finding, report)
    target = f" [{finding.target}]" if finding.target else ""
    waived = f" (waived until {finding.waiver.expires})" if finding.waiver else ""
    return f"{file}:{line}:{col}: {finding.code} {finding.severity.value} {finding.message}{target}{waived}"


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it (tests, CI logs)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def render(report: Report, stream: TextIO, *, colour: bool | None = None) -> None:
    from ropa.report import summary

    if colour is None:
        colour = use_colour(stream)
    if not colour:
        stream.write("".join(plain_line(f, report) + "\n" for f in report.findings))
        stream.write(summary(report) + "\n")
        return
    render_rich(report, stream)


STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_rich(report: Report, stream: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape

    from ropa.report import counts, summary

    # the caller decided on colour (use_colour): rich must not second-guess the stream
    console = Console(file=stream, highlight=False, force_terminal=True)  # wraps at word boundaries
    current = None
    for finding in report.findings:
        file, line, col = location(finding, report)
        if file != current:
            if current is not None:
                console.print()
            console.print(f"[bold underline]{escape(file)}[/]", soft_wrap=True)  # a path is never wrapped
            current = file
        severity = finding.severity.value
        style = "dim" if finding.waiver else STYLES[severity]
        target = f" [dim]\\[{escape(finding.target)}][/]" if finding.target else ""
        waived = ""
        if finding.waiver:
            waived = (f" [green]waived until {finding.waiver.expires}"
                      f" ({escape(finding.waiver.accepted_by)})[/]")
        console.print(f"  [dim]{line:>4}:{col:<3}[/] [{style}]{finding.code} {severity:<7}[/] "
                      f"{escape(finding.message)}{target}{waived}")
    c = counts(report)
    style = "bold red" if c["error"] else "bold yellow" if c["warning"] else "bold green"
    if report.findings:
        console.print()
    console.print(f"[{style}]{escape(summary(report))}[/]")
