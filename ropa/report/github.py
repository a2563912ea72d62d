"""`github`: GitHub Actions workflow commands, one annotation per finding.

``::error file=F,line=L,col=C,title=CODE::message``; warnings use ``::warning``, info
and waived findings ``::notice`` (a waived finding must not look like a failure).
"""

from __future__ import annotations

from typing import TextIO

from ropa.check import Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(value: str) -> str:
    from ropa.report.text import printable  # the other controls (terminal escapes) shown visibly

    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(value) if not value.isprintable() else value


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, stream: TextIO, lang: str | None = "en") -> None:
    from ropa.i18n import _
    from ropa.report import summary

    for finding in report.findings:
        command = "notice" if finding.waiver else COMMANDS[finding.severity.value]
        props = []
        if finding.span.file:
            props.append(f"file={_property(finding.span.file)}")
            if finding.span.line:
                props.append(f"line={finding.span.line}")
                props.append(f"col={finding.span.col}")
        props.append(f"title={_property(finding.code)}")
        message = finding.text(lang) + (f" [{finding.target}]" if finding.target else "")
        if finding.waiver:
            message += _(" (waived until {date})", lang, date=finding.waiver.expires)
        stream.write(f"::{command} {','.join(props)}::{_data(message)}\n")
    stream.write(summary(report, lang) + "\n")
