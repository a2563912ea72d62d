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

import codecs
import csv
import datetime as _dt
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ropa.importer.messages import ImportFailed

MAX_ROWS = 300_000  # rows of one sheet: a DSK form of 10,000 activities (about 26 rows each) fits
MAX_ACTIVITIES = 10_000  # activities of one import (docs/import.md): the registry is built in memory
MAX_COLUMNS = 256
MAX_BYTES = 256 * 1024 * 1024  # one zip entry, unpacked (streamed, never held in memory whole)
MAX_CSV = 32 * 1024 * 1024  # a csv file
MAX_UNPACKED = 512 * 1024 * 1024  # all entries of an xlsx, unpacked
MAX_RATIO = 200  # unpacked / packed size of one large zip entry, and of the whole file
RATIO_FLOOR = 64 * 1024 * 1024  # unpacked total below which the whole file's ratio is not checked
MAX_CELL = 32767  # Excel's own limit on a cell; a longer one is cut, with a gap (``Flagged``)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


HEAD = 40  # rows read at first from each sheet: enough to tell what it is


class Flagged(str):
    """A cell's text that is not quite what the file holds: cut at ``MAX_CELL`` characters
    (``key`` ``cut``), or with bytes that are not UTF-8 replaced (``key`` ``bytes``). The
    builder records a gap for each one it takes (``ropa.importer.build``)."""

    __slots__ = ("key", "length")

    key: str
    length: int

    def __new__(cls, text: str, key: str, length: int = 0) -> Flagged:
        out = super().__new__(cls, text)
        out.key = key
        out.length = length
        return out


