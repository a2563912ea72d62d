"""Cell texts: the parties (controller, DPO, recipients) and the fields of an activity, with
the marks of interpretations, gaps and conflicts on the field they concern."""

from __future__ import annotations

from typing import Any
from collections.abc import Sequence

from ropa import model, vocab
from ropa.i18n import field_name
from ropa.labels import (DPIA_STATUS, ROLES, STATUS, fmt_date, fmt_duration, label, text, word)
from ropa.model import Activity

from ropa.art30.view import Column, Lang, View, joined, lines


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
            line = known[key] = transfer_line(view, t)
        out.append(line)
    return out


def transfer_line(view: View, t: model.Transfer) -> str:
    """One transfer as the record states it: ``United States (US): Google LLC – EU-US Data Privacy
    Framework`` (with ``, module 2`` for standard contractual clauses); the record's transfer
    cells, ``ropa subject`` and ``ropa impact`` all write it here."""
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



# --- the record's marks: open points where they concern a field -----------------------------------

_SENTENCE_END = (". ", "? ", "! ")
# words a period follows without ending a sentence (German and English legal writing)
_ABBREVIATIONS = frozenset({"art", "abs", "nr", "lit", "ziff", "bzw", "vgl", "ggf", "z", "b", "d", "h", "u", "s",
                            "e", "g", "i", "ca", "etc", "inkl", "sog", "abschn", "z.b", "i.e", "e.g", "no", "para",
                            "sec", "cf", "dr", "st", "str", "co", "gmbh", "kg", "ag", "inc", "ltd"})


def brief(note: str, limit: int = 60) -> str:
    """The first sentence of a note, and ``[…]`` if more follows (the review report has it all).

    A sentence ends at ``.``, ``?`` or ``!`` followed by a space and a capital letter, not
    after a number or an abbreviation (``Art. 6``, ``z. B.``, ``Abs. 1``), and not before
    ``limit`` characters: a short first clause keeps its continuation.
    """
    note = " ".join(note.split())
    start = limit
    while True:
        cut = min((i for i in (note.find(end, start) for end in _SENTENCE_END) if i >= 0), default=-1)
        if cut < 0:
            return note
        after = note[cut + 2:cut + 3]
        word = note[:cut].rsplit(" ", 1)[-1].lower().strip("([„\"'")
        if after.isupper() and not word[-1:].isdigit() and word not in _ABBREVIATIONS:
            return f"{note[:cut + 1]} […]"
        start = cut + 1


def field_marks(item: Any, lang: Lang) -> dict[str, list[tuple[str, str]]]:
    """The gaps, conflicts and interpretations of an activity, recipient or organisation by the
    top-level field they concern (``""``: none of the item's fields), each as (the field it
    names, ``Lücke: …`` / ``Widerspruch: …`` / ``Auslegung: …`` with the note's first sentence,
    see ``brief``)."""
    from ropa.load import resolve_field

    out: dict[str, list[tuple[str, str]]] = {}
    cls = type(item)
    for key, entries in (("gap", getattr(item, "gaps", ())), ("conflict", getattr(item, "conflicts", ())),
                         ("interpretation", getattr(item, "interpretations", ()))):
        for entry in entries:
            top = resolve_field(cls, entry.field) or ""
            out.setdefault(top, []).append((entry.field, f"{word(key, lang)}: {brief(text(entry.note, lang))}"))
    return out


def record_cells(columns: Sequence[Column], view: View, item: Any) -> list[str]:
    """One row of the record: each column's text with the open points of its field below it; the
    ``open_points`` column holds those concerning no field shown, each naming its field."""
    marks = field_marks(item, view.lang)
    shown = {COLUMN_FIELDS.get(c.key, c.key) for c in columns if c.key != "open_points"}
    row = []
    for column in columns:
        if column.key == "open_points":
            row.append(lines([f"{field_name(path, view.lang)} – {mark}" for top, ms in marks.items()
                              if top not in shown for path, mark in ms]) or _empty(column.key, view, item))
            continue
        value = column.get(view, item) or _empty(column.key, view, item)
        extra = marks.get(COLUMN_FIELDS.get(column.key, column.key))
        row.append(lines([value, *(mark for _, mark in extra)]) if extra else value)
    return row


def _empty(key: str, view: View, item: Any) -> str:
    """What the record prints for an empty field: every field the DSK template shows is filled,
    ``nicht angegeben`` where the registry holds nothing; safeguards where no transfer needs
    them (none recorded) ``entfällt``; further open points: ``keine``."""
    if key == "open_points":
        return view.words["none"]
    if key == "safeguards" and not getattr(item, "transfers", None):
        return view.words["not-applicable"]
    return view.words["not-stated"]
