"""The data-flow map drawn: one drawing (``draw``) on a ``Canvas``, as SVG (``svg``) or on a PDF
page (``ropa.flow.pdf``).

Boxes are coloured by kind and role; the edge from a recipient to a country by its transfer
basis (``ropa.flow.graph.BASES``); a legend at the foot explains both. ``svg(flow)`` is a
standalone SVG document (``ropa map``): title, subtitle and a tooltip per box with its full
text and role. ``svg(flow, embedded=True)`` is the same picture for the record's html, under the
record's own heading: no XML declaration, no namespace (inline SVG in HTML5 needs none, and the
record refers to nothing outside itself), no title of its own (the document names the
organisation once, on its cover) and no tooltips (every label is shown whole).

>>> import datetime
>>> from ropa.check import check
>>> from ropa.load import load
>>> from ropa.flow.graph import build
>>> flow = build(check(load("tests/fixtures/sample"), today=datetime.date(2024, 6, 1)))
>>> svg(flow).startswith('<?xml version="1.0" encoding="UTF-8"?>')
True
>>> svg(flow, embedded=True).startswith("<svg ") and "http" not in svg(flow, embedded=True)
True
"""

from __future__ import annotations

import html

from ropa.flow.graph import BASES, KIND_FILL, ROLE_FILL, FlowMap
from ropa.flow.layout import (BADGE, COLUMNS, FONT, HEIGHT, LINE, MARGIN, PAD, TOP, TOP_PLAIN, WIDTH, box_height,
                              frame, height_of, legend_height, order, place)
from ropa.i18n import _, gettext
from ropa.report.text import printable

__all__ = ["Canvas", "SvgCanvas", "draw", "svg", "FAMILIES"]

# the fonts the SVG asks for, in the order of the widths ropa.flow.layout measures with
FAMILIES = "'DejaVu Sans Condensed', Arial, 'Liberation Sans', Helvetica, sans-serif"


def _e(text: str) -> str:
    return html.escape(printable(text), quote=True)


class Canvas:
    """Where ``draw`` paints: coordinates in px of an A4-landscape page 1123 px wide (mutable
    state of one drawing; ``SvgCanvas`` writes SVG, ``ropa.flow.pdf.PdfCanvas`` draws on a PDF
    page)."""

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
    """SVG elements, in drawing order; ``tips``: a box's full text as its tooltip (``<title>``)."""

    __slots__ = ("parts", "tips")

    def __init__(self, tips: bool = True) -> None:
        self.parts: list[str] = []
        self.tips = tips

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str, dash: str = "",
             title: str = "") -> None:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if title and self.tips:
            self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" fill="{fill}" '
                              f'stroke="{stroke}" stroke-width="0.8"{dash_attr}><title>{_e(title)}</title></rect>')
        else:
            self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" fill="{fill}" '
                              f'stroke="{stroke}" stroke-width="0.8"{dash_attr}/>')

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


def draw(flow: FlowMap, canvas: Canvas, *, titled: bool = True, page: int = HEIGHT) -> int:
    """Paint the map on ``canvas``, with its title and subtitle (``titled``) or without (under the
    heading of the document it is part of); ``page``: the least height, in px. Returns the height."""
    lang = flow.lang
    top = TOP if titled else TOP_PLAIN
    layers = order(flow)
    height = height_of(flow, page=page, top=top)
    places = place(flow, layers, height, top)
    if titled:
        canvas.text(MARGIN, MARGIN + 8, flow.title, size=16, bold=True)
        canvas.text(MARGIN, MARGIN + 26, flow.subtitle, size=10, colour="#444444")
    heads = (_("Data subjects", lang), _("Processing activities", lang), _("Recipients", lang),
             _("Countries", lang))
    for (column_x, _w), head in zip(COLUMNS, heads):
        canvas.text(column_x, top - 14, head, size=11, bold=True, colour="#222222")
    if not flow.nodes:
        canvas.text(MARGIN, top + 20, _("The record states no processing activity for this map.", lang),
                    colour="#c62828")
    labelled: dict[str, int] = {}
    for e in flow.edges:
        if e.source not in places or e.target not in places:
            continue
        x1, y1, w1, _l1 = places[e.source]
        x2, y2, _w2, _l2 = places[e.target]
        colour, dash, _meaning = BASES.get(e.basis, ("#9a9a9a", "", ""))
        if e.open and not dash:
            dash = "5 3"
        canvas.curve(x1 + w1, y1, x2, y2, colour=colour, width=1.6 if e.basis else 0.9, dash=dash)
        if e.label:  # at the start of its flow, above it; a box's further labels below the first
            k = labelled[e.source] = labelled.get(e.source, -1) + 1
            canvas.text(x1 + w1 + 6, y1 - 2.5 + 8 * k, e.label, size=7.5, colour=colour)
    for layer in layers:
        for node in layer:
            x, y, box_width, text = places[node.id]
            h = box_height(len(text))
            fill = ROLE_FILL.get(node.role, KIND_FILL.get(node.kind, "#ffffff")) if node.kind == "recipient" \
                else KIND_FILL.get(node.kind, "#ffffff")
            canvas.rect(x, y - h / 2, box_width, h, fill=fill, stroke="#c62828" if node.missing else "#8a8a8a",
                        dash="4 2" if node.missing else "", title=node.detail)
            for k, words in enumerate(text):
                canvas.text(x + PAD, y - h / 2 + 10.8 + LINE * k, words)
            if node.open:
                cx = x + box_width - BADGE / 2
                canvas.dot(cx, y, 6.2, fill="#c62828")
                canvas.text(cx, y + 3, str(node.open), size=8, bold=True, colour="#ffffff", centre=True)
    _legend(canvas, flow, height)
    return height


