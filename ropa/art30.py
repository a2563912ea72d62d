"""The Art. 30 view: one definition of the record's columns, in German and English.

Every tabular rendering of the record (``ropa export`` to xlsx, csv, markdown and html,
and ``ropa show`` in the terminal) is built from the columns defined here; none
re-derives a column. A column knows its key, the Art. 30 point it satisfies, its German
label (wording of the DSK *Muster Verzeichnis von Verarbeitungstätigkeiten*) and English
label (wording of the ICO documentation template), and how to turn one item into cell
text in a language. The words and values it writes (roles, statuses, dates, durations,
registry text) come from ``ropa.labels``, shared with every other view.

API::

    from ropa import art30

    cols = art30.columns("controller")           # Art. 30(1) record; "processor": 30(2)
    [c.label("de") for c in cols]                 # header row
    view = art30.View(registry, "en")             # one per export: it keeps the texts it makes
    cols[0].get(view, activity)                   # one cell, always a str
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
from operator import attrgetter
from typing import Any, Literal
from collections.abc import Callable, Iterable, Iterator, Sequence

from ropa import model, vocab
from ropa.i18n import N_, field_name, gettext
from ropa.labels import (ART32, CERTIFICATION_COVERS, CERTIFICATION_STATUS, CONTRACTS, DPIA_STATUS, MEASURE_KINDS,
                         ROLES, SEVERITIES, STATUS, WORDS, article, fmt_date, fmt_duration, label, text, word)
from ropa.model import Activity

__all__ = [
    "Column", "columns", "rows", "activities", "CONTROLLER_COLUMNS",
    "PROCESSOR_COLUMNS", "RECIPIENT_COLUMNS", "TRANSFER_COLUMNS", "MEASURE_COLUMNS",
    "FINDING_COLUMNS", "transfer_items", "Record", "View",
]

Record = Literal["controller", "processor"]
Lang = str  # "de" or "en"

_set = object.__setattr__


# --- the view: one export's cell texts ------------------------------------------------------------

class View:
    """The Art. 30 view of one registry in one language, with the cell texts it has made.

    Every cell is made through a view: ``View(registry, lang)`` is built once per export
    document (``ropa.export.document.build``), ``ropa show``, questionnaire or ``rows()``
    call and passed to the column functions (``column.get(view, item)``). A loaded registry
    is immutable, so the text naming a recipient, a data category or a measure is the same
    in every cell that refers to it: 10,000 activities refer to the same few hundred
    catalogue entries ~150,000 times. The view keeps each such text once made (exactly as
    made without it) in its own dicts, and goes with its export: two exports in one process
    (two languages, two registries, a test after another) never share a view, so none can
    see another's texts.

    Mutable state, not a value (docs/architecture.md): a plain class whose dicts fill as
    cells are made; never compared, hashed or kept beyond its export.
    """

    __slots__ = ("registry", "lang", "words", "recipients", "categories", "subjects", "measures", "documents",
                 "orgs", "transfers", "countries", "durations", "dates", "safeguards", "activity_refs", "files",
                 "measure_users")

    def __init__(self, registry: Any, lang: Lang) -> None:
        self.registry = registry
        self.lang = lang
        self.words: dict[str, str] = {key: gettext(message, lang) for key, message in WORDS.items()}
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

    def date(self, value: _dt.date | None) -> str:
        """``fmt_date`` in the view's language."""
        out = self.dates.get(value)
        if out is None:
            out = self.dates[value] = fmt_date(value, self.lang)
        return out

    def activity_ref(self, a: Activity) -> str:
        """``id: name`` of an activity."""
        ref = self.activity_refs.get(a.id)
        if ref is None:
            ref = self.activity_refs[a.id] = f"{a.id}: {text(a.name, self.lang)}"
        return ref


Getter = Callable[[View, Any], str]  # a column's cell text of one item, e.g. an activity


