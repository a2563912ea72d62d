"""The catalogue tables of the record: recipients (Art. 30(1)(d)), third-country transfers
(Art. 30(1)(e)) and security measures (Art. 30(1)(g))."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from ropa import model, vocab
from ropa.i18n import N_
from ropa.labels import (ART32, CERTIFICATION_COVERS, CERTIFICATION_STATUS, CONTRACTS, MEASURE_KINDS,
                         ROLES, fmt_date, label, text)
from ropa.model import Activity

from ropa.art30.cells import (_categories, _category_lines, _countries, _country, mechanism, recipient_line, safeguards)
from ropa.art30.record import activities
from ropa.art30.view import Column, View, _field, _text_field, joined, lines

C = Column


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

