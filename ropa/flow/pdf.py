"""The data-flow map drawn on a PDF page with fpdf2's documented drawing methods.

fpdf2 can place an SVG, but its SVG support draws no ``<text>`` (fpdf2 issue 537), so the map
is painted again with ``rect``, ``bezier``, ``ellipse`` and ``text`` from the same
``ropa.flow.draw.draw``: one layout, two canvases, the same picture. The record's PDF
(``ropa.export.to_pdf``) draws it on a landscape page of its own; ``ropa.use`` could on any.
"""

from __future__ import annotations

from typing import Any

from ropa.flow.draw import Canvas, draw
from ropa.flow.graph import FlowMap
from ropa.flow.layout import FONT, TOP, TOP_PLAIN, frame, height_of, page_for
from ropa.report.text import printable


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class PdfCanvas(Canvas):
    """Paints on the current page of ``pdf`` (unit mm): the map's px scaled into a box."""

    __slots__ = ("pdf", "left", "top", "scale", "family")

    def __init__(self, pdf: Any, left: float, top: float, scale: float, family: str) -> None:
        self.pdf = pdf
        self.left = left
        self.top = top
        self.scale = scale
        self.family = family

    def _x(self, x: float) -> float:
        return self.left + x * self.scale

    def _y(self, y: float) -> float:
        return self.top + y * self.scale

    def _dash(self, dash: str) -> None:
        if dash:
            on, off = (float(v) * self.scale for v in dash.split())
            self.pdf.set_dash_pattern(dash=on, gap=off)
        else:
            self.pdf.set_dash_pattern()

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str, dash: str = "",
             title: str = "") -> None:
        pdf = self.pdf
        pdf.set_fill_color(*_rgb(fill))
        pdf.set_draw_color(*_rgb(stroke))
        pdf.set_line_width(0.8 * self.scale)
        self._dash(dash)
        pdf.rect(self._x(x), self._y(y), w * self.scale, h * self.scale, style="DF", round_corners=True,
                 corner_radius=3 * self.scale)
        self._dash("")

    def curve(self, x1: float, y1: float, x2: float, y2: float, *, colour: str, width: float, dash: str) -> None:
        pdf = self.pdf
        mid = (x1 + x2) / 2
        pdf.set_draw_color(*_rgb(colour))
        pdf.set_line_width(width * self.scale)
        self._dash(dash)
        pdf.bezier([(self._x(x1), self._y(y1)), (self._x(mid), self._y(y1)), (self._x(mid), self._y(y2)),
                    (self._x(x2), self._y(y2))], style="D")
        self._dash("")

    def line(self, x1: float, y1: float, x2: float, y2: float, *, colour: str, width: float, dash: str = "") -> None:
        pdf = self.pdf
        pdf.set_draw_color(*_rgb(colour))
        pdf.set_line_width(width * self.scale)
        self._dash(dash)
        pdf.line(self._x(x1), self._y(y1), self._x(x2), self._y(y2))
        self._dash("")

    def text(self, x: float, y: float, text: str, *, size: float = FONT, bold: bool = False,
             colour: str = "#000000", centre: bool = False) -> None:
        pdf = self.pdf
        # px to pt: the map's px are 1/96 in; on the page they are scaled by `scale` mm per px
        pdf.set_font(self.family, "B" if bold else "", size * self.scale * 72 / 25.4)
        pdf.set_text_color(*_rgb(colour))
        text = printable(text)
        shift = pdf.get_string_width(text) / 2 if centre else 0
        pdf.text(self._x(x) - shift, self._y(y), text)
        pdf.set_text_color(0, 0, 0)

    def dot(self, cx: float, cy: float, r: float, *, fill: str) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*_rgb(fill))
        d = 2 * r * self.scale
        pdf.ellipse(self._x(cx - r), self._y(cy - r), d, d, style="F")


def draw_map(pdf: Any, flow: FlowMap, *, left: float, top: float, width: float, height: float,
             family: str, titled: bool = True) -> None:
    """Paint ``flow`` into the box (mm) on the current page, as large as fits, keeping proportions:
    a map of the box's proportions, or taller where a column needs it (then scaled to the box's
    height). ``titled``: with the map's own title and subtitle and its margins (else the part
    ``ropa.flow.layout.frame`` shows inside a document)."""
    page = page_for(width, height, titled)
    shown_x, shown_y, shown_w, shown_h = frame(titled, height_of(flow, page=page, top=TOP if titled else TOP_PLAIN))
    scale = min(width / shown_w, height / shown_h)
    draw(flow, PdfCanvas(pdf, left - shown_x * scale, top - shown_y * scale, scale, family), titled=titled, page=page)
