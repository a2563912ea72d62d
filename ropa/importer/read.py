"""Reading a spreadsheet into sheets of text cells, safely.

* ``.xlsx`` / ``.xlsm``: openpyxl in read-only mode with cached values (``data_only``): a
  formula is never evaluated; its cell reads as the value Excel stored with it (empty if
  none was stored). Before openpyxl sees the file, the zip directory is checked: entries
  that would unpack to more than ``MAX_UNPACKED`` bytes in all, or with an implausible
  compression ratio (a zip bomb), are refused, and so is a file that is not a zip (an
  encrypted workbook is an OLE container; a legacy ``.xls`` too).
* ``.csv`` / ``.txt``: bytes decoded as UTF-8 (with or without BOM), else cp1252; the
  delimiter (``;``, ``,`` or tab) sniffed; a NUL byte is refused (not a text file).
* ``.ods``: no maintained pure-Python library reads it without system packages (odfpy's
  last release is from 2020, ezodf's from 2015), so it is refused with the advice to save
  the file as ``.xlsx`` or ``.csv``.

Every sheet is bounded: at most ``MAX_ROWS`` rows and ``MAX_COLUMNS`` columns; a larger
one is an error, found without reading the rest. Hidden sheets are skipped (and reported).
Merged cells spanning rows of a table are reported by the caller (``merged``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ropa.importer.messages import ImportFailed

MAX_ROWS = 300_000  # a DSK form of 10,000 activities (about 26 rows each) fits; a million rows do not
MAX_COLUMNS = 256
MAX_BYTES = 256 * 1024 * 1024  # one zip entry, unpacked (streamed, never held in memory whole)
MAX_CSV = 32 * 1024 * 1024  # a csv file (read whole: bytes and text)
MAX_UNPACKED = 512 * 1024 * 1024  # all entries of an xlsx, unpacked
MAX_RATIO = 200  # unpacked / packed size of one large zip entry
MAX_CELL = 32767  # Excel's own limit on a cell
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


HEAD = 40  # rows read at first from each sheet: enough to tell what it is


class Sheet:
    """One sheet: its name and rows (row number, cells as text; dates as ``datetime.date``).

    ``head`` holds the first ``HEAD`` rows; ``rows`` reads the whole sheet on first use, so a
    sheet that is not imported (ropa's DSK-form sheet beside its table) is never read whole.

    Mutable state, not a value (docs/architecture.md): a plain class, its rows read on first use.
    """

    __slots__ = ("name", "head", "merged", "load", "_rows")

    def __init__(self, name: str, head: list[tuple[int, list[Any]]], merged: list[str] | None = None,
            load: Any = None, _rows: list[tuple[int, list[Any]]] | None = None) -> None:
        self.name: str = name
        self.head: list[tuple[int, list[Any]]] = head
        self.merged: list[str] = [] if merged is None else merged  # ranges like "A5:A9"
        self.load: Any = load  # () -> every row, for a sheet not read whole yet
        self._rows: list[tuple[int, list[Any]]] | None = _rows

    @property
    def rows(self) -> list[tuple[int, list[Any]]]:
        if self._rows is None:
            self._rows = self.load() if self.load is not None else self.head
        return self._rows


class Book:
    """A spreadsheet or CSV file being imported: its visible sheets, and the open workbook until
    ``close``. Mutable state, not a value (docs/architecture.md): a plain class."""

    __slots__ = ("path", "kind", "sheets", "hidden", "encoding", "delimiter", "workbook")

    def __init__(self, path: Path, kind: str, sheets: list[Sheet], hidden: list[str] | None = None,
            encoding: str = "", delimiter: str = "", workbook: Any = None) -> None:
        self.path: Path = path
        self.kind: str = kind  # xlsx or csv
        self.sheets: list[Sheet] = sheets
        self.hidden: list[str] = [] if hidden is None else hidden
        self.encoding: str = encoding
        self.delimiter: str = delimiter
        self.workbook: Any = workbook  # the open openpyxl workbook, until ``close``

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()
            self.workbook = None


def read(path: Path) -> Book:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFailed("no-file", file=str(path))
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(path)
    if suffix in (".ods", ".fods"):
        raise ImportFailed("ods", file=str(path))
    if suffix == ".xls":
        raise ImportFailed("xls", file=str(path))
    raise ImportFailed("format", file=str(path))


# --- xlsx -----------------------------------------------------------------------------------

def _check_zip(path: Path) -> dict[str, list[str]]:
    """Refuse what is not a plain xlsx; return the merged ranges of each sheet by sheet name."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise ImportFailed("encrypted", file=str(path))
    if not head.startswith(b"PK"):
        raise ImportFailed("corrupt", file=str(path), detail="not a zip archive")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailed("corrupt", file=str(path), detail=str(exc)) from None
    with archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > MAX_BYTES or (
                    info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise ImportFailed("bomb", file=str(path), entry=info.filename, size=info.file_size)
        if total > MAX_UNPACKED:
            raise ImportFailed("bomb", file=str(path), entry="*", size=total)
        if "xl/workbook.xml" not in archive.namelist():
            raise ImportFailed("corrupt", file=str(path), detail="no xl/workbook.xml")
        return _merged_ranges(archive, path)


_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL2 = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+:[A-Z]+\d+)"')


def _merged_ranges(archive: zipfile.ZipFile, path: Path) -> dict[str, list[str]]:
    """``<mergeCell ref=...>`` of every sheet (read-only worksheets do not expose them).

    The same pass counts each sheet's rows (``<row`` elements): a sheet with more than
    ``MAX_ROWS`` is refused here, before openpyxl, which scans a whole sheet that has no
    ``<dimension>`` to find its size."""
    import html

    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {m.group(1): m.group(2) for m in _REL.finditer(rels)}
    targets.update({m.group(2): m.group(1) for m in _REL2.finditer(rels)})
    out: dict[str, list[str]] = {}
    names = set(archive.namelist())
    for m in _SHEET.finditer(book):
        target = targets.get(m.group(2), b"").decode("utf-8", "replace")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if member not in names:
            continue
        ranges: list[str] = []
        tail = b""
        rows = 0
        name = html.unescape(m.group(1).decode("utf-8", "replace"))
        with archive.open(member) as fh:  # streamed: the ranges come after the cells
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                rows += data.count(b"<row ") + data.count(b"<row>") - tail.count(b"<row ") - tail.count(b"<row>")
                if rows > MAX_ROWS:
                    raise ImportFailed("rows", file=str(path), sheet=name, limit=MAX_ROWS)
                if b"mergeCell" in data:
                    ranges.extend(r.group(1).decode() for r in _MERGE.finditer(data))
                    tail = b""
                else:
                    tail = data[-200:]
        out[name] = sorted(set(ranges))
    return out


def _text(value: Any) -> Any:
    """A cell value as the importer uses it: text, a date, or None."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value[:MAX_CELL] if value else None
    if isinstance(value, _dt.datetime):
        return value.date() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path) -> Book:
    merged = _check_zip(path)
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it drops
            wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFailed("corrupt", file=str(path), detail=" ".join(str(exc).split())[:160]) from None
    book = Book(path=path, kind="xlsx", sheets=[], workbook=wb)
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                book.hidden.append(ws.title)
                continue
            claimed = ws.max_row  # from the sheet's <dimension>, if it has one
            if claimed is not None and claimed > MAX_ROWS:
                raise ImportFailed("rows", file=str(path), sheet=ws.title, limit=MAX_ROWS)
            book.sheets.append(Sheet(ws.title, _sheet_rows(ws, path, HEAD), merged.get(ws.title, []),
                                     load=lambda ws=ws: _sheet_rows(ws, path)))
    except BaseException:
        book.close()
        raise
    return book


def _sheet_rows(ws: Any, path: Path, limit: int | None = None) -> list[tuple[int, list[Any]]]:
    """The non-empty rows of a read-only worksheet (the first ``limit`` rows, or all)."""
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, values in enumerate(ws.iter_rows(values_only=True), 1):
            if limit is not None and number > limit:
                break
            if number > MAX_ROWS:
                raise ImportFailed("rows", file=str(path), sheet=ws.title, limit=MAX_ROWS)
            if len(values) > MAX_COLUMNS:
                if any(v is not None for v in values[MAX_COLUMNS:]):
                    raise ImportFailed("columns", file=str(path), sheet=ws.title, limit=MAX_COLUMNS)
                values = values[:MAX_COLUMNS]
            cells = [_text(v) for v in values]
            if any(c is not None for c in cells):
                rows.append((number, cells))
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed("corrupt", file=str(path),
                           detail=f"{ws.title}: {' '.join(str(exc).split())[:160]}") from None
    return rows


# --- csv ------------------------------------------------------------------------------------

def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text of a csv file and the encoding it was read in."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ImportFailed("nul", file=str(path), line=data.count(b"\n", 0, nul) + 1)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ImportFailed("encoding", file=str(path), line=data.count(b"\n", 0, exc.start + 3) + 1) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise ImportFailed("encoding", file=str(path), line=data.count(b"\n", 0, exc.start) + 1) from None


def sniff(text: str) -> str:
    """The delimiter: what csv.Sniffer finds among ``;``, ``,`` and tab, else the most frequent in line 1."""
    sample = text[:64 * 1024]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(";,\t", key=first.count)


def read_csv(path: Path) -> Book:
    size = path.stat().st_size
    if size > MAX_CSV:
        raise ImportFailed("too-big", file=str(path), limit=MAX_CSV // (1024 * 1024))
    text, encoding = decode(path.read_bytes(), path)
    delimiter = sniff(text)
    rows: list[tuple[int, list[Any]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, 1):
            if number > MAX_ROWS:
                raise ImportFailed("rows", file=str(path), sheet=path.stem, limit=MAX_ROWS)
            if len(values) > MAX_COLUMNS:
                raise ImportFailed("columns", file=str(path), sheet=path.stem, limit=MAX_COLUMNS)
            cells = [_csv_cell(v) for v in values]
            if any(c is not None for c in cells):
                rows.append((number, cells))
    except csv.Error as exc:
        raise ImportFailed("corrupt", file=str(path), detail=f"line {reader.line_num}: {exc}") from None
    return Book(path=path, kind="csv", sheets=[Sheet(path.stem, rows[:HEAD], _rows=rows)], encoding=encoding,
                delimiter=delimiter)


def _csv_cell(value: str) -> str | None:
    from ropa.export.safety import FORMULA_START

    value = value.strip()
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_START):
        value = value[1:]  # ropa's (and OWASP's) neutralising quote
    return value[:MAX_CELL] if value else None
