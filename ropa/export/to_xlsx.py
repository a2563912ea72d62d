"""The Art. 30 record as an Excel workbook that prints (XlsxWriter).

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
The review report and the questionnaire have no form: their tables (findings, questions) are
their content and print one page wide.

Text is laid out here (``ropa.export.xlsx_text``): row heights from the wrapped text, since
the spreadsheets only fit rows they are told to fit; column widths no narrower than the
widest word, so that words break only at spaces and hyphens; a text taller than a row can be
(409 pt) or longer than a cell can hold (32,767 characters) continues in the following rows,
never cut. The form is paginated here: an activity starts on a new page where it would
otherwise be split, and a longer one continues under its heading, "(Fortsetzung)".

The type is Arial (Liberation Sans where Arial is missing: the same metrics), also the
workbook's default style, whose font sets the unit of the column widths: with the
spreadsheet default, Calibri, a machine without Calibri or its metric twin Carlito lays the
columns out wider and shrinks the fitted pages (to 7 pt).

Cells: text is text, written as a string, never read as a formula, number or link (a value
that looks like a formula also carries the quote prefix, see ``ropa.export.safety``); counts
are numbers, dates are date cells with the language's number format. "Nr." is a running
number; the id stands beside it. Each style is one XlsxWriter format, made once per
workbook; body text takes the default style. Why XlsxWriter and not openpyxl (which ropa
uses to read spreadsheets): docs/exports.md, "Writing the workbook".

Deterministic: document properties and every zip entry carry the registry's date.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from typing import Any

import xlsxwriter

from ropa.i18n import N_, gettext
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
# the workbook's default style (Arial 10, wrapped, at the top): body text takes it, and its
# font's digit width is the unit of the column widths
# (not tied to the theme's font, which Excel would show instead: Calibri)
DEFAULT = {"font_name": FONT, "font_size": SIZE, "font_scheme": "none", "text_wrap": True, "valign": "top"}
MAX_BREAKS = 1023  # manual page breaks a sheet can hold (Excel: 1,026; XlsxWriter writes 1,023)
HEADER_FOOTER_CHARS = 255  # Excel's limit on a header or footer
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
WIDEST = 255.0  # Excel's widest column
MIN_SPLIT = 3  # a field starts at the foot of a page only where this many of its lines fit there

BODY = "ropa body"  # the workbook's default style: such cells are plain values
REGULAR, BOLD = Measure(), Measure(bold=True)


class _Sheet:
    """One worksheet, written row by row: rows with their heights."""

    def __init__(self, book: _Book, name: str, widths: list[float]) -> None:
        self.book = book
        self.ws = book.wb.add_worksheet(name)
        self.row = 0  # rows written
        self.widths = widths
        self.rooms = [REGULAR.room(w) for w in widths]
        self.bold_rooms = [BOLD.room(w) for w in widths]
        self.breaks: list[int] = []
        for i, width in enumerate(widths):
            # a column of width w is 7 w pixels (Arial 10's digit is 7 pixels wide)
            self.ws.set_column_pixels(i, i, round(7 * width))
        self.ws.set_default_row(ONE_LINE)
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
        row = self.row
        self.row += 1
        if height is None:
            height = self.height(values, bold=style != BODY)
            if styles:  # a label column in bold beside body text
                height = max(height, self.height(values[:1], bold=True))
        ws = self.ws
        if height != ONE_LINE:
            ws.set_row(row, height)
        formats = self.book.formats
        write_string = ws.write_string
        illegal = _ILLEGAL.search
        for column, value in enumerate(values):
            cell_style = styles[column] if styles else style
            # most cells: plain text, neither a formula's start (quote prefix) nor with a
            # character XML drops (two tests: 3 x faster than one pattern of both)
            if value.__class__ is str and value and not value.startswith(FORMULA_START) and illegal(value) is None:
                if cell_style == BODY:
                    write_string(row, column, value)  # in the default format
                else:
                    write_string(row, column, value, formats[cell_style, False])
            elif value is not None or cell_style != BODY:
                self.write(row, column, value, formats[cell_style, False], formats[cell_style, True])
        return height

    def write(self, row: int, column: int, value: Any, fmt: Any, quoted: Any) -> None:
        """One cell: text as text (never a formula), a count as a number, a date as a date cell."""
        ws = self.ws
        if value.__class__ is str:
            if _ILLEGAL.search(value):
                value = _ILLEGAL.sub("", value)
            if value.startswith(FORMULA_START):
                # text that a spreadsheet would run as a formula stays text, also when edited
                ws.write_string(row, column, value, quoted)
            elif value:
                ws.write_string(row, column, value, fmt)
            else:
                ws.write_blank(row, column, None, fmt)
        elif value is None:
            ws.write_blank(row, column, None, fmt)
        elif isinstance(value, _dt.date):
            ws.write_datetime(row, column, value, self.book.formats["ropa date", False])
        elif isinstance(value, int):
            ws.write_number(row, column, value, self.book.formats["ropa number", False])
        else:
            ws.write_string(row, column, str(value), fmt)

    def merge(self, values: list[Any], style: str, height: float) -> float:
        """One row whose cells are merged into one, holding ``values[0]``."""
        row = self.row
        self.row += 1
        if height != ONE_LINE:
            self.ws.set_row(row, height)
        self.ws.merge_range(row, 0, row, len(values) - 1, _ILLEGAL.sub("", values[0]), self.book.formats[style, False])
        return height

    def page_break(self) -> None:
        """A manual page break after the last row."""
        self.breaks.append(self.row)

    def close(self) -> None:
        if self.breaks:
            # Excel keeps at most 1,026 manual page breaks a sheet (XlsxWriter writes 1,023):
            # beyond them, a long form is paginated by the spreadsheet, between rows
            self.ws.set_h_pagebreaks(self.breaks[:MAX_BREAKS])


class _Book:
    """The workbook being written, with its cell formats, each made once."""

    def __init__(self, doc: Document, target: io.BytesIO) -> None:
        self.doc = doc
        self.wb = wb = xlsxwriter.Workbook(target, {
            # the cells are kept until the workbook is written, with one shared table of
            # their strings (a record repeats its categories, recipients and labels): 12 %
            # less time than constant-memory mode, whose inline strings are each written out
            # and compressed again (1,000 activities, 8 workbooks: 1.71 against 1.94 s CPU;
            # 9 MiB more at the peak); each sheet's <dimension> is its cells' range
            "constant_memory": False,
            # text stays text: no formulas, numbers or links read into strings
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
            # the default style, whose font's digit width is also the unit of column widths
            "default_format_properties": dict(DEFAULT),
        })
        self.formats = _formats(wb, doc.lang)
        self.used: set[str] = set()  # sheet names taken (lower case)
        self.sheets: list[_Sheet] = []

    def sheet(self, text: str, widths: list[float]) -> _Sheet:
        name = re.sub(r"[\[\]:*?/\\]", "-", text)[:31].strip("'") or "-"
        base, n = name, 2
        while name.lower() in self.used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        self.used.add(name.lower())
        sheet = _Sheet(self, name, widths)
        self.sheets.append(sheet)
        return sheet


def _formats(wb: Any, lang: str) -> dict[tuple[str, bool], Any]:
    """The cell formats by style name, each also with the quote prefix (text kept text when edited)."""
    thin = {"border_color": "#A0A0A0"}
    shade = {"bg_color": "#DDE4EE", "pattern": 1}
    bold = {"bold": True}
    styles: dict[str, dict[str, Any]] = {
        "ropa header": {**bold, **shade, "bottom": 1, **thin},
        BODY: {},
        "ropa title": {"bold": True, "font_size": 14},
        "ropa label": bold,
        "ropa block": {**bold, **shade, "top": 1, "bottom": 1, **thin},
        "ropa date": {"num_format": DATE_FORMATS.get(lang, "YYYY-MM-DD"), "align": "left", "text_wrap": False},
        "ropa number": {"num_format": "0", "align": "left", "text_wrap": False},
    }
    out = {}
    for name, props in styles.items():
        for quote in (False, True):
            out[name, quote] = wb.add_format({**DEFAULT, **props, **({"quote_prefix": True} if quote else {})})
    return out


def _literal(text: str) -> str:
    """Text for a header or footer: ``&`` starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def _print_setup(ws: Any, doc: Document) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_print_scale(100)
    ws.print_across()  # the pages of a wide table: first across, then down
    ws.hide_gridlines(0)  # printed
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    lang = doc.lang
    font = f'&"{FONT}"&{HEADER_SIZE} '  # the space ends the size: a text may start with a digit
    parts = [_literal(doc.organisation), _literal(doc.heading), _literal(f"{doc.date_label}: {doc.date}")]
    header = f"&L{font}{parts[0]}&C{font}{parts[1]}&R{font}{parts[2]}"
    if len(header) > HEADER_FOOTER_CHARS:  # Excel's limit: the title gives way
        room = HEADER_FOOTER_CHARS - len(header) + len(parts[1]) - 1
        header = f"&L{font}{parts[0]}&C{font}{parts[1][:max(0, room)]}…&R{font}{parts[2]}"
    ws.set_header(header, {"margin": 0.3})
    page = title("page", lang).format(page="&P", pages="&N")
    ws.set_footer(f"&L{font}&A&R{font}{page}", {"margin": 0.3})


