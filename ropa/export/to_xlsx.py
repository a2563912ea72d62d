"""The Art. 30 record as an Excel workbook that prints (openpyxl write-only mode, public API).

Sheets: the cover and the record in the DSK form layout (one block per activity: field |
Art. 30 point | value), which are what the workbook prints; then the wide tables, for
filtering: controller activities, processor activities (where present), recipients,
transfers, security measures, findings and waivers.

Printing (docs/exports.md, "The printed workbook"): printing the workbook prints the cover
and the form, A4 landscape at 100 % (so the type prints at its size, 10 pt, the running
header and footer 9 pt) with a running header (organisation, report title, as-of date) and
footer (sheet name, "Seite X von Y" / "Page X of Y"). The wide tables repeat the form's
content one row per activity, 20 and more columns wide: printed, they would take some
seven mostly white pages per activity. So their print area is one empty cell and a print of
the workbook leaves them out; their page setup (100 %, header row and Nr./id columns
repeated on every page) is kept for whoever clears the print area to print a filtered table.

Text is laid out here (``ropa.export.xlsx_text``): row heights from the wrapped text, since
the spreadsheets only fit rows they are told to fit; column widths no narrower than the
widest word, so that words break only at spaces and hyphens; a text taller than a row can be
(409 pt) or longer than a cell can hold (32,767 characters) continues in the following rows,
never cut. The form is paginated here: an activity starts on a new page where it would
otherwise be split, and a longer one continues under its heading, "(Fortsetzung)".

The type is Arial (Liberation Sans where Arial is missing: the same metrics), also the
workbook's default font, which sets the unit of the column widths: with the spreadsheet
default, Calibri, a machine without Calibri or its metric twin Carlito lays the columns out
wider and shrinks the fitted pages (to 7 pt).

Cells: text is text (a value that looks like a formula is stored as text with the quote
prefix, see ``ropa.export.safety``), counts are numbers, dates are date cells with the
language's number format. "Nr." is a running number; the id stands beside it. Body text
takes the workbook's default style (Arial 10, wrapped, top-aligned) and is appended as a
plain value, the fast path of openpyxl's write-only mode; only cells of another style are
cell objects, their named style resolved once per workbook.

Deterministic: document properties and every zip entry carry the registry's date.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import xml.etree.ElementTree as ET
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.properties import PageSetupProperties

from ropa.labels import article
from ropa.export.core import Output
from ropa.export.document import Document, Table, title
from ropa.export.safety import FORMULA_START, normalise_zip
from ropa.export.xlsx_text import LINE, MAX_CELL, MAX_HEIGHT, MAX_LINES, PADDING, SIZE, Measure, column_width

__all__ = ["render", "MAX_CELL", "MAX_HEIGHT", "LINE", "PADDING"]

# XML 1.0 cannot carry most control characters: they are dropped
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

FONT = "Arial"
HEADER_SIZE = 9
ONE_LINE = LINE + PADDING  # the sheets' default row height: a row of one line needs no height of its own
# Landscape A4 with the margins below: the height the rows of one page can take (less the
# repeated header row and a safety margin: LibreOffice places the header inside the top
# margin differently) and the width at 100 %
PAGE_HEIGHT = 595.0 - 72 * (0.7 + 0.7) - 16 - 40
PAGE_WIDTH = 842.0 - 72 * (0.4 + 0.4)
DATE_FORMATS = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
FORM_TABLES = {"activities": "form", "processor-activities": "form-processor"}
# LibreOffice sets a column of width w (characters) w times the digit width of the default
# font wide (Arial 10: 5.56 pt), Excel 7 w + 5 pixels (5.25 pt a character): a sheet printed
# at 100 % keeps to the larger, with 10 pt to spare
PAGE_CHARS = (PAGE_WIDTH - 10) / 5.56
FORM_WIDTHS = [34.0, 20.0, 84.0]  # field | Art. 30 point | value: 138 characters of the page's 139
WIDEST_COLUMN = 60.0  # a wide table's column widened for its longest word stops here
MIN_SPLIT = 3  # a field starts at the foot of a page only where this many of its lines fit there

BODY = "ropa body"  # the workbook's default style: such cells are plain values
REGULAR, BOLD = Measure(), Measure(bold=True)


class _Sheet:
    """One write-only sheet: appends rows with their heights and counts them."""

    def __init__(self, book: _Book, name: str, widths: list[float]) -> None:
        self.book = book
        self.ws = book.wb.create_sheet(name)
        self.row = 0
        self.widths = widths
        self.rooms = [REGULAR.room(w) for w in widths]
        self.bold_rooms = [BOLD.room(w) for w in widths]
        # set once by ``close``: MultiCellRange.add and RowBreak.append take time linear in
        # what they hold already (quadratic over a sheet of 10,000 activities)
        self.merges: list[str] = []
        self.breaks: list[Break] = []
        self.pool: dict[tuple[str, int], Any] = {}
        for i, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.sheet_format.defaultRowHeight = ONE_LINE
        self.ws.sheet_format.customHeight = True
        _print_setup(self.ws, book.doc)

    def height(self, values: list[Any], bold: bool = False) -> float:
        """The height the row ``values`` needs to show every text cell in full (at most 409 pt)."""
        lines = 1
        measure, rooms = (BOLD, self.bold_rooms) if bold else (REGULAR, self.rooms)
        for value, room in zip(values, rooms):
            if value.__class__ is str:
                lines = max(lines, measure.lines(value, room))
        return min(MAX_HEIGHT, lines * LINE + PADDING)

    def append(self, values: list[Any], style: str = BODY, styles: list[str] | None = None,
               height: float | None = None) -> float:
        """Append one row (its height computed unless given); returns its height."""
        self.row += 1
        if height is None:
            height = self.height(values, bold=style != BODY)
            if styles:  # a label column in bold beside body text
                height = max(height, self.height(values[:1], bold=True))
        if height != ONE_LINE:  # a row dimension only where the row is not of the default height
            self.ws.row_dimensions[self.row].height = height
        cell = self.cell
        if styles is None:
            row = [cell(value, style, i) for i, value in enumerate(values)]
        else:
            row = [cell(value, s, i) for i, (value, s) in enumerate(zip(values, styles))]
        self.ws.append(row)
        if height != ONE_LINE:
            # the row is written: its dimension is not needed any more (300,000 of them would
            # hold some 300 MB for a sheet of 10,000 activities)
            del self.ws.row_dimensions[self.row]
        return height

    def cell(self, value: Any, style: str, column: int) -> Any:
        """What ``ws.append`` takes for ``value``: the value itself in the default style, else a cell.

        A cell of another style is taken from a pool, one per style and column, made and
        styled once: the write-only sheet writes a row as it is appended, so the next row
        may give the same cell its value (openpyxl resolves a named style by scanning the
        workbook's list of them, and makes a style array for each cell styled).
        """
        if value.__class__ is str:
            if _ILLEGAL.search(value):
                value = _ILLEGAL.sub("", value)
            if value.startswith(FORMULA_START):
                # text that a spreadsheet would run as a formula stays text, also when edited:
                # a cell of its own
                cell = WriteOnlyCell(self.ws, value=value)
                cell.style = style
                cell.data_type = "s"
                cell.quotePrefix = True
                return cell
            if style == BODY:
                return value or None
        elif value is None:
            if style == BODY:
                return None
        elif isinstance(value, _dt.date):
            style = "ropa date"
        elif isinstance(value, int):
            style = "ropa number"
        key = (style, column)
        cell = self.pool.get(key)
        if cell is None:
            cell = self.pool[key] = WriteOnlyCell(self.ws)
            cell.style = style
        cell.value = value
        return cell

    def merge(self, ref: str) -> None:
        self.merges.append(ref)

    def page_break(self) -> None:
        """A manual page break after the last row."""
        self.breaks.append(Break(id=self.row))

    def close(self) -> None:
        if self.merges:
            self.ws.merged_cells = MultiCellRange(" ".join(self.merges))
        if self.breaks:
            self.ws.row_breaks = RowBreak(brk=self.breaks)


class _Book:
    """The workbook being written, with its named styles, each resolved once."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.wb = wb = Workbook(write_only=True)
        self.styles = _styles(wb, doc.lang)
        self.used: set[str] = set()  # sheet names taken (lower case)

    def sheet(self, text: str, widths: list[float]) -> _Sheet:
        name = re.sub(r"[\[\]:*?/\\]", "-", text)[:31]
        base, n = name, 2
        while name.lower() in self.used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        self.used.add(name.lower())
        return _Sheet(self, name, widths)

def _styles(wb: Workbook, lang: str) -> dict[str, NamedStyle]:
    """The workbook's named styles, registered once; cells take the style objects."""
    thin = Side(style="thin", color="A0A0A0")
    top = Alignment(wrap_text=True, vertical="top")
    plain = Font(name=FONT, size=SIZE)
    bold = Font(name=FONT, size=SIZE, bold=True)
    out = {}
    for name, font, fill, border, number_format, alignment in (
        ("ropa header", bold, PatternFill("solid", fgColor="DDE4EE"), Border(bottom=thin), "General", top),
        (BODY, plain, PatternFill(), Border(), "General", top),
        ("ropa title", Font(name=FONT, size=14, bold=True), PatternFill(), Border(), "General", top),
        ("ropa label", bold, PatternFill(), Border(), "General", top),
        ("ropa block", bold, PatternFill("solid", fgColor="DDE4EE"), Border(top=thin, bottom=thin), "General", top),
        ("ropa date", plain, PatternFill(), Border(), DATE_FORMATS.get(lang, "YYYY-MM-DD"),
         Alignment(vertical="top", horizontal="left")),
        ("ropa number", plain, PatternFill(), Border(), "0", Alignment(vertical="top", horizontal="left")),
    ):
        style = NamedStyle(name=name, font=font, fill=fill, border=border, number_format=number_format,
                           alignment=alignment)
        wb.add_named_style(style)
        out[name] = style
    return out


# The workbook's default style (OOXML: the first font, the first cell style format and the
# first cell format of xl/styles.xml): openpyxl has no API to change it, so the stylesheet
# it writes is amended as it is stored in the archive.
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STYLESHEET = "xl/styles.xml"


def default_style(xml: bytes) -> bytes:
    """The stylesheet ``xml`` with Arial 10, wrapped and top-aligned, as the default style."""
    ET.register_namespace("", _MAIN)
    root = ET.fromstring(xml)
    ns = {"m": _MAIN}
    font = root.find("m:fonts/m:font", ns)
    if font is None:
        raise ValueError("stylesheet without fonts")
    font.clear()
    for tag, value in (("name", FONT), ("family", "2"), ("sz", str(SIZE))):
        ET.SubElement(font, f"{{{_MAIN}}}{tag}", val=value)
    for path in ("m:cellStyleXfs/m:xf", "m:cellXfs/m:xf"):
        xf = root.find(path, ns)
        if xf is None:
            raise ValueError(f"stylesheet without {path}")
        xf.set("applyAlignment", "1")
        for old in xf.findall("m:alignment", ns):
            xf.remove(old)
        ET.SubElement(xf, f"{{{_MAIN}}}alignment", vertical="top", wrapText="1")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


class _Archive(ZipFile):
    """The xlsx archive; amends the stylesheet as openpyxl stores it (see ``default_style``)."""

    styled = False

    def writestr(self, zinfo_or_arcname: str | ZipInfo, data: Any, *args: Any, **kwargs: Any) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, ZipInfo) else zinfo_or_arcname
        if name == STYLESHEET:
            data = default_style(data.encode("utf-8") if isinstance(data, str) else data)
            self.styled = True
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)


