"""The Art. 30 record as CSV: one UTF-8 file per sheet, ``ropa-<org>-<lang>-<sheet>.csv``.

RFC 4180 quoting, CRLF line ends, newlines inside a cell kept (quoted). Cells that a
spreadsheet could run as a formula get a leading ``'`` (see ``ropa.export.safety``).
With ``bom=True`` every file starts with a UTF-8 byte order mark, which Excel needs to
read UTF-8 (``ropa export --bom``).
"""

from __future__ import annotations

import csv
import io

from ropa.export.core import Output
from ropa.export.document import Document, title
from ropa.export.safety import csv_cell

BOM = "\ufeff"


def _encode(rows: list[list[str]], bom: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")


def render(doc: Document, bom: bool = False) -> list[Output]:
    cover = [[title("section", doc.lang), title("field", doc.lang), title("value", doc.lang)]]
    for section in doc.cover:
        cover += [[section.title, label, value] for label, value in section.fields]
    outputs = [Output(f"{doc.stem}-cover.csv", _encode(cover, bom))]
    for table in doc.tables:
        rows = [list(table.headings), *table.rows]
        outputs.append(Output(f"{doc.stem}-{table.key}.csv", _encode(rows, bom)))
    return outputs
