"""Reporters: small functions that render one ``Report`` to a text stream.

``REPORTERS`` maps a format name to its function and is also the list of choices of
``ropa validate --format``. Each reporter imports what it needs (rich, json) inside the
function, so choosing a format costs only that format's imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from ropa.check import Report
from ropa.findings import Severity

Reporter = Callable[..., None]  # (report, stream, lang="en")


class _Reporters(Mapping[str, Reporter]):
    """Format name -> the ``render`` function of its module, imported when first asked for:
    a run imports only the reporter it writes with (``sarif`` alone costs ~4 ms of start-up)."""

    _MODULES = {"text": "text", "json": "json_report", "sarif": "sarif", "github": "github"}

    def __getitem__(self, name: str) -> Reporter:
        module = self._MODULES[name]  # KeyError for an unknown format, as a dict
        render: Reporter = importlib.import_module(f"{__name__}.{module}").render
        return render

    def __iter__(self) -> Iterator[str]:
        return iter(self._MODULES)

    def __len__(self) -> int:
        return len(self._MODULES)


REPORTERS: Mapping[str, Reporter] = _Reporters()

# Formats whose stdout must stay machine-readable: their summary line goes to stderr.
MACHINE = frozenset({"json", "sarif"})

__all__ = ["REPORTERS", "MACHINE", "Reporter", "summary", "counts", "by_axis"]


def counts(report: Report) -> dict[str, int]:
    """Open findings by severity, and the number of waived findings."""
    out = {s.value: report.count(s) for s in Severity}
    out["waived"] = len(report.waived)
    return out


def by_axis(report: Report) -> dict[str, dict[str, int]]:
    """Open findings by axis (``record``, ``lawfulness``), each by severity."""
    from ropa.findings import Axis

    out = {axis.value: {s.value: 0 for s in Severity} for axis in Axis}
    for finding in report.open:
        out[finding.axis.value][finding.severity.value] += 1
    return out


def summary(report: Report, lang: str | None = "en") -> str:
    """One line: ``3 errors, 1 warning, 0 info, 2 waived in 12 files`` (German: ``3 Fehler, ...``)."""
    from ropa.i18n import _, _n

    c = counts(report)
    line = _("{errors}, {warnings}, {infos}, {waived} in {files}", lang,
             errors=_n("{n} error", "{n} errors", c["error"], lang),
             warnings=_n("{n} warning", "{n} warnings", c["warning"], lang),
             infos=_n("{n} info", "{n} info", c["info"], lang),
             waived=_n("{n} waived", "{n} waived", c["waived"], lang),
             files=_n("{n} file", "{n} files", len(report.registry.files), lang))
    answered = len(getattr(report, "answered", ()))
    if answered:  # settled by the controller's answers (ropa.answers): not open, not counted above
        line += _n("; {n} settled by the controller's answers", "; {n} settled by the controller's answers",
                   answered, lang)
    return line
