"""`sarif`: SARIF 2.1.0, as GitHub code scanning reads it.

One run; ``tool.driver.rules`` lists every rule that has a result (with its axis and legal
reference); waived findings carry a ``suppressions`` entry (kind ``external``, status
``accepted``) so code scanning shows them as dismissed, not as open alerts.

Stable for tools:

* every ``artifactLocation`` is relative to the repository root (``uriBaseId`` ``SRCROOT``:
  the nearest directory above the registry with ``.git``; without one, the current directory
  when the registry lies below it, else the registry's parent), whatever path the registry was
  given as: ``ropa validate /abs/path/registry`` and ``ropa validate registry`` write the same
  URIs, and no absolute path of the machine leaves it;
* ``partialFingerprints["ropaFinding/v1"]`` is a hash of the rule code, the entry concerned and
  the stable English message (with the n-th repetition of an identical finding): not of the
  line, so inserting an unrelated activity above a finding does not make it a new alert;
* a finding that stands for one cause at several places (``ropa.check.one_per_cause``) lists
  the other places as ``relatedLocations``;
* ``automationDetails.id`` is ``ropa/<registry path relative to the root>/``, so two registries
  of one repository are two analyses;
* each rule's ``help`` carries the rule's own documentation (``rule_help``): its header with
  severity and legal reference, the summary docs/rules.md lists, and the documentation
  ``ropa explain`` prints (what it does, why, a failing and a passing example), as Markdown
  (what code scanning shows) and as plain text. ``helpUri`` is written only when the installed
  distribution declares a ``Documentation`` URL: ropa has no public documentation site, and
  the tool does not invent one.
"""

from __future__ import annotations

import functools
import hashlib
import os
from typing import Any, TextIO

from ropa.check import Report
from ropa.findings import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
BASE = "SRCROOT"
FINGERPRINT = "ropaFinding/v1"


def source_root(registry_root: str) -> str:
    """The directory SARIF URIs are relative to (see the module docstring)."""
    start = os.path.abspath(registry_root)
    here = start if os.path.isdir(start) else os.path.dirname(start)
    probe = here
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    cwd = os.getcwd()
    if here == cwd or here.startswith(cwd.rstrip(os.sep) + os.sep):
        return cwd
    return os.path.dirname(here)


def relative_uri(path: str, root: str) -> str:
    """``path`` relative to ``root``, with forward slashes and percent-encoding where a URI needs it."""
    from urllib.parse import quote

    rel = os.path.relpath(os.path.abspath(path), root)
    return quote(rel.replace(os.sep, "/"), safe="/-._~")