class Column(model.Value):
    """One column of a record table.

    ``paragraph`` is the Art. 30 point the column satisfies (``"30(1)(c)"``), or ``None``
    for a column the DSK or ICO templates add beyond Art. 30 (id, legal basis, DPIA ...).
    ``text`` is the English label, a catalogue message (``label(lang)`` gives it in a
    language). ``get(view, item)`` is the cell text of one item (an activity for record
    columns) in the view's language, always a str. ``width`` is a suggested width in
    characters for spreadsheets and terminals. ``typed`` gives the cell's value as a date
    or number for formats that have types (xlsx).
    """

    __slots__ = ("key", "paragraph", "text", "get", "width", "typed")

    key: str
    paragraph: str | None
    text: str
    get: Getter
    width: int
    typed: Callable[[Any], Any] | None

    def __init__(self, key: str, paragraph: str | None, text: str, get: Getter, width: int = 30,
                 typed: Callable[[Any], Any] | None = None) -> None:
        _set(self, "key", key)
        _set(self, "paragraph", paragraph)
        _set(self, "text", text)
        _set(self, "get", get)
        _set(self, "width", width)
        _set(self, "typed", typed)

    def label(self, lang: Lang) -> str:
        return gettext(self.text, lang)

    def value(self, view: View, item: Any) -> str:
        """The cell text for ``item`` in the view's language."""
        return self.get(view, item)

    def heading(self, lang: Lang) -> str:
        """The label with its Art. 30 point, e.g. ``Zwecke der Verarbeitung (Art. 30 Abs. 1 lit. b)``."""
        if not self.paragraph:
            return self.label(lang)
        return f"{self.label(lang)} ({article(self.paragraph, lang)})"


def _stated(get: Getter) -> Getter:
    """A mandatory column's getter whose empty cell reads ``nicht angegeben`` / ``not stated``.

    A blank cell never stands for "not stated": the registry holds no value there, so the
    record says so in words (the DSK template leaves no field of Art. 30 empty).
    """

    def stated(view: View, item: Any) -> str:
        return get(view, item) or view.words["not-stated"]

    stated.__doc__ = get.__doc__
    return stated


def _field(name: str) -> Getter:
    """The getter of a column that shows a str field of its item as it is (or blank)."""

    def get(view: View, item: Any) -> str:
        return getattr(item, name) or ""

    get.__doc__ = f"The item's ``{name}``."
    return get


def _text_field(name: str) -> Getter:
    """The getter of a column that shows a registry text field of its item (``text``)."""

    def get(view: View, item: Any) -> str:
        return text(getattr(item, name), view.lang)

    get.__doc__ = f"The item's ``{name}`` in the view's language."
    return get


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



def recipient_line(view: View, ident: str) -> str:
    """``Name (category; role; country)`` for a recipient id; the id if it is unknown."""
    line = view.recipients.get(ident)
    if line is None:
        line = view.recipients[ident] = _recipient_line(view.registry, ident, view.lang)
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


def _org_cells(view: View, a: Activity) -> tuple[str, str, str]:
    """The activity's organisation, its representative and its DPO: the same for all its activities."""
    cells = view.orgs.get(a.organisation)
    if cells is None:
        lang = view.lang
        org = view.registry.organisations.get(a.organisation)
        cells = ("", "", "") if org is None else (
            lines([organisation(org, lang), "" if org.keeps_record else view.words["third-party"]]),
            contact(org.eu_representative, lang), contact(org.dpo, lang))
        view.orgs[a.organisation] = cells
    return cells


# --- activity cells ---------------------------------------------------------------------------

def _controller(view: View, a: Activity) -> str:
    return _org_cells(view, a)[0]


def _controllers_of_processor(view: View, a: Activity) -> str:
    out = []
    for ident in a.controllers:
        party = view.registry.party(ident)
        if isinstance(party, model.Organisation):
            out.append(organisation(party, view.lang, full=False).replace("\n", ", "))
        else:
            out.append(recipient_line(view, ident))
    return lines(out) if out else view.words["not-stated"]


def _joint(view: View, a: Activity) -> str:
    if not a.joint_controllers:
        return ""
    return lines([recipient_line(view, ident) for ident in a.joint_controllers])


def _representative(view: View, a: Activity) -> str:
    return _org_cells(view, a)[1]