def _fit_width(ws: Any) -> None:
    """One page wide, never enlarged: a sheet laid out to fit the page prints at 100 %,
    and shrinks only on a machine whose fonts are wider than Arial's metrics."""
    ws.fit_to_pages(1, 0)


def _not_printed(sheet: _Sheet) -> None:
    """Left out of a print of the workbook: the print area is one empty cell beside the table."""
    column = len(sheet.widths)
    sheet.ws.print_area(0, column, 0, column)


def _cover(book: _Book) -> None:
    doc = book.doc
    sheet = book.sheet(title("cover", doc.lang), [42, 88])
    _fit_width(sheet.ws)
    big = Measure(bold=True, size=14)
    lines = big.lines(doc.title, big.room(130))
    sheet.merge([doc.title, ""], "ropa title", height=lines * 18 + PADDING)
    sheet.append([])
    for section in doc.cover:
        sheet.merge([section.title, ""], "ropa header", height=ONE_LINE)
        for label, value in section.fields:
            _field(sheet, label, section.typed.get(label, value), ["ropa label", BODY], 1)
        sheet.append([])


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


def _values(table: Table, index: int, typed: list[tuple[int, Any]], rows: list[list[str]] | None = None) -> list[Any]:
    row: list[Any] = (table.rows if rows is None else rows)[index]
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
    widths = [max(w, min(WIDEST_COLUMN, column_width(word))) for w, word in zip(widths, words)]
    # a column with a text taller than a row can be (409 pt) is widened, up to Excel's widest
    # (255), until it fits: one row per item, as filters and ``ropa import`` expect; only a
    # text too long even for that continues in the following rows
    for row in table.rows:
        for i, value in enumerate(row, 1):
            if value.__class__ is str and len(value) * REGULAR.widest > REGULAR.room(widths[i]) * MAX_LINES:
                while widths[i] < WIDEST and REGULAR.lines(value, REGULAR.room(widths[i])) > MAX_LINES:
                    widths[i] = min(WIDEST, widths[i] + 5)
    return widths


