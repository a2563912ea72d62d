"""Is an export file on disk the same document as a fresh rendering? (``export --check``, unchanged files)

Every format is compared byte for byte, with one exception, argued in docs/exports.md: a
PDF's embedded font programs. fpdf2 subsets the bundled fonts with fontTools at every
export, and fontTools' subsetter writes the same glyphs into different bytes from one
release to the next (4.68 and 4.69 differ in the font tables they keep for hinting).
fontTools is a dependency of fpdf2, not ropa's: bounding it to keep bytes stable would hold
every user's fontTools back for a difference no reader can see. So two PDFs are the same
document when

* every object other than an embedded TrueType font program is byte-identical (text,
  positions, pages, outlines, metadata, the glyph ids in the content streams), and
* each font program holds the same glyphs: glyph order, outlines (points, contour ends,
  on-curve flags, components) and advance widths, units per em, and the same character map;

the cross-reference table and the file identifier (``/ID``, derived from the whole file)
follow from those and are not compared. Anything else that differs (an fpdf2 release that
lays out text differently, a changed registry) makes the file stale, as before.

The PDFs are ropa's own (``ropa.export.to_pdf``): fpdf2 writes every object as
``N 0 obj ... endobj`` without object streams, which is what ``_objects`` reads; a PDF of
any other shape is compared by its bytes only.
"""

from __future__ import annotations

import io
import re
import zlib
from typing import Any

_OBJECT = re.compile(rb"\n(\d+) 0 obj\n(.*?)\nendobj", re.S)
_TRAILER = re.compile(rb"\ntrailer\n(.*?)\nstartxref\n", re.S)
_ID = re.compile(rb"/ID \[<[0-9A-Fa-f]*><[0-9A-Fa-f]*>\]")


def same(name: str, old: bytes, new: bytes) -> bool:
    """Whether ``old`` (on disk) and ``new`` (freshly rendered) are the same file ``name``."""
    if old == new:
        return True
    if name.endswith(".pdf"):
        return same_pdf(old, new)
    return False


def _objects(data: bytes) -> dict[bytes, bytes] | None:
    objects = {m.group(1): m.group(2) for m in _OBJECT.finditer(data)}
    return objects or None


def _font_program(body: bytes) -> bytes | None:
    """The decoded font program of a ``/FontFile2`` stream object (it has ``/Length1``)."""
    if b"/Length1 " not in body.split(b"stream\n", 1)[0]:
        return None
    start = body.find(b"stream\n")
    end = body.rfind(b"endstream")
    if start < 0 or end < 0:
        return None
    raw = body[start + 7:end].rstrip(b"\r\n")
    if b"/FlateDecode" in body[:start]:
        try:
            return zlib.decompress(raw)
        except zlib.error:
            return None
    return raw


def glyphs(program: bytes) -> Any:
    """What a reader sees of a TrueType font program: units per em, the character map, and each
    glyph's outline and advance width, in glyph order."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(program), lazy=False)
    glyf = font["glyf"]
    hmtx = font["hmtx"]
    out: list[Any] = [font["head"].unitsPerEm]
    cmap = font.get("cmap")
    out.append(sorted(cmap.getBestCmap().items()) if cmap is not None and cmap.getBestCmap() else [])
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        if glyph.isComposite():
            shape: Any = [(c.glyphName, c.x, c.y, getattr(c, "transform", None)) for c in glyph.components]
        else:
            coords, ends, flags = glyph.getCoordinates(glyf)
            shape = (list(coords), list(ends), [f & 1 for f in flags])
        out.append((name, shape, hmtx[name][0]))
    return out


def same_pdf(old: bytes, new: bytes) -> bool:
    """``same`` for two PDFs written by ``ropa.export.to_pdf`` (see the module documentation)."""
    a, b = _objects(old), _objects(new)
    if a is None or b is None or a.keys() != b.keys():
        return False
    if old.split(b"\n", 1)[0] != new.split(b"\n", 1)[0]:  # %PDF-1.7
        return False
    ta, tb = _TRAILER.search(old), _TRAILER.search(new)
    if ta is None or tb is None or _ID.sub(b"", ta.group(1)) != _ID.sub(b"", tb.group(1)):
        return False
    for number, body in a.items():
        other = b[number]
        if body == other:
            continue
        fa, fb = _font_program(body), _font_program(other)
        if fa is None or fb is None:
            return False
        try:
            if glyphs(fa) != glyphs(fb):
                return False
        except Exception:  # a font fontTools cannot read is not the same font
            return False
    return True
