"""The data-flow map's graph: where the data goes, from the record.

Four layers, left to right: groups of data subjects -> processing activities -> recipients
(coloured by role) -> countries. An edge from a recipient to a country says on which basis the
data is there: inside the EEA, an adequacy decision, the EU-US Data Privacy Framework, standard
contractual clauses (with their module), another Art. 46 safeguard, an Art. 49 derogation, or
none documented. The basis is the one transfer assessment of ``ropa validate``
(``ropa.transfer.assess_in``); a recipient established or storing data outside the EEA with no
transfer recorded is an edge "none documented". An activity whose recipients or data subjects
the record does not state points to a dashed "not stated" box. Nothing is drawn that the
registry does not state. With ``findings`` (``ropa map``), a box carries the number of its open
findings and an edge whose transfer basis has open points is dashed; the record's own map
(``ropa export``, html and PDF) shows the record's facts only, as the record does.

``ropa.flow.layout`` orders the boxes of each layer, ``ropa.flow.draw`` draws the map as SVG and
``ropa.flow.pdf`` on a PDF page.

>>> import datetime
>>> from ropa.check import check
>>> from ropa.load import load
>>> flow = build(check(load("tests/fixtures/sample"), today=datetime.date(2024, 6, 1)))
>>> sorted({n.layer for n in flow.nodes})
[0, 1, 2, 3]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ropa import labels, transfer, vocab
from ropa.i18n import N_, _
from ropa.model import Value
from ropa.records import as_of, kept_activities

if TYPE_CHECKING:
    from ropa.check import Report
    from ropa.model import Activity

__all__ = ["FlowMap", "MapNode", "MapEdge", "build", "BASES", "ROLE_FILL", "KIND_FILL"]

_set = object.__setattr__

# transfer bases, from no Chapter V transfer to none documented: (key, colour, dash, legend)
BASES: dict[str, tuple[str, str, str]] = {
    "eea": ("#6b7b8c", "", N_("EEA: no transfer to a third country")),
    "adequacy": ("#1a7f37", "", N_("Adequacy decision (Art. 45)")),
    "dpf": ("#1a7f37", "", N_("EU-US Data Privacy Framework (Art. 45)")),
    "scc": ("#0b5cad", "", N_("Standard contractual clauses (Art. 46(2)(c))")),
    "safeguard": ("#0b5cad", "", N_("Other Art. 46 safeguard")),
    "derogation": ("#b35900", "", N_("Derogation (Art. 49)")),
    "none": ("#c62828", "6 3", N_("No transfer basis documented")),
    "unknown": ("#7a7a7a", "2 3", N_("Not stated in the record")),
}
_WORST = ["eea", "adequacy", "dpf", "scc", "safeguard", "derogation", "unknown", "none"]
ROLE_FILL = {"processor": "#dff0e0", "sub-processor": "#dff0e0", "controller": "#fde9d4",
             "joint-controller": "#fde9d4", "authority": "#ebe3f5"}
KIND_FILL = {"subject": "#e3eefa", "activity": "#f1f1f1", "recipient": "#eeeeee", "country": "#ffffff",
             "missing": "#ffffff"}


class MapNode(Value):
    """A box of the map: ``layer`` 0 subjects, 1 activities, 2 recipients, 3 countries."""

    __slots__ = ("id", "layer", "label", "kind", "role", "open", "missing", "detail")

    id: str
    layer: int
    label: str
    kind: str
    role: str
    open: int  # open findings on this item
    missing: bool  # a placeholder for a fact the record does not state
    detail: str  # the full text (tooltip)

    def __init__(self, id: str, layer: int, label: str, kind: str, role: str = "", open: int = 0,
                 missing: bool = False, detail: str = "") -> None:
        _set(self, "id", id)
        _set(self, "layer", layer)
        _set(self, "label", label)
        _set(self, "kind", kind)
        _set(self, "role", role)
        _set(self, "open", open)
        _set(self, "missing", missing)
        _set(self, "detail", detail or label)


class MapEdge(Value):
    """A flow between two boxes of adjacent layers; ``basis`` for recipient -> country edges."""

    __slots__ = ("source", "target", "basis", "label", "open")

    source: str
    target: str
    basis: str
    label: str
    open: bool

    def __init__(self, source: str, target: str, basis: str = "", label: str = "", open: bool = False) -> None:
        _set(self, "source", source)
        _set(self, "target", target)
        _set(self, "basis", basis)
        _set(self, "label", label)
        _set(self, "open", open)


class FlowMap(Value):
    """The map's boxes and flows, before layout; ``svg`` draws it."""

    __slots__ = ("lang", "title", "subtitle", "nodes", "edges", "findings")

    lang: str
    title: str
    subtitle: str
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    findings: bool  # open findings shown (badges, dashed edges): ropa map, not the record

    def __init__(self, lang: str, title: str, subtitle: str, nodes: tuple[MapNode, ...],
                 edges: tuple[MapEdge, ...], findings: bool = True) -> None:
        _set(self, "lang", lang)
        _set(self, "title", title)
        _set(self, "subtitle", subtitle)
        _set(self, "nodes", nodes)
        _set(self, "edges", edges)
        _set(self, "findings", findings)


