"""The workbook's structure a reader relies on: each sheet's ``<dimension>`` is the range its
cells take (a reader such as openpyxl's read-only mode, or ``ropa import``, sizes the sheet by
it), and the measuring of text gives the same answers however often a text is measured."""

from __future__ import annotations

import re
import zipfile
import io
from pathlib import Path

from ropa.export import snapshot, to_xlsx
from ropa.export.document import build
from ropa.export.xlsx_text import Measure

ROOT = Path(__file__).resolve().parents[2]


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def test_every_sheet_has_the_dimension_of_its_cells() -> None:
    for lang in ("de", "en"):
        doc = build(snapshot(ROOT / "registry"), lang)
        [out] = to_xlsx.render(doc)
        with zipfile.ZipFile(io.BytesIO(out.data)) as book:
            sheets = sorted(n for n in book.namelist() if n.startswith("xl/worksheets/sheet"))
            assert len(sheets) >= 5
            for name in sheets:
                xml = book.read(name).decode("utf-8")
                dimension = re.findall(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>', xml)
                assert len(dimension) == 1, name
                first_col, first_row, last_col, last_row = dimension[0]
                cells = re.findall(r'<c r="([A-Z]+)(\d+)"', xml)
                rows = [int(r) for r in re.findall(r'<row r="(\d+)"', xml)]
                assert (int(first_row), _column(first_col)) == (1, 1), name
                assert int(last_row or first_row) == max(rows) == max(int(r) for _c, r in cells), name
                assert _column(last_col or first_col) == max(_column(c) for c, _r in cells), name


def test_a_text_measured_again_gives_the_same_answer() -> None:
    fresh, used = Measure(), Measure()
    texts = ["Lohn- und Gehaltsabrechnung", "Wort " * 80, "a\nb\n" * 5, "Datenschutz-Folgenabschätzung " * 9, ""]
    for _round in range(3):
        for text in texts:
            for width in (10, 34, 84):
                room = used.room(width)
                assert used.lines(text, room) == Measure().lines(text, room)
            for least in (0.0, 20.0, 80.0, 400.0):
                assert used.longest(text, least) == Measure().longest(text, least)
    assert fresh.longest("kurz lang-wort", 500.0) == 500.0 and fresh.longest("kurz lang-wort") > 0
