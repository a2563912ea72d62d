"""What each sheet is, and which field each column or form label holds (``ropa import --show-mapping``).

A sheet is a *table* when one of its first rows names several fields of one table kind
(``ropa.importer.columns``): that row is the header, every later row one item. It is a
*form* (the DSK layout: field | value, one block per activity) when its rows' first cells
name activity fields, ``Bezeichnung der Verarbeitungstätigkeit`` starting each block; a
*cover* when they name the organisation's details. Anything else is skipped and said so.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter

from ropa.importer import columns as C
from ropa.i18n import N_, gettext
from ropa.importer.messages import ImportFailed, say
from ropa.importer.read import Book, Sheet
from ropa.model import Value

_set = object.__setattr__

HEADER_SEARCH = 30  # rows searched for a header row
TITLE_ROWS = 5  # rows of a sheet read for its title and "Stand"
OWN_FIELD_PREFIX = "x-"


class Column(Value):
    __slots__ = ("index", "letter", "match")

    index: int
    letter: str
    match: C.Match

    def __init__(self, index: int, letter: str, match: C.Match) -> None:
        _set(self, "index", index)
        _set(self, "letter", letter)
        _set(self, "match", match)

    @property
    def own_field(self) -> str:
        return own_field(self.match.header)


class TablePlan(Value):
    __slots__ = ("sheet", "kind", "header_row", "columns")

    sheet: Sheet
    kind: str  # activities, recipients, measures
    header_row: int
    columns: list[Column]

    def __init__(self, sheet: Sheet, kind: str, header_row: int, columns: list[Column]) -> None:
        _set(self, "sheet", sheet)
        _set(self, "kind", kind)
        _set(self, "header_row", header_row)
        _set(self, "columns", columns)


class FormPlan(Value):
    __slots__ = ("sheet", "kind", "labels")

    sheet: Sheet
    kind: str  # form (activities) or cover
    labels: list[tuple[int, str, C.Match]]  # row number, label cell's letter, match

    def __init__(self, sheet: Sheet, kind: str, labels: list[tuple[int, str, C.Match]]) -> None:
        _set(self, "sheet", sheet)
        _set(self, "kind", kind)
        _set(self, "labels", labels)


class Plan(Value):
    __slots__ = ("book", "tables", "forms", "skipped", "duplicates")

    book: Book
    tables: list[TablePlan]
    forms: list[FormPlan]
    skipped: list[str]
    duplicates: list[str]  # forms of the activities a table holds

    def __init__(self, book: Book, tables: list[TablePlan] | None = None, forms: list[FormPlan] | None = None,
            skipped: list[str] | None = None, duplicates: list[str] | None = None) -> None:
        _set(self, "book", book)
        _set(self, "tables", [] if tables is None else tables)
        _set(self, "forms", [] if forms is None else forms)
        _set(self, "skipped", [] if skipped is None else skipped)
        _set(self, "duplicates", [] if duplicates is None else duplicates)

    @property
    def own(self) -> bool:
        """The file is an export of ropa (its record table has the open points column)."""
        return any(c.match.field == "open_points" for t in self.tables for c in t.columns)

    def lines(self, lang: str) -> list[str]:
        out = []
        if self.book.kind == "csv":
            out.append(say("dialect", lang, encoding=self.book.encoding, delimiter=self.book.delimiter))
        for sheet in self.book.sheets:
            table = next((t for t in self.tables if t.sheet is sheet), None)
            form = next((f for f in self.forms if f.sheet is sheet), None)
            if table is not None and form is not None:  # a header block above the table
                out.append(say("sheet-cover", lang, sheet=sheet.name))
                for row, letter, match in form.labels:
                    out.append(_column_line(f"{letter}{row}", match, lang, None))
            first = len(out)
            if table is not None:
                out.append(say("sheet-table", lang, sheet=sheet.name, kind=table.kind, row=table.header_row,
                               what=gettext(TABLE_KINDS[table.kind], lang)))
                for col in table.columns:
                    out.append(_column_line(col.letter, col.match, lang,
                                            col.own_field if table.kind == "activities" else None))
            elif form is not None:
                out.append(say("sheet-form" if form.kind == "form" else "sheet-cover", lang, sheet=sheet.name))
                for row, letter, match in form.labels:
                    heading = section_heading(match.header) if form.kind == "cover" and match.field is None else None
                    if heading is not None:  # "Angaben zum Verantwortlichen: X": the block of organisation X
                        out.append(say(f"heading-{heading[0]}", lang, column=f"{letter}{row}", header=match.header,
                                       name=heading[1]))
                        continue
                    out.append(_column_line(f"{letter}{row}", match, lang, own_field(match.header)
                                            if form.kind == "form" else None))
            elif sheet.name in self.duplicates:
                out.append(say("sheet-duplicate", lang, sheet=sheet.name))
            else:
                out.append(say("sheet-skipped", lang, sheet=sheet.name))
            out[first + 1:first + 1] = _title_lines(sheet, lang)  # after the sheet's first line
        for name in self.book.hidden:
            out.append(say("sheet-hidden", lang, sheet=name))
        return out


SKIPPED_FIELDS = ("sources",)
# what --show-mapping calls a table of each kind (the kind itself is the key of a --map file's section)
TABLE_KINDS = {"activities": N_("processing activities"), "recipients": N_("recipients"), "measures": N_("measures"),
               "transfers": N_("transfers"), "findings": N_("findings")}


def section_heading(label: str) -> tuple[str, str] | None:
    """``(kind, name)`` of a cover row that heads an organisation's block with its name, as ropa's
    exports write it in either language ("Angaben zum Verantwortlichen: X"; kind ``controller``
    or ``third-party``); None for any other label."""
    from ropa import labels
    from ropa.record_text import SECTION_TITLES

    for kind in ("controller", "third-party"):
        for words in labels.both(SECTION_TITLES, kind):
            if label.startswith(words + ": "):
                return kind, label.split(": ", 1)[1].strip()
    return None


def own_field(header: str) -> str:
    """The own field (`x-...`) a column the model has no field for is kept in."""
    from ropa.importer.cells import ident

    return OWN_FIELD_PREFIX + ident(header)


def _title_lines(sheet: Sheet, lang: str) -> list[str]:
    """What the title rows of ``sheet`` state (``ropa.importer.build.Builder.title_rows``): the
    organisation and the as-of date."""
    from ropa.importer.cells import as_of, title_organisation

    out = []
    for number, cells in sheet.head[:TITLE_ROWS]:
        for index, value in enumerate(cells):
            if not isinstance(value, str):
                continue
            text = " ".join(value[:300].split())
            where = f"{get_column_letter(index + 1)}{number}"
            name = title_organisation(text)
            if name is not None:
                out.append(say("title-organisation", lang, cell=where, header=value, name=name))
            date = as_of(text)
            if date is not None:
                out.append(say("title-date", lang, cell=where, header=value, date=date.isoformat()))
    return out


def _column_line(where: str, match: C.Match, lang: str, own: str | None) -> str:
    if match.field in SKIPPED_FIELDS:
        return say("column-skip", lang, column=where, header=match.header, field=match.field)
    if match.how == "map" and match.field is None:
        return say("column-ignored", lang, column=where, header=match.header)
    if match.field is None and own is None:
        return say("column-dropped", lang, column=where, header=match.header)
    if match.field is None:
        return say("column-keep" if match.how == "keep" else "column-none", lang, column=where,
                   header=match.header, own=own)
    return say(f"column-{match.how}", lang, column=where, header=match.header, field=match.field,
               wording=match.wording)


def _first(cells: list[Any]) -> tuple[int, str] | None:
    for i, value in enumerate(cells):
        if isinstance(value, str) and value:
            return i, value
    return None


def _labels(rows: list[tuple[int, list[Any]]], matcher: C.Matcher) -> list[tuple[int, str, C.Match]]:
    """(row, letter, match) of the first text cell of each row: the labels of a form."""
    out = []
    for number, cells in rows:
        first = _first(cells)
        if first is not None:
            out.append((number, get_column_letter(first[0] + 1), matcher.match(first[1])))
    return out


def plan(book: Book, user: dict[str, dict[str, str]] | None = None) -> Plan:
    """Recognise each sheet; ``user``: the --map entries by table kind."""
    user = user or {}
    matchers = {kind: C.Matcher(wordings, user.get(kind), C.ACTIVITY_KEYWORDS if kind == "activities" else None)
                for kind, wordings in C.KINDS.items()}
    cover = C.Matcher({**C.COVER_WORDINGS, **{f"section:{k}": v for k, v in C.COVER_SECTIONS.items()},
                       "registry": ("Verzeichnis", "Registry"), "version": ("Version",),
                       "date": ("Stand", "As of"), "generator": ("Erzeugt mit", "Generated by")})
    tables: list[TablePlan] = []
    forms: list[FormPlan] = []
    skipped: list[str] = []
    duplicates: list[str] = []
    rest = []
    for sheet in book.sheets:  # tables first: a form beside a table of activities is told by it
        best: tuple[int, str, int, list[Any]] | None = None
        for exact in (True, False):  # close wordings only where no header row matches exactly
            for number, cells in sheet.head[:HEADER_SEARCH]:
                texts = [c if isinstance(c, str) else "" for c in cells]
                for kind, matcher in matchers.items():
                    found = {m.field for m in (matcher.match(t, exact=exact) for t in texts if t) if m.field}
                    score = len(found)
                    if not found.intersection(C.KEY_COLUMN[kind]) or score < 3:
                        continue
                    if best is None or score > best[0]:
                        best = (score, kind, number, texts)
            if best is not None:
                break
        if best is not None:
            score, kind, number, texts = best
            cols = [Column(i, get_column_letter(i + 1), matchers[kind].match(t)) for i, t in enumerate(texts) if t]
            tables.append(TablePlan(sheet, kind, number, cols))
            above = _labels([(n, c) for n, c in sheet.head if n < number], cover)  # the ICO's header block
            if len({m.field for _, _, m in above if m.field}) >= 1:
                forms.append(FormPlan(sheet, "cover", above))
        else:
            rest.append(sheet)
    has_table = any(t.kind == "activities" for t in tables)
    for sheet in rest:
        head_cover = {m.field for _, _, m in _labels(sheet.head, cover) if m.field}
        if has_table and not any(f.startswith("section:") for f in head_cover):
            fields = {m.field for _, _, m in _labels(sheet.head, matchers["activities"]) if m.field}
            if len(fields) >= 3:
                # ropa's DSK-form sheet beside its table (the table's activities again), told by
                # its first rows: read whole, its 25 rows an activity were most of an import's
                # time and memory (10,000 activities: 250,000 rows, each label matched)
                duplicates.append(sheet.name)
                continue
        cover_labels = _labels(sheet.all_rows, cover)
        cover_fields = {m.field for _, _, m in cover_labels if m.field}
        if any(f.startswith("section:") for f in cover_fields) and cover_fields & {"date", "registry"}:
            # a cover with its section headings and the record's as-of date (ropa's own export: its
            # open points and contacts would otherwise read as a form's fields)
            forms.append(FormPlan(sheet, "cover", cover_labels))
            continue
        fields = {m.field for _, _, m in _labels(sheet.head, matchers["activities"]) if m.field}
        if len(fields) >= 3 and has_table:
            duplicates.append(sheet.name)  # ropa's DSK-form sheet: the table's activities again
            continue
        labels = _labels(sheet.all_rows, matchers["activities"])
        fields = {m.field for _, _, m in labels if m.field}
        if len(fields) >= 3 and "activity" in fields:
            forms.append(FormPlan(sheet, "form", labels))
        elif len({m.field for _, _, m in cover_labels if m.field}) >= 2:
            forms.append(FormPlan(sheet, "cover", cover_labels))
        else:
            skipped.append(sheet.name)
    if not any(t.kind == "activities" for t in tables) and not any(f.kind == "form" for f in forms):
        raise ImportFailed("no-table", file=str(book.path))
    for table in tables:  # a merged range over rows of a table: its value belongs to one row only
        for ref in table.sheet.merged:
            first, last = ref.split(":")
            top, bottom = int("".join(filter(str.isdigit, first))), int("".join(filter(str.isdigit, last)))
            if bottom > top and bottom > table.header_row:
                raise ImportFailed("merged", file=str(book.path), sheet=table.sheet.name, range=ref)
    return Plan(book, tables, forms, skipped, duplicates)


def read_map(path: Any) -> dict[str, dict[str, str]]:
    """A --map file: ``header: field`` (activity columns), or sections ``activities:``,
    ``recipients:``, ``measures:`` of such entries; ``ignore`` skips a column."""
    from pathlib import Path

    from ropa.yaml_write import safe_data

    from ropa.importer.read import open_regular

    path = Path(path)
    with open_regular(path) as fh:  # never a FIFO or a device
        raw = fh.read(1024 * 1024 + 1)
    if len(raw) > 1024 * 1024:
        raise ImportFailed("map-file", file=str(path), detail="larger than 1 MiB")
    try:
        data = safe_data(raw.decode("utf-8"))
    except Exception as exc:  # unreadable file or YAML error
        raise ImportFailed("map-file", file=str(path), detail=" ".join(str(exc).split())[:120]) from None
    if not isinstance(data, dict):
        raise ImportFailed("map-file", file=str(path), detail="not a mapping")
    sections = data if set(data) <= set(C.KINDS) and all(isinstance(v, dict) for v in data.values()) \
        else {"activities": data}
    out: dict[str, dict[str, str]] = {}
    for kind, entries in sections.items():
        for header, target in entries.items():
            target = C.IGNORE if target is None else str(target)
            if target != C.IGNORE and target not in C.FIELDS[kind]:
                raise ImportFailed("map-field", file=str(path), field=target, header=header,
                                   known=", ".join(C.FIELDS[kind]) + ", " + C.IGNORE)
            out.setdefault(kind, {})[str(header)] = target
    return out
