"""Reporters: small functions that render one ``Report`` to a text stream.

``REPORTERS`` maps a format name to its function and is also the list of choices of
``ropa validate --format``. Each reporter imports what it needs (rich, json) inside the
function, so choosing a format costs only that format's imports.
"""

from __future__ import annotations

from typing import TextIO
from collections.abc import Callable

from ropa.check import Report
from ropa.findings import Severity
from ropa.report import github, json_report, sarif, text

Reporter = Callable[[Report, TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
}

# Formats whose stdout must stay machine-readable: their summary line goes to stderr.
MACHINE = frozenset({"json", "sarif"})

__all__ = ["REPORTERS", "MACHINE", "Reporter", "summary", "counts"]


def counts(report: Report) -> dict[str, int]:
    """Open findings by severity, and the number of waived findings."""
    out = {s.value: report.count(s) for s in Severity}
    out["waived"] = len(report.waived)
    return out


def summary(report: Report) -> str:
    """One line: ``3 errors, 1 warning, 0 info, 2 waived in 12 files``."""
    c = counts(report)

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"

    files = len(report.registry.files)
    return (f"{n(c['error'], 'error')}, {n(c['warning'], 'warning')}, {n(c['info'], 'info')}, "
            f"{c['waived']} waived in {n(files, 'file')}")