def _literal(text: str) -> str:
    """Text for a header or footer: ``&`` starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def _print_setup(ws: Any, doc: Document) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.scale = 100
    ws.page_setup.pageOrder = "overThenDown"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    lang = doc.lang
    for part, text in ((ws.oddHeader.left, doc.organisation), (ws.oddHeader.center, doc.heading),
                       (ws.oddHeader.right, f"{title('date', lang)}: {doc.date}")):
        part.text = _literal(text)
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = title("page", lang).format(page="&P", pages="&N")
    for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right, ws.oddFooter.left, ws.oddFooter.right):
        part.font = FONT
        part.size = HEADER_SIZE


def _fit_width(ws: Any) -> None:
    """One page wide, never enlarged: a sheet laid out to fit the page prints at 100 %,
    and shrinks only on a machine whose fonts are wider than Arial's metrics."""
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _not_printed(sheet: _Sheet) -> None:
    """Left out of a print of the workbook: the print area is one empty cell beside the table."""
    sheet.ws.print_area = f"{get_column_letter(len(sheet.widths) + 1)}1"


def _cover(book: _Book) -> None:
    doc = book.doc
    sheet = book.sheet(title("cover", doc.lang), [42, 88])
    _fit_width(sheet.ws)
    sheet.merge("A1:B1")
    big = Measure(bold=True, size=14)
    lines = big.lines(doc.title, big.room(130))
    sheet.append([doc.title, ""], "ropa title", height=lines * 18 + PADDING)
    sheet.append([])
    for section in doc.cover:
        sheet.merge(f"A{sheet.row + 1}:B{sheet.row + 1}")
        sheet.append([section.title, ""], "ropa header", height=ONE_LINE)
        for label, value in section.fields:
            _field(sheet, label, section.typed.get(label, value), ["ropa label", BODY], 1)
        sheet.append([])
    sheet.close()


