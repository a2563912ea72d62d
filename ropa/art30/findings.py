"""The findings table (the review report's, never the record's): rule, severity, message,
legal provision, registry file and line, waiver."""

from __future__ import annotations

from typing import Any

from ropa import model
from ropa.i18n import N_, gettext
from ropa.labels import (SEVERITIES, fmt_date, label, text)

from ropa.art30.view import Column, View, _field, joined

C = Column


# --- findings ---------------------------------------------------------------------------------

def location(view: View, span: model.Span) -> str:
    """``file:line`` relative to the registry root, so it does not depend on the working directory
    (nor on the view's language)."""
    if not span.file:
        return ""
    files = view.files  # one path per file: the JSON export locates every node
    path = files.get(span.file)
    if path is None:
        path = files[span.file] = _relative(span.file, view.registry.root)
    return f"{path}:{span.line}"


def _relative(file: str, root: str) -> str:
    import os

    root = os.path.normpath(root)
    path = os.path.normpath(file)
    if path == root or path.startswith(root + os.sep):
        path = os.path.relpath(path, root)
    return path.replace(os.sep, "/")


def _severity(view: View, f: Any) -> str:
    return label(SEVERITIES, f.severity.value, view.lang)


def _message(view: View, f: Any) -> str:
    return f.text(view.lang)


def _reference(view: View, f: Any) -> str:
    return f.cited(view.lang)


def _location(view: View, f: Any) -> str:
    return location(view, f.span)


def _waiver(view: View, f: Any) -> str:
    w = f.waiver
    if w is None:
        return ""
    lang = view.lang
    return joined(text(w.justification, lang), f"{view.words['accepted-by']} {w.accepted_by}, "
                  f"{fmt_date(w.accepted, lang)}", f"{view.words['expires']} {fmt_date(w.expires, lang)}")


FINDING_COLUMNS: tuple[Column, ...] = (
    C("code", None, N_("Rule"), _field("code"), 7),
    C("severity", None, N_("Severity"), _severity, 9),
    C("target", None, N_("Concerns"), _field("target"), 16),
    C("message", None, N_("Finding"), _message, 36),
    C("reference", None, N_("Legal provision"), _reference, 16),
    C("location", None, N_("Location"), _location, 18),
    C("waiver", None, N_("Waiver"), _waiver, 33),
)


def concerns(view: View, f: Any) -> str:
    """``id: name`` of the activity, recipient or organisation a finding is about; the registry
    itself for a registry-wide finding."""
    ident = f.target or ""
    node = view.registry.target(ident) if ident else None
    if node is None:
        return ident or gettext(N_("Registry"), view.lang)
    name = getattr(node, "name", None)
    shown = text(name, view.lang) if name is not None else ""
    return f"{ident}: {shown}" if shown and shown != ident else ident


def _cause(view: View, f: Any) -> str:
    """The rule code and its one-line summary: what the finding is an instance of."""
    from ropa.problems import PROBLEMS
    from ropa.rules import catalogue

    rule = next((r for r in catalogue() if r.code == f.code), None)
    if rule is not None:
        return f"{f.code} {rule.summary_in(view.lang).rstrip('.')}"
    return f"{f.code} {PROBLEMS[f.code][0]}" if f.code in PROBLEMS else f.code


AXES = {"record": N_("Record (Art. 30)"), "lawfulness": N_("Lawfulness and accountability")}


def _axis(view: View, f: Any) -> str:
    """What the finding judges: the record's Art. 30 content, or whether the processing is
    lawful and shown to be (``Rule.axis``)."""
    return gettext(AXES[f.axis.value], view.lang)


# the review report's findings: grouped by what they concern (the first column), then by cause
REPORT_FINDING_COLUMNS: tuple[Column, ...] = (
    C("concerns", None, N_("Concerns"), concerns, 24),
    C("cause", None, N_("Cause (rule)"), _cause, 30),
    C("severity", None, N_("Severity"), _severity, 9),
    C("axis", None, N_("Kind of finding"), _axis, 16),
    C("message", None, N_("Finding"), _message, 40),
    C("reference", None, N_("Legal provision"), _reference, 16),
    C("location", None, N_("Registry file and line"), _location, 20),
    C("waiver", None, N_("Waiver"), _waiver, 30),
)