class Sheet:
    """One sheet: its name and rows (row number, cells as text; dates as ``datetime.date``).

    ``head`` holds the first ``HEAD`` rows; ``rows()`` reads the whole sheet again, one row at a
    time (a table is never held whole: the import streams its rows); ``all_rows`` keeps them,
    for a form whose labels are looked up by row.

    Mutable state, not a value (docs/architecture.md): a plain class.
    """

    __slots__ = ("name", "head", "merged", "load", "_rows")

    def __init__(self, name: str, head: list[tuple[int, list[Any]]], merged: list[str] | None = None,
            load: Any = None, _rows: list[tuple[int, list[Any]]] | None = None) -> None:
        self.name: str = name
        self.head: list[tuple[int, list[Any]]] = head
        self.merged: list[str] = [] if merged is None else merged  # ranges like "A5:A9"
        self.load: Any = load  # () -> an iterator over every row
        self._rows: list[tuple[int, list[Any]]] | None = _rows

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Every non-empty row, read as it is iterated."""
        if self._rows is not None:
            return iter(self._rows)
        return self.load() if self.load is not None else iter(self.head)

    @property
    def all_rows(self) -> list[tuple[int, list[Any]]]:
        if self._rows is None:
            self._rows = list(self.rows())
        return self._rows


class Book:
    """A spreadsheet or CSV file being imported: its visible sheets, and the open workbook until
    ``close``. Mutable state, not a value (docs/architecture.md): a plain class."""

    __slots__ = ("path", "kind", "sheets", "hidden", "encoding", "delimiter", "workbook", "handle")

    def __init__(self, path: Path, kind: str, sheets: list[Sheet], hidden: list[str] | None = None,
            encoding: str = "", delimiter: str = "", workbook: Any = None, handle: Any = None) -> None:
        self.path: Path = path
        self.kind: str = kind  # xlsx or csv
        self.sheets: list[Sheet] = sheets
        self.hidden: list[str] = [] if hidden is None else hidden
        self.encoding: str = encoding
        self.delimiter: str = delimiter
        self.workbook: Any = workbook  # the open openpyxl workbook, until ``close``
        self.handle: Any = handle  # the open file, until ``close``

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()
            self.workbook = None
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file (after links); ``ImportFailed``
    otherwise: a FIFO, a device (a link to ``/dev/zero``) or a directory is never read, and
    opening never blocks (``O_NONBLOCK``). The check is made on the open file, not the name."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ImportFailed("no-file", file=str(path)) from None
    except OSError as exc:
        raise ImportFailed("unreadable", file=str(path), detail=exc.strerror or str(exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ImportFailed("not-regular", file=str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read(path: Path) -> Book:
    suffix = path.suffix.lower()
    if suffix in (".ods", ".fods"):
        raise ImportFailed("ods", file=str(path))
    if suffix == ".xls":
        raise ImportFailed("xls", file=str(path))
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv"):
        if not path.exists():
            raise ImportFailed("no-file", file=str(path))
        raise ImportFailed("format", file=str(path))
    handle = open_regular(path)
    try:
        if suffix in (".xlsx", ".xlsm"):
            return read_xlsx(path, handle)
        return read_csv(path, handle)
    except BaseException:
        handle.close()
        raise


# --- xlsx -----------------------------------------------------------------------------------

def _check_zip(path: Path, handle: BinaryIO) -> dict[str, list[str]]:
    """Refuse what is not a plain xlsx; return the merged ranges of each sheet by sheet name."""
    handle.seek(0)
    head = handle.read(8)
    if head == OLE_MAGIC:
        raise ImportFailed("encrypted", file=str(path))
    if not head.startswith(b"PK"):
        raise ImportFailed("corrupt", file=str(path), detail="not a zip archive")
    handle.seek(0, os.SEEK_END)
    packed = handle.tell()
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailed("corrupt", file=str(path), detail=str(exc)) from None
    with archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > MAX_BYTES or (
                    info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise ImportFailed("bomb", file=str(path), entry=info.filename, size=info.file_size)
        # the whole file too: a bomb split into many entries of 1 MB each passes the check above
        if total > MAX_UNPACKED or (total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1)):
            raise ImportFailed("bomb", file=str(path), entry="*", size=total)
        if "xl/workbook.xml" not in archive.namelist():
            raise ImportFailed("corrupt", file=str(path), detail="no xl/workbook.xml")
        return _merged_ranges(archive, path)


def elements(data: bytes, local: bytes) -> Iterator[dict[bytes, bytes]]:
    """The attributes (by local name, values as written) of every element named ``local`` (any
    namespace prefix) in ``data``: a scanner in linear time, whatever the input (no regular
    expression that could backtrack on crafted XML). Values in double or single quotes.

    >>> list(elements(b'<x:sheet name="A &amp; B" r:id="rId1"/><sheets>' + b"<sheet name='C' r:id='rId2'/>", b"sheet"))
    [{b'name': b'A &amp; B', b'id': b'rId1'}, {b'name': b'C', b'id': b'rId2'}]
    """
    pos, size = 0, len(data)
    while pos < size:
        hit = data.find(local, pos)  # jump to the next mention of the name: C speed between them
        if hit < 0:
            return
        pos = hit + len(local)
        start = data.rfind(b"<", max(0, hit - 64), hit)  # a namespace prefix is short
        if start < 0 or (pos < size and data[pos] not in b" \t\r\n/>"):
            continue
        name = data[start + 1:pos]
        if name.rpartition(b":")[2] != local or b">" in name or b" " in name:
            continue
        attrs: dict[bytes, bytes] = {}
        while pos < size:  # attributes up to the end of the tag: each step consumes input
            while pos < size and data[pos] in b" \t\r\n":
                pos += 1
            if pos >= size or data[pos] in b"/>":
                break
            eq = pos
            while eq < size and data[eq] not in b"= \t\r\n/>":
                eq += 1
            key = data[pos:eq]
            while eq < size and data[eq] in b" \t\r\n":
                eq += 1
            if eq >= size or data[eq] != ord("="):
                pos = eq
                continue
            eq += 1
            while eq < size and data[eq] in b" \t\r\n":
                eq += 1
            if eq >= size or data[eq] not in b"\"'":
                pos = eq
                continue
            close = data.find(data[eq:eq + 1], eq + 1)
            if close < 0:
                return
            attrs.setdefault(key.rpartition(b":")[2], data[eq + 1:close])
            pos = close + 1
        yield attrs


def _merged_ranges(archive: zipfile.ZipFile, path: Path) -> dict[str, list[str]]:
    """``<mergeCell ref=...>`` of every sheet (read-only worksheets do not expose them).

    The same pass counts each sheet's rows (``<row`` elements): a sheet with more than
    ``MAX_ROWS`` is refused here, before openpyxl, which scans a whole sheet that has no
    ``<dimension>`` to find its size. Linear in the size of the sheet (``elements``)."""
    import html

    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {a[b"Id"]: a[b"Target"] for a in elements(rels, b"Relationship") if b"Id" in a and b"Target" in a}
    out: dict[str, list[str]] = {}
    names = set(archive.namelist())
    for attrs in elements(book, b"sheet"):
        if b"name" not in attrs or b"id" not in attrs:
            continue
        target = targets.get(attrs[b"id"], b"").decode("utf-8", "replace")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if member not in names:
            continue
        ranges: list[str] = []
        tail = b""
        rows = 0
        name = html.unescape(attrs[b"name"].decode("utf-8", "replace"))
        with archive.open(member) as fh:  # streamed, in chunks cut after a tag: the ranges come after the cells
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                cut = data.rfind(b">") + 1
                data, tail = data[:cut], data[cut:]
                if len(tail) > 1 << 20:  # no tag ends in a whole chunk: not a sheet
                    raise ImportFailed("corrupt", file=str(path), detail=f"{name}: not a worksheet")
                rows += data.count(b"<row ") + data.count(b"<row>")
                if rows > MAX_ROWS:
                    raise ImportFailed("rows", file=str(path), sheet=name, limit=MAX_ROWS)
                if b"mergeCell" in data:
                    for attrs2 in elements(data, b"mergeCell"):
                        ref = attrs2.get(b"ref", b"").decode("ascii", "replace")
                        if _is_range(ref):
                            ranges.append(ref)
        out[name] = sorted(set(ranges))
    return out


def _is_range(ref: str) -> bool:
    """``A5:B9`` (letters then digits, twice): checked without a regular expression."""
    parts = ref.split(":")
    if len(parts) != 2:
        return False
    for part in parts:
        letters = part.rstrip("0123456789")
        digits = part[len(letters):]
        if not (letters.isascii() and letters.isalpha() and letters.isupper() and digits and len(part) <= 12):
            return False
    return True


def _text(value: Any) -> Any:
    """A cell value as the importer uses it: text, a date, or None."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if len(value) > MAX_CELL:
            return Flagged(value[:MAX_CELL], "cut", len(value))
        return value or None
    if isinstance(value, _dt.datetime):
        return value.date() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path, handle: BinaryIO) -> Book:
    merged = _check_zip(path, handle)
    import warnings

    from openpyxl import load_workbook

    handle.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it drops
            wb = load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFailed("corrupt", file=str(path), detail=" ".join(str(exc).split())[:160]) from None
    book = Book(path=path, kind="xlsx", sheets=[], workbook=wb, handle=handle)
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                book.hidden.append(ws.title)
                continue
            claimed = ws.max_row  # from the sheet's <dimension>, if it has one
            if claimed is not None and claimed > MAX_ROWS:
                raise ImportFailed("rows", file=str(path), sheet=ws.title, limit=MAX_ROWS)
            book.sheets.append(Sheet(ws.title, list(_sheet_rows(ws, path, HEAD)), merged.get(ws.title, []),
                                     load=lambda ws=ws: _sheet_rows(ws, path)))
    except BaseException:
        book.close()
        raise
    return book