# --- the graph from the record --------------------------------------------------------------

def _basis(found: transfer.Assessment, mechanism: str, scc_module: int | None, lang: str) -> tuple[str, str]:
    if found.kind == "not-needed":
        return "eea", ""
    if found.kind == "adequacy":
        term = vocab.mechanisms().get(mechanism)
        return ("dpf", "DPF") if term is not None and term.scheme else ("adequacy", _("adequacy", lang))
    if found.kind == "safeguard":
        if mechanism == "scc":
            return "scc", f"SCC {scc_module}" if scc_module else "SCC"
        return "safeguard", mechanism.upper()
    if found.kind == "derogation":
        return "derogation", "Art. 49"
    return "none", ""


def _recipients_of(a: Activity) -> list[str]:
    """The recipients an activity discloses data to or transfers data to."""
    return [u.recipient for u in a.recipients or ()] + [t.recipient for t in a.transfers or ()]


def _select(report: Report, organisation: str | None, subject: str | None, recipient: str | None,
            country: str | None) -> list[Activity]:
    registry = report.registry
    acts = kept_activities(registry, organisation)
    if subject is not None:
        acts = [a for a in acts if subject in a.data_subjects]
    if recipient is not None:
        acts = [a for a in acts if recipient in _recipients_of(a)]
    if country is not None:
        def reaches(a: Activity) -> bool:
            if any(t.country == country for t in a.transfers or ()):
                return True
            for u in a.recipients or ():
                rec = registry.recipients.get(u.recipient)
                if rec is not None and (rec.country == country or country in rec.storage):
                    return True
            return False
        acts = [a for a in acts if reaches(a)]
    return acts