def _dpo(view: View, a: Activity) -> str:
    return _org_cells(view, a)[2]


def _purposes(view: View, a: Activity) -> str:
    return lines([text(p, view.lang) for p in a.purposes])


def legal_basis(view: View, lb: model.LegalBasis) -> str:
    """One legal basis with what Art. 6(1)(a), (c), (f) need beside it."""
    lang = view.lang
    term = vocab.legal_bases().get(lb.basis)
    head = term.label(lang) if term is not None else lb.basis
    words = view.words
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


def _legal_bases(view: View, a: Activity) -> str:
    return lines([legal_basis(view, lb) for lb in a.legal_bases])


def _subjects(view: View, a: Activity) -> str:
    known = view.subjects
    out = []
    for ident in a.data_subjects:
        line = known.get(ident)
        if line is None:
            line = known[ident] = _subject(view, ident)
        out.append(line)
    return lines(out)


def _subject(view: View, ident: str) -> str:
    node = view.registry.data_subjects.get(ident)
    if node is None:
        return ident
    name = text(node.name, view.lang)
    return f"{name} ({view.words['children']})" if node.children else name


def _category_lines(view: View, ids: Sequence[str]) -> list[str]:
    """The names of data categories, each made once per view."""
    known = view.categories
    out = []
    for ident in ids:
        line = known.get(ident)
        if line is None:
            line = known[ident] = _category_line(view, ident)
        out.append(line)
    return out


def _category_line(view: View, ident: str) -> str:
    node = view.registry.data_categories.get(ident)
    if node is None:
        return ident
    name = text(node.name, view.lang)
    if node.special in ("art9", "art10"):
        return f"{name} ({view.words['special-' + node.special]})"
    return name


def _categories(view: View, a: Activity) -> str:
    return lines(_category_lines(view, a.data_categories))


def _recipients(view: View, a: Activity) -> str:
    if a.recipients is None:
        return view.words["not-stated"]
    if not a.recipients:
        return view.words["none"]
    known = view.recipients
    out = []
    for use in a.recipients:
        line = known.get(use.recipient)
        if line is None:
            line = recipient_line(view, use.recipient)
        if use.purpose is not None:
            line = f"{line}: {text(use.purpose, view.lang)}"
        out.append(line)
    return lines(out)


def mechanism(code: str, lang: Lang) -> str:
    term = vocab.mechanisms().get(code)
    return term.label(lang) if term is not None else code


def _transfer_lines(view: View, transfers: Sequence[model.Transfer]) -> list[str]:
    """``United States (US): Google LLC – EU-US Data Privacy Framework (...)`` for each transfer;
    the same recipient, country and mechanism give the same line."""
    known = view.transfers
    out = []
    for t in transfers:
        key = (t.recipient, t.country, t.mechanism, t.scc_module)
        line = known.get(key)
        if line is None:
            line = known[key] = _transfer_line(view, t)
        out.append(line)
    return out


def _transfer_line(view: View, t: model.Transfer) -> str:
    lang = view.lang
    rec = view.registry.recipients.get(t.recipient)
    name = rec.name if rec is not None else t.recipient
    mech = mechanism(t.mechanism, lang)
    if t.scc_module is not None:
        mech = f"{mech}, {view.words['module']} {t.scc_module}"
    return f"{vocab.country_name(t.country, lang)} ({t.country}): {name} – {mech}"


def _transfers(view: View, a: Activity) -> str:
    if a.transfers is None:
        return view.words["not-stated"]
    if not a.transfers:
        return view.words["no-transfer"]
    return lines(_transfer_lines(view, a.transfers))


def safeguards(view: View, t: model.Transfer) -> str:
    """The transfer impact assessment and safeguards of a transfer, made once per transfer:
    the record and the transfers sheet both show it."""
    entry = view.safeguards.get(id(t))
    if entry is not None and entry[0] is t:  # the entry holds t, so no other object can have its id
        return entry[1]
    lang = view.lang
    words = view.words
    parts = []
    if t.tia is not None:
        tia = joined(fmt_date(t.tia.date, lang), t.tia.reference or "", text(t.tia.outcome, lang), sep=", ")
        parts.append(f"{words['tia']}: {tia}" if tia else words["tia"])
    if t.safeguards is not None:
        parts.append(f"{words['safeguards']}: {text(t.safeguards, lang)}")
    out = "; ".join(parts)
    view.safeguards[id(t)] = (t, out)
    return out


