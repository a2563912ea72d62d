"""The Art. 30 view: one definition of the record's columns, in German and English.

Every tabular rendering of the record (``ropa export`` to xlsx, csv, markdown and html,
and ``ropa show`` in the terminal) is built from the columns defined here; none
re-derives a column. A column knows its key, the Art. 30 point it satisfies, its German
label (wording of the DSK *Muster Verzeichnis von Verarbeitungstätigkeiten*) and English
label (wording of the ICO documentation template), and how to turn one item into cell
text in a language.

API::

    from ropa import art30

    cols = art30.columns("controller")           # Art. 30(1) record; "processor": 30(2)
    [c.label("de") for c in cols]                 # header row
    cols[0].value(activity, registry, "en")       # one cell, always a str
    for row in art30.rows(registry, "de", organisation="facts42"): ...

    art30.RECIPIENT_COLUMNS / TRANSFER_COLUMNS / MEASURE_COLUMNS / FINDING_COLUMNS
    art30.transfer_items(registry) -> [(activity, transfer), ...]  # items of TRANSFER_COLUMNS

Cell text conventions: several values in one cell are separated by a newline (renderers
turn it into a line break). One rendering of an empty mandatory field in every format:
a fact the registry does not hold ("not stated": the source says nothing) is shown as
``nicht angegeben`` / ``not stated``; a list the registry states is empty (``[]``) as
``keine`` / ``none``, for transfers in the DSK template's wording "findet nicht statt und
ist auch nicht geplant" / "none (not taking place and not planned)". A blank cell means
"not applicable" and is used only for fields Art. 30 asks for "where applicable" (joint
controller, representative, safeguards) and for the template's optional fields.
Unresolved references (reported by the loader as RP015) are shown as the raw id.
Dates are ``TT.MM.JJJJ`` in German and ISO 8601 in English.
"""

from __future__ import annotations

import datetime as _dt
import re
import weakref
from dataclasses import dataclass
from typing import Any, Literal
from collections.abc import Callable, Iterable, Iterator, Sequence

from ropa import model, vocab
from ropa.i18n import N_, field_name, gettext
from ropa.model import Activity, Text

__all__ = [
    "Column", "columns", "rows", "activities", "label", "CONTROLLER_COLUMNS",
    "PROCESSOR_COLUMNS", "RECIPIENT_COLUMNS", "TRANSFER_COLUMNS", "MEASURE_COLUMNS",
    "FINDING_COLUMNS", "transfer_items", "fmt_date", "fmt_duration", "Record",
]

