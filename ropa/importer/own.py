"""ropa's own catalogue sheets (recipients, measures, transfers), read back from its xlsx export."""

from __future__ import annotations

import re
from typing import Any

from ropa import labels
from ropa.importer import cells as P
from ropa.importer.state import _MARK_PREFIXES, TRANSFER_FIELDS, Cell, State


class OwnSheets(State):
    """Rows of ropa's recipients, measures and transfers sheets (mixed into ``Builder``)."""

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
            code = m.group(1) if m else P.country_code(str(row["country"][0]))
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
            if all(certs):  # on the catalogue entry itself (``entry`` was copied into it)
                rec["certifications"] = certs
            else:
                self.gap(rec, "certifications", "unread-dropped", row["certifications"][1],
                         value=str(row["certifications"][0]))
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
        """``eu-us-dpf, aktiv, HR- und Nicht-HR-Daten, geprüft 01.07.2024, ref`` (ropa's
        ``art30._certifications``, either language; the codes too)."""
        from ropa.model import Certification
        from ropa.load import field_specs

        parts = line.split(", ")
        schemes = field_specs(Certification)["scheme"].kind.choices
        status = P.reverse(labels.CERTIFICATION_STATUS, parts[1]) if len(parts) >= 2 else None
        if not parts or parts[0] not in schemes or status is None:
            return None
        out: dict[str, Any] = {"scheme": parts[0], "status": status}
        rest = parts[2:]
        covers = P.reverse(labels.CERTIFICATION_COVERS, rest[0]) if rest else None
        if covers is not None:
            out["covers"] = covers
            rest.pop(0)
        if rest:
            checked = next((rest[0][len(w) + 1:] for w in P.words("checked") if rest[0].startswith(w + " ")), None)
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
                found = self.rec_by_line.get(line) or self.rec_by_name.get(P.norm(line))
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
        for values in self.transfer_rows:
            row = dict(zip(TRANSFER_FIELDS, values))
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
                    ids = [self.category_by_name.get(P.norm(n)) for n in str(row["data_categories"]).splitlines()]
                    if all(ids) and ids != act.get("data_categories"):
                        transfer["data_categories"] = ids
                break



