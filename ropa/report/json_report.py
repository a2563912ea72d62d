"""`json`: one JSON document, documented in docs/validation.md (format version 1)."""

from __future__ import annotations

from typing import Any, TextIO

from ropa.check import Report
from ropa.findings import Finding

FORMAT_VERSION = 1


def finding_dict(finding: Finding, lang: str | None = "en") -> dict[str, Any]:
    from ropa.report._rules import rule_info

    span = finding.span
    waiver = finding.waiver
    out = {
        "code": finding.code,
        "name": rule_info(finding.code).name,
        "severity": finding.severity.value,
        "axis": finding.axis.value,
        "message": finding.message,
        "file": span.file or None,
        "line": span.line or None,
        "column": span.col or None,
        "target": finding.target,
        "reference": finding.reference,
        "related": [{"code": r.code, "target": r.target, "file": r.span.file or None,
                     "line": r.span.line or None, "column": r.span.col or None} for r in finding.related],
        "waived": waiver is not None,
        "waiver": None if waiver is None else {
            "rule": waiver.rule, "target": waiver.target,
            "justification": str(waiver.justification), "accepted_by": waiver.accepted_by,
            "accepted": waiver.accepted.isoformat(), "expires": waiver.expires.isoformat(),
            "file": waiver.span.file or None, "line": waiver.span.line or None,
        },
    }
    if lang == "de":  # the message in the chosen language beside the stable English one
        from ropa.report.text import axis_word

        out["localized"] = {"lang": lang, "message": finding.text(lang), "reference": finding.cited(lang),
                            "axis": axis_word(finding.axis.value, lang)}
    return out


def document(report: Report, lang: str | None = "en") -> dict[str, Any]:
    from ropa import __version__
    from ropa.report import by_axis, counts

    return {
        "version": FORMAT_VERSION,
        "tool": {"name": "ropa", "version": __version__},
        "registry": report.registry.root,
        "today": report.today.isoformat(),
        "summary": {**counts(report), "files": len(report.registry.files), "by_axis": by_axis(report)},
        "findings": [finding_dict(f, lang) for f in report.findings],
        **({"answered": [_answered(f, lang) for f in report.answered]} if report.answered else {}),
    }


def _answered(finding: Finding, lang: str | None) -> dict[str, Any]:
    """A finding the controller's answer settled, with the answer and where it was read from."""
    a = finding.answer
    return {**finding_dict(finding, lang), "answer": {
        "kind": a.kind, "text": a.text, "answered_by": a.answered_by or None,
        "date": a.date.isoformat() if a.date else None, "document": a.document, "file": a.path,
        "sheet": a.sheet or None, "row": a.row, "column": a.column or None}}


def render(report: Report, stream: TextIO, lang: str | None = "en") -> None:
    import json

    # no indent: only then does json use its C encoder (10x faster on 100,000 findings)
    from ropa.report.text import json_printable  # registry text is data: no terminal controls

    stream.write(json_printable(json.dumps(document(report, lang), ensure_ascii=False)))
    stream.write("\n")
