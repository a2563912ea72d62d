"""Rule metadata for reporters: catalogue rules and loader problems alike."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    severity: str
    reference: str
    summary: str
    doc: str


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