def _safeguards(view: View, a: Activity) -> str:
    if not a.transfers:
        return ""
    out = []
    for t in a.transfers:
        s = safeguards(view, t)
        if s:
            out.append(f"{t.country}: {s}")
    return lines(out)


def retention(view: View, ret: model.Retention) -> str:
    lang = view.lang
    main = ""
    if ret.period:
        period = view.durations.get(ret.period)
        if period is None:
            period = view.durations[ret.period] = fmt_duration(ret.period, lang)
        main = period
        if ret.trigger is not None:
            main = f"{main} {view.words['from']} {text(ret.trigger, lang)}"
    elif ret.trigger is not None:
        main = text(ret.trigger, lang)
    if ret.criterion is not None:
        main = joined(main, text(ret.criterion, lang))
    if ret.statute:
        main = f"{main} ({ret.statute})" if main else ret.statute
    if ret.data_categories:
        cats = ", ".join(_category_lines(view, ret.data_categories))
        main = f"{cats}: {main}"
    return main


def _retention(view: View, a: Activity) -> str:
    if not a.retention:
        return ""
    return lines([retention(view, ret) for ret in a.retention])


def _measures(view: View, a: Activity) -> str:
    known = view.measures
    out = []
    for ident in a.measures:
        name = known.get(ident)
        if name is None:
            node = view.registry.measures.get(ident)
            name = known[ident] = text(node.name, view.lang) if node is not None else ident
        out.append(name)
    return lines(out)


def _dpia(view: View, a: Activity) -> str:
    d = a.dpia
    words = view.words
    if d is None:
        return words["not-stated"]
    parts = [label(DPIA_STATUS, d.status, view.lang), view.date(d.date), d.reference or ""]
    if d.criteria:
        parts.append(f"{words['criteria']}: {', '.join(d.criteria)}")
    if d.residual_risk:
        parts.append(f"{words['residual-risk']}: {d.residual_risk}")
    if d.consultation:
        parts.append(f"{words['consultation']}: {d.consultation}")
    return joined(*parts)


def source_ref(view: View, s: model.Source) -> str:
    """``Datenschutzhinweise, Abschn. 2.14, Z. 120-124``; a spreadsheet cell: ``ropa.xlsx, Blatt Tätigkeiten, Zelle C5``."""
    titles = view.documents
    title = titles.get(s.document)
    if title is None:
        doc = view.registry.documents.get(s.document)
        title = titles[s.document] = text(doc.title, view.lang) if doc is not None else s.document
    if not s.section and s.line is None and not s.sheet:
        return title
    words = view.words
    where = [title]
    if s.sheet:
        where.append(f"{words['sheet']} {s.sheet}")
    if s.column and s.row is not None:
        where.append(f"{words['cell']} {s.column}{s.row}")
    elif s.row is not None:
        where.append(f"{words['row']} {s.row}")
    if s.section:
        where.append(f"{words['section']} {s.section}")
    if s.line is not None:
        span = f"{s.line}-{s.line_end}" if s.line_end and s.line_end != s.line else str(s.line)
        where.append(f"{words['line']} {span}")
    return ", ".join(where)


def _sources(view: View, a: Activity) -> str:
    if not a.sources:
        return ""
    return lines([source_ref(view, s) for s in a.sources])


def _open_points(view: View, a: Activity) -> str:
    if not a.gaps and not a.conflicts and not a.interpretations:
        return ""
    lang = view.lang
    words = view.words
    out = [f"{words['gap']} ({field_name(g.field, lang)}): {text(g.note, lang)}" for g in a.gaps]
    out += [f"{words['conflict']} ({field_name(c.field, lang)}): {text(c.note, lang)}" for c in a.conflicts]
    out += [f"{words['interpretation']} ({field_name(i.field, lang)}): {text(i.note, lang)}"
            for i in a.interpretations]
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
        out.setdefault(top, []).append(f"{word('interpretation', lang)}: {text(entry.note, lang)}")
    return out


