"""The Art. 30 record as CSV: one UTF-8 file per sheet, ``ropa-<org>-<lang>-<sheet>.csv``.

Two dialects (``ropa export --csv-dialect``), both RFC 4180 quoting with CRLF line ends and
newlines inside a cell kept (quoted):

* ``excel`` (the default): a UTF-8 byte order mark, ``;`` between cells in German and
  ``,`` in English. This is what Excel and LibreOffice open correctly by double-click in
  a German (or English) locale: without the BOM they read the file as Windows-1252 and
  garble the umlauts, and a German spreadsheet splits cells at the list separator ``;``,
  not at ``,``. The record is handed to people, so the default is the one they can open.
* ``rfc4180``: no BOM, ``,`` in every language: for programs (which are better served by
  ``ropa export -f json``).

Cells that a spreadsheet could run as a formula get a leading ``'`` (see
``ropa.export.safety``).
"""

from __future__ import annotations

import csv
import io

from ropa.export.core import Output
from ropa.export.document import Document, title
from ropa.export.safety import csv_cell

BOM = "\ufeff"
DIALECTS = ("excel", "rfc4180")
DEFAULT = "excel"


def delimiter(dialect: str, lang: str) -> str:
    return ";" if dialect == "excel" and lang == "de" else ","


def _encode(rows: list[list[str]], dialect: str, lang: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", delimiter=delimiter(dialect, lang), lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ((BOM if dialect == "excel" else "") + buffer.getvalue()).encode("utf-8")


def render(doc: Document, dialect: str = DEFAULT) -> list[Output]:
    if dialect not in DIALECTS:
        raise ValueError(f"unknown csv dialect {dialect!r}: use {' or '.join(DIALECTS)}")
    lang = doc.lang
    cover = [[title("section", lang), title("field", lang), title("value", lang)]]
    for section in doc.cover:
        cover += [[section.title, label, value] for label, value in section.fields]
    outputs = [Output(f"{doc.stem}-cover.csv", _encode(cover, dialect, lang))]
    for table in doc.tables:
        rows = [list(table.headings), *table.rows]
        outputs.append(Output(f"{doc.stem}-{table.key}.csv", _encode(rows, dialect, lang)))
    return outputs