def _field(sheet: _Sheet, label: str, value: Any, styles: list[str], column: int, cells: list[Any] | None = None,
           continued: str = "") -> None:
    """A label and its value; a value taller than a row can be continues in the following rows."""
    if value.__class__ is not str:
        sheet.append([label, *(cells or []), value], styles=styles)
        return
    room = sheet.rooms[column]
    head, rest = REGULAR.cut(value, room, MAX_LINES)
    sheet.append([label, *(cells or []), head], styles=styles)
    while rest:
        head, rest = REGULAR.cut(rest, room, MAX_LINES)
        sheet.append([f"{label} ({continued})" if continued else "", *([""] * len(cells or [])), head], styles=styles)


def _typed(table: Table) -> list[tuple[int, Any]]:
    """(column index, its typed getter) for the columns with typed values."""
    return [(i, c.typed) for i, c in enumerate(table.columns) if c.typed is not None]


def _values(table: Table, index: int, typed: list[tuple[int, Any]]) -> list[Any]:
    row: list[Any] = table.rows[index]
    if typed:
        row = list(row)
        item = table.items[index]
        for i, get in typed:
            value = get(item)
            row[i] = value if value is not None else row[i]
    return row


def _widths(table: Table) -> list[float]:
    """The wide table's column widths: as the columns define them, widened for the longest word."""
    widths = [5.0, *(float(c.width) for c in table.columns)]
    words = [BOLD.longest(h) for h in ("", *table.headings)]
    longest = REGULAR.longest
    for row in table.rows:
        for i, value in enumerate(row, 1):
            if value.__class__ is str:
                words[i] = longest(value, words[i])
    return [max(w, min(WIDEST_COLUMN, column_width(word))) for w, word in zip(widths, words)]