Record = Literal["controller", "processor"]
Lang = str  # "de" or "en"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a record table.

    ``paragraph`` is the Art. 30 point the column satisfies (``"30(1)(c)"``), or ``None``
    for a column the DSK or ICO templates add beyond Art. 30 (id, legal basis, DPIA ...).
    ``width`` is a suggested width in characters for spreadsheets and terminals.
    ``typed`` gives the cell's value as a date or number for formats that have types
    (xlsx); ``get`` is always its text.
    """

    key: str
    paragraph: str | None
    text: str  # the English label, a catalogue message: ``label(lang)`` gives it in a language
    get: Callable[[Any, Any, str], str]
    width: int = 30
    typed: Callable[[Any], Any] | None = None

    def label(self, lang: Lang) -> str:
        return gettext(self.text, lang)

    def value(self, item: Any, registry: Any, lang: Lang) -> str:
        """The cell text for ``item`` (an activity for record columns) in ``lang``."""
        return self.get(item, registry, lang)

    def heading(self, lang: Lang) -> str:
        """The label with its Art. 30 point, e.g. ``Zwecke der Verarbeitung (Art. 30 Abs. 1 lit. b)``."""
        if not self.paragraph:
            return self.label(lang)
        return f"{self.label(lang)} ({article(self.paragraph, lang)})"


def article(paragraph: str, lang: Lang) -> str:
    """``30(1)(b)`` as ``Art. 30 Abs. 1 lit. b`` (de) or ``Art. 30(1)(b)`` (en)."""
    if lang != "de":
        return f"Art. {paragraph}"
    m = re.fullmatch(r"(\d+)\((\d+)\)(?:\(([a-z])\))?", paragraph)
    if not m:
        return f"Art. {paragraph}"
    out = f"Art. {m.group(1)} Abs. {m.group(2)}"
    return f"{out} lit. {m.group(3)}" if m.group(3) else out


# --- words ----------------------------------------------------------------------------------

WORDS: dict[str, str] = {
    "not-stated": N_("not stated"),
    "none": N_("none"),
    "no-transfer": N_("none (not taking place and not planned)"),
    "yes": N_("yes"),
    "unknown": N_("unknown"),
    "no": N_("no"),
    "management": N_("Management"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "web": N_("Web"),
    "external": N_("external"),
    "interest": N_("Legitimate interest"),
    "lia": N_("LIA"),
    "scope": N_("Scope"),
    "statute": N_("Statute"),
    "consent-by": N_("Consent via"),
    "withdrawal": N_("Withdrawal"),
    "consent-record": N_("Record of consent"),
    "module": N_("module"),
    "tia": N_("Transfer impact assessment"),
    "safeguards": N_("Safeguards"),
    "from": N_("from"),
    "special-art9": N_("special category, Art. 9 GDPR"),
    "special-art10": N_("criminal offences, Art. 10 GDPR"),
    "children": N_("including children"),
    "gap": N_("Gap"),
    "conflict": N_("Conflict"),
    "interpretation": N_("Interpretation"),
    "third-party": N_("Third party, described for due diligence: not our record"),
    "residual-risk": N_("residual risk"),
    "consultation": N_("Art. 36 consultation"),
    "criteria": N_("criteria"),
    "data": N_("data"),
    "line": N_("line"),
    "sheet": N_("sheet"),
    "cell": N_("cell"),
    "row": N_("row"),
    "section": N_("section"),
    "until": N_("until"),
    "checked": N_("checked"),
    "ceased": N_("ceased"),
    "expires": N_("expires"),
    "accepted-by": N_("accepted by"),
}

ROLES: dict[str, str] = {
    "processor": N_("processor"),
    "sub-processor": N_("sub-processor"),
    "joint-controller": N_("joint controller"),
    "controller": N_("independent controller"),
    "authority": N_("public authority"),
    "internal": N_("internal"),
}

CONTRACTS: dict[str, str] = {
    "dpa": N_("Data processing agreement (Art. 28(3) GDPR)"),
    "joint-control-arrangement": N_("Joint controller arrangement (Art. 26 GDPR)"),
    "scc": N_("Standard contractual clauses"),
    "terms": N_("Provider's terms of service"),
    "confidentiality": N_("Confidentiality agreement"),
    "none": N_("no contract"),
    "unknown": N_("contract not known"),
}

STATUS: dict[str, str] = {
    "active": N_("active"),
    "planned": N_("planned"),
    "retired": N_("retired"),
}

DPIA_STATUS: dict[str, str] = {
    "required": N_("required"),
    "not-required": N_("not required"),
    "in-progress": N_("in progress"),
    "done": N_("done"),
    "unknown": N_("unknown"),
}

MEASURE_KINDS: dict[str, str] = {
    "technical": N_("technical"),
    "organisational": N_("organisational"),
}

ART32: dict[str, str] = {
    "pseudonymisation": N_("pseudonymisation"),
    "encryption": N_("encryption"),
    "confidentiality": N_("confidentiality"),
    "integrity": N_("integrity"),
    "availability": N_("availability"),
    "resilience": N_("resilience"),
    "restore": N_("restore"),
    "testing": N_("regular testing"),
}

CERTIFICATION_STATUS: dict[str, str] = {"active": N_("active"), "inactive": N_("inactive"), "unknown": N_("unknown")}
CERTIFICATION_COVERS: dict[str, str] = {"hr": N_("HR data"), "non-hr": N_("non-HR data"), "both": N_("HR and non-HR data")}

SEVERITIES: dict[str, str] = {
    "error": N_("error"),
    "warning": N_("warning"),
    "info": N_("info"),
}

_UNITS = {"Y": ("Jahr", "Jahre", "year"), "M": ("Monat", "Monate", "month"),
          "W": ("Woche", "Wochen", "week"), "D": ("Tag", "Tage", "day"),
          "H": ("Stunde", "Stunden", "hour"), "m": ("Minute", "Minuten", "minute"),
          "S": ("Sekunde", "Sekunden", "second")}
_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\Z")


def label(table: dict[str, str], key: str | None, lang: Lang) -> str:
    """A word from one of the label tables above; the key itself if unknown."""
    if key is None:
        return ""
    pair = table.get(key)
    return key if pair is None else gettext(pair, lang)


def both(table: dict[str, str], key: str) -> tuple[str, str]:
    """A label table's entry in German and English, ``(de, en)`` (the import reads both)."""
    message = table[key]
    return gettext(message, "de"), message


def word(key: str, lang: Lang) -> str:
    return label(WORDS, key, lang)


def _words(lang: Lang) -> dict[str, str]:
    """``WORDS`` in one language, for cells that need several words (as ``word`` gives them)."""
    words = _WORDS.get(lang)
    if words is None:
        words = _WORDS[lang] = {key: gettext(message, lang) for key, message in WORDS.items()}
    return words


_WORDS: dict[str, dict[str, str]] = {}


def fmt_date(value: _dt.date | None, lang: Lang) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()


def fmt_duration(period: str, lang: Lang) -> str:
    """``P10Y`` as ``10 Jahre`` / ``10 years``; an unparsable value is returned unchanged."""
    m = _DURATION.fullmatch(period)
    if not m or not any(m.groups()):
        return period
    parts = []
    for amount, unit in zip(m.groups(), "YMWDHmS"):
        if amount is None:
            continue
        n = int(amount)
        one, many, en = _UNITS[unit]
        parts.append(f"{n} {one if n == 1 else many}" if lang == "de" else f"{n} {en}{'' if n == 1 else 's'}")
    return " ".join(parts)


def text(value: Text | str | None, lang: Lang) -> str:
    """Registry text in ``lang``; where the registry has it only in another language, as it
    is, prefixed with that language (``[en] ...``): never translated, never silently mixed
    into the other language's report. Text without a language key is shown as it is."""
    if value is None:
        return ""
    if value.__class__ is Text:
        # Text.get inlined for the common cases (it runs for most cells)
        values = value.values
        for key, out in values:
            if key == lang or not key:
                return out
        if not values:
            return ""
        key, out = values[0]
        return f"[{key}] {out}" if out else out
    return value.get(lang) if isinstance(value, Text) else str(value)


def plain_text(value: Text | str | None, lang: Lang) -> str:
    """Registry text in ``lang``, else its first version, unmarked (for matching and ids)."""
    if value is None:
        return ""
    return value.get(lang) if isinstance(value, Text) else str(value)


tagged_text = text  # the name h11 gave it: every registry text is shown with its language mark


