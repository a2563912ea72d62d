"""The Art. 30 record as an Excel workbook (openpyxl write-only mode, one shared style per kind).

Sheets: cover, controller activities, processor activities (where present), recipients,
transfers, security measures, findings and waivers. Each table sheet has its header row
frozen and repeated on every printed page, an autofilter, wrapped text, column widths
from ``ropa.art30`` and landscape A4 pages fitted to the width.

Deterministic: document properties and every zip entry carry the registry's date.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from ropa.export.core import Output
from ropa.export.document import Document, Table, title
from ropa.export.safety import FORMULA_START, normalise_zip

MAX_CELL = 32767  # Excel's limit on the characters of one cell
# XML 1.0 cannot carry most control characters: they are dropped, not passed to openpyxl
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# For whole rows (``_Styles.rows_xml``): the cells joined by NUL, which no written cell
# can hold; _ILLEGAL without NUL finds the other characters to drop.
_SEP = "\x00"
_ILLEGAL_BUT_SEP = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")
# A cell that starts with one of these (a formula start or whitespace) or ends in
# whitespace needs the quote style or xml:space: ``row_xml`` decides those rows.
# _SPACE: the characters str.strip() strips (str.isspace(); a test checks the list)
_SPACE = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                   "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_EDGE_FIRST = _SPACE | frozenset(FORMULA_START)
assert all(len(start) == 1 for start in FORMULA_START)
ROWS_PER_WRITE = 200  # rows handed to the sheet writer as one string


class _Styles:
    """One named style per kind of cell, registered once; cells share its style array."""

    def __init__(self, wb: Workbook, ws: object) -> None:
        thin = Side(style="thin", color="A0A0A0")
        top = Alignment(wrap_text=True, vertical="top")
        for name, font, fill in (
            ("ropa header", Font(bold=True), PatternFill("solid", fgColor="DDE4EE")),
            ("ropa body", Font(), PatternFill()),
            ("ropa title", Font(bold=True, size=14), PatternFill()),
            ("ropa label", Font(bold=True), PatternFill()),
        ):
            wb.add_named_style(NamedStyle(name=name, font=font, fill=fill, alignment=top,
                                          border=Border(bottom=thin) if name == "ropa header" else Border()))
        self.arrays = {}
        for name in ("ropa header", "ropa body", "ropa title", "ropa label"):
            cell = WriteOnlyCell(ws)
            cell.style = name
            self.arrays[name] = cell._style
            quoted = WriteOnlyCell(ws)
            quoted.style = name
            quoted.quotePrefix = True  # Excel and Calc keep the text text when edited
            self.arrays[name + "+quote"] = quoted._style
        self.ws = ws
        self.attrs: dict[str, str] = {}  # style name -> its cells' ` s="<index>"` attribute

    def cell(self, ws: object, value: str, style: str = "ropa body") -> WriteOnlyCell | None:
        """A string cell (never a formula) sharing the style's array; None for an empty body cell."""
        if not value and style == "ropa body":
            return None  # nothing to show: openpyxl skips it, which keeps large sheets fast
        if _ILLEGAL.search(value) or len(value) > MAX_CELL:
            value = _clean(value)
        cell = WriteOnlyCell(ws)
        # every registry value is text: set it as a string directly, so that no value
        # (`=HYPERLINK(...)`) can become a formula and no type guessing runs per cell
        cell._value = value
        cell.data_type = "s"
        cell._style = self.arrays[style + "+quote" if value.startswith(FORMULA_START) else style]
        return cell

    def row_xml(self, wb: Workbook, values: list, style: str, letters: list[str], row: int) -> str:
        """The ``<c>`` elements of one row, as openpyxl writes the cells ``cell`` makes.

        Same bytes as ``openpyxl.cell._writer.etree_write_cell`` for a string cell with a
        shared style: ``r``, ``s`` (the style's index, registered in first-use order like
        ``cell.style_id``), ``t="inlineStr"``, the text escaped like ElementTree's
        ``_escape_cdata`` and ``xml:space="preserve"`` where openpyxl's ``whitespace`` sets it.
        """
        parts = []
        attrs = self.attrs
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        for column, value in enumerate(values):
            if not value:
                if style == "ropa body":
                    continue  # as `cell`: an empty body cell is not written
                parts.append(f'<c r="{letters[column]}{row}"{self._attrs(wb, style)} t="inlineStr" />')
                continue
            if _ILLEGAL.search(value) or len(value) > MAX_CELL:
                value = _clean(value)
            name = style + "+quote" if value.startswith(FORMULA_START) else style
            s = attrs.get(name)
            if s is None:
                s = self._attrs(wb, name)
            stripped = value.strip()
            space = ' xml:space="preserve"' if stripped and value != stripped else ""
            if "&" in value:
                value = value.replace("&", "&amp;")
            if "<" in value:
                value = value.replace("<", "&lt;")
            if ">" in value:
                value = value.replace(">", "&gt;")
            parts.append(f'<c r="{letters[column]}{row}"{s} t="inlineStr"><is><t{space}>{value}</t></is></c>')
        return "".join(parts)

    def rows_xml(self, wb: Workbook, rows: list[list[str]], letters: list[str], first: int) -> str:
        """The ``<row>`` elements of body rows numbered from ``first``: ``row_xml`` of each, faster.

        ``row_xml`` tests every cell for characters to drop, a formula start, edge
        whitespace and characters to escape. Here a row is tested as one string (its
        cells joined by NUL) for the characters to drop and to escape, and each cell
        only for its first and last character. A row with something to drop, an
        over-long cell or a cell that needs the quote style or ``xml:space`` is left to
        ``row_xml``; for the others the cells are exactly what ``row_xml`` writes: same
        style attribute (registered at the same first cell), same escaping (``&``, then
        ``<``, then ``>``), no ``xml:space``.
        """
        out = []
        attrs = self.attrs
        edge_first, space = _EDGE_FIRST, _SPACE
        while rows and len(letters) < max(map(len, rows)):
            letters.append(get_column_letter(len(letters) + 1))
        for row, values in enumerate(rows, first):
            joined = _SEP.join(values)
            if (_ILLEGAL_BUT_SEP.search(joined) or joined.count(_SEP) != len(values) - 1
                    or (len(joined) > MAX_CELL and max(map(len, values)) > MAX_CELL)
                    or [v for v in values if v and (v[0] in edge_first or v[-1] in space)]):
                out.append(f'<row r="{row}">{self.row_xml(wb, values, "ropa body", letters, row)}</row>')
                continue
            if "&" in joined or "<" in joined or ">" in joined:
                values = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split(_SEP)
            s = attrs.get("ropa body")
            if s is None:
                if not any(values):
                    out.append(f'<row r="{row}"></row>')
                    continue
                s = self._attrs(wb, "ropa body")
            rest = f'{row}"{s} t="inlineStr"><is><t>'
            out.append(f'<row r="{row}">'
                       + "".join([f'<c r="{letters[column]}{rest}{value}</t></is></c>'
                                  for column, value in enumerate(values) if value])
                       + "</row>")
        return "".join(out)

    def _attrs(self, wb: Workbook, name: str) -> str:
        """The ``s`` attribute of a style's cells (none for an unstyled one), registering the style."""
        array = self.arrays[name]
        text = f' s="{wb._cell_styles.add(array)}"' if any(array) else ""
        self.attrs[name] = text
        return text