def svg(flow: FlowMap, *, embedded: bool = False, page: int = HEIGHT, labelled_by: str = "") -> str:
    """The map as a standalone SVG document (A4 landscape; taller where a column needs it), or
    with ``embedded`` as an ``<svg>`` element for an HTML page, without its own title (named by
    the element whose id is ``labelled_by``); ``page``: the least height in px."""
    canvas = SvgCanvas(tips=not embedded)
    height = draw(flow, canvas, titled=not embedded, page=page)
    x, y, w, h = frame(not embedded, height)
    box = f'width="{w:g}" height="{h:g}" viewBox="{x:g} {y:g} {w:g} {h:g}"'
    font = f'font-family="{FAMILIES}" font-size="{FONT}" lang="{flow.lang}"'
    if embedded:
        name = f' aria-labelledby="{_e(labelled_by)}"' if labelled_by else ""
        head = [f'<svg {box} {font} role="img"{name}>']
    else:
        head = ['<?xml version="1.0" encoding="UTF-8"?>', f'<svg xmlns="http://www.w3.org/2000/svg" {box} {font}>',
                f"<title>{_e(flow.title)}</title>"]
    head.append(f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>')
    return "\n".join([*head, *canvas.parts, "</svg>"]) + "\n"


def _legend(canvas: Canvas, flow: FlowMap, height: int) -> None:
    """Four columns of 265 px: the transfer bases, the boxes' colours, and (``ropa map``) the
    marks of open findings."""
    lang = flow.lang
    y0 = height - legend_height(flow) + 14
    canvas.line(MARGIN, y0 - 12, WIDTH - MARGIN, y0 - 12, colour="#cccccc", width=1)
    canvas.text(MARGIN, y0, _("Transfer basis", lang), size=9, bold=True)
    canvas.text(MARGIN + 265 * 3, y0, _("* third country (outside the EEA)", lang), size=8)
    for i, (colour, dash, text) in enumerate(BASES.values()):
        x, y = MARGIN + 265 * (i % 4), y0 + 14 * (1 + i // 4)
        canvas.line(x, y - 3, x + 22, y - 3, colour=colour, width=1.6, dash=dash)
        canvas.text(x + 27, y, gettext(text, lang), size=8)
    y = y0 + 14 * 3 + 2
    boxes = ((ROLE_FILL["processor"], "#8a8a8a", "", _("processor", lang)),
             (ROLE_FILL["controller"], "#8a8a8a", "", _("controller, joint controller", lang)),
             (ROLE_FILL["authority"], "#8a8a8a", "", _("authority", lang)),
             ("#ffffff", "#c62828", "4 2", _("Not stated in the record, or a service ceased", lang)))
    for i, (fill, stroke, dash, text) in enumerate(boxes):
        x = MARGIN + 265 * i
        canvas.rect(x, y - 9, 22, 10, fill=fill, stroke=stroke, dash=dash)
        canvas.text(x + 27, y, text, size=8)
    if flow.findings:
        y += 14
        canvas.dot(MARGIN + 11, y - 4, 6, fill="#c62828")
        canvas.text(MARGIN + 27, y, _("open findings of ropa validate", lang), size=8)
        canvas.line(MARGIN + 265, y - 4, MARGIN + 265 + 22, y - 4, colour="#6b7b8c", width=1.6, dash="5 3")
        canvas.text(MARGIN + 265 + 27, y, _("dashed: open points of the transfer basis", lang), size=8)