def _table(book: _Book, table: Table, printed: bool = False) -> None:
    """A wide table, one row per item (for filtering); a text taller than a row can be
    continues in the following rows, which repeat the row's number and id."""
    doc = book.doc
    sheet = book.sheet(table.title, _widths(table))
    ws = sheet.ws
    last = get_column_letter(len(sheet.widths))
    has_id = table.columns[0].key in ("id", "activity_id")
    ws.freeze_panes = "C2" if has_id else "B2"
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:B" if has_id else "A:A"
    sheet.append([title("number", doc.lang), *table.headings], "ropa header")
    typed = _typed(table)
    keep = 2 if has_id else 1  # the columns a continuation repeats
    for index in range(len(table.rows)):
        values = [index + 1, *_values(table, index, typed)]
        height = sheet.height(values)
        if height < MAX_HEIGHT:
            sheet.append(values, height=height)
            continue
        while any(v.__class__ is str and v for v in values[keep:]):
            row, rest = values[:keep], values[:keep]
            for value, room in zip(values[keep:], sheet.rooms[keep:]):
                head, tail = REGULAR.cut(value, room, MAX_LINES) if value.__class__ is str else (value, "")
                row.append(head)
                rest.append(tail)
            sheet.append(row)
            values = rest
    ws.auto_filter.ref = f"A1:{last}{sheet.row}"
    if not printed:
        _not_printed(sheet)
    sheet.close()


def _findings(book: _Book, table: Table) -> None:
    """The findings and waivers: the DPO's working file, for filtering; not printed with the record."""
    _table(book, table)


def _form_widths(table: Table, lang: str) -> list[float]:
    """The form's columns, the label and value columns widened (within the page) for their longest word."""
    label, point, value = FORM_WIDTHS
    labels = [c.label(lang) for c in table.columns[2:]]
    label = max(label, column_width(max(BOLD.longest(t) for t in labels)))
    widest = 0.0
    for row in table.rows:
        for v in row[2:]:
            if v.__class__ is str:
                widest = REGULAR.longest(v, widest)
    room = PAGE_CHARS - label - point  # what the page leaves the value column
    return [label, point, max(value, min(float(int(room)), column_width(widest)))]


