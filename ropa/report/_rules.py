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
def rule_info(code: str) -> RuleInfo:
    from ropa.problems import PROBLEMS
    from ropa.problems import REFERENCE as PROBLEM_REFERENCE
    from ropa.rules import by_code

    rule = by_code().get(code)
    if rule is not None:
        return RuleInfo(rule.code, rule.name, rule.severity.value, rule.reference, rule.summary, rule.doc)
    problem = PROBLEMS.get(code)
    if problem is not None:
        name, severity, _fatal, description = problem
        return RuleInfo(code, name, severity.value, PROBLEM_REFERENCE, description,
                        description)
    return RuleInfo(code, code.lower(), "error", "", code, "")