def _sheet_rows(ws: Any, path: Path, limit: int | None = None) -> Iterator[tuple[int, list[Any]]]:
    """The non-empty rows of a read-only worksheet (the first ``limit`` rows, or all), one at a time."""
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
            # most cells are empty or short text: taken here as ``_text`` takes them, without a call
            cells = [v if v is None else (v.strip() or None) if v.__class__ is str and len(v) <= MAX_CELL
                     else _text(v) for v in values]
            if any(c is not None for c in cells):
                yield number, cells
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed("corrupt", file=str(path),
                           detail=f"{ws.title}: {' '.join(str(exc).split())[:160]}") from None


# --- csv ------------------------------------------------------------------------------------

def scan(handle: BinaryIO, path: Path) -> str:
    """The encoding of a csv file, found in one streamed pass (never the whole file in memory):

    * ``utf-8-sig`` / ``utf-8``: the whole file is UTF-8 (with or without BOM);
    * ``cp1252``: no byte sequence in it is UTF-8 beyond ASCII: a file saved by Windows Excel
      ("CSV (Trennzeichen-getrennt)"); the import says it read it so;
    * ``mixed``: UTF-8 with stray bytes that are not (one pasted cell): decoded as UTF-8, each
      cell holding such bytes shows them as U+FFFD and gets a gap (``Flagged``), never the whole
      file reinterpreted as cp1252.

    A NUL byte is refused (not a text file)."""
    handle.seek(0)
    first = handle.read(3)
    bom = first == b"\xef\xbb\xbf"
    handle.seek(3 if bom else 0)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    strict, multibyte, lines = True, False, 1
    not_cp1252 = 0  # the first line with a byte cp1252 does not define
    while chunk := handle.read(1 << 20):
        nul = chunk.find(b"\x00")
        if nul >= 0:
            raise ImportFailed("nul", file=str(path), line=lines + chunk.count(b"\n", 0, nul))
        if not not_cp1252:
            try:
                chunk.decode("cp1252")
            except UnicodeDecodeError as exc:
                not_cp1252 = lines + chunk.count(b"\n", 0, exc.start)
        lines += chunk.count(b"\n")
        if strict:
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                strict = False
            else:
                multibyte = multibyte or not text.isascii()
        if not strict and not multibyte:
            multibyte = _has_utf8(chunk)
    if strict:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            strict = False
    handle.seek(0)
    if strict:
        return "utf-8-sig" if bom else "utf-8"
    if bom or multibyte:
        return "mixed"
    if not_cp1252:
        raise ImportFailed("encoding", file=str(path), line=not_cp1252)
    return "cp1252"


