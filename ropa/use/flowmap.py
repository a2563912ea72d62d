"""``ropa map``: where the data goes, as a data-flow map (an SVG).

Four columns, left to right: groups of data subjects -> processing activities -> recipients
(coloured by role) -> countries. An edge from a recipient to a country says on which basis the
data is there: inside the EEA, an adequacy decision, the EU-US Data Privacy Framework, standard
contractual clauses (with their module), another Art. 46 safeguard, an Art. 49 derogation, or
none documented. The basis is the one transfer assessment of ``ropa validate``
(``ropa.transfer.assess_in``); a recipient established or storing data outside the EEA with no
transfer recorded is an edge "none documented". An edge or node with open points is drawn dashed
or carries a badge with the number of open findings; an activity whose recipients or transfers
the record does not state points to a dashed "not stated" node. Nothing is drawn that the
registry does not state.

The layout is a small layered (Sugiyama) layout of our own: the four layers are fixed by the
meaning of the columns, so only the order within each layer is chosen, by the barycentre
heuristic (down and up sweeps, keeping the order with the fewest crossings, counted exactly by
inversions). A general graph-layout library would solve a harder problem than this one and
bring a dependency (Graphviz is not pure Python; the pure-Python layered layouts on PyPI are
unmaintained). Ties are broken by id, so the bytes are the same on every run.

A4 landscape holds about 35 rows per column at a readable 10 px; a larger record makes the
page taller (nothing is dropped), and ``subject``, ``recipient``, ``country`` and
``organisation`` filters give one readable map per question for a record of 200 activities.

>>> import datetime
>>> from ropa.check import check
>>> from ropa.load import load
>>> flow = build(check(load("tests/fixtures/sample"), today=datetime.date(2024, 6, 1)))
>>> sorted({n.layer for n in flow.nodes})
[0, 1, 2, 3]
>>> svg(flow).startswith('<?xml version="1.0" encoding="UTF-8"?>')
True
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ropa import labels, transfer, vocab
from ropa.i18n import N_, _, gettext
from ropa.model import Value
from ropa.use.common import as_of, kept
from ropa.use.draft import clean

if TYPE_CHECKING:
    from ropa.check import Report
    from ropa.model import Activity

__all__ = ["FlowMap", "MapNode", "MapEdge", "build", "svg", "draw", "Canvas", "SvgCanvas", "BASES"]

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

    __slots__ = ("lang", "title", "subtitle", "nodes", "edges")

    lang: str
    title: str
    subtitle: str
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]

    def __init__(self, lang: str, title: str, subtitle: str, nodes: tuple[MapNode, ...],
                 edges: tuple[MapEdge, ...]) -> None:
        _set(self, "lang", lang)
        _set(self, "title", title)
        _set(self, "subtitle", subtitle)
        _set(self, "nodes", nodes)
        _set(self, "edges", edges)


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
    acts = kept(registry, organisation)
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
          recipient: str | None = None, country: str | None = None) -> FlowMap:
    """The data-flow map of ``report``'s registry (optionally of one organisation, or only the
    activities that concern one data subject group, recipient or country)."""
    registry = report.registry
    acts = _select(report, organisation, subject, recipient, country)
    open_count: dict[str, int] = {}
    for f in report.findings:
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
            is_open = found.status in (transfer.INVALID, transfer.INCOMPLETE)
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
    return FlowMap(lang, title, subtitle, tuple(nodes.values()), tuple(edges.values()))


# --- layout ----------------------------------------------------------------------------------

def _crossings(order_a: dict[str, int], order_b: dict[str, int], pairs: list[tuple[str, str]]) -> int:
    """Crossings between two adjacent layers: inversions of the targets' positions, counted with a
    Fenwick tree (O(E log V))."""
    seq = sorted((order_a[u], order_b[v]) for u, v in pairs)
    size = len(order_b) + 1
    tree = [0] * (size + 1)
    inversions = 0
    seen = 0
    for _pos_a, pos_b in seq:
        i = pos_b + 1
        below = 0
        while i > 0:
            below += tree[i]
            i -= i & -i
        inversions += seen - below
        i = pos_b + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
        seen += 1
    return inversions


def order(flow: FlowMap, sweeps: int = 12) -> list[list[MapNode]]:
    """The boxes of each layer in the order that keeps crossings low (barycentre sweeps)."""
    layers: list[list[MapNode]] = [[], [], [], []]
    for node in flow.nodes:
        layers[node.layer].append(node)
    # a stable start: missing placeholders last, then by label and id
    for layer in layers:
        layer.sort(key=lambda n: (n.missing, n.label.casefold(), n.id))
    layer_of = {n.id: n.layer for n in flow.nodes}
    between: list[list[tuple[str, str]]] = [[], [], []]
    for e in flow.edges:
        la, lb = layer_of[e.source], layer_of[e.target]
        if lb == la + 1:
            between[la].append((e.source, e.target))

    def positions() -> list[dict[str, int]]:
        return [{n.id: i for i, n in enumerate(layer)} for layer in layers]

    def total() -> int:
        pos = positions()
        return sum(_crossings(pos[i], pos[i + 1], between[i]) for i in range(3))

    best = [list(layer) for layer in layers]
    best_count = total()
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        indices = range(1, 4) if down else range(2, -1, -1)
        for i in indices:
            ref = {n.id: k for k, n in enumerate(layers[i - 1 if down else i + 1])}
            neighbours: dict[str, list[int]] = {}
            for u, v in between[i - 1 if down else i]:
                mine, other = (v, u) if down else (u, v)
                neighbours.setdefault(mine, []).append(ref[other])
            current = {n.id: k for k, n in enumerate(layers[i])}

            def key(n: MapNode, nb: dict[str, list[int]] = neighbours, cur: dict[str, int] = current) -> tuple:
                got = nb.get(n.id)
                centre = sum(got) / len(got) if got else float(cur[n.id])
                return (n.missing, centre, cur[n.id])

            layers[i].sort(key=key)
        count = total()
        if count < best_count:
            best, best_count = [list(layer) for layer in layers], count
    return best


# --- drawing ---------------------------------------------------------------------------------

WIDTH = 1123  # A4 landscape at 96 px per inch
HEIGHT = 794
MARGIN = 28
COLUMNS = (  # x and width of each layer's boxes
    (MARGIN, 165),
    (MARGIN + 165 + 62, 290),
    (MARGIN + 165 + 62 + 290 + 70, 265),
    (WIDTH - MARGIN - 165, 165),
)
FONT = 9.5
BOX = 15
MIN_PITCH = 17.5
TOP = 96
LEGEND = 92


def _fit(text: str, width: float, size: float = FONT) -> str:
    """``text`` cut at a word to fit ``width`` px (average glyph 0.56 em of a sans font), with an ellipsis."""
    room = max(4, int((width - 10) / (size * 0.56)))
    text = " ".join(text.split())
    if len(text) <= room:
        return text
    cut = text[: room - 1]
    space = cut.rfind(" ")
    if space > room // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–-") + "…"


def _e(text: str) -> str:
    return html.escape(clean(text), quote=True)


class Canvas:
    """Where ``draw`` paints: coordinates in px of an A4-landscape page 1123 px wide (mutable
    state of one drawing; ``SvgCanvas`` writes SVG, ``ropa.use.flowpdf`` draws on a PDF page)."""

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str, dash: str = "",
             title: str = "") -> None:
        raise NotImplementedError

    def curve(self, x1: float, y1: float, x2: float, y2: float, *, colour: str, width: float, dash: str) -> None:
        raise NotImplementedError

    def line(self, x1: float, y1: float, x2: float, y2: float, *, colour: str, width: float, dash: str = "") -> None:
        raise NotImplementedError

    def text(self, x: float, y: float, text: str, *, size: float = FONT, bold: bool = False,
             colour: str = "#000000", centre: bool = False) -> None:
        raise NotImplementedError

    def dot(self, cx: float, cy: float, r: float, *, fill: str) -> None:
        raise NotImplementedError


class SvgCanvas(Canvas):
    """SVG elements, in drawing order."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str, dash: str = "",
             title: str = "") -> None:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        tip = f"<title>{_e(title)}</title>" if title else ""
        self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" fill="{fill}" '
                          f'stroke="{stroke}" stroke-width="0.8"{dash_attr}>{tip}</rect>')

    def curve(self, x1: float, y1: float, x2: float, y2: float, *, colour: str, width: float, dash: str) -> None:
        mid = (x1 + x2) / 2
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<path d="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}" '
                          f'fill="none" stroke="{colour}" stroke-width="{width}" stroke-opacity="0.8"{dash_attr}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, *, colour: str, width: float, dash: str = "") -> None:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                          f'stroke-width="{width}"{dash_attr}/>')

    def text(self, x: float, y: float, text: str, *, size: float = FONT, bold: bool = False,
             colour: str = "#000000", centre: bool = False) -> None:
        attrs = f' font-size="{size}"' if size != FONT else ""
        attrs += ' font-weight="bold"' if bold else ""
        attrs += f' fill="{colour}"' if colour != "#000000" else ""
        attrs += ' text-anchor="middle"' if centre else ""
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}"{attrs}>{_e(text)}</text>')

    def dot(self, cx: float, cy: float, r: float, *, fill: str) -> None:
        self.parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" fill="{fill}"/>')


