"""Rule metadata for reporters: catalogue rules and loader problems alike."""

from __future__ import annotations

from functools import cache

from ropa.model import Value


class RuleInfo(Value):
    """What a reporter shows of a rule or loader problem: code, name, severity, reference, texts."""

    __slots__ = ("code", "name", "severity", "reference", "summary", "doc")

    code: str
    name: str
    severity: str
    reference: str
    summary: str
    doc: str

    def __init__(self, code: str, name: str, severity: str, reference: str, summary: str, doc: str) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "reference", reference)
        object.__setattr__(self, "summary", summary)
        object.__setattr__(self, "doc", doc)


@cache
def rule_info(code: str, lang: str | None = "en") -> RuleInfo:
    """A rule's or loader problem's metadata; summary, documentation and reference in ``lang``
    (a documentation the catalogue has no German for yet is the English, marked ``[en]``)."""
    from ropa.i18n import _p, cite
    from ropa.problems import PROBLEMS
    from ropa.problems import REFERENCE as PROBLEM_REFERENCE
    from ropa.rules import by_code

    rule = by_code().get(code)
    if rule is not None:
        doc = rule.doc_in(lang)
        if doc is None:
            doc = f"[en] {rule.doc.strip()}"
        return RuleInfo(rule.code, rule.name, rule.severity.value, cite(rule.reference, lang),
                        rule.summary_in(lang), doc)
    problem = PROBLEMS.get(code)
    if problem is not None:
        name, severity, _fatal, description = problem
        description = _p(code, description, lang)
        return RuleInfo(code, name, severity.value, cite(PROBLEM_REFERENCE, lang), description,
                        description)
    return RuleInfo(code, code.lower(), "error", "", code, "")
