"""The data-flow map's layout: the order of the boxes in each layer, their lines and places.

The four layers are fixed by what the columns mean, so only the order within each layer is
chosen: a small layered (Sugiyama) layout reduced to crossing minimisation, by the barycentre
heuristic in alternating down and up sweeps, keeping the order with the fewest crossings
(counted exactly, as inversions, in O(E log V)). A general graph-layout library would solve a
harder problem than this one and bring a dependency (Graphviz is not pure Python; the
pure-Python layered layouts on PyPI are unmaintained). Ties are broken by name and id, so the
bytes are the same on every run.

A box's label is never cut: it wraps at spaces onto as many lines as its column's width needs
(``lines``), measured with the advance widths of the map's fonts (``text_width``), and the box
grows with it. A4 landscape holds about 30 one-line boxes per column; a longer column makes the
page taller (nothing is dropped).
"""

from __future__ import annotations

import unicodedata

from ropa.flow.graph import FlowMap, MapNode

__all__ = ["order", "lines", "text_width", "place", "height_of", "WIDTH", "HEIGHT", "MARGIN", "COLUMNS", "FONT",
           "LINE", "BOX", "GAP", "TOP", "TOP_PLAIN", "LEGEND", "legend_height", "frame",
           "page_for"]

WIDTH = 1123  # A4 landscape at 96 px per inch
HEIGHT = 794
MARGIN = 28
COLUMNS = (  # x and width of each layer's boxes: data subjects, activities, recipients, countries
    (MARGIN, 150),
    (MARGIN + 150 + 50, 350),
    (MARGIN + 150 + 50 + 350 + 56, 270),
    (WIDTH - MARGIN - 145, 145),
)
FONT = 9.5  # px
LINE = 11.2  # px from one line of a box's label to the next
BOX = 15  # the height of a box of one line
GAP = 2.5  # the least room between two boxes
TOP = 96  # the first box's top, below the title, the subtitle and the columns' heads
TOP_PLAIN = 44  # the same without title and subtitle (the map inside the record, under its heading)
TRIM = 20  # px of the margin a map inside a document leaves out on each side: the page has its own
LEGEND = 100  # the legend's height with the rows of ropa map's open findings; 14 px less without
BADGE = 18  # room a box keeps at its right end for the badge of open findings
PAD = 5  # the label's distance from the box's left edge

# advance widths (1/1000 em) of ASCII 32-126: the wider of DejaVu Sans Condensed (the PDF's font
# and the SVG's first choice) and Liberation Sans (Arial's metrics, the usual fallback)
_ADVANCE = (
    286, 360, 414, 754, 572, 889, 702, 247, 351, 351, 450, 754, 286, 333, 286, 303, 572, 572, 572, 572, 572, 572,
    572, 572, 572, 572, 303, 303, 754, 754, 754, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
    556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 616, 351, 303, 351, 754, 556, 450, 556,
    571, 500, 571, 556, 316, 571, 570, 250, 250, 521, 250, 876, 570, 556, 571, 571, 370, 500, 353, 570, 532, 736,
    532, 532, 500, 572, 303, 572, 754,
)
_OTHER = 620  # a character outside ASCII without an ASCII base letter (ß, €, –, …)


def _advance(char: str) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return _ADVANCE[code - 32]
    base = unicodedata.normalize("NFKD", char)[:1]  # ä -> a
    return _ADVANCE[ord(base) - 32] if base and 32 <= ord(base) < 127 else _OTHER


def text_width(text: str, size: float = FONT) -> float:
    """The width of ``text`` in px at ``size`` px, 3 % generous (a renderer's rounding)."""
    return sum(_advance(c) for c in text) * size * 1.03 / 1000


def lines(text: str, width: float, size: float = FONT) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` px; a word wider than the line
    stays whole. Registry text marked with its language (``[de] ...``) keeps the mark on every
    line, as a text of the other language is marked wherever it is shown."""
    words = text.split()
    mark = words[0] + " " if words and len(words[0]) == 4 and words[0][0] == "[" and words[0][-1] == "]" else ""
    if mark:
        words = words[1:]
    out: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and text_width(mark + candidate, size) > width:
            out.append(mark + current)
            current = word
        else:
            current = candidate
    out.append(mark + current)
    return out


def label_lines(node: MapNode) -> list[str]:
    """The lines of a box's label in its column."""
    room = COLUMNS[node.layer][1] - 2 * PAD - (BADGE if node.open else 0)
    return lines(node.label, room)


def box_height(count: int) -> float:
    return BOX + LINE * (count - 1)


def legend_height(flow: FlowMap) -> int:
    return LEGEND if flow.findings else LEGEND - 14


def height_of(flow: FlowMap, *, page: int = HEIGHT, top: int = TOP) -> int:
    """The height the map needs, in px: ``page``, or more for a long column."""
    need = 0.0
    for layer in range(4):
        boxes = [box_height(len(label_lines(n))) for n in flow.nodes if n.layer == layer]
        need = max(need, sum(boxes) + GAP * len(boxes))
    legend = legend_height(flow)
    usable = page - top - legend - MARGIN
    return page if need <= usable else int(top + need + legend + MARGIN + 1)


def frame(titled: bool, height: int) -> tuple[float, float, float, float]:
    """The part of the drawing shown, ``(x, y, width, height)`` in px: all of it, or inside a
    document (``titled`` false) without the blank margin the document's page already has."""
    if titled:
        return 0.0, 0.0, float(WIDTH), float(height)
    top = TOP_PLAIN - 30  # above the columns' heads
    return float(TRIM), float(top), float(WIDTH - 2 * TRIM), float(height - top - TRIM)


def page_for(width: float, height: float, titled: bool) -> int:
    """The least drawing height (px) whose ``frame`` has the proportions of a ``width`` x ``height``
    box: the map then fills the box unless a long column makes it taller."""
    _x, _y, shown, _h = frame(titled, HEIGHT)
    if titled:
        return int(shown * height / width)
    return int(shown * height / width + (TOP_PLAIN - 30) + TRIM)


def place(flow: FlowMap, layers: list[list[MapNode]], height: int, top: int
          ) -> dict[str, tuple[float, float, float, list[str]]]:
    """Each box's left x, centre y, width and label lines, the layers centred in the room between
    ``top`` and the legend."""
    usable = height - top - legend_height(flow) - MARGIN
    out: dict[str, tuple[float, float, float, list[str]]] = {}
    for index, layer in enumerate(layers):
        left, width = COLUMNS[index]
        texts = [label_lines(n) for n in layer]
        heights = [box_height(len(t)) for t in texts]
        spare = usable - sum(heights)
        gap = max(GAP, min(spare / max(len(layer), 1), 3 * (BOX + GAP) - BOX))
        y = top + max(0.0, (usable - sum(heights) - gap * len(layer)) / 2)
        for node, text, h in zip(layer, texts, heights):
            y += gap / 2
            out[node.id] = (float(left), y + h / 2, float(width), text)
            y += h + gap / 2
    return out


# --- the order within each layer ----------------------------------------------------------------

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
