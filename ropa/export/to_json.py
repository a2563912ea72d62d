"""The resolved registry as JSON: stable, documented in docs/export-json.md.

Every model node becomes an object with every field of the model in declaration order
(``null`` where not stated; ``[]`` where explicitly empty), plus ``"at"``: the
``file:line`` it came from, relative to the registry root. Text fields are a string, or an
object ``{"de": ..., "en": ...}``. Dates are ISO 8601 strings. The vocabulary terms the
registry uses (legal bases, transfer mechanisms) are listed with both labels and their
DPV concept. The findings of ``ropa check`` (as of the registry date) are not part of the
record: they are in the review report's ``review-<org>.json`` (``render_report``, format
``ropa-review/1``).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from ropa import __version__, model, vocab
from ropa.art30 import View, location
from ropa.export.core import Output, Snapshot

FORMAT = "ropa-export/2"  # 2: findings moved to the review report; document control in "registry"
REPORT_FORMAT = "ropa-review/1"


def node(value: Any, view: View) -> Any:
    """A model value as plain JSON data (``view``: of its registry, for the nodes' locations)."""
    if value is None or value.__class__ is str:  # most values: what the tests below would return
        return value
    if isinstance(value, model.Text):
        return value.to_plain()
    if isinstance(value, model.Node):
        names = _NAMES.get(value.__class__)
        if names is None:
            names = _NAMES[value.__class__] = tuple(
                f.name for f in model.fields(value) if not f.metadata.get("internal"))
        out: dict[str, Any] = {name: node(getattr(value, name), view) for name in names}
        if value.span.file:
            out["at"] = location(view, value.span)
        if value.extra:
            out["extra"] = {k: _plain(v) for k, v in sorted(value.extra.items())}
        return out
    if isinstance(value, (tuple, list)):
        return [node(v, view) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): node(v, view) for k, v in value.items()}
    return value


_NAMES: dict[type, tuple[str, ...]] = {}  # model class -> its exported fields, in order (not per node)


def _plain(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def _terms(codes: set[str], table: dict[str, vocab.Term]) -> dict[str, Any]:
    return {c: {"kind": table[c].kind, "de": table[c].de, "en": table[c].en, "dpv": table[c].dpv}
            for c in sorted(codes) if c in table}


def document(snap: Snapshot) -> dict[str, Any]:
    registry = snap.registry
    activities = snap.activities()
    bases = {lb.basis for a in activities for lb in a.legal_bases}
    mechanisms = {t.mechanism for a in activities for t in a.transfers or ()}
    meta = registry.meta
    assert meta is not None  # snapshots() exports no registry without registry.yaml and its date
    view = View(registry, "en")  # for the locations only, which no language changes
    return {
        "format": FORMAT,
        "generator": f"ropa {__version__}",
        "registry": _registry(snap),
        "organisations": [node(o, view) for o in snap.organisations],
        "activities": [node(a, view) for a in activities],
        "recipients": [node(r, view) for r in snap.recipients],
        "data_categories": [node(c, view) for c in registry.data_categories.values()],
        "data_subjects": [node(s, view) for s in registry.data_subjects.values()],
        "measures": [node(m, view) for m in snap.measures],
        "documents": [node(d, view) for d in registry.documents.values()],
        "waivers": [node(w, view) for w in registry.waivers],
        "vocabulary": {"legal_bases": _terms(bases, vocab.legal_bases()),
                       "mechanisms": _terms(mechanisms, vocab.mechanisms())},
    }


def _registry(snap: Snapshot) -> dict[str, Any]:
    meta = snap.registry.meta
    assert meta is not None  # snapshots() exports no registry without registry.yaml and its date
    view = View(snap.registry, "en")
    return {
        "name": meta.name, "version": meta.version, "date": snap.date.isoformat(),
        "languages": list(meta.languages), "organisation": snap.organisation,
        "third_party": snap.third_party,
        "owner": meta.owner, "classification": meta.classification, "review_cycle": meta.review_cycle,
        "scope": node(meta.scope, view), "approvals": [node(a, view) for a in meta.approvals],
        "content_hash": {"algorithm": "sha256", "value": snap.content_hash},
    }


def report_document(snap: Snapshot) -> dict[str, Any]:
    """The review report as data: the registry's identity and every finding (open and waived)."""
    view = View(snap.registry, "en")
    return {
        "format": REPORT_FORMAT,
        "generator": f"ropa {__version__}",
        "registry": _registry(snap),
        "findings": [{
            "code": f.code, "severity": f.severity.value, "message": f.message, "target": f.target,
            "reference": f.reference, "at": location(view, f.span) or None,
            "waiver": node(f.waiver, view) if f.waiver is not None else None,
        } for f in snap.findings],
    }


def render_report(snap: Snapshot) -> list[Output]:
    text = json.dumps(report_document(snap), ensure_ascii=False, indent=2)
    return [Output(f"{snap.file_stem(kind='report')}.json", (text + "\n").encode("utf-8"))]


def render(snap: Snapshot) -> list[Output]:
    text = json.dumps(document(snap), ensure_ascii=False, indent=2)
    return [Output(f"{snap.file_stem()}.json", (text + "\n").encode("utf-8"))]
