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