class _Memo:
    """Cell text that many cells repeat, made once per registry and language.

    A loaded registry is immutable, so the text naming a recipient, a data category or a
    measure is the same in every cell that refers to it: 10,000 activities refer to the
    same few hundred catalogue entries ~150,000 times. Each dict maps an id (or a date, a
    period, a transfer, a file) to its finished text, made on first use exactly as without
    the memo. ``_memo`` hands out one per (registry, language) and drops it with the
    registry.
    """

    __slots__ = ("activity_refs", "categories", "countries", "dates", "documents", "durations", "files",
                 "measure_users", "measures", "orgs", "recipients", "safeguards", "subjects", "transfers")

    def __init__(self) -> None:
        self.recipients: dict[str, str] = {}  # recipient (or organisation) id -> recipient_line
        self.categories: dict[str, str] = {}  # data category id -> name (with Art. 9/10 note)
        self.subjects: dict[str, str] = {}  # data subject id -> name (with children note)
        self.measures: dict[str, str] = {}  # measure id -> name
        self.documents: dict[str, str] = {}  # document id -> title
        self.orgs: dict[str, tuple[str, str, str]] = {}  # organisation id -> (itself, representative, dpo)
        self.transfers: dict[tuple[Any, ...], str] = {}  # (recipient, country, mechanism, module) -> line
        self.countries: dict[str | None, str] = {}  # country code -> "Name (CC)", None -> unknown
        self.durations: dict[str, str] = {}  # ISO 8601 period -> fmt_duration
        self.dates: dict[_dt.date | None, str] = {}  # date -> fmt_date
        self.safeguards: dict[int, tuple[model.Transfer, str]] = {}  # id of a transfer -> (it, safeguards)
        self.activity_refs: dict[str, str] = {}  # activity id -> "id: name"
        self.files: dict[str, str] = {}  # a span's file -> its path relative to the registry root
        self.measure_users: dict[str, list[str]] | None = None  # measure id -> "id: name" of its activities

    def date(self, value: _dt.date | None, lang: Lang) -> str:
        out = self.dates.get(value)
        if out is None:
            out = self.dates[value] = fmt_date(value, lang)
        return out


_MEMOS: dict[str | None, tuple[weakref.ref, _Memo]] = {}  # lang -> (the registry, its memo)


def _memo(registry: Any, lang: Lang | None) -> _Memo:
    """The memo of ``registry`` in ``lang`` (None: for what no language changes).

    The last memo made for each language is kept with a weak reference to its registry
    and served only to that same registry (by identity): a memo never serves another
    registry and is dropped when its registry is. A registry that takes no weak reference
    gets a fresh memo each time (correct, only slower).
    """
    entry = _MEMOS.get(lang)
    if entry is not None and entry[0]() is registry:
        return entry[1]
    memo = _Memo()

    def forget(ref: weakref.ref) -> None:
        if _MEMOS.get(lang, (None,))[0] is ref:
            del _MEMOS[lang]

    try:
        _MEMOS[lang] = (weakref.ref(registry, forget), memo)
    except TypeError:
        pass
    return memo


def _stated(get: Callable[[Any, Any, str], str]) -> Callable[[Any, Any, str], str]:
    """A mandatory column's getter whose empty cell reads ``nicht angegeben`` / ``not stated``.

    A blank cell never stands for "not stated": the registry holds no value there, so the
    record says so in words (the DSK template leaves no field of Art. 30 empty).
    """

    def stated(item: Any, registry: Any, lang: Lang) -> str:
        return get(item, registry, lang) or _words(lang)["not-stated"]

    stated.__doc__ = get.__doc__
    return stated


def lines(values: Iterable[str]) -> str:
    return "\n".join([v for v in values if v])


def joined(*parts: str, sep: str = "; ") -> str:
    return sep.join([p for p in parts if p])


# --- parties --------------------------------------------------------------------------------

def address(addr: model.Address | None, lang: Lang) -> str:
    if addr is None:
        return ""
    city = " ".join(p for p in (addr.postal_code, addr.city) if p)
    country = vocab.country_name(addr.country, lang) if addr.country else ""
    return ", ".join(p for p in (addr.street, city, addr.region, country) if p)


def contact(c: model.Contact | None, lang: Lang) -> str:
    """A DPO, representative or authority on a few lines."""
    if c is None:
        return ""
    first = joined(c.name or "", c.organisation or "", sep=", ")
    if c.external:
        first = f"{first} ({word('external', lang)})" if first else word("external", lang)
    return lines([
        first,
        address(c.address, lang),
        f"{word('phone', lang)} {c.phone}" if c.phone else "",
        f"{word('email', lang)} {c.email}" if c.email else "",
        f"{word('web', lang)} {c.website}" if c.website else "",
    ])


def organisation(org: model.Organisation | None, lang: Lang, *, full: bool = True) -> str:
    """Name and contact details of a controller or processor (Art. 30(1)(a), 30(2)(a))."""
    if org is None:
        return ""
    out = [org.name, address(org.address, lang)]
    if full:
        out += [
            f"{word('phone', lang)} {org.phone}" if org.phone else "",
            f"{word('email', lang)} {org.email}" if org.email else "",
            f"{word('web', lang)} {org.website}" if org.website else "",
            f"{word('management', lang)}: {', '.join(org.management)}" if org.management else "",
        ]
    return lines(out)


def recipient_line(registry: Any, ident: str, lang: Lang) -> str:
    """``Name (category; role; country)`` for a recipient id; the id if it is unknown."""
    known = _memo(registry, lang).recipients
    line = known.get(ident)
    if line is None:
        line = known[ident] = _recipient_line(registry, ident, lang)
    return line


def _recipient_line(registry: Any, ident: str, lang: Lang) -> str:
    rec = registry.recipients.get(ident)
    if rec is None:
        org = registry.organisations.get(ident)
        return org.name if org is not None else ident
    detail = joined(text(rec.category, lang), label(ROLES, rec.role, lang),
                    _countries((rec.country,), lang) if rec.country is None
                    else vocab.country_name(rec.country, lang))
    return f"{rec.name} ({detail})" if detail else rec.name


