"""From recognised sheets to registry data: activities, catalogues, the organisation.

Every value taken from a cell carries a source naming the spreadsheet (a ``documents``
entry), the sheet, the row and the column; catalogue entries (recipients, data categories,
data subjects, measures) made from repeated cell texts are made once, with an id derived
from the name, and cite the first cell that names them. What a cell says that cannot be
read into the model is kept verbatim with a gap whose note quotes it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ropa import art30, labels, vocab
from ropa.importer import cells as P
from ropa.importer.layout import SKIPPED_FIELDS, FormPlan, Plan, TablePlan, own_field, section_heading
from ropa.importer.messages import ImportFailed, note
from ropa.i18n import field_key
from ropa.load import ID_RE

Cell = tuple[str, int, str]  # sheet, row, column letter

# words of ropa's own cells (``ropa.art30``), both languages
_MARK_PREFIXES = tuple(f"{w}: " for w in labels.both(labels.WORDS, "interpretation"))
_OPEN = {"gaps": labels.both(labels.WORDS, "gap"), "conflicts": labels.both(labels.WORDS, "conflict"),
         "interpretations": labels.both(labels.WORDS, "interpretation")}
# a cover field's marks below its value (a gap, an interpretation): not part of the value
_GAP_MARKS = tuple(f"{w}: " for w in _OPEN["gaps"]) + _MARK_PREFIXES
_DETAIL = {key: labels.both(labels.WORDS, key) for key in ("interest", "lia", "scope", "statute", "consent-by",
                                               "withdrawal", "consent-record")}
_TRANSFER_LINE = re.compile(r"^(?P<cname>.+?) \((?P<code>[A-Z]{2})\): (?P<rname>.+) – (?P<mech>.+?)"
                            r"(?:, (?:Modul|module) (?P<mod>[1-4]))?$")
_MECHANISM_WORDS = {
    "scc": ("scc", "standardvertragsklauseln", "standard contractual clauses", "clauses contractuelles types",
            "sccs", "eu-standardvertragsklauseln"),
    "adequacy": ("angemessenheitsbeschluss", "adequacy decision", "adequacy", "décision d'adéquation"),
    "dpf": ("dpf", "data privacy framework", "eu-us data privacy framework", "eu-us dpf"),
    "bcr": ("bcr", "binding corporate rules", "verbindliche interne datenschutzvorschriften"),
}
_ROLE_WORDS = {
    "internal": ("intern", "internal", "interne", "internes"),
    "processor": ("auftragsverarbeiter", "processor", "sous-traitant", "sous-traitants"),
    "authority": ("behörde", "behörden", "authority", "authorities", "finanzamt", "autorité", "administration"),
    "joint-controller": ("gemeinsam verantwortlicher", "joint controller", "responsable conjoint"),
}


# column key -> the field a source's `fact` names (ropa show puts the source beside that field)
FACT_FIELDS = {**art30.COLUMN_FIELDS, "recipients_internal": "recipients", "processors": "recipients",
               "interest": "legal_bases", "safeguards": "transfers", "open_points": "gaps"}


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w-]+", " ", text.casefold()) + " "


class Builder:
    """Collects the registry's data (plain dicts in model field names) while the sheets are read."""

    def __init__(self, plan: Plan, lang: str = "en") -> None:
        self.plan = plan
        self.own = plan.own
        path: Path = plan.book.path
        self.file = path.name
        self.doc_id = "import-" + P.ident(path.stem)
        self.meta: dict[str, Any] = {}
        self.orgs: dict[str, dict[str, Any]] = {}  # by id
        self.org_by_name: dict[str, str] = {}
        self.recipients: dict[str, dict[str, Any]] = {}
        self.rec_by_name: dict[str, str] = {}
        self.rec_by_line: dict[str, str] = {}  # ropa's `Name (category; role; country)` -> id
        self.subjects: dict[str, dict[str, Any]] = {}
        self.subject_by_name: dict[str, str] = {}
        self.categories: dict[str, dict[str, Any]] = {}
        self.category_by_name: dict[str, str] = {}
        self.measures: dict[str, dict[str, Any]] = {}
        self.measure_by_name: dict[str, str] = {}
        self.activities: dict[str, dict[str, Any]] = {}
        self.transfer_rows: list[tuple[dict[str, Any], Cell]] = []
        self.recipient_links: list[tuple[str, str, str, Cell]] = []  # processor_of / sub_processors cells
        self.unsure_measures: dict[str, Cell] = {}  # measures sheet rows without a readable kind

    # --- sources and gaps -------------------------------------------------------------------

    def source(self, cell: Cell, fact: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"document": self.doc_id}
        if fact:
            out["fact"] = fact
        out.update({"sheet": cell[0], "row": cell[1], "column": cell[2]})
        return out

    def gap(self, node: dict[str, Any], fld: str, key: str, cell: Cell, **params: Any) -> None:
        node.setdefault("gaps", []).append({"field": fld, "note": note(key, **params),
                                            "sources": [self.source(cell)]})

    def interpretation(self, node: dict[str, Any], fld: str, key: str, cell: Cell, **params: Any) -> None:
        node.setdefault("interpretations", []).append({"field": fld, "note": note(key, **params),
                                                       "sources": [self.source(cell)]})

    # --- catalogues ---------------------------------------------------------------------------

    def _entry(self, table: dict[str, dict[str, Any]], by_name: dict[str, str], name: str,
               cell: Cell, extra: dict[str, Any] | None = None, ident: str | None = None,
               row: bool = False) -> str:
        """The id of the catalogue entry named ``name``, made on first sight; ``row``: an entry of
        ropa's own catalogue sheet, always its own entry (two recipients may share a name)."""
        key = vocab.normalise(name)
        found = None if row else by_name.get(key)
        if found is not None:
            return found
        if ident is None or not ID_RE.match(ident) or ident in table:
            ident = P.ident(name, table)
        entry = {"id": ident, "name": name, **(extra or {}), "sources": [self.source(cell)]}
        table[ident] = entry
        by_name.setdefault(key, ident)
        return ident

    def subject(self, text: str, cell: Cell) -> str:
        extra: dict[str, Any] = {}
        for word in labels.both(labels.WORDS, "children"):
            if text.endswith(f" ({word})"):
                text, extra["children"] = text[: -len(word) - 3], True
        return self._entry(self.subjects, self.subject_by_name, text, cell, extra)

    def category(self, text: str, cell: Cell) -> str:
        extra: dict[str, Any] = {}
        for special in ("art9", "art10"):
            for word in labels.both(labels.WORDS, "special-" + special):
                if text.endswith(f" ({word})"):
                    text, extra["special"] = text[: -len(word) - 3], special
        return self._entry(self.categories, self.category_by_name, text, cell, extra)

    def measure(self, text: str, cell: Cell, act: dict[str, Any]) -> str:
        """A measure named in an activity's cell; a new one's kind is a placeholder, marked as an
        interpretation of the activity that names it first (a measure has no interpretations)."""
        found = self.measure_by_name.get(vocab.normalise(text))
        if found is not None:
            return found
        ident = self._entry(self.measures, self.measure_by_name, text, cell, {"kind": "organisational"})
        self.interpretation(act, "measures", "kind", cell, measure=text)
        return ident

    def recipient(self, line: str, cell: Cell, role: str | None = None) -> tuple[str, str | None]:
        """The catalogue id for a recipient line, and the purpose the line adds (ropa's ``name (...): purpose``)."""
        name, detail, purpose = line, "", None
        for start, end in _paren_groups(line):  # ropa's `Name (category; role; country): purpose`
            inside = line[start + 1:end]
            after = line[end + 1:]
            if (not after or after.startswith(": ")) and any(P.reverse(labels.ROLES, p) for p in inside.split("; ")):
                name, detail, purpose = line[:start].rstrip(), inside, after[2:] or None
                break
        found = self.rec_by_line.get(f"{name} ({detail})") if detail else None
        if found is None:
            found = self.rec_by_name.get(vocab.normalise(name))
        if found is not None:
            return found, purpose
        extra: dict[str, Any] = {}
        parts = detail.split("; ") if detail else []
        for part in parts:
            code = P.reverse(labels.ROLES, part)
            country = vocab.country_code(part)
            if code:
                extra["role"] = code
            elif country:
                extra["country"] = country
            elif part and not P.is_not_stated(part) and part not in labels.both(labels.WORDS, "unknown"):
                extra["category"] = part
        ident = self._entry(self.recipients, self.rec_by_name, name, cell, extra)
        entry = self.recipients[ident]
        if "role" not in entry:
            entry["role"] = role or "controller"
            if role is None:
                words = _words(line)
                hit = next(((r, w) for r, ws in _ROLE_WORDS.items() for w in ws if f" {w} " in words), None)
                if hit is not None:
                    entry["role"] = hit[0]
                    self.interpretation(entry, "role", "role-word", cell, role=hit[0], word=hit[1], value=line)
                else:
                    self.interpretation(entry, "role", "role", cell)
        if "country" not in entry:
            self.gap(entry, "country", "country", cell)
        return ident, purpose

    # --- the organisation ---------------------------------------------------------------------

    def organisation(self, text: str, cell: Cell) -> str:
        """The organisation a controller cell names (its first line), made on first sight."""
        lines = [line for line in text.splitlines() if line.strip()]
        name = lines[0].strip()
        found = self.org_by_name.get(vocab.normalise(name))
        if found is not None:
            return found
        org: dict[str, Any] = {"id": P.ident(name, self.orgs), "name": name}
        self._contact_lines(org, lines[1:], cell, allow_management=True)
        org["sources"] = [self.source(cell)]
        self.orgs[org["id"]] = org
        self.org_by_name[vocab.normalise(name)] = org["id"]
        return org["id"]

    def _contact_lines(self, node: dict[str, Any], lines: list[str], cell: Cell, *, allow_management: bool) -> None:
        """Read ``Tel. ...``, ``E-Mail ...``, ``Internet ...``, an address line (ropa's ``art30.contact``)."""
        rest = []
        prefixes = {"phone": labels.both(labels.WORDS, "phone"), "email": labels.both(labels.WORDS, "email"), "website": labels.both(labels.WORDS, "web")}
        for line in lines:
            line = line.strip()
            for fld, words in prefixes.items():
                hit = next((w for w in words if line.startswith(w + " ")), None)
                if hit is not None:
                    node[fld] = line[len(hit) + 1:].strip()
                    break
            else:
                management = next((w for w in labels.both(labels.WORDS, "management") if line.startswith(w + ": ")), None)
                if management and allow_management:
                    node["management"] = [p.strip() for p in line[len(management) + 2:].split(", ")]
                elif "address" not in node and (address := self._address(line)) is not None:
                    node["address"] = address
                elif line in labels.both(labels.WORDS, "third-party"):
                    node["keeps_record"] = False
                else:
                    rest.append(line)
        if rest:
            node["notes"] = "\n".join(rest)
            self.gap(node, "address", "controller-details", cell)

    def _address(self, line: str) -> dict[str, Any] | None:
        """``Street 1, 13507 Berlin, Deutschland`` (ropa's ``art30.address``) when every part reads."""
        parts = [p.strip() for p in line.split(", ")]
        out: dict[str, Any] = {}
        if parts and vocab.country_code(parts[-1]) and len(parts) >= 2:
            out["country"] = vocab.country_code(parts[-1])
            parts = parts[:-1]
        m = re.fullmatch(r"(\d{4,5}|[A-Z0-9]{2,4} ?[A-Z0-9]{3})\s+(.+)", parts[-1]) if parts else None
        if not m or len(parts) > 2:
            return None
        out["postal_code"], out["city"] = m.group(1), m.group(2)
        if len(parts) == 2:
            out["street"] = parts[0]
        return {k: out[k] for k in ("street", "postal_code", "city", "country") if k in out}

    def contact(self, text: str, cell: Cell) -> dict[str, Any]:
        lines = [line for line in text.splitlines() if line.strip()]
        out: dict[str, Any] = {}
        first = lines[0] if lines else ""
        if not any(first.startswith(w + " ") for key in ("phone", "email", "web") for w in labels.both(labels.WORDS, key)):
            for word in labels.both(labels.WORDS, "external"):
                if first.endswith(f" ({word})") or first == word:
                    first, out["external"] = first.removesuffix(f" ({word})").removesuffix(word), True
            if first:
                out["name"] = first
            lines = lines[1:]
        self._contact_lines(out, lines, cell, allow_management=False)
        out["sources"] = [self.source(cell)]
        return out

    def cover(self, form: FormPlan) -> None:
        rows = {number: cells for number, cells in form.sheet.rows}
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
            if fld == "date" and section == "registry":
                parsed = P.date(value)
                if parsed:
                    self.meta["date"] = parsed
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
        for number, cells in table.sheet.rows:
            if number <= table.header_row:
                continue
            values = []
            for col in table.columns:
                value = cells[col.index] if col.index < len(cells) else None
                if value is not None:
                    values.append((col, value, (table.sheet.name, number, col.letter)))
            if not values:
                continue
            if table.kind == "activities":
                self.activity([(c.match.field, c.own_field if c.match.field is None and c.match.how != "map"
                                else None, v, cell) for c, v, cell in values], (table.sheet.name, number, "A"))
            elif table.kind == "recipients":
                self.recipient_row({c.match.field: (v, cell) for c, v, cell in values if c.match.field
                                    and not (isinstance(v, str) and P.is_not_stated(v))})
            elif table.kind == "measures":
                self.measure_row({c.match.field: (v, cell) for c, v, cell in values if c.match.field
                                  and not (isinstance(v, str) and P.is_not_stated(v))})
            elif table.kind == "transfers":
                self.transfer_rows.append(({c.match.field: v for c, v, _ in values if c.match.field},
                                           (table.sheet.name, number, "A")))

    def form(self, form: FormPlan) -> None:
        rows = {number: cells for number, cells in form.sheet.rows}
        from openpyxl.utils import get_column_letter

        block: list[tuple[str | None, str | None, Any, Cell]] = []
        start: Cell | None = None
        for number, letter, match in form.labels:
            cells = rows[number]
            index = next(i for i, c in enumerate(cells) if isinstance(c, str) and c)
            found = [(i, c) for i, c in enumerate(cells) if i > index and c is not None]
            if match.field == "activity" and block:
                self.activity(block, start or (form.sheet.name, number, letter))
                block = []
            if match.field == "activity":
                start = (form.sheet.name, number, letter)
            if not found or (match.field is None and match.how == "map"):
                continue
            value = found[0][1] if len(found) == 1 else "\n".join(str(c) for _, c in found)
            own = None if match.field else own_field(cells[index])
            block.append((match.field, own, value, (form.sheet.name, number, get_column_letter(found[0][0] + 1))))
        if block:
            self.activity(block, start or (form.sheet.name, 1, "A"))

    def activity(self, values: list[tuple[str | None, str | None, Any, Cell]], where: Cell) -> None:
        fields: dict[str, list[tuple[Any, Cell]]] = {}
        act: dict[str, Any] = {}
        sources: list[dict[str, Any]] = []
        for fld, own, value, cell in values:
            if fld is None:
                if own:
                    act[own] = value if isinstance(value, str) else str(value)
                    sources.append(self.source(cell, own))
                continue
            if fld in SKIPPED_FIELDS or (isinstance(value, str) and P.is_not_stated(value)):
                continue  # "nicht angegeben" / "not stated": the field is left out
            if isinstance(value, str) and self.own and any(p in value for p in _MARK_PREFIXES):
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
            raise ImportFailed("corrupt", file=self.file, detail=f"{where[0]} row {where[1]}: no activity name")
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
        first = ("controller", "processor", "recipients", "recipients_internal", "processors", "legal_bases",
                 "transfers")
        for fld in sorted(fields, key=lambda k: first.index(k) if k in first else len(first)):
            handler = getattr(self, f"_a_{fld}", None)
            if handler is None:
                continue
            for value, cell in fields[fld]:
                if handler(act, value, cell) is not False:
                    sources.append(self.source(cell, FACT_FIELDS.get(fld, fld)))
        if "organisation" not in act:
            act["organisation"] = self.default_org(where)
        act["sources"] = sorted(sources, key=lambda x: (x["sheet"], x["row"], len(x["column"]), x["column"]))
        self.activities[act["id"]] = act

    def default_org(self, where: Cell) -> str:
        if self.orgs:
            return next(iter(self.orgs))
        name = Path(self.file).stem
        ident = self.organisation(name, where)
        self.gap(self.orgs[ident], "name", "controller", where)
        return ident

    # one handler per field: (activity dict, cell value, cell) -> False if nothing was taken

    def _a_id(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        return act["id"] == value

    def _a_activity(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        pass

    def _a_owner(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        act["owner"] = str(value)

    def _a_description(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        act["description"] = str(value)

    def _a_processing(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        act["record"] = "processor"
        act["description"] = str(value)

    def _a_controller(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        act["organisation"] = self.organisation(str(value), cell)

    _a_processor = _a_controller

    def _a_controllers(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        act["record"] = "processor"
        act.setdefault("controllers", []).extend(self.recipient(line, cell, "controller")[0]
                                                 for line in P.items(str(value)))

    def _a_joint_controllers(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        if P.is_none(str(value)) or P.is_not_stated(str(value)):
            return False
        act.setdefault("joint_controllers", []).extend(self.recipient(line, cell, "joint-controller")[0]
                                                       for line in P.items(str(value)))
        return True

    def _a_representative(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        org = self.orgs[act.get("organisation") or self.default_org(cell)]
        org.setdefault("eu_representative", self.contact(str(value), cell))

    def _a_dpo(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        org = self.orgs[act.get("organisation") or self.default_org(cell)]
        org.setdefault("dpo", self.contact(str(value), cell))

    def _a_purposes(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        act.setdefault("purposes", []).extend(self._list(value, commas=False))

    def _a_legal_bases(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        out = act.setdefault("legal_bases", [])
        taken = False
        for line in self._list(value, commas=False):
            head, _, details = line.partition(" – ") if self.own else (line, "", "")
            codes, rest = P.legal_basis(head)
            if codes and not rest:
                bases = [{"basis": code} for code in codes]
                if details and len(bases) == 1 and self._basis_details(bases[0], details):
                    pass
                elif details:
                    bases[-1]["notes"] = line
                    self.gap(act, "legal_bases", "basis-rest", cell, code=codes[-1], value=line)
                out.extend(bases)
                taken = True
            elif codes:
                out.extend({"basis": code} for code in codes[:-1])
                out.append({"basis": codes[-1], "notes": line})
                self.gap(act, "legal_bases", "basis-rest", cell, code=", ".join(codes), value=line)
                taken = True
            else:
                self.gap(act, "legal_bases", "unread-dropped", cell, value=line)
        if not out:
            del act["legal_bases"]
        return taken

    def _basis_details(self, basis: dict[str, Any], details: str) -> bool:
        """``Berechtigtes Interesse: ...; Interessenabwägung: ...`` (ropa's ``art30.legal_basis``)."""
        keys = {"interest": "interest", "lia": "lia", "scope": "scope", "statute": "statute",
                "consent-by": "mechanism", "withdrawal": "withdrawal", "consent-record": "record"}
        found: dict[str, str] = {}
        for part in details.split("; "):
            hit = next(((k, w) for k, ws in _DETAIL.items() for w in ws if part.startswith(w + ": ")), None)
            if hit is None:
                if not found:
                    return False
                last = list(found)[-1]  # a "; " inside a text
                found[last] += "; " + part
                continue
            found[hit[0]] = part[len(hit[1]) + 2:]
        for key, text in found.items():
            if key in ("consent-by", "withdrawal", "consent-record"):
                basis.setdefault("consent", {})[keys[key]] = text
            else:
                basis[keys[key]] = text
        return True

    def _a_interest(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        basis = next((b for b in act.get("legal_bases", ()) if b["basis"] == "art6-1-f"), None)
        if basis is None:
            self.gap(act, "legal_bases", "unread-dropped", cell, value=str(value))
            return False
        basis["interest"] = str(value)
        return True

    def _a_data_subjects(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        ids = act.setdefault("data_subjects", [])
        ids.extend(i for i in dict.fromkeys(self.subject(t, cell) for t in self._list(value)) if i not in ids)

    def _a_data_categories(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        ids = act.setdefault("data_categories", [])
        ids.extend(i for i in dict.fromkeys(self.category(t, cell) for t in self._list(value)) if i not in ids)

    def _list(self, value: Any, commas: bool = True) -> list[str]:
        """The entries of a list cell: ropa's own cells hold one per line (a name may hold a comma),
        other spreadsheets also separate them by ``;`` (and ``,`` with ``commas``)."""
        return [line.strip() for line in str(value).splitlines() if line.strip()] if self.own \
            else P.items(str(value), commas=commas)

    def _a_recipients(self, act: dict[str, Any], value: Any, cell: Cell, role: str | None = None) -> bool:
        """Recipients; ``role``: what the column says of them (the CNIL's internal recipients, processors)."""
        text = str(value)
        if P.is_not_stated(text):
            return False
        if P.is_none(text):
            act.setdefault("recipients", [])
            return True
        uses = act.setdefault("recipients", [])
        for line in self._list(text, commas=False):
            ident, purpose = self.recipient(line, cell, role)
            uses.append({"recipient": ident, "purpose": purpose} if purpose else ident)
        return True

    def _a_recipients_internal(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        return self._a_recipients(act, value, cell, "internal")

    def _a_processors(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        return self._a_recipients(act, value, cell, "processor")

    def _a_transfers(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        text = str(value)
        if P.is_not_stated(text):
            return False
        if P.is_none(text):
            act.setdefault("transfers", [])
            return True
        out = []
        for line in self._list(text, commas=False):
            transfer = self._transfer(line, cell)
            if transfer is None:
                self.gap(act, "transfers", "transfer", cell, value=line)
            else:
                out.append(transfer)
        if out:
            act.setdefault("transfers", []).extend(out)
        return bool(out)

    def _transfer(self, line: str, cell: Cell) -> dict[str, Any] | None:
        m = _TRANSFER_LINE.match(line)
        if m:
            mech = P.mechanism(m.group("mech"))
            if mech and vocab.is_country(m.group("code")):
                ident, _ = self.recipient(m.group("rname"), cell)
                out: dict[str, Any] = {"recipient": ident, "country": m.group("code"), "mechanism": mech}
                if m.group("mod"):
                    out["scc_module"] = int(m.group("mod"))
                return out
        words = _words(line)
        country = next((vocab.country_code(p) for p in re.split(r"[(),:;–]| - ", line) if vocab.country_code(p.strip())),
                       None)
        mech = next((code for code, ws in _MECHANISM_WORDS.items() if any(f" {w} " in words for w in ws)), None)
        padded = f" {vocab.normalise(line)} "
        rec = next((ident for key, ident in self.rec_by_name.items() if key and f" {key} " in padded), None)
        if country and mech and rec:
            return {"recipient": rec, "country": country, "mechanism": mech}
        return None

    def _a_safeguards(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        transfers = act.get("transfers") or []
        text = str(value)
        taken = False
        for line in text.splitlines():
            code, sep, rest = line.partition(": ")
            targets = [t for t in transfers if t["country"] == code] if sep else []
            if len(targets) == 1 or (len(transfers) == 1 and not targets):
                target = targets[0] if targets else transfers[0]
                body = rest if targets else line
                done = False
                for word in labels.both(labels.WORDS, "safeguards"):
                    if body.startswith(word + ": "):
                        target["safeguards"] = body[len(word) + 2:]
                        done = True
                tia = next((w for w in labels.both(labels.WORDS, "tia") if body.startswith(w)), None)
                if tia is not None:
                    first, _, after = body.partition("; ")
                    target["tia"] = self._tia(first[len(tia):].lstrip(": "))
                    for word in labels.both(labels.WORDS, "safeguards"):
                        if after.startswith(word + ": "):
                            target["safeguards"] = after[len(word) + 2:]
                    done = True
                if not done:
                    target["safeguards"] = body
                taken = True
            else:
                self.gap(act, "transfers", "unread-dropped", cell, value=line)
        return taken

    def _tia(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        parts = text.split(", ") if text else []
        if parts and P.date(parts[0]):
            out["date"] = P.date(parts.pop(0))
        if parts:
            out["reference"] = parts.pop(0)
        if parts:
            out["outcome"] = ", ".join(parts)
        return out

    def _a_retention(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        out = []
        for line in self._list(value, commas=False):
            entry: dict[str, Any] = {}
            head, sep, rest = line.partition(": ")
            if sep and self.own:
                ids = self._category_names(line)
                if ids:
                    entry["data_categories"], line = ids
            m = re.search(r" \(((?:§|Art\.|Article)[^()]*)\)$", line) or re.fullmatch(r"((?:§|Art\.)[^()]*)", line)
            if m:
                entry["statute"] = m.group(1)
                line = line[: m.start()].strip()
            main, sep2, criterion = line.partition("; ")
            parsed = P.duration_prefix(main)
            if parsed is not None:
                entry["period"], rest = parsed
                trigger = next((rest[len(w) + 1:] for w in (*labels.both(labels.WORDS, "from"), "nach", "after", "à compter de",
                                                            "après") if rest.startswith(w + " ")), None)
                if trigger:
                    entry["trigger"] = trigger
                elif rest:
                    entry["criterion"] = line
                    self.gap(act, "retention", "retention-criterion", cell, value=line)
                    entry.pop("period")
                if sep2 and "criterion" not in entry:
                    entry["criterion"] = criterion
            elif main:
                entry["criterion"] = line
                if not self.own:
                    self.gap(act, "retention", "retention-criterion", cell, value=line)
            if entry:
                out.append(entry)
        if out:
            act.setdefault("retention", []).extend(out)

    def _category_names(self, line: str) -> tuple[list[str], str] | None:
        """``Name A, Name B (besondere Kategorie, Art. 9 DSGVO): rest`` (ropa's retention line):
        the ids of the categories named before the colon, and the rest; None unless all are known."""
        shown: dict[str, str] = {}
        for ident, entry in self.categories.items():
            shown[entry["name"]] = ident
            if entry.get("special"):
                for word in labels.both(labels.WORDS, "special-" + entry["special"]):
                    shown[f"{entry['name']} ({word})"] = ident
        names = sorted(shown, key=len, reverse=True)
        ids, rest = [], line
        while True:
            name = next((n for n in names if rest.startswith(n + ", ") or rest.startswith(n + ": ")), None)
            if name is None:
                return None
            ids.append(shown[name])
            rest = rest[len(name):]
            if rest.startswith(": "):
                return ids, rest[2:]
            rest = rest[2:]

    def _a_measures(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        ids = act.setdefault("measures", [])
        ids.extend(i for i in dict.fromkeys(self.measure(t, cell, act) for t in self._list(value, commas=False))
                   if i not in ids)

    def _a_dpia(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        text = str(value)
        if P.is_not_stated(text):
            return False
        yes = P.yes_no(text)
        if yes is not None:
            act["dpia"] = {"status": "required" if yes else "not-required"}
            return True
        parts = text.split("; ")
        status = P.reverse(labels.DPIA_STATUS, parts[0])
        if status is None:
            self.gap(act, "dpia", "unread-dropped", cell, value=text)
            return False
        dpia: dict[str, Any] = {"status": status}
        for part in parts[1:]:
            words = {k: labels.both(labels.WORDS, k) for k in ("criteria", "residual-risk", "consultation")}
            hit = next(((k, w) for k, ws in words.items() for w in ws if part.startswith(w + ": ")), None)
            if hit is not None:
                body = part[len(hit[1]) + 2:]
                if hit[0] == "criteria":
                    dpia["criteria"] = body.split(", ")
                elif hit[0] == "residual-risk":
                    dpia["residual_risk"] = body
                else:
                    dpia["consultation"] = body
            elif P.date(part) and "date" not in dpia:
                dpia["date"] = P.date(part)
            else:
                dpia["reference"] = part
        act["dpia"] = dpia
        return True

    def _a_data_source(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        act["data_source"] = str(value)

    def _a_open_points(self, act: dict[str, Any], value: Any, cell: Cell) -> None:
        for line in str(value).split("\n"):
            for key, words in _OPEN.items():
                m = next((re.match(rf"^{re.escape(w)} \(([^)]*)\): (.*)$", line, re.DOTALL) for w in words
                          if line.startswith(w + " (")), None)
                if m:
                    text = re.sub(r"^\[[a-z]{2}\] ", "", m.group(2))
                    act.setdefault(key, []).append({"field": field_key(m.group(1)), "note": text, "sources": [self.source(cell)]})
                    break

    def _a_status(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        status = P.reverse(labels.STATUS, str(value))
        if status is None:
            self.gap(act, "status", "unread-dropped", cell, value=str(value))
            return False
        act["status"] = status
        return True

    def _date_field(self, fld: str, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        parsed = P.date(value)
        if parsed is None:
            self.gap(act, fld, "unread-dropped", cell, value=str(value))
            return False
        act[fld] = parsed
        return True

    def _a_created(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        return self._date_field("created", act, value, cell)

    def _a_updated(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        return self._date_field("updated", act, value, cell)

    def _a_reviewed(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        return self._date_field("reviewed", act, value, cell)

    def _a_review_due(self, act: dict[str, Any], value: Any, cell: Cell) -> bool:
        return self._date_field("review_due", act, value, cell)

    # --- ropa's own catalogue sheets -------------------------------------------------------------

    def _unmark(self, row: dict[str, tuple[Any, Cell]]) -> list[tuple[str, str, Cell]]:
        """Remove ropa's interpretation marks (``Auslegung: ...`` lines) from the cells of a row;
        returns (field, note, cell) of each."""
        marks: list[tuple[str, str, Cell]] = []
        if not self.own:
            return marks
        for key, (value, cell) in list(row.items()):
            if not isinstance(value, str) or not any(p in value for p in _MARK_PREFIXES):
                continue
            lines = value.split("\n")
            kept = [line for line in lines if not line.startswith(_MARK_PREFIXES)]
            for line in lines:
                if line.startswith(_MARK_PREFIXES):
                    text = line.split(": ", 1)[1]
                    marks.append((key, re.sub(r"^\[[a-z]{2}\] ", "", text), cell))
            if kept:
                row[key] = ("\n".join(kept), cell)
            else:
                del row[key]
        return marks

    def recipient_row(self, row: dict[str, tuple[Any, Cell]]) -> None:
        marks = self._unmark(row)
        if "name" not in row:
            return
        name, cell = str(row["name"][0]), row["name"][1]
        entry: dict[str, Any] = {}
        ident = str(row["id"][0]) if "id" in row else None
        role = P.reverse(labels.ROLES, str(row["role"][0])) if "role" in row else None
        entry["role"] = role or "controller"
        if "category" in row:
            entry["category"] = str(row["category"][0])
        if "country" in row:
            m = re.search(r"\(([A-Z]{2})\)$", str(row["country"][0]))
            code = m.group(1) if m else vocab.country_code(str(row["country"][0]))
            if code:
                entry["country"] = code
        if "services" in row:
            entry["services"] = P.items(str(row["services"][0]))
        if "storage" in row:
            entry["storage"] = re.findall(r"\(([A-Z]{2})\)", str(row["storage"][0]))
        if "ceased" in row and P.date(row["ceased"][0]):
            entry["ceased"] = P.date(row["ceased"][0])
        if "contract" in row:
            parts = str(row["contract"][0]).split(", ")
            kind = P.reverse(labels.CONTRACTS, parts[0])
            if kind:
                contract: dict[str, Any] = {"type": kind}
                rest = parts[1:]
                if rest and P.date(rest[-1]):
                    contract["date"] = P.date(rest.pop())
                if rest:
                    contract["reference"] = ", ".join(rest)
                entry["contract"] = contract
        ident = self._entry(self.recipients, self.rec_by_name, name, cell, entry, ident, row=True)
        rec = self.recipients[ident]
        for key in ("processor_of", "sub_processors"):
            if key in row:
                self.recipient_links.append((ident, key, str(row[key][0]), row[key][1]))
        if "certifications" in row:
            certs = [self._certification(line) for line in str(row["certifications"][0]).splitlines()]
            if all(certs):
                entry["certifications"] = certs
        country_text = re.sub(r" \([A-Z]{2}\)$", "", str(row["country"][0])) if "country" in row else ""
        detail = "; ".join(str(row[k][0]) if k in row else "" for k in ("category", "role"))
        detail = "; ".join(p for p in (*detail.split("; "), country_text) if p)
        self.rec_by_line.setdefault(f"{name} ({detail})", ident)
        for key, text, where in marks:
            rec.setdefault("interpretations", []).append({"field": key, "note": text, "sources": [self.source(where)]})
        if role is None:
            self.interpretation(rec, "role", "role", cell)
        if "country" not in rec:
            self.gap(rec, "country", "country", cell)
        rec["sources"] = [self.source(c, k if k != "name" else None) for k, (_, c) in row.items() if k != "id"]

    @staticmethod
    def _certification(line: str) -> dict[str, Any] | None:
        """``eu-us-dpf, active, both, geprüft 01.07.2024, ref`` (ropa's ``art30._certifications``)."""
        from ropa.model import Certification
        from ropa.load import field_specs

        parts = line.split(", ")
        schemes = field_specs(Certification)["scheme"].kind.choices
        if not parts or parts[0] not in schemes or len(parts) < 2 or parts[1] not in ("active", "inactive", "unknown"):
            return None
        out: dict[str, Any] = {"scheme": parts[0], "status": parts[1]}
        rest = parts[2:]
        if rest and rest[0] in ("hr", "non-hr", "both"):
            out["covers"] = rest.pop(0)
        if rest:
            checked = next((rest[0][len(w) + 1:] for w in labels.both(labels.WORDS, "checked") if rest[0].startswith(w + " ")), None)
            if checked and P.date(checked):
                out["checked"] = P.date(checked)
                rest.pop(0)
        if rest:
            out["reference"] = ", ".join(rest)
        return out

    def finish_recipients(self) -> None:
        """ropa's recipients sheet: who is whose sub-processor, once every recipient is known."""
        for ident, key, text, cell in self.recipient_links:
            ids = []
            for line in text.splitlines():
                found = self.rec_by_line.get(line) or self.rec_by_name.get(vocab.normalise(line))
                if found is None:
                    self.gap(self.recipients[ident], key, "unread-dropped", cell, value=line)
                else:
                    ids.append(found)
            if ids:
                self.recipients[ident][key] = ids[0] if key == "processor_of" else ids

    def measure_row(self, row: dict[str, tuple[Any, Cell]]) -> None:
        self._unmark(row)
        if "name" not in row:
            return
        name, cell = str(row["name"][0]), row["name"][1]
        kind = P.reverse(labels.MEASURE_KINDS, str(row["kind"][0])) if "kind" in row else None
        entry: dict[str, Any] = {"kind": kind or "organisational"}
        if "description" in row:
            entry["description"] = str(row["description"][0])
        if "art32" in row:
            goals = [P.reverse(labels.ART32, g) for g in str(row["art32"][0]).split(", ")]
            if all(goals):
                entry["art32"] = goals
        ident = self._entry(self.measures, self.measure_by_name, name, cell, entry,
                            str(row["id"][0]) if "id" in row else None, row=True)
        if kind is None:
            self.unsure_measures[ident] = cell

    def finish_measures(self) -> None:
        """A measure whose kind the measures sheet does not give: marked on the first activity taking it."""
        for ident, cell in self.unsure_measures.items():
            act = next((a for a in self.activities.values() if ident in a.get("measures", ())), None)
            if act is not None:
                self.interpretation(act, "measures", "kind", cell, measure=self.measures[ident]["name"])

    def finish_transfers(self) -> None:
        """ropa's transfers sheet: what a record cell does not show of a transfer: which of several
        recipients of the same name it goes to (the sheet names it in full), its notes and the data
        categories, where they are not all of the activity's."""
        done: set[int] = set()
        for row, _cell in self.transfer_rows:
            act = self.activities.get(str(row.get("activity_id", "")))
            if act is None:
                continue
            line = str(row.get("recipient", ""))
            full = self.rec_by_line.get(line)
            for transfer in act.get("transfers") or ():
                name = self.recipients.get(transfer["recipient"], {}).get("name", "\0")
                if id(transfer) in done or not line.startswith(name) \
                        or not str(row.get("country", "")).endswith(f"({transfer['country']})"):
                    continue
                done.add(id(transfer))
                if full is not None:
                    transfer["recipient"] = full
                if row.get("notes"):
                    transfer["notes"] = str(row["notes"])
                if row.get("data_categories"):
                    ids = [self.category_by_name.get(vocab.normalise(n)) for n in str(row["data_categories"]).splitlines()]
                    if all(ids) and ids != act.get("data_categories"):
                        transfer["data_categories"] = ids
                break




def _paren_groups(text: str) -> list[tuple[int, int]]:
    """Start and end index of each top-level ``(...)`` group."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i))
    return out


def build(plan: Plan) -> Builder:
    builder = Builder(plan)
    for form in plan.forms:
        if form.kind == "cover":
            builder.cover(form)
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
    return builder