def height_of(flow: FlowMap) -> int:
    """The page height the map needs, in px: A4 landscape, or taller for a long column."""
    rows = max((sum(1 for n in flow.nodes if n.layer == i) for i in range(4)), default=0)
    usable = HEIGHT - TOP - LEGEND - MARGIN
    return HEIGHT if rows * MIN_PITCH <= usable else int(TOP + rows * MIN_PITCH + LEGEND + MARGIN + 1)


def draw(flow: FlowMap, canvas: Canvas) -> int:
    """Paint the map on ``canvas``; returns its height in px."""
    lang = flow.lang
    layers = order(flow)
    height = height_of(flow)
    usable = height - TOP - LEGEND - MARGIN
    place: dict[str, tuple[float, float, float]] = {}  # id -> (x, y of centre, width)
    for index, layer in enumerate(layers):
        left, width = COLUMNS[index]
        pitch = min(usable / max(len(layer), 1), 3 * MIN_PITCH)
        top = TOP + (usable - pitch * len(layer)) / 2
        for k, node in enumerate(layer):
            place[node.id] = (float(left), top + pitch * (k + 0.5), float(width))
    canvas.text(MARGIN, MARGIN + 8, flow.title, size=16, bold=True)
    canvas.text(MARGIN, MARGIN + 26, flow.subtitle, size=10, colour="#444444")
    heads = (_("Data subjects", lang), _("Processing activities", lang), _("Recipients", lang),
             _("Countries", lang))
    for (column_x, _w), head in zip(COLUMNS, heads):
        canvas.text(column_x, TOP - 14, head, size=11, bold=True, colour="#222222")
    if not flow.nodes:
        canvas.text(MARGIN, TOP + 20, _("The record states no processing activity for this map.", lang),
                    colour="#c62828")
    for e in flow.edges:
        if e.source not in place or e.target not in place:
            continue
        x1, y1, w1 = place[e.source]
        x2, y2, _w2 = place[e.target]
        colour, dash, _meaning = BASES.get(e.basis, ("#9a9a9a", "", ""))
        if e.open and not dash:
            dash = "5 3"
        canvas.curve(x1 + w1, y1, x2, y2, colour=colour, width=1.6 if e.basis else 0.9, dash=dash)
        if e.label:
            canvas.text(x1 + w1 + 6, y1 + (y2 - y1) * 0.12 - 2, e.label, size=7.5, colour=colour)
    for layer in layers:
        for node in layer:
            x, y, box_width = place[node.id]
            fill = ROLE_FILL.get(node.role, KIND_FILL.get(node.kind, "#ffffff")) if node.kind == "recipient" \
                else KIND_FILL.get(node.kind, "#ffffff")
            canvas.rect(x, y - BOX / 2, box_width, BOX, fill=fill, stroke="#c62828" if node.missing else "#8a8a8a",
                        dash="4 2" if node.missing else "", title=node.detail)
            canvas.text(x + 5, y + 3.3, _fit(node.label, box_width - (18 if node.open else 0)))
            if node.open:
                cx = x + box_width - 9
                canvas.dot(cx, y, 6.2, fill="#c62828")
                canvas.text(cx, y + 3, str(node.open), size=8, bold=True, colour="#ffffff", centre=True)
    _legend(canvas, lang, height)
    return height


