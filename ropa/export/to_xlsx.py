"""The Art. 30 record as an Excel workbook that prints (openpyxl write-only mode, public API).

Sheets: cover; the record in the DSK form layout (one block per activity: field | Art. 30
point | value), for reading and printing; then the wide tables for filtering: controller
activities, processor activities (where present), recipients, transfers, security measures,
findings and waivers.

Printing: every sheet is landscape A4 with a running header (organisation, report title,
as-of date) and footer (sheet name, "Seite X von Y" / "Page X of Y"). Row heights are
computed from the wrapped text and the column widths (``row_height``): Excel and
LibreOffice only fit rows they are told to fit, so without them wrapped text is cut or runs
over the next row. The wide tables print at 100 % across as many pages as their columns
need (first across, then down), with the header row and the "Nr." and id columns repeated
on every page; the cover and form sheets fit the page width. The form sheet starts an
activity on a new page where it would otherwise be split and fits on one page.

Cells: text is text (a value that looks like a formula is stored as text with the quote
prefix, see ``ropa.export.safety``), counts are numbers, dates are date cells with the
language's number format. "Nr." is a running number; the id stands beside it.

Deterministic: document properties and every zip entry carry the registry's date.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from typing import Any
from collections.abc import Iterable
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from ropa.labels import article
from ropa.export.core import Output
from ropa.export.document import Document, Table, title
from ropa.export.safety import FORMULA_START, normalise_zip

MAX_CELL = 32767  # Excel's limit on the characters of one cell
# XML 1.0 cannot carry most control characters: they are dropped
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Type: Arial (Liberation Sans, metric-compatible, where Arial is missing) at 10 pt,
# printed at 100 %: the smallest type on a printed page is the 9 pt header and footer.
FONT = "Arial"
SIZE = 10
HEADER_SIZE = 9
LINE = 12.75  # pt per line of 10 pt Arial in Excel and LibreOffice (their default row height)
PADDING = 3.0  # pt above and below the text of a row
MAX_HEIGHT = 409.0  # Excel's largest row height
# A column of width w (characters of the default font's digit, 7 px) is 7w + 5 px wide
# (0.75 pt a pixel). Average advance of text in Arial: ~0.5 em; 0.55 em (0.6 em bold) leaves
# room for capitals and wide letters, so an estimate errs towards a line too many.
AVERAGE = 0.5
AVERAGE_BOLD = 0.54
# Landscape A4 with the margins below: the height the rows of one page can take
# (less a safety margin: LibreOffice places the header inside the top margin differently)
PAGE_HEIGHT = 595.0 - 72 * (0.7 + 0.7) - 16 - 40  # less the repeated header row
PAGE_WIDTH = 842.0 - 72 * (0.4 + 0.4)
MIN_SCALE = 0.87  # a table this much wider than the page is shrunk to fit (10 pt prints >= 8.7 pt)
DATE_FORMATS = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}

FORM_TABLES = {"activities": "form", "processor-activities": "form-processor"}


def capacity(width: float, bold: bool = False) -> int:
    """How many characters of average text one line of a column ``width`` wide holds."""
    points = (7 * width + 5) * 0.75 - 2 * 2.5  # cell padding left and right
    return max(1, int(points / (SIZE * (AVERAGE_BOLD if bold else AVERAGE))))


def line_count(value: str, chars: int) -> int:
    """Lines ``value`` takes when wrapped at spaces into lines of ``chars`` characters.

    A word longer than a line is broken into pieces (as the spreadsheets do).
    """
    count = 0
    for para in value.split("\n"):
        if len(para) <= chars:
            count += 1
            continue
        count += 1
        used = -1
        for word in para.split(" "):
            size = len(word)
            if used >= 0 and used + 1 + size <= chars:
                used += 1 + size
                continue
            if used >= 0:
                count += 1
            while size > chars:
                count += 1
                size -= chars
            used = size
    return count


def row_height(values: Iterable[Any], capacities: list[int]) -> float:
    """The height in points a row needs to show every wrapped text cell in full."""
    lines = 1
    for value, chars in zip(values, capacities):
        if value.__class__ is str and (len(value) > chars or "\n" in value):
            lines = max(lines, line_count(value, chars))
    return min(MAX_HEIGHT, lines * LINE + PADDING)


class _Sheet:
    """One write-only sheet: appends rows with their computed heights and counts them."""

    def __init__(self, wb: Workbook, doc: Document, name: str, widths: list[float]) -> None:
        self.ws = wb.create_sheet(name)
        self.doc = doc
        self.row = 0
        self.widths = widths
        self.chars = [capacity(w) for w in widths]
        self.bold_chars = [capacity(w, bold=True) for w in widths]
        # set once by ``close``: MultiCellRange.add and RowBreak.append take time linear in
        # what they hold already (quadratic over a sheet of 10,000 activities)
        self.merges: list[str] = []
        self.breaks: list[Break] = []
        for i, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        _print_setup(self.ws, doc)

    def append(self, values: list[Any], style: str = "ropa body", styles: list[str] | None = None,
               height: float | None = None) -> float:
        """Append one row; returns its height. Empty text cells are not written."""
        self.row += 1
        if height is None:
            bold = style in ("ropa header", "ropa label", "ropa block")
            height = row_height(values, self.bold_chars if bold else self.chars)
            if styles:  # a label column in bold beside body text
                height = max(height, row_height(values[:1], self.bold_chars))
        self.ws.row_dimensions[self.row].height = height
        cells = []
        for i, value in enumerate(values):
            cell_style = styles[i] if styles else style
            if value is None or value == "":
                cells.append(WriteOnlyCell(self.ws) if cell_style != "ropa body" else None)
                if cells[-1] is not None:
                    cells[-1].style = cell_style
                continue
            cells.append(_cell(self.ws, value, cell_style))
        self.ws.append(cells)
        # the row is written: its dimension is not needed any more (300,000 of them would
        # hold some 300 MB for a sheet of 10,000 activities)
        del self.ws.row_dimensions[self.row]
        return height


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


def _cell(ws: Any, value: Any, style: str) -> WriteOnlyCell:
    if isinstance(value, _dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.style = "ropa date"
        return cell
    if isinstance(value, int):
        cell = WriteOnlyCell(ws, value=value)
        cell.style = "ropa number"
        return cell
    if _ILLEGAL.search(value) or len(value) > MAX_CELL:
        value = _clean(value)
    cell = WriteOnlyCell(ws, value=value)
    cell.style = style
    if value.startswith(FORMULA_START):
        # text that a spreadsheet would run as a formula stays text, also when edited
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _clean(value: str) -> str:
    value = _ILLEGAL.sub("", value)
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - 6] + " […]"  # Excel cannot hold more; the other formats do
    return value


def _styles(wb: Workbook, lang: str) -> None:
    thin = Side(style="thin", color="A0A0A0")
    top = Alignment(wrap_text=True, vertical="top")
    plain = Font(name=FONT, size=SIZE)
    bold = Font(name=FONT, size=SIZE, bold=True)
    for name, font, fill, border, number_format, alignment in (
        ("ropa header", bold, PatternFill("solid", fgColor="DDE4EE"), Border(bottom=thin), "General", top),
        ("ropa body", plain, PatternFill(), Border(), "General", top),
        ("ropa title", Font(name=FONT, size=14, bold=True), PatternFill(), Border(), "General", top),
        ("ropa label", bold, PatternFill(), Border(), "General", top),
        ("ropa block", bold, PatternFill("solid", fgColor="DDE4EE"), Border(top=thin, bottom=thin), "General", top),
        ("ropa date", plain, PatternFill(), Border(), DATE_FORMATS.get(lang, "YYYY-MM-DD"),
         Alignment(vertical="top", horizontal="left")),
        ("ropa number", plain, PatternFill(), Border(), "0", Alignment(vertical="top", horizontal="left")),
    ):
        wb.add_named_style(NamedStyle(name=name, font=font, fill=fill, border=border,
                                      number_format=number_format, alignment=alignment))


def _sheet_title(text: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "-", text)[:31]
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _literal(text: str) -> str:
    """Text for a header or footer: ``&`` starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def _print_setup(ws: Any, doc: Document, fit_width: bool = False) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        ws.page_setup.scale = 100
        ws.page_setup.pageOrder = "overThenDown"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    lang = doc.lang
    for part, text in ((ws.oddHeader.left, doc.organisation), (ws.oddHeader.center, doc.heading),
                       (ws.oddHeader.right, f"{doc.date_label}: {doc.date}")):
        part.text = _literal(text)
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = title("page", lang).format(page="&P", pages="&N")
    for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right, ws.oddFooter.left, ws.oddFooter.right):
        part.font = FONT
        part.size = HEADER_SIZE


