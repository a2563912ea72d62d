"""`sarif`: SARIF 2.1.0, as GitHub code scanning reads it.

One run; ``tool.driver.rules`` lists every rule that has a result (with its help text);
waived findings carry a ``suppressions`` entry (kind ``external``, status ``accepted``)
so code scanning shows them as dismissed, not as open alerts.
"""

from __future__ import annotations

from typing import Any, TextIO

from ropa.check import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def document(report: Report, lang: str | None = "en") -> dict[str, Any]:
    from ropa import __version__
    from ropa.report._rules import rule_info

    codes = sorted({f.code for f in report.findings})
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        info = rule_info(code, lang)
        rules.append({
            "id": code,
            "name": info.name,
            "shortDescription": {"text": info.summary},
            "fullDescription": {"text": f"{info.summary} ({info.reference})" if info.reference else info.summary},
            "help": {"text": info.doc or info.summary, "markdown": info.doc or info.summary},
            "defaultConfiguration": {"level": LEVELS[info.severity]},
            "properties": {"reference": info.reference, "tags": ["gdpr", "art30"]},
        })
    results = []
    for finding in report.findings:
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": LEVELS[finding.severity.value],
            "message": {"text": finding.text(lang) + (f" [{finding.target}]" if finding.target else "")},
        }
        if lang == "de":  # message.text in the chosen language; the stable English in a property
            result["properties"] = {"message_en": finding.message}
        span = finding.span
        location: dict[str, Any] = {"artifactLocation": {"uri": (span.file or report.registry.root)
                                                          .replace("\\", "/")}}
        if span.line >= 1:
            location["region"] = {"startLine": span.line, "startColumn": max(span.col, 1)}
        result["locations"] = [{"physicalLocation": location}]
        if finding.target:
            result.setdefault("properties", {})["target"] = finding.target
        if finding.waiver is not None:
            waiver = finding.waiver
            result["suppressions"] = [{
                "kind": "external", "status": "accepted",
                "justification": f"{waiver.justification} (accepted by {waiver.accepted_by} on "
                                 f"{waiver.accepted}, expires {waiver.expires})",
            }]
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "ropa", "version": __version__,
                                "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def render(report: Report, stream: TextIO, lang: str | None = "en") -> None:
    import json

    # no indent: only then does json use its C encoder (10x faster on 100,000 findings)
    from ropa.report.text import json_printable  # registry text is data: no terminal controls

    stream.write(json_printable(json.dumps(document(report, lang), ensure_ascii=False)))
    stream.write("\n")