def _form(book: _Book, table: Table) -> None:
    """The DSK form layout: one block per activity, field | Art. 30 point | value.

    Paginated here, from the computed row heights (which err on the tall side, so the
    spreadsheet never needs a break before ours): a block that fits on a page starts on
    a new page rather than being split; a longer one continues on the next page under
    its heading again, marked "(Fortsetzung)" / "(continued)", a long value continuing
    there where it was cut at the foot of the page.
    """
    doc = book.doc
    lang = doc.lang
    sheet = book.sheet(title(FORM_TABLES[table.key], lang), _form_widths(table, lang))
    ws = sheet.ws
    _fit_width(ws)
    ws.print_title_rows = "1:1"
    sheet.append([title("field", lang), title("paragraph", lang), title("value", lang)], "ropa header")
    fields = [(c.label(lang), article(c.paragraph, lang) if c.paragraph else "") for c in table.columns[2:]]
    block_room = BOLD.room(sum(sheet.widths))
    label_room, point_room, value_room = sheet.bold_rooms[0], sheet.rooms[1], sheet.rooms[2]
    continued = title("continued", lang)
    typed = _typed(table)
    styles = ["ropa label", BODY, BODY]
    used = 0.0

    def heading(text: str) -> float:
        sheet.merge(f"A{sheet.row + 1}:C{sheet.row + 1}")
        return sheet.append([text, "", ""], "ropa block", height=BOLD.height(text, block_room))

    label_lines = [max(BOLD.lines(label, label_room), REGULAR.lines(point, point_room)) for label, point in fields]
    for index, row in enumerate(table.rows):
        name = f"{index + 1}. {row[0]}: {row[1]}"
        values = _values(table, index, typed)[2:]
        value_lines = [REGULAR.lines(v, value_room) if v.__class__ is str else 1 for v in values]
        block = BOLD.height(name, block_room) + sum(max(a, b) * LINE + PADDING for a, b in zip(label_lines, value_lines))
        if used and used + block > PAGE_HEIGHT:
            sheet.page_break()  # the block starts on a new page
            used = 0.0
        used += heading(name)
        for (label, point), value, lines, own in zip(fields, values, value_lines, label_lines):
            first = True
            while True:
                cells = [label, point, value] if first else [f"{label} ({continued})", "", value]
                need = min(MAX_LINES, max(lines, own if first else 1)) * LINE + PADDING
                fits = lines <= MAX_LINES and used + need <= PAGE_HEIGHT
                if fits:
                    used += sheet.append(cells, styles=styles, height=need)
                    break
                left = min(MAX_LINES, int((PAGE_HEIGHT - used - PADDING) // LINE))
                if value.__class__ is str and left >= max(MIN_SPLIT, own if first else 1) and lines > left:
                    head, value = REGULAR.cut(value, value_room, left)
                    cells[2] = head
                    used += sheet.append(cells, styles=styles,
                                         height=max(REGULAR.lines(head, value_room), own if first else 1) * LINE + PADDING)
                    lines = REGULAR.lines(value, value_room)
                    first = False
                    if not value:
                        break
                    if used + LINE + PADDING <= PAGE_HEIGHT and lines <= MAX_LINES:
                        continue  # cut only because a row can be no taller (409 pt)
                sheet.page_break()
                used = heading(f"{name} ({continued})")
        used += sheet.append([], height=LINE)
    sheet.close()


def render(doc: Document) -> list[Output]:
    snap = doc.snapshot
    book = _Book(doc)
    wb = book.wb
    stamp = _dt.datetime.combine(snap.date, _dt.time())
    props = wb.properties
    props.created = props.modified = stamp
    props.creator = props.lastModifiedBy = "ropa"
    props.title = doc.title
    props.language = doc.lang
    _cover(book)
    for table in doc.tables:
        if table.key in FORM_TABLES and table.rows:
            _form(book, table)
    for table in doc.tables:
        if table.key == "findings":
            _findings(book, table)
        else:
            _table(book, table)
    buffer = io.BytesIO()
    # ExcelWriter directly: Workbook.save would stamp the current time into docProps/core.xml
    from openpyxl.writer.excel import ExcelWriter

    with _Archive(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
        if not archive.styled:
            raise RuntimeError("openpyxl wrote no xl/styles.xml: the default style could not be set")
    return [Output(f"{doc.stem}.xlsx", normalise_zip(buffer.getvalue(), snap.date))]
