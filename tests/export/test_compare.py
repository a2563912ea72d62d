"""export --check compares files byte for byte, a PDF's font programs by their glyphs
(ropa/export/compare.py; the reasons are in docs/exports.md)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from ropa.export import render, snapshot
from ropa.export.compare import _OBJECT, _font_program, same

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"


def _pdf() -> bytes:
    return next(o.data for o in render(snapshot(SAMPLE), ["pdf"], ["de"]))


def _refont(data: bytes, change) -> bytes:
    """``data`` with each embedded font program replaced by ``change(program)``, recompressed,
    and its stream lengths set right (the xref offsets no longer match: not compared)."""
    def swap(m: re.Match) -> bytes:
        body = m.group(2)
        program = _font_program(body)
        if program is None:
            return m.group(0)
        new = zlib.compress(change(program), 1)
        head = body[:body.index(b"stream\n")]
        head = re.sub(rb"/Length \d+", b"/Length %d" % len(new), head)
        head = re.sub(rb"/Length1 \d+", b"/Length1 %d" % len(change(program)), head)
        return b"\n" + m.group(1) + b" 0 obj\n" + head + b"stream\n" + new + b"\nendstream\nendobj"
    return _OBJECT.sub(swap, data)


def test_the_same_glyphs_in_other_bytes_are_the_same_document():
    data = _pdf()
    other = _refont(data, lambda program: program)  # recompressed: every font stream differs in bytes
    assert other != data and same("ropa-example-de.pdf", data, other)


def test_a_changed_glyph_or_text_is_not():
    from io import BytesIO

    from fontTools.ttLib import TTFont

    def widen(program: bytes) -> bytes:
        font = TTFont(BytesIO(program))
        name = font.getGlyphOrder()[-1]
        width, lsb = font["hmtx"][name]
        font["hmtx"][name] = (width + 50, lsb)
        out = BytesIO()
        font.save(out)
        return out.getvalue()

    data = _pdf()
    assert not same("ropa-example-de.pdf", data, _refont(data, widen))
    assert not same("ropa-example-de.pdf", data, data.replace(b"<dc:language><rdf:Bag><rdf:li>de",
                                                                b"<dc:language><rdf:Bag><rdf:li>en"))
    assert not same("ropa-example-de.md", b"a", b"b") and same("x.md", b"a", b"a")
