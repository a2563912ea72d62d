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
    from ropa.findings import Finding
    from ropa.check import Report

HELP = """Validate the registry and report findings with file:line:col.

PATHS: the registry directory, or files inside it (as pre-commit passes them): the whole
registry is checked, and only findings in the given files (and registry-wide ones) are
reported. Files outside any registry (no registry.yaml above them) are skipped. A directory
inside a registry means the whole registry; without PATHS the registry is found like git
finds a repository (from a project root: its registry/).

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
    from ropa.inspect.texts import use_language, say
    from ropa.inspect.usage import check_choice, fail, registry_path

    if lang is not None and lang not in ("de", "en"):
        fail(say("bad-language", value=lang))
    use_language(lang)

    check_choice("--severity", severity, ("error", "warning", "info"))
    check_choice("--axis", axis, ("record", "lawfulness"))
    if paths and registry is not None:
        registry_path(paths[0], registry)  # both given: the same, or a usage error
    if not paths or len(paths) == 1 and paths[0].is_dir():
        paths = [registry_path(paths[0] if paths else None, registry)]
    return run(paths, output_format, strict=strict, select=_codes(select), ignore=_codes(ignore),
               today=today.date() if today else None, severity=severity, hide_waived=hide_waived, lang=lang,
               axis=axis)


def run(paths: list[Path], output_format: str = "text", *, strict: bool = False,
        select: Sequence[str] = (), ignore: Sequence[str] = (), today: _dt.date | None = None,
        stream: TextIO | None = None, severity: str | None = None, hide_waived: bool = False, lang: str | None = None,
        axis: str | None = None) -> ExitCode:
    """Validate; print the report to ``stream`` (stdout); return the exit code."""
    from ropa.report import MACHINE, summary

    stream = stream or sys.stdout
    unknown = [c for c in (*select, *ignore) if not _known_prefix(c)]
    if unknown:
        from ropa.inspect.texts import say

        print(say("validate-unknown-rule", lang, codes=", ".join(unknown)), file=sys.stderr)
        return ExitCode.USAGE
    reports = checked(paths, today=today, select=select, ignore=ignore)
    if not reports:
        from ropa.inspect.texts import say

        print(say("validate-no-files", lang), file=sys.stderr)
        return ExitCode.OK
    report = reports[0] if len(reports) == 1 else _merge(reports)
    if axis is not None:  # what is judged, not only what is shown: the exit code follows
        report = report._replace(findings=tuple(f for f in report.findings if f.axis.value == axis or f.fatal))
    lang = _language(report, lang)
    visible = shown(report, severity, hide_waived)
    REPORTERS[output_format](visible, stream, lang)
    if visible is not report:
        from ropa.inspect.texts import say

        print(say("validate-filtered", lang, shown=len(visible.findings), total=len(report.findings),
                  all=summary(report, lang)), file=sys.stderr)
    if output_format in MACHINE:
        print(summary(report, lang), file=sys.stderr)
    return verdict(report, strict=strict)


def _language(report: Report, lang: str | None) -> str:
    """``lang`` (--lang, $ROPA_LANG); without it the registry's first language, else English."""
    if lang is not None:
        return lang
    from ropa.i18n import registry_language

    return registry_language(report.registry) or "en"


def checked(paths: list[Path], *, today: _dt.date | None, select: Sequence[str], ignore: Sequence[str]) -> list[Report]:
    """One report per registry ``paths`` lie in, with only the findings in the given files."""
    from ropa.check import check
    from ropa.load import load

    reports = []
    for root, only in plan(paths):
        report = check(load(root), today=today, select=select, ignore=ignore)
        if only is not None:
            report = report._replace(findings=tuple(f for f in report.findings if _in_files(f, only)))
        reports.append(report)
    return reports


def verdict(report: Report, *, strict: bool) -> ExitCode:
    """2 when the registry cannot be read; 1 for errors (with ``strict``, warnings too); else 0."""
    from ropa.findings import Severity

    if report.fatal:
        return ExitCode.USAGE
    failing = report.count(Severity.ERROR) + (report.count(Severity.WARNING) if strict else 0)
    return ExitCode.FINDINGS if failing else ExitCode.OK


def shown(report: Report, severity: str | None, hide_waived: bool) -> Report:
    """The report with only the findings to show: of ``severity`` or worse, without waived ones."""
    from ropa.findings import Severity

    if severity is None and not hide_waived:
        return report
    worst = Severity(severity).rank if severity else None
    kept = tuple(f for f in report.findings if (worst is None or f.severity.rank <= worst)
                 and not (hide_waived and f.waived))
    return report._replace(findings=kept)


def plan(paths: list[Path]) -> list[tuple[str, set[str] | None]]:
    """Registry roots to load, each with the real paths of the files to report (None: all)."""
    import os

    from ropa.load import MARKER

    roots: dict[str, set[str] | None] = {}
    for path in paths:
        if not path.exists() or path.is_dir():
            roots[str(path)] = None  # a missing path is reported by the loader (RP001)
            continue
        root = _marked_root(path.resolve(), MARKER)
        if root is None:
            if len(paths) == 1:
                roots[str(path)] = None  # one explicit file: let the loader judge it
            continue
        files = roots.setdefault(os.path.relpath(root), set())
        if files is not None:  # None: the whole registry is reported already
            files.add(os.path.realpath(path))
    return list(roots.items())


def _marked_root(path: Path, marker: str) -> Path | None:
    for candidate in path.parents:
        if (candidate / marker).is_file():
            return candidate
    return None


def _in_files(finding: Finding, only: set[str]) -> bool:
    import os

    spans = (finding.span, *(r.span for r in finding.related))
    return any(not span.file or os.path.realpath(span.file) in only for span in spans)


def _known_prefix(code: str) -> bool:
    from ropa.problems import PROBLEMS
    from ropa.rules import by_code

    return any(c.startswith(code) for c in (*by_code(), *PROBLEMS))


def _merge(reports: list[Report]) -> Report:
    from ropa.findings import Finding

    findings = sorted((f for r in reports for f in r.findings), key=Finding.sort_key)
    registry = reports[0].registry._replace(files=tuple(f for r in reports for f in r.registry.files))
    return reports[0]._replace(findings=tuple(findings), registry=registry)