def _clean(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - 6] + " […]"
    return value


def _fast_rows(ws: object) -> bool:
    """Let rows of ready cells through without openpyxl's per-value conversion.

    ``WriteOnlyWorksheet._values_to_row`` re-binds every value and, for a styled cell,
    raises and catches a ValueError and allocates a spare cell: about half the time of a
    large export. Cells made by ``_Styles.cell`` are already final, so ``_placed`` sets
    their coordinates and the writer takes them as they are. Without the hook (another
    openpyxl version), rows go through the ordinary path: slower, same output.
    """
    if not hasattr(ws, "_values_to_row"):
        return False
    ws._values_to_row = lambda cells, row_idx: cells  # type: ignore[attr-defined]
    return True


def _raw_rows(ws: object) -> bool:
    """Let each row through as the XML text of its cells, written as it is.

    openpyxl serialises every cell through an ElementTree element (et_xmlfile), which
    costs more than the rest of the export. ``_Styles.row_xml`` writes the same bytes as
    text, with ``<row r="N">`` and ``</row>`` around it as ``WorksheetWriter.write_row``
    writes them; each ``append`` then passes one string of whole rows (several rows at a
    time: openpyxl's row counter is not used). Only with openpyxl's own (non-lxml) writer
    whose internals are as expected; otherwise False and rows go through ``_fast_rows``
    (slower, same output).
    """
    from openpyxl import LXML

    if LXML or not all(hasattr(ws, name) for name in ("_values_to_row", "_get_writer", "row_dimensions")):
        return False
    ws._get_writer()  # type: ignore[attr-defined]  # what the first `append` would do
    writer = getattr(ws, "_writer", None)
    if writer is None or not hasattr(writer, "write_row"):
        return False
    dims = ws.row_dimensions  # type: ignore[attr-defined]

    def write_row(xf: object, row: list, row_idx: int) -> None:
        if dims:  # pragma: no cover - ropa sets no row dimensions
            raise AssertionError("row dimensions are not written by the raw row writer")
        xf._file(row[0])  # type: ignore[attr-defined]

    ws._values_to_row = lambda cells, row_idx: cells  # type: ignore[attr-defined]
    writer.write_row = write_row
    return True