def _org_of(activity: Activity, registry: Any) -> model.Organisation | None:
    return registry.organisations.get(activity.organisation)


def _org_cells(a: Activity, r: Any, lang: Lang) -> tuple[str, str, str]:
    """The activity's organisation, its representative and its DPO: the same for all its activities."""
    known = _memo(r, lang).orgs
    cells = known.get(a.organisation)
    if cells is None:
        org = _org_of(a, r)
        cells = ("", "", "") if org is None else (
            lines([organisation(org, lang), "" if org.keeps_record else word("third-party", lang)]),
            contact(org.eu_representative, lang), contact(org.dpo, lang))
        known[a.organisation] = cells
    return cells


def _name_of(table: Any, ident: str, lang: Lang) -> str:
    node = table.get(ident)
    return text(node.name, lang) if node is not None else ident


# --- activity cells ---------------------------------------------------------------------------

def _id(a: Activity, r: Any, lang: Lang) -> str:
    return a.id


def _name(a: Activity, r: Any, lang: Lang) -> str:
    return text(a.name, lang)


def _owner(a: Activity, r: Any, lang: Lang) -> str:
    return a.owner or ""


def _description(a: Activity, r: Any, lang: Lang) -> str:
    return text(a.description, lang)


def _controller(a: Activity, r: Any, lang: Lang) -> str:
    return _org_cells(a, r, lang)[0]


def _controllers_of_processor(a: Activity, r: Any, lang: Lang) -> str:
    out = []
    for ident in a.controllers:
        party = r.party(ident)
        if isinstance(party, model.Organisation):
            out.append(organisation(party, lang, full=False).replace("\n", ", "))
        else:
            out.append(recipient_line(r, ident, lang))
    return lines(out) if out else word("not-stated", lang)


def _joint(a: Activity, r: Any, lang: Lang) -> str:
    if not a.joint_controllers:
        return ""
    return lines([recipient_line(r, ident, lang) for ident in a.joint_controllers])


def _representative(a: Activity, r: Any, lang: Lang) -> str:
    return _org_cells(a, r, lang)[1]


def _dpo(a: Activity, r: Any, lang: Lang) -> str:
    return _org_cells(a, r, lang)[2]


def _purposes(a: Activity, r: Any, lang: Lang) -> str:
    return lines([text(p, lang) for p in a.purposes])


def legal_basis(lb: model.LegalBasis, lang: Lang) -> str:
    """One legal basis with what Art. 6(1)(a), (c), (f) need beside it."""
    term = vocab.legal_bases().get(lb.basis)
    head = term.label(lang) if term is not None else lb.basis
    words = _words(lang)
    details = []
    if lb.scope is not None:
        details.append(f"{words['scope']}: {text(lb.scope, lang)}")
    if lb.interest is not None:
        details.append(f"{words['interest']}: {text(lb.interest, lang)}")
    if lb.lia:
        details.append(f"{words['lia']}: {lb.lia}")
    if lb.statute:
        details.append(f"{words['statute']}: {lb.statute}")
    if lb.consent is not None:
        c = lb.consent
        if c.mechanism is not None:
            details.append(f"{words['consent-by']}: {text(c.mechanism, lang)}")
        if c.withdrawal is not None:
            details.append(f"{words['withdrawal']}: {text(c.withdrawal, lang)}")
        if c.record:
            details.append(f"{words['consent-record']}: {c.record}")
    return f"{head} – {'; '.join(details)}" if details else head


def _legal_bases(a: Activity, r: Any, lang: Lang) -> str:
    return lines([legal_basis(lb, lang) for lb in a.legal_bases])


def _subjects(a: Activity, r: Any, lang: Lang) -> str:
    known = _memo(r, lang).subjects
    out = []
    for ident in a.data_subjects:
        line = known.get(ident)
        if line is None:
            line = known[ident] = _subject(r, ident, lang)
        out.append(line)
    return lines(out)


def _subject(r: Any, ident: str, lang: Lang) -> str:
    node = r.data_subjects.get(ident)
    if node is None:
        return ident
    name = text(node.name, lang)
    return f"{name} ({word('children', lang)})" if node.children else name


def _category_lines(r: Any, ids: Sequence[str], lang: Lang, memo: _Memo | None = None) -> list[str]:
    """The names of data categories, each made once per registry and language."""
    known = (memo or _memo(r, lang)).categories
    out = []
    for ident in ids:
        line = known.get(ident)
        if line is None:
            line = known[ident] = _category_line(r, ident, lang)
        out.append(line)
    return out


def _category_line(r: Any, ident: str, lang: Lang) -> str:
    node = r.data_categories.get(ident)
    if node is None:
        return ident
    name = text(node.name, lang)
    if node.special in ("art9", "art10"):
        return f"{name} ({word('special-' + node.special, lang)})"
    return name


def _categories(a: Activity, r: Any, lang: Lang) -> str:
    return lines(_category_lines(r, a.data_categories, lang))


def _recipients(a: Activity, r: Any, lang: Lang) -> str:
    if a.recipients is None:
        return word("not-stated", lang)
    if not a.recipients:
        return word("none", lang)
    known = _memo(r, lang).recipients
    out = []
    for use in a.recipients:
        line = known.get(use.recipient)
        if line is None:
            line = recipient_line(r, use.recipient, lang)
        if use.purpose is not None:
            line = f"{line}: {text(use.purpose, lang)}"
        out.append(line)
    return lines(out)


