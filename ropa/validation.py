"""Validation as a library call: the registries a list of paths stands for, checked, in one report.

``ropa validate`` (``ropa.cli.validate``) is a thin shell over this module: it parses the
options, calls ``validate``, prints the report with a reporter of ``ropa.report`` and ends
with ``verdict``'s exit code.

API::

    from ropa.validation import validate, verdict, shown
    report = validate([Path("registry")], today=None)   # one Report, several registries merged
    verdict(report, strict=False)                        # ExitCode.OK / FINDINGS / USAGE
    shown(report, "warning", hide_waived=True)           # only what to show
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path

from ropa.check import Report
from ropa.findings import ExitCode, Finding, Severity


def unknown_codes(codes: Sequence[str]) -> list[str]:
    """The codes (or code prefixes) among ``codes`` that name no rule and no loader problem."""
    from ropa.problems import PROBLEMS
    from ropa.rules import by_code

    known = (*by_code(), *PROBLEMS)
    return [code for code in codes if not any(c.startswith(code) for c in known)]


def validate(paths: Sequence[Path], *, today: _dt.date | None = None, select: Sequence[str] = (),
             ignore: Sequence[str] = ()) -> Report | None:
    """Load and check every registry ``paths`` lie in (``ropa.locate.registry_roots``), in full:
    one report, merged when there are several; None when no path lies in a registry."""
    from ropa.check import check
    from ropa.load import load
    from ropa.locate import registry_roots

    reports = [check(load(root), today=today, select=select, ignore=ignore) for root in registry_roots(paths)]
    if not reports:
        return None
    return reports[0] if len(reports) == 1 else merge(reports)


def merge(reports: Sequence[Report]) -> Report:
    """Several registries' reports as one: findings sorted, files of all of them."""
    findings = sorted((f for r in reports for f in r.findings), key=Finding.sort_key)
    registry = reports[0].registry._replace(files=tuple(f for r in reports for f in r.registry.files))
    return reports[0]._replace(findings=tuple(findings), registry=registry)


def verdict(report: Report, *, strict: bool) -> ExitCode:
    """2 when the registry cannot be read; 1 for errors (with ``strict``, warnings too); else 0."""
    if report.fatal:
        return ExitCode.USAGE
    failing = report.count(Severity.ERROR) + (report.count(Severity.WARNING) if strict else 0)
    return ExitCode.FINDINGS if failing else ExitCode.OK


def shown(report: Report, severity: str | None, hide_waived: bool) -> Report:
    """The report with only the findings to show: of ``severity`` or worse, without waived ones."""
    if severity is None and not hide_waived:
        return report
    worst = Severity(severity).rank if severity else None
    kept = tuple(f for f in report.findings if (worst is None or f.severity.rank <= worst)
                 and not (hide_waived and f.waived))
    return report._replace(findings=kept)
