"""The rule catalogue: one module per rule, discovered, never listed by hand.

A rule module is named ``rpNNN_<name>.py`` and defines:

* its docstring: the rule's documentation, with the sections ``What it does``,
  ``Why is this bad?``, ``Example`` (a failing YAML snippet), ``Use instead`` (a passing
  one) and ``References``; ``ropa explain CODE`` prints it and the README lists it;
* ``CODE`` (stable, never reused), ``NAME`` (short kebab-case), ``SEVERITY``,
  ``REFERENCE`` (the legal reference it enforces, e.g. ``"Art. 30(1)(b) GDPR"``);
* ``check(ctx)``: a generator of findings made with ``ctx.finding(...)``.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Callable, Iterator

from ropa.findings import Finding, Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    reference: str
    doc: str
    check: Callable[["object"], Iterator[Finding]]
    module: ModuleType

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name


def _rule_of(module: ModuleType) -> Rule:
    return Rule(code=module.CODE, name=module.NAME, severity=module.SEVERITY,
                reference=module.REFERENCE, doc=module.__doc__ or "", check=module.check,
                module=module)


@lru_cache(maxsize=None)
def catalogue() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    rules = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("rp"):
            rules.append(_rule_of(importlib.import_module(f"{__name__}.{info.name}")))
    codes = [r.code for r in rules]
    duplicates = {c for c in codes if codes.count(c) > 1}
    if duplicates:  # pragma: no cover - a developer error caught by the test suite
        raise RuntimeError(f"duplicate rule codes: {sorted(duplicates)}")
    return tuple(sorted(rules, key=lambda r: r.code))


def by_code() -> dict[str, Rule]:
    return {rule.code: rule for rule in catalogue()}
