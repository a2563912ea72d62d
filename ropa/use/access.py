"""``ropa subject SUBJECT``: what the record says about one group of data subjects, arranged as
the content of an answer to an access request (Art. 15 GDPR).

The sections follow Art. 15(1)(a)-(h) and 15(2): purposes, categories of personal data,
recipients (named where the record names them: CJEU C-154/21 *Österreichische Post* gives the
data subject the recipients' identities where known), storage period or criteria, the rights
(legal text, not a fact of the record: a note for the DPO), the supervisory authority, the
source of the data, automated decision-making, and transfers to third countries with their
basis. Every fact is taken from the controller's activities that name the group, with its
registry sources; a point the record does not state is a gap line. It is a draft for the DPO:
the answer concerns one person, whose own data the record does not hold.

>>> import datetime
>>> from ropa.check import check
>>> from ropa.load import load
>>> draft = access_answer(check(load("tests/fixtures/sample"), today=datetime.date(2024, 6, 1)), "website-visitors")
>>> draft.sections[0].key, draft.kind
('controller', 'access')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ropa import art30, labels, transfer
from ropa.i18n import _, cite
from ropa.model import Activity, DataSubject, Organisation
from ropa.records import as_of
from ropa.records import kept_activities as kept
from ropa.use.common import (Ambiguous, NotFound, activity_label, concerns, fact_refs, find, has_note, recorded_notes,
                             refs, suggestion, text_names)
from ropa.use.draft import Draft, Line, Section

if TYPE_CHECKING:
    from ropa.check import Report

__all__ = ["access_answer", "find_subject", "NotFound", "Ambiguous"]


def find_subject(registry: object, ident: str) -> DataSubject:
    """The data subject group ``ident`` names (its id, or its name in any language)."""
    subjects = registry.data_subjects  # type: ignore[attr-defined]
    found = find(ident, subjects, lambda s: text_names(s.name))
    if not found:
        raise NotFound(ident, suggestion(ident, subjects))
    if len(found) > 1:
        raise Ambiguous(ident, found)
    return subjects[found[0]]


def access_answer(report: Report, subject: str, lang: str = "en", *, organisation: str | None = None) -> Draft:
    """The Art. 15 draft for the group ``subject`` (id or name) from ``report``'s registry.

    ``organisation`` chooses the controller where the group's activities belong to several
    (``Ambiguous`` otherwise). Only controller records of organisations that keep a record
    count; a processor record's activities are another controller's to answer for.
    """
    registry = report.registry
    group = find_subject(registry, subject)
    acts = [a for a in kept(registry, organisation) if group.id in a.data_subjects and a.record == "controller"]
    orgs = sorted({a.organisation for a in acts})
    if len(orgs) > 1:
        raise Ambiguous(subject, orgs)
    view = art30.View(registry, lang)
    org = registry.organisations.get(orgs[0]) if orgs else (
        registry.organisations.get(organisation) if organisation else None)
    name = labels.text(group.name, lang)
    title = _("Access request (Art. 15 GDPR): {group}", lang, group=name)
    if org is not None:
        title = f"{title} – {org.name}"
    notice = _("Draft from the record of processing activities for the DPO, not an answer to send as it is: it "
               "states what the record says about the group '{group}' as of {date}; whether and which data "
               "is processed about the person asking must be checked in the systems. Lines marked as gaps are "
               "points the record does not state.", lang, group=name,
               date=as_of(registry, lang))
    sections = [
        Section("controller", _("Controller and data protection officer", lang), tuple(_controller(view, org)),
                cite("Art. 13(1)(a), (b) GDPR", lang)),
        Section("activities", _("Processing activities concerning this group", lang), tuple(_activities(view, acts))),
        Section("purposes", _("Purposes of the processing", lang), tuple(_purposes(view, acts)), cite("Art. 15(1)(a) GDPR", lang)),
        Section("categories", _("Categories of personal data", lang), tuple(_categories(view, acts)), cite("Art. 15(1)(b) GDPR", lang)),
        Section("recipients", _("Recipients or categories of recipients", lang), tuple(_recipients(view, acts)),
                cite("Art. 15(1)(c) GDPR", lang)),
        Section("retention", _("Storage period or the criteria for it", lang), tuple(_retention(view, acts)),
                cite("Art. 15(1)(d) GDPR", lang)),
        Section("rights", _("Rights to rectification, erasure, restriction and objection", lang),
                (Line(_("Add the information on the rights under Art. 16, 17, 18 and 21 GDPR: legal text, not a "
                        "fact of the record.", lang), kind="note"),), cite("Art. 15(1)(e) GDPR", lang)),
        Section("complaint", _("Right to lodge a complaint with a supervisory authority", lang),
                tuple(_authority(view, org)), cite("Art. 15(1)(f) GDPR", lang)),
        Section("source", _("Source of the data", lang), tuple(_source(view, acts)), cite("Art. 15(1)(g) GDPR", lang)),
        Section("automated", _("Automated decision-making, including profiling", lang), tuple(_automated(view, acts)),
                cite("Art. 15(1)(h) GDPR", lang)),
        Section("transfers", _("Transfers to third countries and their safeguards", lang),
                tuple(_transfers(view, acts, report)), cite("Art. 15(2) GDPR", lang)),
    ]
    return Draft("access", lang, title, notice, tuple(sections))


def _controller(view: art30.View, org: Organisation | None) -> list[Line]:
    lang = view.lang
    if org is None:
        return [Line(_("The record names no controller that processes data of this group.", lang), kind="gap")]
    out = [Line(art30.organisation(org, lang), refs(view, org.sources))]
    dpo = art30.contact(org.dpo, lang)
    if dpo:
        dpo_sources = org.dpo.sources if org.dpo is not None else ()
        head = _("Data protection officer", lang)
        out.append(Line(f"{head}: {dpo}", refs(view, dpo_sources)))
    else:
        out.append(Line(_("The record names no data protection officer.", lang), kind="gap"))
    out.extend(recorded_notes(view, org, ("dpo", "address", "name", "organisation")))
    return out


def _activities(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    if not acts:
        return [Line(_("No activity of the record names this group.", lang), kind="gap")]
    return [Line(f"{activity_label(a, lang)} ({a.id})", refs(view, a.sources)) for a in acts]


def _purposes(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    out = []
    for a in acts:
        label = activity_label(a, lang)
        if a.purposes:
            purposes = "; ".join(labels.text(p, lang) for p in a.purposes)
            out.append(Line(f"{label}: {purposes}", fact_refs(view, a, "purposes")))
        elif not has_note(a, "purposes"):
            out.append(Line(_("{activity}: the record states no purpose", lang, activity=label), kind="gap"))
        out.extend(recorded_notes(view, a, ("purposes",), label=label))
    return out


def _categories(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    users: dict[str, list[Activity]] = {}
    for a in acts:
        for c in a.data_categories:
            users.setdefault(c, []).append(a)
    out = []
    for ident, used in users.items():
        node = view.registry.data_categories.get(ident)
        name = labels.text(node.name, lang) if node is not None else ident
        if node is not None and node.special in ("art9", "art10"):
            name = f"{name} ({labels.word('special-' + node.special, lang)})"
        sources = [s for a in used for s in fact_refs(view, a, "data_categories")]
        if node is not None:
            sources.extend(refs(view, node.sources))
        out.append(Line(f"{name} – {concerns(lang, used)}", tuple(sources)))
    for a in acts:
        if not a.data_categories and not has_note(a, "data_categories"):
            out.append(Line(_("{activity}: the record states no categories of personal data", lang,
                              activity=activity_label(a, lang)), kind="gap"))
        out.extend(recorded_notes(view, a, ("data_categories",), label=activity_label(a, lang)))
    return out


def _recipients(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    users: dict[str, list[Activity]] = {}
    out: list[Line] = []
    for a in acts:
        label = activity_label(a, lang)
        if a.recipients is None and not has_note(a, "recipients"):
            out.append(Line(_("{activity}: the record does not state whether there are recipients", lang,
                              activity=label), kind="gap"))
        elif not a.recipients:
            out.append(Line(_("{activity}: no recipients (stated in the record)", lang, activity=label),
                            fact_refs(view, a, "recipients")))
        for use in a.recipients or ():
            users.setdefault(use.recipient, []).append(a)
        out.extend(recorded_notes(view, a, ("recipients",), label=label))
    named = []
    for ident, used in users.items():
        rec = view.registry.recipients.get(ident)
        sources = [s for a in used for s in fact_refs(view, a, "recipients")]
        if rec is not None:
            sources.extend(refs(view, rec.sources))
        named.append(Line(f"{art30.recipient_line(view, ident)} – {concerns(lang, used)}", tuple(sources)))
        if rec is not None and rec.ceased is not None:
            named.append(Line(_("{name}: the record notes that this service ceased on {date}", lang,
                                name=rec.name, date=labels.fmt_date(rec.ceased, lang)), refs(view, rec.sources),
                              "open"))
    return named + out


def _retention(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    out = []
    for a in acts:
        label = activity_label(a, lang)
        if a.retention:
            for ret in a.retention:
                out.append(Line(f"{label}: {art30.retention(view, ret)}", refs(view, ret.sources) or fact_refs(view, a, "retention")))
        elif not has_note(a, "retention"):
            out.append(Line(_("{activity}: the record states no storage period or criterion", lang, activity=label),
                            kind="gap"))
        out.extend(recorded_notes(view, a, ("retention",), label=label))
    return out


def _authority(view: art30.View, org: Organisation | None) -> list[Line]:
    lang = view.lang
    authority = getattr(org, "supervisory_authority", None)
    if authority is None:
        return [Line(_("The record names no competent supervisory authority.", lang), kind="gap")]
    out = [Line(art30.contact(authority, lang), refs(view, authority.sources))]
    out.extend(recorded_notes(view, authority, ("address", "name", "organisation", "email", "phone", "website")))
    out.extend(recorded_notes(view, org, ("supervisory_authority",)))
    return out


def _source(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    out = []
    for a in acts:
        label = activity_label(a, lang)
        if a.data_source is not None:
            out.append(Line(f"{label}: {labels.text(a.data_source, lang)}", fact_refs(view, a, "data_source")))
        elif not has_note(a, "data_source"):
            out.append(Line(_("{activity}: the record does not say where the data comes from", lang,
                              activity=label), kind="gap"))
    return out


def _automated(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    out = []
    for a in acts:
        label = activity_label(a, lang)
        if a.automated_decision:
            out.append(Line(_("{activity}: decisions based solely on automated processing (Art. 22 GDPR): state "
                              "the logic involved, the significance and the envisaged consequences", lang,
                              activity=label), refs(view, a.sources)))
        if a.profiling:
            out.append(Line(_("{activity}: profiling (Art. 4(4) GDPR)", lang, activity=label), refs(view, a.sources)))
        out.extend(recorded_notes(view, a, ("automated_decision", "profiling"), label=label))
    if not out and acts:
        out.append(Line(_("None of these activities is marked in the record as involving automated decisions or "
                          "profiling.", lang)))
    return out


def _transfers(view: art30.View, acts: list[Activity], report: Report) -> list[Line]:
    lang = view.lang
    registry = report.registry
    on = report.today
    out = []
    for a in acts:
        label = activity_label(a, lang)
        if a.transfers is None:
            if not has_note(a, "transfers"):
                out.append(Line(_("{activity}: the record does not state whether data is transferred to third "
                                  "countries", lang, activity=label), kind="gap"))
            out.extend(recorded_notes(view, a, ("transfers",), label=label))
            continue
        for t in a.transfers:
            found = transfer.assess_in(a, t, registry, on)
            if found.kind == "not-needed":
                continue
            line = art30.transfer_line(view, t)
            extra = art30.safeguards(view, t)
            text = f"{label}: {line}" + (f"; {extra}" if extra else "")
            out.append(Line(text, refs(view, t.sources) or fact_refs(view, a, "transfers")))
            if found.problems:
                out.append(Line(_("{activity}: open point of the transfer basis: {problems}", lang, activity=label,
                                  problems=found.summary(lang)), kind="open"))
        out.extend(recorded_notes(view, a, ("transfers",), label=label))
    if not out and acts:
        out.append(Line(_("The record states no transfer to a third country for these activities.", lang),
                        tuple(s for a in acts for s in fact_refs(view, a, "transfers"))))
    return out