def build(report: Report, lang: str = "en", *, organisation: str | None = None, subject: str | None = None,
          recipient: str | None = None, country: str | None = None, findings: bool = True) -> FlowMap:
    """The data-flow map of ``report``'s registry (optionally of one organisation, or only the
    activities that concern one data subject group, recipient or country); ``findings=False``:
    the record's facts only, without the open findings of ``ropa validate``."""
    registry = report.registry
    acts = _select(report, organisation, subject, recipient, country)
    open_count: dict[str, int] = {}
    for f in report.findings if findings else ():
        if not f.waived and f.target:
            open_count[f.target] = open_count.get(f.target, 0) + 1
    nodes: dict[str, MapNode] = {}
    edges: dict[tuple[str, str], MapEdge] = {}

    def edge(src: str, dst: str, basis: str = "", label: str = "", is_open: bool = False) -> None:
        old = edges.get((src, dst))
        if old is not None:
            if basis and _WORST.index(basis) < _WORST.index(old.basis or "eea"):
                basis, label = old.basis, old.label
            elif basis and old.label and label and old.label != label:
                label = f"{old.label}, {label}" if label not in old.label.split(", ") else old.label
            is_open = is_open or old.open
        edges[(src, dst)] = MapEdge(src, dst, basis, label, is_open)

    def country_node(code: str | None) -> str:
        if code is None:
            key = "c:?"
            nodes.setdefault(key, MapNode(key, 3, _("country not stated", lang), "missing", missing=True))
            return key
        key = f"c:{code}"
        if key not in nodes:
            name = vocab.country_name(code, lang)
            eea = vocab.in_eea(code)
            label = f"{name} ({code})" + ("" if eea else " *")
            nodes[key] = MapNode(key, 3, label, "country", "eea" if eea else "third")
        return key

    for a in acts:
        akey = f"a:{a.id}"
        nodes[akey] = MapNode(akey, 1, labels.text(a.name, lang), "activity", a.record, open_count.get(a.id, 0))
        for s in a.data_subjects:
            skey = f"s:{s}"
            if skey not in nodes:
                node = registry.data_subjects.get(s)
                nodes[skey] = MapNode(skey, 0, labels.text(node.name, lang) if node is not None else s, "subject")
            edge(skey, akey)
        if not a.data_subjects:
            nodes.setdefault("s:?", MapNode("s:?", 0, _("data subjects not stated", lang), "missing", missing=True))
            edge("s:?", akey, is_open=True)
        used = [u.recipient for u in a.recipients or ()] + [t.recipient for t in a.transfers or ()]
        if a.recipients is None:
            nodes.setdefault("r:?", MapNode("r:?", 2, _("recipients not stated", lang), "missing", missing=True))
            edge(akey, "r:?", is_open=True)
        transferred: dict[str, set[str]] = {}
        for t in a.transfers or ():
            found = transfer.assess_in(a, t, registry, report.today)
            basis, label = _basis(found, t.mechanism, t.scc_module, lang)
            ckey = country_node(t.international_organisation or t.country)
            is_open = findings and found.status in (transfer.INVALID, transfer.INCOMPLETE)
            edge(f"r:{t.recipient}", ckey, basis, label, is_open)
            transferred.setdefault(t.recipient, set()).add(t.country)
        for rid in dict.fromkeys(used):
            rkey = f"r:{rid}"
            rec = registry.recipients.get(rid)
            if rkey not in nodes:
                name = rec.name if rec is not None else rid
                if rec is not None and rec.services:
                    name = f"{name} ({', '.join(rec.services)})"
                role = rec.role if rec is not None else ""
                ceased = rec is not None and rec.ceased is not None
                nodes[rkey] = MapNode(rkey, 2, name, "recipient", role, open_count.get(rid, 0), missing=ceased,
                                      detail=f"{name} – {labels.label(labels.ROLES, role, lang)}" if role else name)
            edge(akey, rkey)
            if rec is None:
                continue
            places = [rec.country, *rec.storage] if rec.country or rec.storage else [None]
            for code in dict.fromkeys(places):
                if code is not None and code in transferred.get(rid, ()):
                    continue
                if code is None:
                    edge(rkey, country_node(None), "unknown", "", True)
                elif vocab.in_eea(code):
                    edge(rkey, country_node(code), "eea")
                elif a.transfers is None:
                    edge(rkey, country_node(code), "unknown", "", True)
                else:
                    edge(rkey, country_node(code), "none", "", True)
    orgs = [registry.organisations[o] for o in dict.fromkeys(a.organisation for a in acts)
            if o in registry.organisations]
    who = ", ".join(o.name for o in orgs) or (registry.meta.name if registry.meta else "")
    title = _("Data-flow map: {organisation}", lang, organisation=who)
    date = as_of(registry, lang)
    subtitle = _("Record as of {date}: data subjects, processing activities, recipients, countries", lang, date=date)
    filters = [f"{k}={v}" for k, v in (("subject", subject), ("recipient", recipient), ("country", country))
               if v is not None]
    if filters:
        only = _("only", lang)
        subtitle = f"{subtitle} ({only} {', '.join(filters)})"
    return FlowMap(lang, title, subtitle, tuple(nodes.values()), tuple(edges.values()), findings)