# a sheet's name when its table's title is longer than Excel's 31 characters (never cut mid-word)
SHORT_NAMES = {"findings": N_("Findings"), "questions": N_("Questions")}


def _table(book: _Book, table: Table, printed: bool = False) -> None:
    """A wide table, one row per item (for filtering); a text taller than a row can be
    continues in the following rows, which repeat the row's number and id. ``printed``: part
    of a print of the workbook, one page wide (else its print area is empty, see ``_not_printed``)."""
    doc = book.doc
    name = table.title
    if len(name) > 31 and table.key in SHORT_NAMES:
        name = gettext(SHORT_NAMES[table.key], doc.lang)
    sheet = book.sheet(name, _widths(table))
    ws = sheet.ws
    if printed:
        _fit_width(ws)
    has_id = table.columns[0].key in ("id", "activity_id")
    ws.freeze_panes(1, 2 if has_id else 1)
    ws.repeat_rows(0)
    ws.repeat_columns(0, 1 if has_id else 0)
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
    ws.autofilter(0, 0, sheet.row - 1, len(sheet.widths) - 1)
    if not printed:
        _not_printed(sheet)




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
    _fit_width(sheet.ws)
    sheet.ws.repeat_rows(0)
    sheet.append([title("field", lang), title("paragraph", lang), title("value", lang)], "ropa header")
    fields = [(c.label(lang), article(c.paragraph, lang) if c.paragraph else "") for c in table.columns[2:]]
    block_room = BOLD.room(sum(sheet.widths))
    label_room, point_room, value_room = sheet.bold_rooms[0], sheet.rooms[1], sheet.rooms[2]
    continued = title("continued", lang)
    typed = _typed(table)
    styles = ["ropa label", BODY, BODY]
    used = 0.0

    def heading(text: str) -> float:
        return sheet.merge([text, "", ""], "ropa block", height=BOLD.height(text, block_room))

    label_lines = [max(BOLD.lines(label, label_room), REGULAR.lines(point, point_room)) for label, point in fields]
    # a continued field's label, "Zwecke der Verarbeitung (Fortsetzung)", may take a line more
    more_lines = [BOLD.lines(f"{label} ({continued})", label_room) for label, _point in fields]
    for index, row in enumerate(table.cards):  # the record form's rows (ropa.export.document.Table)
        name = f"{index + 1}. {row[0]}: {row[1]}"
        values = _values(table, index, typed, table.cards)[2:]
        value_lines = [REGULAR.lines(v, value_room) if v.__class__ is str else 1 for v in values]
        block = BOLD.height(name, block_room) + sum(max(a, b) * LINE + PADDING for a, b in zip(label_lines, value_lines))
        if used and used + block > PAGE_HEIGHT:
            sheet.page_break()  # the block starts on a new page
            used = 0.0
        used += heading(name)
        for (label, point), value, lines, own, more in zip(fields, values, value_lines, label_lines, more_lines):
            first, fresh = True, False  # fresh: just after a heading on a new page
            while True:
                cells = [label, point, value] if first else [f"{label} ({continued})", "", value]
                own_lines = own if first else more
                need = min(MAX_LINES, max(lines, own_lines)) * LINE + PADDING
                if lines <= MAX_LINES and used + need <= PAGE_HEIGHT:
                    used += sheet.append(cells, styles=styles, height=need)
                    break
                left = min(MAX_LINES, int((PAGE_HEIGHT - used - PADDING) // LINE))
                if value.__class__ is str and lines > left >= max(MIN_SPLIT, own_lines):
                    take = left  # the foot of this page, the rest continues
                elif fresh and used > PAGE_HEIGHT - need:
                    # a heading as tall as the page leaves no room: the row follows all the same
                    take = MAX_LINES
                else:
                    sheet.page_break()
                    used = heading(f"{name} ({continued})")
                    fresh = True
                    continue
                head, rest = REGULAR.cut(value, value_room, take) if value.__class__ is str else (value, "")
                cells[2] = head
                head_lines = REGULAR.lines(head, value_room) if head.__class__ is str else 1
                used += sheet.append(cells, styles=styles, height=min(MAX_LINES, max(head_lines, own_lines)) * LINE + PADDING)
                first = fresh = False
                if not rest:
                    break
                value, lines = rest, REGULAR.lines(rest, value_room)
        if index + 1 < len(table.cards):  # a spacer between blocks, none after the last (the sheet ends with its text)
            used += sheet.append([], height=LINE)


def render(doc: Document) -> list[Output]:
    buffer = io.BytesIO()
    book = _Book(doc, buffer)
    # the registry's date, never the clock's: the same registry gives the same bytes
    book.wb.set_properties({"title": doc.title, "author": "ropa", "created": _dt.datetime.combine(doc.stamp, _dt.time())})
    _cover(book)
    for table in doc.tables:
        if table.key in FORM_TABLES and table.rows:
            _form(book, table)
    # the record prints as cover and form, its wide tables are for filtering; the review report
    # and the questionnaire print their tables (their content), each one page wide
    printed = doc.kind != "record"
    for table in doc.tables:
        _table(book, table, printed=printed)
    for sheet in book.sheets:
        sheet.close()
    book.wb.close()
    return [Output(f"{doc.stem}.xlsx", normalise_zip(buffer.getvalue(), doc.stamp))]