def svg(flow: FlowMap) -> str:
    """The map as a standalone SVG document (A4 landscape; taller where a column needs it)."""
    canvas = SvgCanvas()
    height = draw(flow, canvas)
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" '
        f'font-size="{FONT}" lang="{flow.lang}">',
        f"<title>{_e(flow.title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    return "\n".join([*head, *canvas.parts, "</svg>"]) + "\n"


def _legend(canvas: Canvas, lang: str, height: int) -> None:
    y0 = height - LEGEND + 14
    canvas.line(MARGIN, y0 - 12, WIDTH - MARGIN, y0 - 12, colour="#cccccc", width=1)
    canvas.text(MARGIN, y0, _("Transfer basis", lang), size=9, bold=True)
    x, y = float(MARGIN), float(y0 + 14)
    for i, (colour, dash, text) in enumerate(BASES.values()):
        if i == 4:
            x, y = MARGIN, y + 14
        canvas.line(x, y - 3, x + 22, y - 3, colour=colour, width=1.6, dash=dash)
        canvas.text(x + 27, y, gettext(text, lang), size=8)
        x += 265
    y += 16
    x = MARGIN
    for fill, text in (("#dff0e0", _("processor", lang)), ("#fde9d4", _("controller, joint controller", lang)),
                       ("#ebe3f5", _("authority", lang))):
        canvas.rect(x, y - 9, 14, 10, fill=fill, stroke="#8a8a8a")
        canvas.text(x + 19, y, text, size=8)
        x += 250
    canvas.dot(x + 6, y - 4, 6, fill="#c62828")
    canvas.text(x + 16, y, _("open findings of ropa validate", lang), size=8)
    x += 190
    canvas.line(x, y - 4, x + 22, y - 4, colour="#6b7b8c", width=1.6, dash="5 3")
    canvas.text(x + 27, y, _("dashed: open points; * third country", lang), size=8)