def cell(column: Column, view: View, item: Any, marks: dict[str, list[str]] | None = None) -> str:
    """``column.get(view, item)`` with the item's interpretations of that field marked below it.

    ``marks``: ``interpretation_marks(item, view.lang)``, when the caller has made it already.
    """
    value = column.get(view, item)
    if marks is None:
        marks = interpretation_marks(item, view.lang)
    extra = marks.get(COLUMN_FIELDS.get(column.key, column.key)) if marks else None
    return lines([value, *extra]) if extra else value


def _status(view: View, a: Activity) -> str:
    return label(STATUS, a.status, view.lang)


def _created(view: View, a: Activity) -> str:
    return view.date(a.created)


def _updated(view: View, a: Activity) -> str:
    return view.date(a.updated)


def _reviewed(view: View, a: Activity) -> str:
    return view.date(a.reviewed)


def _review_due(view: View, a: Activity) -> str:
    return view.date(a.review_due)


def _processing(view: View, a: Activity) -> str:
    """Art. 30(2)(b): the categories of processing carried out on behalf of the controllers."""
    lang = view.lang
    return lines([text(a.description, lang), *(text(p, lang) for p in a.purposes)]) or text(a.name, lang)


C = Column
_HEAD = (
    C("id", None, N_("Ref."), _field("id"), 18),
    C("activity", None, N_("Name of the processing activity"), _text_field("name"), 30),
    C("owner", None, N_("Business function"), _field("owner"), 20),
)
_TAIL = (
    C("dpia", None, N_("DPIA"), _dpia, 24),
    C("data_source", None, N_("Source of the personal data"), _text_field("data_source"), 24),
    C("sources", None, N_("Evidence (source documents)"), _sources, 30),
    C("open_points", None, N_("Open points (gaps, conflicts, interpretations)"),
      _open_points, 40),
    C("status", None, N_("Status"), _status, 10),
    C("created", None, N_("Date created"), _created, 12, typed=attrgetter("created")),
    C("updated", None, N_("Date last changed"), _updated, 12, typed=attrgetter("updated")),
    C("reviewed", None, N_("Date last reviewed"), _reviewed, 12, typed=attrgetter("reviewed")),
    C("review_due", None, N_("Next review due"), _review_due, 12, typed=attrgetter("review_due")),
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
    """One list of cell texts per activity, in the order of ``columns(record)`` (one view for all)."""
    cols = columns(record)
    view = View(registry, lang)
    for activity in activities(registry, organisation, record):
        yield [c.get(view, activity) for c in cols]


# --- recipients -------------------------------------------------------------------------------

def _used_by(view: View, rec: model.Recipient) -> str:
    """``id: name`` of each activity that uses the recipient."""
    return lines([view.activity_ref(a) for a in view.registry.activities_using(rec.id)])


def _contract(view: View, rec: model.Recipient) -> str:
    c = rec.contract
    if c is None:
        return view.words["not-stated"]
    return joined(label(CONTRACTS, c.type, view.lang), c.reference or "", fmt_date(c.date, view.lang), sep=", ")


def _certifications(view: View, rec: model.Recipient) -> str:
    lang = view.lang
    out = []
    for cert in rec.certifications:
        checked = f"{view.words['checked']} {fmt_date(cert.checked, lang)}" if cert.checked else ""
        out.append(joined(cert.scheme, label(CERTIFICATION_STATUS, cert.status, lang),
                          label(CERTIFICATION_COVERS, cert.covers, lang), checked, cert.reference or "", sep=", "))
    return lines(out)


def _country(view: View, code: str | None) -> str:
    """``_countries`` of one code, made once per code."""
    known = view.countries
    out = known.get(code)
    if out is None:
        out = known[code] = _countries((code,), view.lang)
    return out


def _countries(codes: Sequence[str | None], lang: Lang) -> str:
    """Country names with their codes; a country the registry does not know reads `unknown`."""
    return ", ".join(f"{vocab.country_name(c, lang)} ({c})" if c else word("unknown", lang) for c in codes)


def _recipient_category(view: View, rec: model.Recipient) -> str:
    return text(rec.category, view.lang)


def _role(view: View, rec: model.Recipient) -> str:
    return label(ROLES, rec.role, view.lang)


def _recipient_country(view: View, rec: model.Recipient) -> str:
    return _country(view, rec.country)


def _in_eea(view: View, rec: model.Recipient) -> str:
    return view.words["unknown" if rec.country is None else "yes" if vocab.in_eea(rec.country) else "no"]


def _services(view: View, rec: model.Recipient) -> str:
    return lines(rec.services)


def _storage(view: View, rec: model.Recipient) -> str:
    return _countries(rec.storage, view.lang)


def _processor_of(view: View, rec: model.Recipient) -> str:
    return recipient_line(view, rec.processor_of) if rec.processor_of else ""


def _sub_processors(view: View, rec: model.Recipient) -> str:
    return lines([recipient_line(view, ident) for ident in rec.sub_processors])


def _ceased(view: View, rec: model.Recipient) -> str:
    return fmt_date(rec.ceased, view.lang)


RECIPIENT_COLUMNS: tuple[Column, ...] = (
    C("id", None, N_("Ref."), _field("id"), 18),
    C("name", "30(1)(d)", N_("Recipient"), _field("name"), 30),
    C("category", "30(1)(d)", N_("Category"), _recipient_category, 26),
    C("role", None, N_("Role"), _role, 18),
    C("country", None, N_("Country of establishment"), _recipient_country, 18),  # Art. 30(1)(d) asks for categories, not the seat
    C("in_eea", None, N_("EEA"), _in_eea, 6),
    C("services", None, N_("Services"), _services, 24),
    C("contract", None, N_("Contract"), _contract, 30),
    C("storage", None, N_("Storage locations"), _storage, 20),
    C("processor_of", None, N_("Sub-processor of"), _processor_of, 24),
    C("sub_processors", None, N_("Sub-processors"), _sub_processors, 30),
    C("certifications", None, N_("Certifications"), _certifications, 30),
    C("ceased", None, N_("Ceased"), _ceased, 12, typed=attrgetter("ceased")),
    C("activities", None, N_("Processing activities"), _used_by, 36),
)


# --- transfers: items are (activity, transfer) pairs -----------------------------------------

TransferItem = tuple[Activity, model.Transfer]


def transfer_items(registry: Any, organisation: str | None = None) -> list[TransferItem]:
    """The items of ``TRANSFER_COLUMNS``: every (activity, transfer) pair in registry order."""
    return [(a, t) for a in activities(registry, organisation) for t in a.transfers or ()]


def _t_activity_id(view: View, item: TransferItem) -> str:
    return item[0].id


def _t_activity(view: View, item: TransferItem) -> str:
    return text(item[0].name, view.lang)


def _t_recipient(view: View, item: TransferItem) -> str:
    return recipient_line(view, item[1].recipient)


def _t_country(view: View, item: TransferItem) -> str:
    return _country(view, item[1].country)


def _t_mechanism(view: View, item: TransferItem) -> str:
    return mechanism(item[1].mechanism, view.lang)


def _t_scc_module(view: View, item: TransferItem) -> str:
    module = item[1].scc_module
    return str(module) if module is not None else ""


def _t_safeguards(view: View, item: TransferItem) -> str:
    return safeguards(view, item[1])


def _t_categories(view: View, item: TransferItem) -> str:
    """The categories the transfer names, else all of its activity's."""
    return lines(_category_lines(view, item[1].data_categories)) or _categories(view, item[0])


def _t_notes(view: View, item: TransferItem) -> str:
    return text(item[1].notes, view.lang)


TRANSFER_COLUMNS: tuple[Column, ...] = (
    C("activity_id", None, N_("Ref."), _t_activity_id, 18),
    C("activity", None, N_("Processing activity"), _t_activity, 30),
    C("recipient", "30(1)(e)", N_("Recipient"), _t_recipient, 34),
    C("country", "30(1)(e)", N_("Third country"), _t_country, 18),
    C("mechanism", "30(1)(e)", N_("Transfer mechanism (Chapter V GDPR)"), _t_mechanism, 40),
    C("scc_module", None, N_("SCC module"), _t_scc_module, 8),
    C("safeguards", "30(1)(e)", N_("Documentation of suitable safeguards"), _t_safeguards, 40),
    C("data_categories", None, N_("Data transferred"), _t_categories, 30),
    C("notes", None, N_("Notes"), _t_notes, 30),
)


# --- measures ---------------------------------------------------------------------------------

def _measure_users(view: View, measure: model.Measure) -> str:
    """``id: name`` of each activity taking the measure, in registry order.

    One pass over the activities indexes every measure (instead of a pass per measure,
    400,000 membership tests for 40 measures and 10,000 activities).
    """
    users = view.measure_users
    if users is None:
        users = {}
        for a in view.registry.activities.values():
            if a.measures:
                ref = view.activity_ref(a)
                for ident in dict.fromkeys(a.measures):  # an activity once, however often it names it
                    users.setdefault(ident, []).append(ref)
        view.measure_users = users
    return lines(users.get(measure.id, ()))


def _kind(view: View, measure: model.Measure) -> str:
    return label(MEASURE_KINDS, measure.kind, view.lang)


def _art32(view: View, measure: model.Measure) -> str:
    return ", ".join(label(ART32, goal, view.lang) for goal in measure.art32)


MEASURE_COLUMNS: tuple[Column, ...] = (
    C("id", None, N_("Ref."), _field("id"), 16),
    C("name", "30(1)(g)", N_("Measure"), _text_field("name"), 24),
    C("kind", "30(1)(g)", N_("Kind"), _kind, 12),
    C("description", "30(1)(g)", N_("Description"), _text_field("description"), 38),
    C("art32", None, N_("Art. 32(1) GDPR goals"), _art32, 20),
    C("activities", None, N_("Processing activities"), _measure_users, 26),
)


# --- findings ---------------------------------------------------------------------------------

def location(view: View, span: model.Span) -> str:
    """``file:line`` relative to the registry root, so it does not depend on the working directory
    (nor on the view's language)."""
    if not span.file:
        return ""
    files = view.files  # one path per file: the JSON export locates every node
    path = files.get(span.file)
    if path is None:
        path = files[span.file] = _relative(span.file, view.registry.root)
    return f"{path}:{span.line}"


def _relative(file: str, root: str) -> str:
    import os

    root = os.path.normpath(root)
    path = os.path.normpath(file)
    if path == root or path.startswith(root + os.sep):
        path = os.path.relpath(path, root)
    return path.replace(os.sep, "/")


def _severity(view: View, f: Any) -> str:
    return label(SEVERITIES, f.severity.value, view.lang)


def _message(view: View, f: Any) -> str:
    return f.text(view.lang)


def _reference(view: View, f: Any) -> str:
    return f.cited(view.lang)


def _location(view: View, f: Any) -> str:
    return location(view, f.span)


def _waiver(view: View, f: Any) -> str:
    w = f.waiver
    if w is None:
        return ""
    lang = view.lang
    return joined(text(w.justification, lang), f"{view.words['accepted-by']} {w.accepted_by}, "
                  f"{fmt_date(w.accepted, lang)}", f"{view.words['expires']} {fmt_date(w.expires, lang)}")


FINDING_COLUMNS: tuple[Column, ...] = (
    C("code", None, N_("Rule"), _field("code"), 7),
    C("severity", None, N_("Severity"), _severity, 9),
    C("target", None, N_("Concerns"), _field("target"), 16),
    C("message", None, N_("Finding"), _message, 36),
    C("reference", None, N_("Legal provision"), _reference, 16),
    C("location", None, N_("Location"), _location, 18),
    C("waiver", None, N_("Waiver"), _waiver, 33),
)
