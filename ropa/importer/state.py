"""The importer's state while the sheets are read: sources, gaps, catalogues, the organisation.

``State`` collects the registry's data as plain dicts in model field names. Every value taken
from a cell carries a source naming the spreadsheet (a ``documents`` entry), the sheet, the row
and the column; catalogue entries (recipients, data categories, data subjects, measures) made
from repeated cell texts are made once, with an id derived from the name (``cells.ident``), and
cite the first cell that names them. The readers of fields (``ropa.importer.fields``), of
ropa's own catalogue sheets (``ropa.importer.own``) and of tables and forms
(``ropa.importer.build``) build on it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from ropa import art30, labels
from ropa.importer import cells as P
from ropa.importer.layout import Plan
from ropa.importer.messages import note
from ropa.load import ID_RE

Cell = tuple[str, int, str]  # sheet, row, column letter

# words of ropa's own cells (``ropa.art30``), both languages
_MARK_PREFIXES = tuple(f"{w}: " for w in P.words("interpretation"))
_OPEN = {"gaps": P.words("gap"), "conflicts": P.words("conflict"),
         "interpretations": P.words("interpretation")}
_DETAIL = {key: P.words(key) for key in ("interest", "lia", "scope", "statute", "consent-by",
                                               "withdrawal", "consent-record")}
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_MODULE_SUFFIXES = tuple(f", {word} {n}" for word in ("Modul", "module") for n in "1234")


# the columns of ropa's transfers sheet the import reads (``own.finish_transfers``)
TRANSFER_FIELDS = ("activity_id", "recipient", "country", "notes", "data_categories")


class TransferLine(NamedTuple):
    cname: str  # the country as written
    code: str  # its ISO code
    rname: str  # the recipient's name
    mech: str  # the mechanism as written
    mod: str | None  # the SCC module, "1" to "4"


def transfer_line(line: str) -> TransferLine | None:
    """A line of ropa's own transfers column, ``Country (CC): Recipient – mechanism[, Modul N]``,
    as its parts ``cname``, ``code``, ``rname``, ``mech``, ``mod`` (None: no module); None for
    any other line.

    A scan in linear time with the meaning of the pattern
    ``^(.+?) \\(([A-Z]{2})\\): (.+) – (.+?)(?:, (?:Modul|module) ([1-4]))?$``, which backtracked
    in quadratic and cubic time on crafted cells (issue 29): the country is the text before
    the first `` (CC): `` (not at the start), the recipient runs to the last `` – `` that
    leaves a mechanism, and a trailing ``, Modul N`` is the SCC module.
    >>> transfer_line("USA (US): Google – Standardvertragsklauseln, Modul 2")
    TransferLine(cname='USA', code='US', rname='Google', mech='Standardvertragsklauseln', mod='2')
    """
    if line.endswith("\n"):
        line = line[:-1]  # ``$`` matches before a final line break
    if "\n" in line:
        return None  # ``.`` never matches a line break
    at = line.find(" (", 1)
    while at >= 0 and not (line[at + 2:at + 3] in _UPPER and line[at + 3:at + 4] in _UPPER
                           and line[at + 4:at + 7] == "): "):
        at = line.find(" (", at + 1)
    if at < 0:
        return None
    rest = line[at + 7:]
    dash = rest.rfind(" – ", 1, len(rest) - 1)
    if dash < 0:
        return None
    mech, mod = rest[dash + 3:], None
    for suffix in _MODULE_SUFFIXES:
        if mech.endswith(suffix) and len(mech) > len(suffix):
            mech, mod = mech[:-len(suffix)], suffix[-1]
            break
    return TransferLine(line[:at], line[at + 2:at + 4], rest[:dash], mech, mod)


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



# the texts a source names (documents, sheets, facts, column letters): a few dozen in any
# import, each given a small number once, for the process
_NAMES: list[str | None] = [None]
_NUMBERS: dict[str | None, int] = {None: 0}


def _number(name: str | None) -> int:
    known = _NUMBERS.get(name)
    if known is None:
        if len(_NAMES) > 0xFFFFFF:
            raise OverflowError("more than 16 million distinct source names in one process")
        known = _NUMBERS[name] = len(_NAMES)
        _NAMES.append(name)
    return known


class Src(int):
    """A source citing a spreadsheet cell, held compactly until it is written: one integer
    packing the numbers of its document, fact, sheet and column letter with its row (an import
    of 10,000 activities holds some 200,000 sources: as named tuples they took 16 MiB)."""

    __slots__ = ()

    @classmethod
    def of(cls, document: str, fact: str | None, sheet: str, row: int, column: str) -> Src:
        return cls((((((_number(document) << 24) | _number(fact)) << 24 | _number(sheet)) << 24
                    | _number(column)) << 32) | row)

    @property
    def document(self) -> str:
        return _NAMES[int(self) >> 104] or ""

    @property
    def fact(self) -> str | None:
        return _NAMES[(int(self) >> 80) & 0xFFFFFF]

    @property
    def sheet(self) -> str:
        return _NAMES[(int(self) >> 56) & 0xFFFFFF] or ""

    @property
    def column(self) -> str:
        return _NAMES[(int(self) >> 32) & 0xFFFFFF] or ""

    @property
    def row(self) -> int:
        return int(self) & 0xFFFFFFFF

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"document": self.document}
        if self.fact:
            out["fact"] = self.fact
        out.update({"sheet": self.sheet, "row": self.row, "column": self.column})
        return out

    def __repr__(self) -> str:
        return f"Src({self.document!r}, {self.fact!r}, {self.sheet!r}, {self.row}, {self.column!r})"


class State:
    """Collects the registry's data (plain dicts in model field names) while the sheets are read.

    Mutable state, not a value (docs/architecture.md): a plain class."""

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
        self.transfer_rows: list[tuple[Any, ...]] = []  # TRANSFER_FIELDS of each row of the transfers sheet
        self.recipient_links: list[tuple[str, str, str, Cell]] = []  # processor_of / sub_processors cells
        self.unsure_measures: dict[str, Cell] = {}  # measures sheet rows without a readable kind
        self.skipped: list[tuple[Cell, str]] = []  # rows not imported, and why (a message key)
        self.skip_details: list[str] = []
        self.date_from: Cell | str | None = None  # where the as-of date was read, "updated", "option"
        self._places: dict[tuple[str | None, str, str], int] = {}  # ``source``'s
        self._shown: tuple[int, dict[str, str]] = (-1, {})  # ``fields._category_names``'

    # --- sources and gaps -------------------------------------------------------------------

    def source(self, cell: Cell, fact: str | None = None) -> Src:
        key = (fact, cell[0], cell[2])
        base = self._places.get(key)  # all but the row, worked out once per fact, sheet and column
        if base is None:
            base = self._places[key] = int(Src.of(self.doc_id, fact or None, cell[0], 0, cell[2]))
        return Src(base | cell[1])

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
        key = P.norm(name)
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
        for word in P.words("children"):
            if text.endswith(f" ({word})"):
                text, extra["children"] = text[: -len(word) - 3], True
        return self._entry(self.subjects, self.subject_by_name, text, cell, extra)

    def category(self, text: str, cell: Cell) -> str:
        extra: dict[str, Any] = {}
        for special in ("art9", "art10"):
            for word in P.words("special-" + special):
                if text.endswith(f" ({word})"):
                    text, extra["special"] = text[: -len(word) - 3], special
        return self._entry(self.categories, self.category_by_name, text, cell, extra)

    def measure(self, text: str, cell: Cell, act: dict[str, Any]) -> str:
        """A measure named in an activity's cell; a new one's kind is a placeholder, marked as an
        interpretation of the activity that names it first (a measure has no interpretations)."""
        found = self.measure_by_name.get(P.norm(text))
        if found is not None:
            return found
        ident = self._entry(self.measures, self.measure_by_name, text, cell, {"kind": "organisational"})
        self.interpretation(act, "measures", "kind", cell, measure=text)
        return ident

    def recipient(self, line: str, cell: Cell, role: str | None = None) -> tuple[str, str | None]:
        """The catalogue id for a recipient line, and the purpose the line adds (ropa's ``name (...): purpose``)."""
        name, detail, purpose = _recipient_line(line)
        found = self.rec_by_line.get(f"{name} ({detail})") if detail else None
        if found is None:
            found = self.rec_by_name.get(P.norm(name))
        if found is not None:
            return found, purpose
        extra: dict[str, Any] = {}
        parts = detail.split("; ") if detail else []
        for part in parts:
            code = P.reverse(labels.ROLES, part)
            country = P.country_code(part)
            if code:
                extra["role"] = code
            elif country:
                extra["country"] = country
            elif part and not P.is_not_stated(part) and part not in P.words("unknown"):
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
        found = self.org_by_name.get(P.norm(name))
        if found is not None:
            return found
        org: dict[str, Any] = {"id": P.ident(name, self.orgs), "name": name}
        self._contact_lines(org, lines[1:], cell, allow_management=True)
        org["sources"] = [self.source(cell)]
        self.orgs[org["id"]] = org
        self.org_by_name[P.norm(name)] = org["id"]
        return org["id"]

    def _contact_lines(self, node: dict[str, Any], lines: list[str], cell: Cell, *, allow_management: bool) -> None:
        """Read ``Tel. ...``, ``E-Mail ...``, ``Internet ...``, an address line (ropa's ``art30.contact``)."""
        rest = []
        prefixes = {"phone": P.words("phone"), "email": P.words("email"), "website": P.words("web")}
        for line in lines:
            line = line.strip()
            for fld, words in prefixes.items():
                hit = next((w for w in words if line.startswith(w + " ")), None)
                if hit is not None:
                    node[fld] = line[len(hit) + 1:].strip()
                    break
            else:
                management = next((w for w in P.words("management") if line.startswith(w + ": ")), None)
                if management and allow_management:
                    node["management"] = [p.strip() for p in line[len(management) + 2:].split(", ")]
                elif "address" not in node and (address := self._address(line)) is not None:
                    node["address"] = address
                elif line in P.words("third-party"):
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
        if parts and P.country_code(parts[-1]) and len(parts) >= 2:
            out["country"] = P.country_code(parts[-1])
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
        if not any(first.startswith(w + " ") for key in ("phone", "email", "web") for w in P.words(key)):
            for word in P.words("external"):
                if first.endswith(f" ({word})") or first == word:
                    first, out["external"] = first.removesuffix(f" ({word})").removesuffix(word), True
            if first:
                out["name"] = first
            lines = lines[1:]
        self._contact_lines(out, lines, cell, allow_management=False)
        out["sources"] = [self.source(cell)]
        return out


    def default_org(self, where: Cell) -> str:
        if self.orgs:
            return next(iter(self.orgs))
        name = Path(self.file).stem
        ident = self.organisation(name, where)
        self.gap(self.orgs[ident], "name", "controller", where)
        return ident

    # one handler per field: (activity dict, cell value, cell) -> False if nothing was taken


_LINES: dict[str, tuple[str, str, str | None]] = {}


def _recipient_line(line: str) -> tuple[str, str, str | None]:
    """A recipient line's name, detail and purpose: ropa's ``Name (category; role; country): purpose``
    (a line naming no role in parentheses is a name alone); remembered for lines that recur."""
    known = _LINES.get(line)
    if known is not None:
        return known
    name, detail, purpose = line, "", None
    for start, end in _paren_groups(line):
        inside = line[start + 1:end]
        after = line[end + 1:]
        if (not after or after.startswith(": ")) and any(P.reverse(labels.ROLES, p) for p in inside.split("; ")):
            name, detail, purpose = line[:start].rstrip(), inside, after[2:] or None
            break
    if len(line) <= 200:
        if len(_LINES) >= P._REMEMBER:
            _LINES.clear()
        _LINES[line] = (name, detail, purpose)
    return name, detail, purpose


P._FORGET.append(_LINES.clear)


_PARENS = re.compile(r"[()]")


def _paren_groups(text: str) -> list[tuple[int, int]]:
    """Start and end index of each top-level ``(...)`` group (only the parentheses are visited)."""
    out: list[tuple[int, int]] = []
    if "(" not in text:
        return out
    depth, start = 0, 0
    for m in _PARENS.finditer(text):
        i = m.start()
        if m.group() == "(":
            if depth == 0:
                start = i
            depth += 1
        elif depth:  # ")"
            depth -= 1
            if depth == 0:
                out.append((start, i))
    return out

