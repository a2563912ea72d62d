"""Neutralising spreadsheet formulas (CSV/formula injection) and fixing zip timestamps.

Decision (documented in the README): a cell whose text starts with ``=``, ``+``, ``-``,
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
import io
import re
import zipfile

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def risky(value: str) -> bool:
    return value.startswith(FORMULA_START)


def csv_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def normalise_zip(data: bytes, date: _dt.date) -> bytes:
    """Rewrite a zip (xlsx) with every entry dated ``date`` 00:00 and fixed attributes."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    iso = f"{date.isoformat()}T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        # [Content_Types].xml first, as Office writes it; the rest in openpyxl's fixed order
        infos = sorted(src.infolist(), key=lambda i: i.filename != "[Content_Types].xml")
        for info in infos:
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl writes the current time as dcterms:modified when saving
                payload = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                                 lambda m: m.group(1) + iso.encode() + m.group(2), payload)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, payload, compresslevel=6)
    return out.getvalue()