def mechanism(code: str, lang: Lang) -> str:
    term = vocab.mechanisms().get(code)
    return term.label(lang) if term is not None else code


def transfer_line(t: model.Transfer, r: Any, lang: Lang) -> str:
    """``United States (US): Google LLC – EU-US Data Privacy Framework (...)``."""
    return _transfer_lines((t,), r, lang)[0]


def _transfer_lines(transfers: Sequence[model.Transfer], r: Any, lang: Lang) -> list[str]:
    """``transfer_line`` of each transfer; the same recipient, country and mechanism give the same line."""
    known = _memo(r, lang).transfers
    out = []
    for t in transfers:
        key = (t.recipient, t.country, t.mechanism, t.scc_module)
        line = known.get(key)
        if line is None:
            line = known[key] = _transfer_line(t, r, lang)
        out.append(line)
    return out


def _transfer_line(t: model.Transfer, r: Any, lang: Lang) -> str:
    rec = r.recipients.get(t.recipient)
    name = rec.name if rec is not None else t.recipient
    mech = mechanism(t.mechanism, lang)
    if t.scc_module is not None:
        mech = f"{mech}, {word('module', lang)} {t.scc_module}"
    return f"{vocab.country_name(t.country, lang)} ({t.country}): {name} – {mech}"


def _transfers(a: Activity, r: Any, lang: Lang) -> str:
    if a.transfers is None:
        return word("not-stated", lang)
    if not a.transfers:
        return word("no-transfer", lang)
    return lines(_transfer_lines(a.transfers, r, lang))


def safeguards(t: model.Transfer, lang: Lang) -> str:
    words = _words(lang)
    parts = []
    if t.tia is not None:
        tia = joined(fmt_date(t.tia.date, lang), t.tia.reference or "", text(t.tia.outcome, lang), sep=", ")
        parts.append(f"{words['tia']}: {tia}" if tia else words["tia"])
    if t.safeguards is not None:
        parts.append(f"{words['safeguards']}: {text(t.safeguards, lang)}")
    return "; ".join(parts)


def _transfer_safeguards(t: model.Transfer, r: Any, lang: Lang, memo: _Memo | None = None) -> str:
    """``safeguards(t, lang)``, made once per transfer: the record and the transfers sheet both show it."""
    known = (memo or _memo(r, lang)).safeguards
    entry = known.get(id(t))
    if entry is not None and entry[0] is t:  # the entry holds t, so no other object can have its id
        return entry[1]
    out = safeguards(t, lang)
    known[id(t)] = (t, out)
    return out


def _safeguards(a: Activity, r: Any, lang: Lang) -> str:
    if not a.transfers:
        return ""
    memo = _memo(r, lang)
    out = []
    for t in a.transfers:
        s = _transfer_safeguards(t, r, lang, memo)
        if s:
            out.append(f"{t.country}: {s}")
    return lines(out)


def retention(ret: model.Retention, r: Any, lang: Lang, memo: _Memo | None = None) -> str:
    memo = memo or _memo(r, lang)
    main = ""
    if ret.period:
        durations = memo.durations
        period = durations.get(ret.period)
        if period is None:
            period = durations[ret.period] = fmt_duration(ret.period, lang)
        main = period
        if ret.trigger is not None:
            main = f"{main} {_words(lang)['from']} {text(ret.trigger, lang)}"
    elif ret.trigger is not None:
        main = text(ret.trigger, lang)
    if ret.criterion is not None:
        main = joined(main, text(ret.criterion, lang))
    if ret.statute:
        main = f"{main} ({ret.statute})" if main else ret.statute
    if ret.data_categories:
        cats = ", ".join(_category_lines(r, ret.data_categories, lang, memo))
        main = f"{cats}: {main}"
    return main


def _retention(a: Activity, r: Any, lang: Lang) -> str:
    if not a.retention:
        return ""
    memo = _memo(r, lang)
    return lines([retention(ret, r, lang, memo) for ret in a.retention])


def _measures(a: Activity, r: Any, lang: Lang) -> str:
    known = _memo(r, lang).measures
    out = []
    for ident in a.measures:
        name = known.get(ident)
        if name is None:
            name = known[ident] = _name_of(r.measures, ident, lang)
        out.append(name)
    return lines(out)


def _dpia(a: Activity, r: Any, lang: Lang) -> str:
    d = a.dpia
    if d is None:
        return word("not-stated", lang)
    parts = [label(DPIA_STATUS, d.status, lang), _memo(r, lang).date(d.date, lang), d.reference or ""]
    if d.criteria:
        parts.append(f"{word('criteria', lang)}: {', '.join(d.criteria)}")
    if d.residual_risk:
        parts.append(f"{word('residual-risk', lang)}: {d.residual_risk}")
    if d.consultation:
        parts.append(f"{word('consultation', lang)}: {d.consultation}")
    return joined(*parts)


def _data_source(a: Activity, r: Any, lang: Lang) -> str:
    return text(a.data_source, lang)


def source_ref(s: model.Source, r: Any, lang: Lang, memo: _Memo | None = None) -> str:
    """``Datenschutzhinweise, Abschn. 2.14, Z. 120-124``; a spreadsheet cell: ``ropa.xlsx, Blatt Tätigkeiten, Zelle C5``."""
    titles = (memo or _memo(r, lang)).documents
    title = titles.get(s.document)
    if title is None:
        doc = r.documents.get(s.document)
        title = titles[s.document] = text(doc.title, lang) if doc is not None else s.document
    if not s.section and s.line is None and not s.sheet:
        return title
    where = [title]
    if s.sheet:
        where.append(f"{_words(lang)['sheet']} {s.sheet}")
    if s.column and s.row is not None:
        where.append(f"{_words(lang)['cell']} {s.column}{s.row}")
    elif s.row is not None:
        where.append(f"{_words(lang)['row']} {s.row}")
    if s.section:
        where.append(f"{_words(lang)['section']} {s.section}")
    if s.line is not None:
        span = f"{s.line}-{s.line_end}" if s.line_end and s.line_end != s.line else str(s.line)
        where.append(f"{_words(lang)['line']} {span}")
    return ", ".join(where)


