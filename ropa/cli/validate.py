"""`ropa validate`: load the registry, run the rule catalogue, report findings."""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ropa.cli._app import app
from ropa.findings import ExitCode
from ropa.report import REPORTERS

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

HELP = """Validate the registry and report findings with file:line:col.

PATHS: the registry directory, or files inside it (as pre-commit passes them): the whole
registry each file lies in is validated and reported, since a change to one file can break
a reference from another (a recipient deleted while still in use). Files outside any
registry (no registry.yaml above them) are skipped. A directory inside a registry means the
whole registry; without PATHS the registry is found like git finds a repository (from a
project root: its registry/).

--severity and --hide-waived choose what is shown; the exit code still judges every finding.

Exit codes: 0 no errors; 1 errors found (or warnings with
--strict); 2 bad usage or input that cannot be read.

Example: ropa validate registry/ --format sarif > ropa.sarif
"""


# The format choices come from the reporters' dict: one place to add a format.
FORMATS = "|".join(REPORTERS)


def _format(value: str) -> str:
    name = value.strip().lower()
    if name not in REPORTERS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(REPORTERS)}")
    return name


def _codes(values: list[str] | None) -> list[str]:
    """Split `--select RP1,RP201` and repeated options into upper-case codes or prefixes."""
    out: list[str] = []
    for value in values or ():
        out.extend(v.strip().upper() for v in value.split(",") if v.strip())
    return out


@app.command(help=HELP)
def validate(
    paths: list[Path] | None = typer.Argument(None, metavar="[PATHS]...", hidden=True, show_default=False),
    registry: Path | None = typer.Option(None, "--registry", "-r", metavar="PATH",
                                            show_default=False, help="Registry directory (instead of PATHS)."),
    output_format: str = typer.Option(
        "text", "--format", "-f", callback=_format, metavar=f"[{FORMATS}]",
        help="Output format: text (rich on a terminal, plain lines otherwise), json, sarif (2.1.0), "
             "github (workflow annotations)."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    severity: str | None = typer.Option(
        None, "--severity", metavar="error|warning|info",
        help="Show only findings of this severity or a worse one."),
    hide_waived: bool = typer.Option(False, "--hide-waived", help="Do not show waived findings."),
    axis: str | None = typer.Option(
        None, "--axis", metavar="record|lawfulness",
        help="Judge only this axis (the exit code follows it): record (the record's Art. 30 content) or "
             "lawfulness (legal bases, consent, contracts, transfer instruments, assessments)."),
    select: list[str] | None = typer.Option(
        None, "--select", metavar="CODES", help="Run only these rule codes or prefixes (e.g. RP2,RP301); "
                               "replaces the registry's own selection."),
    ignore: list[str] | None = typer.Option(
        None, "--ignore", metavar="CODES", help="Skip these rule codes or prefixes, in addition to the registry's."),
    today: _dt.datetime | None = typer.Option(
        None, "--today", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
        help="Judge dates (review due, waiver expiry, adequacy) as of this day."),
    lang: str | None = typer.Option(
        None, "--lang", "-l", envvar="ROPA_LANG", metavar="de|en", show_default=False,
        help="Language of the messages: de or en. Default: $ROPA_LANG, else the registry's first language, "
             "else en. json and sarif keep the English message and codes and add the chosen language's."),
) -> ExitCode:
    from ropa.cli._texts import say
    from ropa.cli._usage import check_choice, fail, registry_path

    if lang is not None and lang not in ("de", "en"):
        fail(say("bad-language", value=lang))
    check_choice("--severity", severity, ("error", "warning", "info"), lang=lang)
    check_choice("--axis", axis, ("record", "lawfulness"), lang=lang)
    if paths and registry is not None:
        registry_path(paths[0], registry, lang)  # both given: the same, or a usage error
    if not paths or len(paths) == 1 and paths[0].is_dir():
        paths = [registry_path(paths[0] if paths else None, registry, lang)]
    return run(paths, output_format, strict=strict, select=_codes(select), ignore=_codes(ignore),
               today=today.date() if today else None, severity=severity, hide_waived=hide_waived, lang=lang,
               axis=axis)


def run(paths: list[Path], output_format: str = "text", *, strict: bool = False,
        select: Sequence[str] = (), ignore: Sequence[str] = (), today: _dt.date | None = None,
        stream: TextIO | None = None, severity: str | None = None, hide_waived: bool = False, lang: str | None = None,
        axis: str | None = None) -> ExitCode:
    """Validate (``ropa.validation``); print the report to ``stream`` (stdout); return the exit code."""
    from ropa.cli._texts import language, say
    from ropa.report import MACHINE, summary
    from ropa.validation import shown, unknown_codes, validate, verdict

    stream = stream or sys.stdout
    unknown = unknown_codes([*select, *ignore])
    if unknown:
        print(say("validate-unknown-rule", lang, codes=", ".join(unknown)), file=sys.stderr)
        return ExitCode.USAGE
    report = validate(paths, today=today, select=select, ignore=ignore)
    if report is None:
        print(say("validate-no-files", lang), file=sys.stderr)
        return ExitCode.OK
    if axis is not None:  # what is judged, not only what is shown: the exit code follows
        report = report._replace(findings=tuple(f for f in report.findings if f.axis.value == axis or f.fatal))
    lang = language(lang, report.registry)
    visible = shown(report, severity, hide_waived)
    REPORTERS[output_format](visible, stream, lang)
    if visible is not report:
        print(say("validate-filtered", lang, shown=len(visible.findings), total=len(report.findings),
                  all=summary(report, lang)), file=sys.stderr)
    if output_format in MACHINE:
        print(summary(report, lang), file=sys.stderr)
    return verdict(report, strict=strict)