def _placed(cells: list, row: int) -> list:
    placed = []
    for column, cell in enumerate(cells, 1):
        if cell is not None:
            cell.row = row
            cell.column = column
            placed.append(cell)
    return placed


def _sheet_title(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "-", title)[:31]
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _print_setup(ws: object, landscape: bool = True) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def _cover(wb: Workbook, styles: _Styles, doc: Document, used: set[str]) -> None:
    ws = wb.create_sheet(_sheet_title(title("cover", doc.lang), used))
    ws.column_dimensions["A"].width = 46
    ws.column_dimensions["B"].width = 90
    _print_setup(ws, landscape=False)
    ws.append([styles.cell(ws, doc.title, "ropa title")])
    ws.append([])
    for section in doc.cover:
        ws.append([styles.cell(ws, section.title, "ropa header"), styles.cell(ws, "", "ropa header")])
        for label, value in section.fields:
            ws.append([styles.cell(ws, label, "ropa label"), styles.cell(ws, value)])
        ws.append([])


def _table(wb: Workbook, styles: _Styles, table: Table, used: set[str]) -> None:
    ws = wb.create_sheet(_sheet_title(table.title, used))
    ncols = len(table.columns)
    for i, column in enumerate(table.columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    last = get_column_letter(ncols)
    ws.freeze_panes = "C2" if table.columns[0].key in ("id", "activity_id") and ncols > 2 else "A2"
    ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    ws.print_title_rows = "1:1"
    _print_setup(ws)
    if _raw_rows(ws):
        letters = [get_column_letter(i) for i in range(1, ncols + 1)]
        ws.append([f'<row r="1">{styles.row_xml(wb, table.headings, "ropa header", letters, 1)}</row>'])
        rows = table.rows
        for start in range(0, len(rows), ROWS_PER_WRITE):
            ws.append([styles.rows_xml(wb, rows[start:start + ROWS_PER_WRITE], letters, start + 2)])
        return
    place = _placed if _fast_rows(ws) else (lambda cells, row: cells)
    ws.append(place([styles.cell(ws, h, "ropa header") for h in table.headings], 1))
    cell = styles.cell
    for index, row in enumerate(table.rows, 2):
        ws.append(place([cell(ws, v) for v in row], index))


def render(doc: Document) -> list[Output]:
    snap = doc.snapshot
    wb = Workbook(write_only=True)
    stamp = _dt.datetime.combine(snap.date, _dt.time())
    props = wb.properties
    props.created = props.modified = stamp
    props.creator = props.lastModifiedBy = "ropa"
    props.title = doc.title
    props.language = doc.lang
    used: set[str] = set()
    scratch = wb.create_sheet("scratch")
    styles = _Styles(wb, scratch)
    wb.remove(scratch)
    _cover(wb, styles, doc, used)
    for table in doc.tables:
        _table(wb, styles, table, used)
    buffer = io.BytesIO()
    # ExcelWriter directly: Workbook.save would stamp the current time into docProps/core.xml
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    return [Output(f"{doc.stem}.xlsx", normalise_zip(buffer.getvalue(), snap.date))]