def _sources(a: Activity, r: Any, lang: Lang) -> str:
    if not a.sources:
        return ""
    memo = _memo(r, lang)
    return lines([source_ref(s, r, lang, memo) for s in a.sources])


def _open_points(a: Activity, r: Any, lang: Lang) -> str:
    if not a.gaps and not a.conflicts and not a.interpretations:
        return ""
    out = [f"{word('gap', lang)} ({field_name(g.field, lang)}): {text(g.note, lang)}" for g in a.gaps]
    out += [f"{word('conflict', lang)} ({field_name(c.field, lang)}): {text(c.note, lang)}" for c in a.conflicts]
    out += [f"{word('interpretation', lang)} ({field_name(i.field, lang)}): {tagged_text(i.note, lang)}" for i in a.interpretations]
    return lines(out)


# column key -> the field it shows, where the two differ (other columns show the field of their key)
COLUMN_FIELDS: dict[str, str] = {"activity": "name", "controller": "organisation",
                                 "processor": "organisation", "processing": "description"}


def interpretation_marks(item: Any, lang: Lang) -> dict[str, list[str]]:
    """The interpretations of an activity, recipient or organisation by the top-level field they
    concern (``ropa.load.resolve_field``), each as ``Auslegung: note`` / ``Interpretation: note``.

    Every view and export appends these lines to the cell of the field (``cell``), so that a
    fact read into the documents is never shown as their word.
    """
    entries = getattr(item, "interpretations", None)
    if not entries:
        return {}
    from ropa.load import resolve_field

    out: dict[str, list[str]] = {}
    for entry in entries:
        top = resolve_field(type(item), entry.field) or entry.field
        out.setdefault(top, []).append(f"{word('interpretation', lang)}: {tagged_text(entry.note, lang)}")
    return out


def cell(column: Column, item: Any, registry: Any, lang: Lang,
         marks: dict[str, list[str]] | None = None) -> str:
    """``column.value`` with the item's interpretations of that field marked below it.

    ``marks``: ``interpretation_marks(item, lang)``, when the caller has made it already.
    """
    value = column.get(item, registry, lang)
    if marks is None:
        marks = interpretation_marks(item, lang)
    extra = marks.get(COLUMN_FIELDS.get(column.key, column.key)) if marks else None
    return lines([value, *extra]) if extra else value


def _status(a: Activity, r: Any, lang: Lang) -> str:
    return label(STATUS, a.status, lang)


def _created(a: Activity, r: Any, lang: Lang) -> str:
    return _memo(r, lang).date(a.created, lang)


def _updated(a: Activity, r: Any, lang: Lang) -> str:
    return _memo(r, lang).date(a.updated, lang)


def _reviewed(a: Activity, r: Any, lang: Lang) -> str:
    return _memo(r, lang).date(a.reviewed, lang)


def _review_due(a: Activity, r: Any, lang: Lang) -> str:
    return _memo(r, lang).date(a.review_due, lang)


def _processing(a: Activity, r: Any, lang: Lang) -> str:
    """Art. 30(2)(b): the categories of processing carried out on behalf of the controllers."""
    return lines([text(a.description, lang), *(text(p, lang) for p in a.purposes)]) or text(a.name, lang)


C = Column
_HEAD = (
    C("id", None, N_("Ref."), _id, 18),
    C("activity", None, N_("Name of the processing activity"), _name, 30),
    C("owner", None, N_("Business function"), _owner, 20),
)
_TAIL = (
    C("dpia", None, N_("DPIA"), _dpia, 24),
    C("data_source", None, N_("Source of the personal data"), _data_source, 24),
    C("sources", None, N_("Evidence (source documents)"), _sources, 30),
    C("open_points", None, N_("Open points (gaps, conflicts, interpretations)"),
      _open_points, 40),
    C("status", None, N_("Status"), _status, 10),
    C("created", None, N_("Date created"), _created, 12, typed=lambda a: a.created),
    C("updated", None, N_("Date last changed"), _updated, 12, typed=lambda a: a.updated),
    C("reviewed", None, N_("Date last reviewed"), _reviewed, 12, typed=lambda a: a.reviewed),
    C("review_due", None, N_("Next review due"), _review_due, 12, typed=lambda a: a.review_due),
)

CONTROLLER_COLUMNS: tuple[Column, ...] = (
    *_HEAD,
    C("controller", "30(1)(a)", N_("Name and contact details of the controller"), _stated(_controller), 34),
    C("joint_controllers", "30(1)(a)", N_("Joint controller"), _joint, 24),
    C("representative", "30(1)(a)", N_("Representative of the controller"), _representative, 24),
    C("dpo", "30(1)(a)", N_("Data protection officer"), _stated(_dpo), 30),
    C("purposes", "30(1)(b)", N_("Purpose of processing"), _stated(_purposes), 40),
    C("legal_bases", None, N_("Lawful basis (Article 6, 9, 10)"), _stated(_legal_bases), 44),
    C("data_subjects", "30(1)(c)", N_("Categories of individuals"), _stated(_subjects), 26),
    C("data_categories", "30(1)(c)", N_("Categories of personal data"),
      _stated(_categories), 30),
    C("recipients", "30(1)(d)", N_("Categories of recipients"), _recipients, 44),
    C("transfers", "30(1)(e)", N_("Names of third countries or international organisations that personal data are transferred to"),
      _transfers, 44),
    C("safeguards", "30(1)(e)", N_("Safeguards for exceptional transfers of personal data to third countries or international organisations"),
      _safeguards, 34),
    C("retention", "30(1)(f)", N_("Retention schedule"), _stated(_retention), 36),
    C("measures", "30(1)(g)", N_("General description of technical and organisational security measures"), _stated(_measures), 34),
    *_TAIL,
)

