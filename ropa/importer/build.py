"""From recognised sheets to registry data: tables, forms and covers read row by row.

``build(plan)`` reads the cover sheets (the organisation), then the tables (ropa's own
catalogue sheets first, then one row per activity) and the forms (one block of label | value
rows per activity), and finally links what only the whole file tells (sub-processors,
transfer details). What a cell says that cannot be read into the model is kept verbatim with a
gap whose note quotes it (``ropa.importer.fields``).
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter

from ropa.importer import cells as P
from ropa.importer.fields import ActivityFields
from ropa.importer.layout import TITLE_ROWS, SKIPPED_FIELDS, FormPlan, Plan, TablePlan, own_field, section_heading
from ropa.importer.messages import ImportFailed
from ropa.importer.own import OwnSheets
from ropa.importer.read import MAX_ACTIVITIES, Flagged
from ropa.importer.state import _MARK_PREFIXES, _NAMES, _OPEN, FACT_FIELDS, TRANSFER_FIELDS, Cell, Src
from ropa.load import ID_RE


# a cover field's marks below its value (a gap, an interpretation): not part of the value
_GAP_MARKS = tuple(f"{w}: " for w in _OPEN["gaps"]) + _MARK_PREFIXES


class Builder(ActivityFields, OwnSheets):
    """The whole import: a ``State`` with the readers of every kind of sheet."""

    def title_rows(self) -> None:
        """What the title rows above a table or form state: the organisation ("Verzeichnis von
        Verarbeitungstätigkeiten der Bäckerei Müller GmbH", where no cover names one) and the
        as-of date ("Stand: 01.03.2025")."""
        for sheet in self.plan.book.sheets:
            for number, cells in sheet.head[:TITLE_ROWS]:
                for index, value in enumerate(cells):
                    if not isinstance(value, str):
                        continue
                    cell = (sheet.name, number, get_column_letter(index + 1))
                    text = " ".join(value[:300].split())
                    found = P.as_of(text)
                    if found is not None and "date" not in self.meta:
                        self.meta["date"], self.date_from = found, cell
                    name = P.title_organisation(text)
                    if name is not None and not self.orgs:
                        self.organisation(name, cell)

    def finish_date(self) -> None:
        """No as-of date stated: the latest "Datum der letzten Änderung" of the activities, the
        date the record itself says it was last changed (the caller asks for one if none)."""
        if "date" in self.meta:
            return
        dated = [(a["updated"], a) for a in self.activities.values() if "updated" in a]
        if dated:
            self.meta["date"] = max(d for d, _ in dated)
            self.date_from = "updated"

    def cover(self, form: FormPlan) -> None:
        rows = {number: cells for number, cells in form.sheet.all_rows}
        section = "controller"
        org: dict[str, Any] | None = None
        contacts: dict[str, dict[str, Any]] = {}
        for number, letter, match in form.labels:
            cells = rows[number]
            index = next(i for i, c in enumerate(cells) if isinstance(c, str) and c)
            value = next((c for c in cells[index + 1:] if c is not None), None)
            if isinstance(value, str) and any(p in value for p in _GAP_MARKS):  # the export's gap marks
                value = "\n".join(line for line in value.split("\n") if not line.startswith(_GAP_MARKS)) or None
            if isinstance(value, str) and P.is_not_stated(value):  # ropa's cover: "nicht angegeben"
                value = None
            vcol = next((i for i, c in enumerate(cells) if i > index and c is not None), index)
            from openpyxl.utils import get_column_letter

            cell = (form.sheet.name, number, get_column_letter(vcol + 1))
            label = cells[index]
            fld = match.field
            if fld is None:
                heading = section_heading(label) if value is None else None
                if heading is not None:
                    section = "controller"
                    org = self.orgs[self.organisation(heading[1], (form.sheet.name, number, letter))]
                    if heading[0] == "third-party":
                        org["keeps_record"] = False
                continue
            if fld.startswith("section:"):
                kind = fld.split(":", 1)[1]
                if value is None:
                    section = kind
                    continue
                if kind in ("dpo", "eu_representative", "supervisory_authority") and org is not None:
                    org[kind] = self.contact(str(value), cell)
                continue
            if value is None:
                continue
            text = value if isinstance(value, str) else value.isoformat() if hasattr(value, "isoformat") else str(value)
            if fld == "registry":
                self.meta["name"] = text
                section = "registry"
                continue
            if fld == "version" and section == "registry":
                self.meta["version"] = text
                continue
            if fld == "date":  # "Stand", "As of", "Date de mise à jour": the record's as-of date
                parsed = P.date(value)
                if parsed and "date" not in self.meta:
                    self.meta["date"] = parsed
                    self.date_from = cell
                continue
            if fld == "generator" or section == "registry":
                continue
            if section != "controller":
                target = contacts.setdefault(section, {"sources": [self.source(cell)]})
                if fld == "name":
                    target["name"] = text
                elif fld in ("phone", "email", "website"):
                    target[fld] = text
                elif fld in ("street", "postal_code", "city"):
                    target.setdefault("address", {})[fld] = text
                continue
            if fld == "name":
                if org is None or org.get("name") != text:
                    org = self.orgs[self.organisation(text, cell)]
                continue
            if org is None:
                continue
            if fld in ("phone", "email", "website"):
                org[fld] = text
            elif fld in ("street", "postal_code", "city"):
                org.setdefault("address", {})[fld] = text
            elif fld == "address":
                address = self._address(text)
                if address is not None:
                    org["address"] = address
                else:
                    org["notes"] = text
                    self.gap(org, "address", "controller-details", cell)
            elif fld == "management":
                org["management"] = [p.strip() for p in text.split(", ") if p.strip()]
        if org is not None:
            for kind, contact in contacts.items():
                org.setdefault(kind, contact)


    # --- activities ---------------------------------------------------------------------------

    def table(self, table: TablePlan) -> None:
        if table.kind == "findings":
            return
        if table.kind == "activities":  # one row an activity: the columns worked out once
            sheet, header = table.sheet.name, table.header_row
            columns = [(c.index, c.letter, c.match.field, c.own_field if c.match.field is None and c.match.how != "map"
                        else None) for c in table.columns]
            for number, cells in table.sheet.rows():
                if number <= header:
                    continue
                size = len(cells)
                taken = [(fld, own, cells[index], (sheet, number, letter)) for index, letter, fld, own in columns
                         if index < size and cells[index] is not None]
                if taken:
                    self.row(taken, (sheet, number, "A"))
            return
        for number, cells in table.sheet.rows():
            if number <= table.header_row:
                continue
            values = []
            for col in table.columns:
                value = cells[col.index] if col.index < len(cells) else None
                if value is not None:
                    values.append((col, value, (table.sheet.name, number, col.letter)))
            if not values:
                continue
            if table.kind == "recipients":
                self.recipient_row({c.match.field: (v, cell) for c, v, cell in values if c.match.field
                                    and not (isinstance(v, str) and P.is_not_stated(v))})
            elif table.kind == "measures":
                self.measure_row({c.match.field: (v, cell) for c, v, cell in values if c.match.field
                                  and not (isinstance(v, str) and P.is_not_stated(v))})
            elif table.kind == "transfers":
                fields = {c.match.field: v for c, v, _ in values if c.match.field}
                # only what ``finish_transfers`` reads, as a tuple: 20,000 rows at 10,000 activities
                self.transfer_rows.append(tuple(fields.get(k) for k in TRANSFER_FIELDS))

    def form(self, form: FormPlan) -> None:
        rows = {number: cells for number, cells in form.sheet.all_rows}
        from openpyxl.utils import get_column_letter

        block: list[tuple[str | None, str | None, Any, Cell]] = []
        start: Cell | None = None
        for number, letter, match in form.labels:
            cells = rows[number]
            index = next(i for i, c in enumerate(cells) if isinstance(c, str) and c)
            found = [(i, c) for i, c in enumerate(cells) if i > index and c is not None]
            if match.field == "activity" and block:
                self.row(block, start or (form.sheet.name, number, letter))
                block = []
            if match.field == "activity":
                start = (form.sheet.name, number, letter)
            if not found or (match.field is None and match.how == "map"):
                continue
            value = found[0][1] if len(found) == 1 else "\n".join(str(c) for _, c in found)
            own = None if match.field else own_field(cells[index])
            block.append((match.field, own, value, (form.sheet.name, number, get_column_letter(found[0][0] + 1))))
        if block:
            self.row(block, start or (form.sheet.name, 1, "A"))

    def row(self, values: list[tuple[str | None, str | None, Any, Cell]], where: Cell) -> None:
        """One activity's row (or form block); one that cannot be read is reported and skipped,
        never the whole file. The catalogue entries it made are kept only if another row names them."""
        try:
            self.activity(values, where)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            self.skipped.append((where, "skip-unreadable"))
            self.skip_details.append(" ".join(str(exc).split())[:120])

    def activity(self, values: list[tuple[str | None, str | None, Any, Cell]], where: Cell) -> None:
        fields: dict[str, list[tuple[Any, Cell]]] = {}
        act: dict[str, Any] = {}
        sources: list[Src] = []
        for fld, own, value, cell in values:
            if isinstance(value, Flagged):  # cut at Excel's limit, or bytes that are not UTF-8: said so
                self.gap(act, FACT_FIELDS.get(fld, fld) if fld else "notes", f"cell-{value.key}", cell,
                         length=value.length, where=f"{cell[2]}{cell[1]}")
            if fld is None:
                if own:
                    act[own] = value if isinstance(value, str) else str(value)
                    sources.append(self.source(cell, own))
                continue
            if fld in SKIPPED_FIELDS or (isinstance(value, str) and P.is_not_stated(value)):
                continue  # "nicht angegeben" / "not stated": the field is left out
            if isinstance(value, str) and self.own and ": " in value and any(p in value for p in _MARK_PREFIXES):
                # interpretations are read from the open points column; their marks are dropped
                value = "\n".join(line for line in value.split("\n") if not line.startswith(_MARK_PREFIXES))
                if not value:
                    continue
            fields.setdefault(fld, []).append((value, cell))
        named = fields.get("activity")
        if named is None and fields.get("purposes"):
            text, cell = fields["purposes"][0]
            act["name"] = str(text).strip().splitlines()[0]
            self.gap(act, "name", "name-from-purpose", cell)
        elif named is None:
            self.skipped.append((where, "skip-no-name"))
            return
        else:
            act["name"] = str(named[0][0])
        raw, raw_cell = fields.get("id", [(None, None)])[0]
        if isinstance(raw, str) and ID_RE.match(raw) and not raw.isdigit() and raw not in self.activities:
            act["id"] = raw
        else:  # a running number is no stable id: the id comes from the name, the number is kept
            act["id"] = P.ident(act["name"], self.activities)
            number, number_cell = fields.get("nr", [(raw, raw_cell)])[0]
            if number is not None and number_cell is not None:
                act["x-nr"] = str(number)
                sources.append(self.source(number_cell, "x-nr"))
        for fld in sorted(fields, key=_FIRST.__getitem__):
            handler = _handler(type(self), fld)
            if handler is None:
                continue
            for value, cell in fields[fld]:
                if handler(self, act, value, cell) is not False:
                    sources.append(self.source(cell, FACT_FIELDS.get(fld, fld)))
        if "organisation" not in act:
            act["organisation"] = self.default_org(where)
        if len(self.activities) >= MAX_ACTIVITIES:
            raise ImportFailed("too-many", file=self.file, limit=MAX_ACTIVITIES)
        act["sources"] = sorted(sources, key=_place)
        self.activities[act["id"]] = act



class _Rank(dict):
    """The order an activity's fields are read in: these first (a recipient's role, the
    organisation, the bases and transfers the later fields refer to), the others after."""

    def __missing__(self, key: str) -> int:
        return len(self)


_FIRST = _Rank((k, i) for i, k in enumerate(("controller", "processor", "recipients", "recipients_internal",
                                             "processors", "legal_bases", "transfers")))


_HANDLERS: dict[tuple[type, str], Any] = {}


def _handler(cls: type, fld: str) -> Any:
    """The reader of an activity's field ``fld`` (``ActivityFields._a_<fld>``), or None; looked up once."""
    key = (cls, fld)
    if key not in _HANDLERS:
        _HANDLERS[key] = getattr(cls, f"_a_{fld}", None)
    return _HANDLERS[key]


def _place(src: Src) -> tuple[str, int, int, str]:
    """A source's place in its activity's ``sources``: by sheet, row and column (``B`` before ``AA``)."""
    column = _NAMES[(src >> 32) & 0xFFFFFF] or ""
    return _NAMES[(src >> 56) & 0xFFFFFF] or "", src & 0xFFFFFFFF, len(column), column


def build(plan: Plan) -> Builder:
    builder = Builder(plan)
    for form in plan.forms:
        if form.kind == "cover":
            builder.cover(form)
    builder.title_rows()
    order = {"recipients": 0, "measures": 1, "activities": 2, "transfers": 3, "findings": 4}
    for table in sorted(plan.tables, key=lambda t: order[t.kind]):
        builder.table(table)
    for form in plan.forms:
        if form.kind == "form":
            builder.form(form)
    if not builder.activities:
        raise ImportFailed("no-activities", file=str(plan.book.path))
    builder.finish_recipients()
    builder.finish_transfers()
    builder.finish_measures()
    builder.finish_date()
    P.forget()
    return builder