def _cover(wb: Workbook, doc: Document, used: set[str]) -> None:
    sheet = _Sheet(wb, doc, _sheet_title(title("cover", doc.lang), used), [42, 88])
    _print_setup(sheet.ws, doc, fit_width=True)
    sheet.merge("A1:B1")
    sheet.append([doc.title, ""], "ropa title",
                 height=line_count(doc.title, capacity(130, bold=True) * SIZE // 14) * 18 + PADDING)
    sheet.append([])
    for section in doc.cover:
        sheet.merge(f"A{sheet.row + 1}:B{sheet.row + 1}")
        sheet.append([section.title, ""], "ropa header", height=LINE + PADDING)
        for label, value in section.fields:
            sheet.append([label, section.typed.get(label, value)], styles=["ropa label", "ropa body"])
        sheet.append([])
    sheet.close()


def _typed(table: Table) -> list[tuple[int, Any]]:
    """(column index, its typed getter) for the columns with typed values."""
    return [(i, c.typed) for i, c in enumerate(table.columns) if c.typed is not None]


def _values(table: Table, index: int, typed: list[tuple[int, Any]], rows: list[list[str]] | None = None) -> list[Any]:
    row: list[Any] = (table.rows if rows is None else rows)[index]
    if typed:
        row = list(row)
        item = table.items[index]
        for i, get in typed:
            value = get(item)
            row[i] = value if value is not None else row[i]
    return row


def _table(wb: Workbook, doc: Document, table: Table, used: set[str]) -> None:
    widths = [5.0, *(float(c.width) for c in table.columns)]
    sheet = _Sheet(wb, doc, _sheet_title(table.title, used), widths)
    ws = sheet.ws
    if sum(7 * w + 5 for w in widths) * 0.75 <= PAGE_WIDTH / MIN_SCALE:
        _print_setup(ws, doc, fit_width=True)  # a little too wide: one page across, slightly smaller
    last = get_column_letter(len(widths))
    has_id = table.columns[0].key in ("id", "activity_id")
    ws.freeze_panes = "C2" if has_id else "B2"
    ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:B" if has_id else "A:A"
    sheet.append([title("number", doc.lang), *table.headings], "ropa header")
    typed = _typed(table)
    for index in range(len(table.rows)):
        sheet.append([index + 1, *_values(table, index, typed)])


def _form(wb: Workbook, doc: Document, table: Table, used: set[str]) -> None:
    """The DSK form layout: one block per activity, field | Art. 30 point | value.

    Paginated here, from the computed row heights (which err on the tall side, so the
    spreadsheet never needs a break before ours): a block that fits on a page starts on
    a new page rather than being split; a longer one continues on the next page under
    its heading again, marked "(Fortsetzung)" / "(continued)".
    """
    lang = doc.lang
    sheet = _Sheet(wb, doc, _sheet_title(title(FORM_TABLES[table.key], lang), used), [34, 20, 88])
    ws = sheet.ws
    _print_setup(ws, doc, fit_width=True)
    ws.print_title_rows = "1:1"
    sheet.append([title("field", lang), title("paragraph", lang), title("value", lang)], "ropa header")
    fields = [(c.label(lang), article(c.paragraph, lang) if c.paragraph else "") for c in table.columns[2:]]
    block_chars = capacity(sum(sheet.widths), bold=True)
    typed = _typed(table)
    styles = ["ropa label", "ropa body", "ropa body"]
    used_height = 0.0

    def heading(text: str) -> float:
        height = min(MAX_HEIGHT, line_count(text, block_chars) * LINE + PADDING)
        sheet.merge(f"A{sheet.row + 1}:C{sheet.row + 1}")
        return sheet.append([text, "", ""], "ropa block", height=height)

    for index, row in enumerate(table.cards):  # the record form's rows (ropa.export.document.Table)
        name = f"{index + 1}. {row[0]}: {row[1]}"
        values = _values(table, index, typed, table.cards)[2:]
        rows = [([label, point, value], max(row_height([label], sheet.bold_chars[:1]),
                                            row_height(["", point, value], sheet.chars)))
                for (label, point), value in zip(fields, values)]
        block = min(MAX_HEIGHT, line_count(name, block_chars) * LINE + PADDING) + sum(h for _, h in rows)
        if used_height and used_height + block > PAGE_HEIGHT:
            sheet.page_break()  # the block starts on a new page
            used_height = 0.0
        used_height += heading(name)
        for cells, height in rows:
            if used_height + height > PAGE_HEIGHT:
                sheet.page_break()
                used_height = heading(f"{name} ({title('continued', lang)})")
            used_height += sheet.append(cells, styles=styles, height=height)
        used_height += sheet.append([], height=LINE)
    sheet.close()


def render(doc: Document) -> list[Output]:
    wb = Workbook(write_only=True)
    stamp = _dt.datetime.combine(doc.stamp, _dt.time())
    props = wb.properties
    props.created = props.modified = stamp
    props.creator = props.lastModifiedBy = "ropa"
    props.title = doc.title
    props.language = doc.lang
    _styles(wb, doc.lang)
    used: set[str] = set()
    _cover(wb, doc, used)
    for table in doc.tables:
        if table.key in FORM_TABLES and table.rows:
            _form(wb, doc, table, used)
    for table in doc.tables:
        _table(wb, doc, table, used)
    buffer = io.BytesIO()
    # ExcelWriter directly: Workbook.save would stamp the current time into docProps/core.xml
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    return [Output(f"{doc.stem}.xlsx", normalise_zip(buffer.getvalue(), doc.stamp))]