PROCESSOR_COLUMNS: tuple[Column, ...] = (
    *_HEAD,
    C("processor", "30(2)(a)", N_("Name and contact details of the processor"), _stated(_controller), 34),
    C("controllers", "30(2)(a)", N_("Controllers on whose behalf the processor is acting"), _controllers_of_processor, 34),
    C("representative", "30(2)(a)", N_("Representative"), _representative, 24),
    C("dpo", "30(2)(a)", N_("Data protection officer"), _stated(_dpo), 30),
    C("processing", "30(2)(b)", N_("Categories of processing carried out on behalf of each controller"), _stated(_processing), 44),
    C("data_categories", None, N_("Categories of personal data"),
      _stated(_categories), 30),
    C("recipients", None, N_("Sub-processors and recipients"),
      _recipients, 40),
    C("transfers", "30(2)(c)", N_("Names of third countries or international organisations that personal data are transferred to"),
      _transfers, 44),
    C("safeguards", "30(2)(c)", N_("Safeguards for exceptional transfers of personal data to third countries or international organisations"),
      _safeguards, 34),
    C("measures", "30(2)(d)", N_("General description of technical and organisational security measures"), _stated(_measures), 34),
    *_TAIL,
)


def columns(record: Record = "controller") -> tuple[Column, ...]:
    """The columns of the controller's (Art. 30(1)) or processor's (Art. 30(2)) record."""
    if record == "controller":
        return CONTROLLER_COLUMNS
    if record == "processor":
        return PROCESSOR_COLUMNS
    raise ValueError(f"unknown record type {record!r}: use 'controller' or 'processor'")


def activities(registry: Any, organisation: str | None = None,
               record: Record | None = None) -> list[Activity]:
    """Activities in registry order, optionally of one organisation and one record type."""
    return [a for a in registry.activities.values()
            if (organisation is None or a.organisation == organisation)
            and (record is None or a.record == record)]


def rows(registry: Any, lang: Lang, organisation: str | None = None,
         record: Record = "controller") -> Iterator[list[str]]:
    """One list of cell texts per activity, in the order of ``columns(record)``."""
    cols = columns(record)
    for activity in activities(registry, organisation, record):
        yield [c.get(activity, registry, lang) for c in cols]


# --- recipients, transfers, measures, findings ------------------------------------------------

def _used_by(registry: Any, ident: str, lang: Lang, organisation: str | None = None) -> str:
    refs = _memo(registry, lang).activity_refs
    out = []
    for a in registry.activities_using(ident):
        if organisation is None or a.organisation == organisation:
            ref = refs.get(a.id)
            if ref is None:
                ref = refs[a.id] = f"{a.id}: {text(a.name, lang)}"
            out.append(ref)
    return lines(out)


def _contract(rec: model.Recipient, lang: Lang) -> str:
    c = rec.contract
    if c is None:
        return word("not-stated", lang)
    return joined(label(CONTRACTS, c.type, lang), c.reference or "", fmt_date(c.date, lang), sep=", ")


def _certifications(rec: model.Recipient, lang: Lang) -> str:
    out = []
    for cert in rec.certifications:
        checked = f"{word('checked', lang)} {fmt_date(cert.checked, lang)}" if cert.checked else ""
        out.append(joined(cert.scheme, label(CERTIFICATION_STATUS, cert.status, lang),
                          label(CERTIFICATION_COVERS, cert.covers, lang), checked, cert.reference or "", sep=", "))
    return lines(out)


def _country(code: str | None, r: Any, lang: Lang) -> str:
    """``_countries`` of one code, made once per code."""
    known = _memo(r, lang).countries
    out = known.get(code)
    if out is None:
        out = known[code] = _countries((code,), lang)
    return out


def _countries(codes: Sequence[str | None], lang: Lang) -> str:
    """Country names with their codes; a country the registry does not know reads `unknown`."""
    return ", ".join(f"{vocab.country_name(c, lang)} ({c})" if c else word("unknown", lang) for c in codes)


RECIPIENT_COLUMNS: tuple[Column, ...] = (
    C("id", None, N_("Ref."), lambda x, r, l: x.id, 18),
    C("name", "30(1)(d)", N_("Recipient"), lambda x, r, l: x.name, 30),
    C("category", "30(1)(d)", N_("Category"), lambda x, r, l: text(x.category, l), 26),
    C("role", None, N_("Role"), lambda x, r, l: label(ROLES, x.role, l), 18),
    C("country", "30(1)(d)", N_("Country of establishment"), lambda x, r, l: _country(x.country, r, l), 18),
    C("in_eea", None, N_("EEA"),
      lambda x, r, l: word("unknown" if x.country is None else "yes" if vocab.in_eea(x.country) else "no", l),
      6),
    C("services", None, N_("Services"), lambda x, r, l: lines(x.services), 24),
    C("contract", None, N_("Contract"), lambda x, r, l: _contract(x, l), 30),
    C("storage", None, N_("Storage locations"), lambda x, r, l: _countries(x.storage, l), 20),
    C("processor_of", None, N_("Sub-processor of"),
      lambda x, r, l: recipient_line(r, x.processor_of, l) if x.processor_of else "", 24),
    C("sub_processors", None, N_("Sub-processors"),
      lambda x, r, l: lines(recipient_line(r, s, l) for s in x.sub_processors), 30),
    C("certifications", None, N_("Certifications"), lambda x, r, l: _certifications(x, l), 30),
    C("ceased", None, N_("Ceased"), lambda x, r, l: fmt_date(x.ceased, l), 12,
      typed=lambda x: x.ceased),
    C("activities", None, N_("Processing activities"),
      lambda x, r, l: _used_by(r, x.id, l), 36),
)


