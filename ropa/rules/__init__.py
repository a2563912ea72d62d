"""The rule catalogue: one module per rule, discovered, never listed by hand.

A rule module is named ``rpNNN_<name>.py`` and defines:

* its docstring: the rule's documentation, with the sections ``What it does``,
  ``Why is this bad?``, ``Example`` (a failing YAML snippet), ``Use instead`` (a passing
  one) and ``References``; ``ropa explain CODE`` prints it and docs/rules.md lists it;
* ``CODE`` (stable, never reused), ``NAME`` (short kebab-case), ``SEVERITY``,
  ``REFERENCE`` (the legal reference it enforces, e.g. ``"Art. 30(1)(b) GDPR"``);
* ``AXIS``: ``Axis.RECORD`` if it judges the record's Art. 30 content, ``Axis.LAWFULNESS`` if
  it judges the lawfulness of the processing or the controller's accountability for it
  (``ropa.findings.Axis``); the severity follows from the axis and the law: an item Art. 30
  asks for only "where possible", or does not ask for at all, is not a record error;
* optionally ``FIELDS``: the registry fields the rule judges (``("retention",)``): a gap,
  conflict or interpretation recorded on the same entry and field is the same cause, reported
  once with the rule's finding (``ropa.check.one_per_cause``);
* optionally ``CAUSE``: the message values that name the cause (``("recipient",)``): the
  rule's findings with the same message and the same values there are one finding naming
  every entry they concern;
* ``check(ctx: Context) -> Iterator[Finding]``: a generator of findings made with
  ``ctx.finding(...)`` (``ropa.rules.context.Context``);
* optionally ``DEFAULT = False``: the rule runs only when selected (``--select``, or the
  registry's ``rules: select:``);
* optionally ``prepare(ctx)``: starts work that waits on the world outside (RP612's git
  processes) before any rule runs, leaving it in ``ctx.memo`` for its ``check``, which does the
  work itself when nothing was prepared (``ropa.check``).

Numbering: RP1xx record contents, RP2xx legal bases, RP3xx transfers, RP4xx recipients and
contracts, RP5xx retention, security, DPIA, RP6xx dates and wording, RP7xx consistency
between related facts, RP9xx waivers (run after waivers are applied). A code is never reused.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import threading
from functools import cache
from types import ModuleType
from collections.abc import Callable, Iterator

from typing import TYPE_CHECKING

from ropa.findings import Axis, Finding, Severity
from ropa.model import Value

if TYPE_CHECKING:
    from ropa.rules.context import Context


class Rule(Value):
    """One rule of the catalogue, read from its module."""

    __slots__ = ("code", "name", "severity", "reference", "doc", "check", "module", "default", "axis",
                 "fields", "cause")

    code: str
    name: str
    severity: Severity
    reference: str
    doc: str
    check: Callable[[Context], Iterator[Finding]]
    module: ModuleType
    default: bool  # runs unless deselected; False: only when selected (``DEFAULT = False``)
    axis: Axis | None  # None: the module declares none (the catalogue test fails on it)
    fields: tuple[str, ...]
    cause: tuple[str, ...]

    def __init__(self, code: str, name: str, severity: Severity, reference: str, doc: str,
                 check: Callable[[Context], Iterator[Finding]], module: ModuleType, default: bool = True,
                 axis: Axis | None = None, fields: tuple[str, ...] = (), cause: tuple[str, ...] = ()) -> None:
        _set = object.__setattr__
        _set(self, "code", code)
        _set(self, "name", name)
        _set(self, "severity", severity)
        _set(self, "reference", reference)
        _set(self, "doc", doc)
        _set(self, "check", check)
        _set(self, "module", module)
        _set(self, "default", default)
        _set(self, "axis", axis)
        _set(self, "fields", fields)
        _set(self, "cause", cause)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name

    def summary_in(self, lang: str | None) -> str:
        """The one-line summary in ``lang`` (the catalogue's message in context ``CODE``)."""
        from ropa.i18n import _p

        return _p(self.code, self.summary, lang)

    def doc_in(self, lang: str | None) -> str | None:
        """The documentation in ``lang`` (catalogue context ``CODE doc``); None if the catalogue
        has no German yet (the caller shows the English, marked)."""
        from ropa.i18n import _p

        doc = self.doc.strip()
        context = self.code + " doc"
        out = _p(context, doc, lang) if doc else doc
        return None if lang == "de" and out == doc else out


def _rule_of(module: ModuleType) -> Rule:
    return Rule(code=module.CODE, name=module.NAME, severity=module.SEVERITY,
                reference=module.REFERENCE, doc=module.__doc__ or "", check=module.check,
                module=module, default=getattr(module, "DEFAULT", True), axis=getattr(module, "AXIS", None),
                fields=tuple(getattr(module, "FIELDS", ())), cause=tuple(getattr(module, "CAUSE", ())))


@cache
def catalogue() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    with _LOCK:
        rules = [_rule_of(module) for module in _rule_modules()]
    codes = [r.code for r in rules]
    duplicates = {c for c in codes if codes.count(c) > 1}
    if duplicates:  # pragma: no cover - a developer error caught by the test suite
        raise RuntimeError(f"duplicate rule codes: {sorted(duplicates)}")
    return tuple(sorted(rules, key=lambda r: r.code))


# Two threads asking for the catalogue first must not run a module twice; reentrant, so a
# rule module that (wrongly) asks for the catalogue while it is imported fails, not hangs.
_LOCK = threading.RLock()


def _rule_modules() -> list[ModuleType]:
    """The ``rp*.py`` modules of this package, imported.

    Each is loaded from its file with the importlib recipe for importing a source file
    directly (``spec_from_file_location``, ``module_from_spec``, ``exec_module``: the same
    loader and bytecode cache as ``import``), and registered in ``sys.modules`` as
    ``ropa.rules.<name>``. ``importlib.import_module`` would also take a module lock and ask
    every finder on ``sys.meta_path``: a third of the catalogue's import time for 44 small
    modules (12.4 -> 8.5 ms, medians of 15 processes). A module already imported (a rule
    that imports another) is reused. When the package is not a plain directory (a zip
    archive, a frozen application) the import system finds the modules as usual.
    """
    directory = __path__[0] if len(__path__) == 1 else ""
    try:
        names = sorted(name[:-3] for name in os.listdir(directory)
                       if name.startswith("rp") and name.endswith(".py"))
    except OSError:
        import pkgutil

        return [importlib.import_module(f"{__name__}.{info.name}")
                for info in pkgutil.iter_modules(__path__) if info.name.startswith("rp")]
    return [_load(name, os.path.join(directory, name + ".py")) for name in names]


def _load(name: str, path: str) -> ModuleType:
    fullname = f"{__name__}.{name}"
    module = sys.modules.get(fullname)
    if module is None:
        spec = importlib.util.spec_from_file_location(fullname, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load the rule module {path}", name=fullname, path=path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[fullname] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[fullname]
            raise
        setattr(sys.modules[__name__], name, module)
    return module


def by_code() -> dict[str, Rule]:
    return {rule.code: rule for rule in catalogue()}
