"""`ropa import FILE --into DIR`: a record kept as a spreadsheet, brought into a registry.

Reads ``.xlsx`` and ``.csv`` (``ropa.importer.read``: safely, bounded), recognises each
sheet as a table, a DSK-style form or a cover, maps columns by meaning
(``ropa.importer.columns``, ``ropa.importer.layout``), reads cells into the model only where
their meaning is unambiguous (``ropa.importer.cells``), keeping everything else verbatim with
a gap, with a source naming the spreadsheet cell of every fact (``ropa.importer.build``), and
writes the registry in ``ropa fmt``'s layout, all or nothing (``ropa.importer.write``).

API::

    from ropa.importer import plan_file, import_file
    plan = plan_file(Path("ropa.xlsx"))           # what each sheet and column was understood as
    print("\\n".join(plan.lines("de")))
    written = import_file(Path("ropa.xlsx"), Path("registry"), mapping=Path("map.yaml"))
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING

from ropa.importer.messages import ImportFailed

if TYPE_CHECKING:
    from ropa.importer.build import Builder
    from ropa.importer.layout import Plan

__all__ = ["ImportFailed", "plan_file", "import_file", "build_file"]


def plan_file(path: Path, mapping: Path | None = None) -> Plan:
    """Read ``path`` and recognise its sheets and columns (nothing is written)."""
    from ropa.importer.layout import plan, read_map
    from ropa.importer.read import read

    user = read_map(mapping) if mapping is not None else None
    book = read(Path(path))
    try:
        return plan(book, user)
    except BaseException:
        book.close()
        raise


def build_file(path: Path, mapping: Path | None = None) -> Builder:
    from ropa.importer.build import build

    plan = plan_file(path, mapping)
    try:
        return build(plan)
    finally:
        plan.book.close()


def import_file(path: Path, into: Path, mapping: Path | None = None, date: _dt.date | None = None) -> list[Path]:
    """Import ``path`` into the new registry directory ``into``; returns the files written.

    ``date``: the record's as-of date, where the spreadsheet states none (it overrides a stated
    one); ``ImportFailed("no-date")`` if neither gives one."""
    from ropa.importer.write import write

    builder = build_file(path, mapping)
    if date is not None:
        builder.meta["date"] = date
    if "date" not in builder.meta:
        raise ImportFailed("no-date", file=builder.file)
    return write(builder, Path(into))