def transfer_items(registry: Any, organisation: str | None = None) -> list[tuple[Activity, model.Transfer]]:
    """The items of ``TRANSFER_COLUMNS``: every (activity, transfer) pair in registry order."""
    return [(a, t) for a in activities(registry, organisation) for t in a.transfers or ()]


def _t_recipient(x: tuple[Activity, model.Transfer], r: Any, lang: Lang) -> str:
    return recipient_line(r, x[1].recipient, lang)


TRANSFER_COLUMNS: tuple[Column, ...] = (
    C("activity_id", None, N_("Ref."), lambda x, r, l: x[0].id, 18),
    C("activity", None, N_("Processing activity"), lambda x, r, l: text(x[0].name, l), 30),
    C("recipient", "30(1)(e)", N_("Recipient"), _t_recipient, 34),
    C("country", "30(1)(e)", N_("Third country"),
      lambda x, r, l: _country(x[1].country, r, l), 18),
    C("mechanism", "30(1)(e)", N_("Transfer mechanism (Chapter V GDPR)"),
      lambda x, r, l: mechanism(x[1].mechanism, l), 40),
    C("scc_module", None, N_("SCC module"),
      lambda x, r, l: str(x[1].scc_module) if x[1].scc_module is not None else "", 8),
    C("safeguards", "30(1)(e)", N_("Documentation of suitable safeguards"),
      lambda x, r, l: _transfer_safeguards(x[1], r, l), 40),
    C("data_categories", None, N_("Data transferred"),
      lambda x, r, l: lines(_category_lines(r, x[1].data_categories, l)) or _categories(x[0], r, l), 30),
    C("notes", None, N_("Notes"), lambda x, r, l: text(x[1].notes, l), 30),
)

def _measure_users(measure: model.Measure, registry: Any, lang: Lang) -> str:
    """``id: name`` of each activity taking the measure, in registry order.

    One pass over the activities indexes every measure (instead of a pass per measure,
    400,000 membership tests for 40 measures and 10,000 activities).
    """
    memo = _memo(registry, lang)
    users = memo.measure_users
    if users is None:
        refs = memo.activity_refs
        users = {}
        for a in registry.activities.values():
            if a.measures:
                ref = refs.get(a.id)
                if ref is None:
                    ref = refs[a.id] = f"{a.id}: {text(a.name, lang)}"
                for ident in dict.fromkeys(a.measures):  # an activity once, however often it names it
                    users.setdefault(ident, []).append(ref)
        memo.measure_users = users
    return lines(users.get(measure.id, ()))


MEASURE_COLUMNS: tuple[Column, ...] = (
    C("id", None, N_("Ref."), lambda x, r, l: x.id, 16),
    C("name", "30(1)(g)", N_("Measure"), lambda x, r, l: text(x.name, l), 24),
    C("kind", "30(1)(g)", N_("Kind"), lambda x, r, l: label(MEASURE_KINDS, x.kind, l), 12),
    C("description", "30(1)(g)", N_("Description"), lambda x, r, l: text(x.description, l), 38),
    C("art32", None, N_("Art. 32(1) GDPR goals"),
      lambda x, r, l: ", ".join(label(ART32, g, l) for g in x.art32), 20),
    C("activities", None, N_("Processing activities"),
      _measure_users, 26),
)


def location(span: model.Span, registry: Any) -> str:
    """``file:line`` relative to the registry root, so it does not depend on the working directory."""
    if not span.file:
        return ""
    files = _memo(registry, None).files  # one path per file: the JSON export locates every node
    path = files.get(span.file)
    if path is None:
        path = files[span.file] = _relative(span.file, registry.root)
    return f"{path}:{span.line}"


def _relative(file: str, root: str) -> str:
    import os

    root = os.path.normpath(root)
    path = os.path.normpath(file)
    if path == root or path.startswith(root + os.sep):
        path = os.path.relpath(path, root)
    return path.replace(os.sep, "/")


def _waiver(f: Any, lang: Lang) -> str:
    w = f.waiver
    if w is None:
        return ""
    return joined(text(w.justification, lang), f"{word('accepted-by', lang)} {w.accepted_by}, "
                  f"{fmt_date(w.accepted, lang)}", f"{word('expires', lang)} {fmt_date(w.expires, lang)}")


FINDING_COLUMNS: tuple[Column, ...] = (
    C("code", None, N_("Rule"), lambda x, r, l: x.code, 7),
    C("severity", None, N_("Severity"), lambda x, r, l: label(SEVERITIES, x.severity.value, l), 9),
    C("target", None, N_("Concerns"), lambda x, r, l: x.target or "", 16),
    C("message", None, N_("Finding"), lambda x, r, l: x.text(l), 36),
    C("reference", None, N_("Legal provision"), lambda x, r, l: x.cited(l), 16),
    C("location", None, N_("Location"), lambda x, r, l: location(x.span, r), 18),
    C("waiver", None, N_("Waiver"), lambda x, r, l: _waiver(x, l), 33),
)
