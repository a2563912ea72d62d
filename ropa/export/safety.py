"""Neutralising spreadsheet formulas (CSV/formula injection) and fixing zip timestamps.

Decision (documented in the README and docs/exports.md): a cell whose text starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return could be run as a formula by a spreadsheet.

* xlsx: the text is kept exactly as in the registry, but stored as a string cell
  (``t="inlineStr"``, never a formula) with the ``quotePrefix`` style flag, so Excel and
  Calc show it as text and keep it text when the cell is edited.
* csv: CSV has no types, so the text is prefixed with a single quote ``'`` (OWASP's
  recommendation); the quote is visible to a program reading the file.
* json, jsonld, markdown, html are not spreadsheet formats and keep the text unchanged
  (html escapes it).
"""

from __future__ import annotations

import datetime as _dt
import struct

from ropa.record_text import FORMULA_START

__all__ = ["FORMULA_START", "csv_cell", "normalise_zip"]


def csv_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def normalise_zip(data: bytes, date: _dt.date) -> bytes:
    """Set every entry's timestamp to ``date`` 00:00 and clear its file attributes, in place.

    Only the fixed-size header fields are rewritten (no recompression): the DOS date and
    time in each local header and central directory record, and in the central directory
    the "made by" system and external attributes (which carry the temp files' modes).
    """
    dos_time = 0
    # a DOS date holds the years 1980-2107: a registry dated outside them (9999-12-31) is stamped at the edge
    dos_date = ((min(max(date.year, 1980), 2107) - 1980) << 9) | (date.month << 5) | date.day
    stamp = struct.pack("<HH", dos_time, dos_date)
    buf = bytearray(data)
    end = buf.rfind(b"PK\x05\x06")
    if end < 0:
        raise ValueError("not a zip archive")
    count, _size, offset = struct.unpack_from("<HII", buf, end + 10)
    pos = offset
    for _ in range(count):
        if buf[pos:pos + 4] != b"PK\x01\x02":
            raise ValueError("corrupt zip central directory")
        buf[pos + 12:pos + 16] = stamp
        buf[pos + 5] = 0  # made by: MS-DOS (no unix mode bits)
        struct.pack_into("<I", buf, pos + 38, 0)  # external attributes
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", buf, pos + 28)
        local = struct.unpack_from("<I", buf, pos + 42)[0]
        if buf[local:local + 4] != b"PK\x03\x04":
            raise ValueError("corrupt zip local header")
        buf[local + 10:local + 14] = stamp
        pos += 46 + name_len + extra_len + comment_len
    return bytes(buf)