def fingerprint(finding: Finding, occurrence: int) -> str:
    key = "\x1f".join((finding.code, finding.target or "", str(finding.message), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def help_uri(code: str) -> str | None:
    """The rule's documentation page, from the ``Documentation`` URL the installed distribution
    declares (``[project.urls]`` in pyproject.toml); None while none is declared."""
    base = _documentation()
    return f"{base}/rules.md#{code.lower()}" if base else None


@functools.cache
def _documentation() -> str | None:
    """The ``Documentation`` URL the installed distribution declares, read once per process
    (reading a distribution's metadata scans the installed packages)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("ropa-registry").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip().rstrip("/")
    return None


def rule_help(info: Any, lang: str | None) -> dict[str, str]:
    """A rule's ``help`` (a SARIF multiformatMessageString): the rule's documentation as
    Markdown and as plain text, headed like ``ropa explain``'s output (code, name, severity,
    legal reference); a documentation the catalogue has no German for yet is the German
    summary, then the English, marked ``[en]``."""
    from ropa import labels
    from ropa.i18n import _

    doc = (info.doc or info.summary).strip()
    if doc.startswith("[en] "):
        doc = (f"{info.summary}\n\n"
               + _("[en] The full documentation of this rule is not yet available in this language; "
                   "it follows in English.", lang)
               + f"\n\n{doc[5:]}")
    severity = labels.label(labels.SEVERITIES, info.severity, lang or "en")
    reference = f"; {info.reference}" if info.reference else ""
    markdown = f"**{info.code} {info.name}** ({severity}{reference})\n\n{doc}\n"
    text = f"{info.code} {info.name} ({severity}{reference})\n\n{plain_text(doc)}\n"
    return {"text": text, "markdown": markdown}


def plain_text(markdown: str) -> str:
    """The rule documentation's Markdown as plain text: headings as their words, code blocks
    indented by four spaces without their fences."""
    lines = []
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            lines.append("    " + line if line else "")
        elif line.startswith("#"):
            lines.append(line.lstrip("#").strip())
        else:
            lines.append(line)
    return "\n".join(lines)


def _location(span: Any, report: Report, root: str) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": relative_uri(span.file or report.registry.root, root),
                                                     "uriBaseId": BASE}}
    if span.line >= 1:
        location["region"] = {"startLine": span.line, "startColumn": max(span.col, 1)}
    return {"physicalLocation": location}


def document(report: Report, lang: str | None = "en") -> dict[str, Any]:
    from ropa import __version__
    from ropa.report._rules import rule_info
    from ropa.report.text import axis_word

    root = source_root(report.registry.root)
    codes = sorted({f.code for f in report.findings})
    index = {code: i for i, code in enumerate(codes)}
    axes = {f.code: f.axis.value for f in report.findings}
    rules = []
    for code in codes:
        info = rule_info(code, lang)
        rule: dict[str, Any] = {
            "id": code,
            "name": info.name,
            "shortDescription": {"text": info.summary},
            "fullDescription": {"text": f"{info.summary} ({info.reference})" if info.reference else info.summary},
            "help": rule_help(info, lang),
            "defaultConfiguration": {"level": LEVELS[info.severity]},
            "properties": {"reference": info.reference, "axis": axes[code],
                           "tags": ["gdpr", "art30", axes[code]]},
        }
        uri = help_uri(code)
        if uri:
            rule["helpUri"] = uri
        rules.append(rule)
    results = []
    seen: dict[tuple[str, str, str], int] = {}
    for finding in report.findings:
        key = (finding.code, finding.target or "", str(finding.message))
        occurrence = seen[key] = seen.get(key, -1) + 1
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": LEVELS[finding.severity.value],
            "message": {"text": finding.text(lang) + (f" [{finding.target}]" if finding.target else "")},
            "locations": [_location(finding.span, report, root)],
            "partialFingerprints": {FINGERPRINT: fingerprint(finding, occurrence)},
            "properties": {"axis": finding.axis.value},
        }
        if lang == "de":  # message.text in the chosen language; the stable English in a property
            result["properties"]["message_en"] = finding.message
            result["properties"]["axis_text"] = axis_word(finding.axis.value, lang)
        if finding.target:
            result["properties"]["target"] = finding.target
        if finding.related:
            result["relatedLocations"] = [
                {"id": i + 1, **_location(r.span, report, root),
                 "message": {"text": f"{r.code} [{r.target}]" if r.target else r.code}}
                for i, r in enumerate(finding.related)]
            result["properties"]["targets"] = list(finding.targets)
        if finding.waiver is not None:
            waiver = finding.waiver
            result["suppressions"] = [{
                "kind": "external", "status": "accepted",
                "justification": f"{waiver.justification} (accepted by {waiver.accepted_by} on "
                                 f"{waiver.accepted}, expires {waiver.expires})",
            }]
        results.append(result)
    registry_uri = relative_uri(report.registry.root, root).strip("/")
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "ropa", "version": __version__, "rules": rules}},
            "automationDetails": {"id": f"ropa/{'' if registry_uri == '.' else registry_uri}/".replace("//", "/")},
            "originalUriBaseIds": {BASE: {"description": {"text": "the repository root (the directory with .git)"}}},
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