def _has_utf8(chunk: bytes) -> bool:
    """Whether ``chunk`` holds a well-formed UTF-8 sequence beyond ASCII."""
    text = chunk.decode("utf-8", "replace")
    return any(ch > "\x7f" and ch != "\ufffd" for ch in text)


def sniff(text: str) -> str:
    """The delimiter: what csv.Sniffer finds among ``;``, ``,`` and tab, else the most frequent in line 1."""
    sample = text[:64 * 1024]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(";,\t", key=first.count)


def read_csv(path: Path, handle: BinaryIO) -> Book:
    size = os.fstat(handle.fileno()).st_size
    if size > MAX_CSV:
        raise ImportFailed("too-big", file=str(path), limit=MAX_CSV // (1024 * 1024))
    encoding = scan(handle, path)
    codec, errors = {"mixed": ("utf-8-sig", "surrogateescape"), "cp1252": ("cp1252", "strict")}.get(
        encoding, (encoding, "strict"))
    sample = _text_of(handle, codec, errors).read(64 * 1024)
    delimiter = sniff(sample)

    def rows(limit: int | None = None) -> Iterator[tuple[int, list[Any]]]:
        reader = csv.reader(_text_of(handle, codec, errors), delimiter=delimiter)
        try:
            for number, values in enumerate(reader, 1):
                if limit is not None and number > limit:
                    return
                if number > MAX_ROWS:
                    raise ImportFailed("rows", file=str(path), sheet=path.stem, limit=MAX_ROWS)
                if len(values) > MAX_COLUMNS:
                    raise ImportFailed("columns", file=str(path), sheet=path.stem, limit=MAX_COLUMNS)
                cells = [_csv_cell(v) for v in values]
                if any(c is not None for c in cells):
                    yield number, cells  # the record number: the row a spreadsheet program shows
        except csv.Error as exc:
            raise ImportFailed("corrupt", file=str(path), detail=f"line {reader.line_num}: {exc}") from None
        except UnicodeDecodeError as exc:
            raise ImportFailed("encoding", file=str(path), line=reader.line_num, detail=str(exc)) from None

    return Book(path=path, kind="csv", sheets=[Sheet(path.stem, list(rows(HEAD)), load=rows)],
                encoding=encoding, delimiter=delimiter, handle=handle)


def _text_of(handle: BinaryIO, codec: str, errors: str) -> io.TextIOWrapper:
    """The file as text from its start, with its own position (the Book closes the handle)."""
    raw: Any = io.BufferedReader(_Reader(handle))
    return io.TextIOWrapper(raw, encoding=codec, errors=errors, newline="")


class _Reader(io.RawIOBase):
    """A view of ``handle`` with its own position, that does not close it (several passes over
    one open file: the head, then every row)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.handle.seek(self.pos)
        data = self.handle.read(len(buffer))
        buffer[:len(data)] = data
        self.pos += len(data)
        return len(data)

    def close(self) -> None:  # the handle is the Book's
        super().close()


def _csv_cell(value: str) -> str | None:
    from ropa.record_text import FORMULA_START

    value = value.strip()
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_START):
        value = value[1:]  # ropa's (and OWASP's) neutralising quote
    if not value:
        return None
    if not value.isascii() and _STRAY.search(value):  # bytes that are not UTF-8 (``scan``: mixed)
        value = _STRAY.sub("\ufffd", value)
        return Flagged(value[:MAX_CELL], "bytes", len(value))
    if len(value) > MAX_CELL:
        return Flagged(value[:MAX_CELL], "cut", len(value))
    return value


_STRAY = re.compile("[\udc80-\udcff]+")
