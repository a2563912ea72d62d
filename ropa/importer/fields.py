"""Reading an activity's cells, one handler per field: ``_a_<field>(activity, value, cell)``.

A handler takes what the cell says unambiguously into the activity (a plain dict) and records a
gap quoting the rest; it returns False when it took nothing (the cell is then not cited).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ropa import labels, vocab
from ropa.i18n import field_key
from ropa.importer import cells as P
from ropa.importer.state import _DETAIL, _MECHANISM_WORDS, _OPEN, Cell, State, _words, transfer_line


_STATUTE_AFTER = re.compile(r" \(((?:§|Art\.|Article)[^()]*)\)$")  # "10 Jahre (§ 147 AO)"
_STATUTE = re.compile(r"((?:§|Art\.)[^()]*)")  # the whole line, with fullmatch
_DURATIONS: dict[str, tuple[str, str] | None] = {}


def _duration_prefix(text: str) -> tuple[str, str] | None:
    """``cells.duration_prefix``, remembered for the retention texts that recur ("1 year from End of contract")."""
    if text in _DURATIONS:
        return _DURATIONS[text]
    out = P.duration_prefix(text)
    if len(text) <= 200:
        if len(_DURATIONS) >= P._REMEMBER:
            _DURATIONS.clear()
        _DURATIONS[text] = out
    return out


P._FORGET.append(_DURATIONS.clear)


@cache
def _trigger_words() -> tuple[str, ...]:
    """The words a retention period's trigger follows: "1 Jahr ab ...", "10 years after ..."."""
    return (*P.words("from"), "nach", "after", "à compter de", "après")


class ActivityFields(State):
    """The field handlers of an activity (mixed into ``ropa.importer.build.Builder``)."""


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
        lines = []
        for line in self._list(text, commas=False):
            split = None if self.own or "," not in line else P.names(line)
            if split is not None:
                lines.extend(split)
                continue
            if not self.own and "," in line and len(P.items(line, commas=True)) > 1:
                self.gap(act, "recipients", "recipients-comma", cell, value=line)
            lines.append(line)
        for line in lines:
            ident, purpose = self.recipient(line, cell, role)
            use = {"recipient": ident, "purpose": purpose} if purpose else ident
            if use not in uses:
                uses.append(use)
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
                if transfer["mechanism"] == "unknown":
                    self.gap(act, "transfers", "transfer-mechanism", cell, value=line)
        if out:
            act.setdefault("transfers", []).extend(out)
        return bool(out)

    def _transfer(self, line: str, cell: Cell) -> dict[str, Any] | None:
        m = transfer_line(line)
        if m:
            mech = P.mechanism(m.mech)
            if mech and vocab.is_country(m.code):
                ident, _ = self.recipient(m.rname, cell)
                out: dict[str, Any] = {"recipient": ident, "country": m.code, "mechanism": mech}
                if m.mod:
                    out["scc_module"] = int(m.mod)
                return out
        # "USA (Google)", "United States: Mailchimp – standard contractual clauses": one country,
        # at most one recipient and mechanism named; a mechanism not named is "unknown" (a gap)
        words = _words(line)
        parts = [p.strip() for p in re.split(r"[(),:;–]| - ", line[:500]) if p.strip()]
        countries = {P.country_code(p) for p in parts if P.country_code(p)}
        mech = next((code for code, ws in _MECHANISM_WORDS.items() if any(f" {w} " in words for w in ws)), None)
        if len(countries) != 1:
            return None
        country = next(iter(countries))
        padded = f" {P.norm(line)} "
        rec = next((ident for key, ident in self.rec_by_name.items() if key and f" {key} " in padded), None)
        if rec is None:
            rest = [p for p in parts if not P.country_code(p)
                    and not any(f" {w} " in _words(p) for ws in _MECHANISM_WORDS.values() for w in ws)]
            if len(rest) != 1 or not rest[0][:1].isupper():
                return None
            rec, _ = self.recipient(rest[0], cell)
        return {"recipient": rec, "country": country, "mechanism": mech or "unknown"}

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
                for word in P.words("safeguards"):
                    if body.startswith(word + ": "):
                        target["safeguards"] = body[len(word) + 2:]
                        done = True
                tia = next((w for w in P.words("tia") if body.startswith(w)), None)
                if tia is not None:
                    first, _, after = body.partition("; ")
                    target["tia"] = self._tia(first[len(tia):].lstrip(": "))
                    for word in P.words("safeguards"):
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
            m = _STATUTE_AFTER.search(line) or _STATUTE.fullmatch(line)
            if m:
                entry["statute"] = m.group(1)
                line = line[: m.start()].strip()
            main, sep2, criterion = line.partition("; ")
            parsed = _duration_prefix(main)
            if parsed is not None:
                entry["period"], rest = parsed
                trigger = next((rest[len(w) + 1:] for w in _trigger_words() if rest.startswith(w + " ")), None)
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
        known, shown = self._shown
        if known != len(self.categories):  # categories are only added, never changed
            shown = {}
            for ident, entry in self.categories.items():
                shown[entry["name"]] = ident
                if entry.get("special"):
                    for word in P.words("special-" + entry["special"]):
                        shown[f"{entry['name']} ({word})"] = ident
            self._shown = (len(self.categories), shown)
        ids, rest = [], line
        while True:
            end = -1  # the longest name shown followed by ", " or ": "
            for sep in (", ", ": "):
                at = rest.find(sep)
                while at >= 0:
                    if at > end and rest[:at] in shown:
                        end = at
                    at = rest.find(sep, at + 1)
            if end < 0:
                return None
            ids.append(shown[rest[:end]])
            rest = rest[end:]
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
            words = {k: P.words(k) for k in ("criteria", "residual-risk", "consultation")}
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

