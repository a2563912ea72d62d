"""``ropa impact TARGET``: what the record says about an incident at a recipient, in a data
category or in a measure, arranged as the facts of a breach notification (Art. 33(3) GDPR).

A TARGET is a recipient (its id, legal name or one of its services, e.g. ``Google Analytics``),
a data category, or a measure (the record's nearest thing to a system). The draft lists the
activities concerned and, from them, the groups of data subjects, the categories of data (with
special categories, Art. 9, and criminal-offence data, Art. 10, flagged), the countries the
data is in or goes to, the processors and sub-processors in the chain, and then the points of
Art. 33(3): what the record fills in (the categories, the DPO's contact, the measures on record
before the incident) and what it cannot (the number of people and records, the likely
consequences, the measures taken in response; whether the risk is high, Art. 34). Every fact
carries its registry sources; the record states no number and no consequence, and the draft
never invents one.

>>> import datetime
>>> from ropa.check import check
>>> from ropa.load import load
>>> draft = impact(check(load("tests/fixtures/sample"), today=datetime.date(2024, 6, 1)), "analytics-inc")
>>> [s.key for s in draft.sections][:3]
['target', 'activities', 'subjects']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ropa import art30, labels, transfer, vocab
from ropa.i18n import _, cite
from ropa.model import Activity
from ropa.records import as_of
from ropa.records import kept_activities as kept
from ropa.use.common import (Ambiguous, NotFound, activity_label, concerns, fact_refs, find, recorded_notes, refs,
                             suggestion, text_names)
from ropa.use.draft import Draft, Line, Section

if TYPE_CHECKING:
    from ropa.check import Report
    from ropa.load import Registry

__all__ = ["impact", "resolve", "chain", "NotFound", "Ambiguous"]


def resolve(registry: Registry, target: str) -> tuple[str, str]:
    """``(kind, id)`` of what ``target`` names: ``recipient``, ``category`` or ``measure``."""
    hits: list[tuple[str, str]] = []
    for kind, entries, names in (
        ("recipient", registry.recipients, lambda r: [r.name, *r.services]),
        ("category", registry.data_categories, lambda c: text_names(c.name)),
        ("measure", registry.measures, lambda m: text_names(m.name)),
    ):
        if target in entries:
            return kind, target
        hits.extend((kind, key) for key in find(target, entries, names))
    if not hits:
        raise NotFound(target, suggestion(target, [*registry.recipients, *registry.data_categories,
                                                   *registry.measures]))
    if len(hits) > 1:
        raise Ambiguous(target, [key for _kind, key in hits])
    return hits[0]


def chain(registry: Registry, recipient: str) -> tuple[list[str], list[str]]:
    """The recipients ``recipient`` works for (upstream: it is their sub-processor) and the
    recipients it engages (downstream), each transitively, cycles cut, in a stable order."""
    def walk(start: str, step: Any) -> list[str]:
        seen: list[str] = []
        todo = [start]
        while todo:
            current = todo.pop(0)
            for nxt in step(current):
                if nxt != start and nxt not in seen:
                    seen.append(nxt)
                    todo.append(nxt)
        return seen

    recipients = registry.recipients

    def up(ident: str) -> list[str]:
        rec = recipients.get(ident)
        above = [rec.processor_of] if rec is not None and rec.processor_of else []
        above += sorted(key for key, r in recipients.items() if ident in r.sub_processors)
        return above

    def down(ident: str) -> list[str]:
        rec = recipients.get(ident)
        below = list(rec.sub_processors) if rec is not None else []
        below += sorted(registry.engaged_by(ident))
        return below

    return walk(recipient, up), walk(recipient, down)


def _uses(a: Activity, recipient: str) -> bool:
    return any(u.recipient == recipient for u in a.recipients or ()) or any(
        t.recipient == recipient for t in a.transfers or ())


def _categories_to(a: Activity, recipients: set[str]) -> list[str]:
    """The categories an activity discloses to any of ``recipients`` (default: all of its own)."""
    out: list[str] = []
    for use in a.recipients or ():
        if use.recipient in recipients:
            out.extend(use.data_categories or a.data_categories)
    for t in a.transfers or ():
        if t.recipient in recipients:
            out.extend(t.data_categories or a.data_categories)
    return list(dict.fromkeys(out)) or list(a.data_categories)


def impact(report: Report, target: str, lang: str = "en", *, organisation: str | None = None) -> Draft:
    """The Art. 33 draft for an incident at ``target`` (see ``resolve``)."""
    registry = report.registry
    kind, ident = resolve(registry, target)
    view = art30.View(registry, lang)
    acts = kept(registry, organisation)
    upstream: list[str] = []
    downstream: list[str] = []
    categories: dict[str, list[Activity]] = {}
    if kind == "recipient":
        upstream, downstream = chain(registry, ident)
        reached = {ident, *upstream}
        concerned = [a for a in acts if any(_uses(a, r) for r in reached)]
        for a in concerned:
            for c in _categories_to(a, reached):
                categories.setdefault(c, []).append(a)
        name = registry.recipients[ident].name
    elif kind == "category":
        concerned = [a for a in acts if ident in a.data_categories]
        categories = {ident: concerned}
        name = labels.text(registry.data_categories[ident].name, lang)
    else:
        concerned = [a for a in acts if ident in a.measures]
        for a in concerned:
            for c in a.data_categories:
                categories.setdefault(c, []).append(a)
        name = labels.text(registry.measures[ident].name, lang)
    title = _("Personal data breach (Art. 33 GDPR): {target}", lang, target=name)
    notice = _("Draft from the record of processing activities for the DPO, not a notification to send as it is: "
               "it states what the record says as of {date} about the processing that an incident at '{target}' "
               "concerns. The notification must reach the supervisory authority without undue delay and, where "
               "feasible, within 72 hours of becoming aware of the breach (Art. 33(1) GDPR); lines marked as "
               "gaps are points the record cannot supply.", lang, target=name,
               date=as_of(registry, lang))
    sections = (
        Section("target", _("What the incident concerns", lang), tuple(_target(view, kind, ident, upstream,
                                                                               downstream))),
        Section("activities", _("Processing activities concerned", lang), tuple(_activities(view, concerned))),
        Section("subjects", _("Categories of data subjects", lang), tuple(_subjects(view, concerned)),
                cite("Art. 33(3)(a) GDPR", lang)),
        Section("categories", _("Categories of personal data", lang), tuple(_categories(view, categories, concerned)),
                cite("Art. 33(3)(a) GDPR", lang)),
        Section("countries", _("Countries the data is in or goes to", lang),
                tuple(_countries(view, report, concerned, [ident, *upstream, *downstream] if kind == "recipient"
                                 else None))),
        Section("numbers", _("Approximate number of data subjects and of records", lang),
                (Line(_("The record holds no numbers of people or records: establish them from the systems "
                        "concerned.", lang), kind="gap"),), cite("Art. 33(3)(a) GDPR", lang)),
        Section("dpo", _("Data protection officer or other contact point", lang), tuple(_dpo(view, concerned)),
                cite("Art. 33(3)(b) GDPR", lang)),
        Section("consequences", _("Likely consequences of the breach", lang), tuple(_consequences(view, concerned)),
                cite("Art. 33(3)(c) GDPR", lang)),
        Section("measures", _("Measures taken or proposed", lang), tuple(_measures(view, concerned)),
                cite("Art. 33(3)(d) GDPR", lang)),
        Section("communication", _("Communication to the data subjects", lang),
                (Line(_("Whether the breach is likely to result in a high risk to the rights and freedoms of "
                        "natural persons, so that the data subjects must be told, is a decision the record cannot "
                        "take.", lang), kind="gap"),), cite("Art. 34 GDPR", lang)),
    )
    return Draft("breach", lang, title, notice, sections)


def _target(view: art30.View, kind: str, ident: str, upstream: list[str], downstream: list[str]) -> list[Line]:
    lang = view.lang
    registry = view.registry
    if kind == "recipient":
        rec = registry.recipients[ident]
        out = [Line(art30.recipient_line(view, ident), refs(view, rec.sources))]
        if rec.ceased is not None:
            out.append(Line(_("The record notes that this service ceased on {date}.", lang,
                              date=labels.fmt_date(rec.ceased, lang)), refs(view, rec.sources), "open"))
        for other in upstream:
            out.append(Line(_("works in the chain of: {recipient}", lang, recipient=art30.recipient_line(view, other)),
                            refs(view, registry.recipients[other].sources) if other in registry.recipients else ()))
        for other in downstream:
            out.append(Line(_("engages: {recipient}", lang, recipient=art30.recipient_line(view, other)),
                            refs(view, registry.recipients[other].sources) if other in registry.recipients else ()))
        out.extend(recorded_notes(view, rec, ("role", "contract", "sub_processors", "processor_of", "storage",
                                              "country")))
        return out
    if kind == "category":
        node = registry.data_categories[ident]
        line = labels.text(node.name, lang)
        if node.special in ("art9", "art10"):
            line = f"{line} ({labels.word('special-' + node.special, lang)})"
        head = _("Data category", lang)
        return [Line(f"{head}: {line}", refs(view, node.sources))]
    measure = registry.measures[ident]
    head = _("Measure", lang)
    return [Line(f"{head}: {labels.text(measure.name, lang)}", refs(view, measure.sources))]


def _activities(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    if not acts:
        return [Line(_("No activity of the record concerns this target.", lang), kind="gap")]
    out = []
    for a in acts:
        org = view.registry.organisations.get(a.organisation)
        who = org.name if org is not None else a.organisation
        role = labels.word("processor" if a.record == "processor" else "controller", lang)
        out.append(Line(f"{activity_label(a, lang)} ({a.id}; {who}, {role})", refs(view, a.sources)))
    return out


def _subjects(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    users: dict[str, list[Activity]] = {}
    out: list[Line] = []
    for a in acts:
        for s in a.data_subjects:
            users.setdefault(s, []).append(a)
        if not a.data_subjects:
            out.append(Line(_("{activity}: the record states no categories of data subjects", lang,
                              activity=activity_label(a, lang)), kind="gap"))
    lines = []
    for ident, used in users.items():
        node = view.registry.data_subjects.get(ident)
        name = labels.text(node.name, lang) if node is not None else ident
        flags = []
        if node is not None and node.children:
            flags.append(_("includes children", lang))
        if node is not None and node.vulnerable:
            flags.append(_("vulnerable persons", lang))
        if flags:
            name = f"{name} ({', '.join(flags)})"
        sources = [s for a in used for s in fact_refs(view, a, "data_subjects")]
        lines.append(Line(f"{name} – {concerns(lang, used)}", tuple(sources)))
    return lines + out


def _categories(view: art30.View, categories: dict[str, list[Activity]], acts: list[Activity]) -> list[Line]:
    lang = view.lang
    out = []
    special = []
    for ident, used in categories.items():
        node = view.registry.data_categories.get(ident)
        name = labels.text(node.name, lang) if node is not None else ident
        if node is not None and node.special in ("art9", "art10"):
            name = f"{name} ({labels.word('special-' + node.special, lang)})"
            special.append(node)
        sources = [s for a in used for s in fact_refs(view, a, "data_categories")]
        out.append(Line(f"{name} – {concerns(lang, used)}", tuple(sources)))
    if acts or categories:
        if special:
            out.insert(0, Line(_("Special categories (Art. 9) or criminal-offence data (Art. 10) ARE concerned: "
                                 "{names}", lang, names=", ".join(labels.text(n.name, lang) for n in special)),
                               tuple(s for n in special for s in refs(view, n.sources))))
        else:
            out.insert(0, Line(_("The record marks none of these categories as special categories (Art. 9) or "
                                 "criminal-offence data (Art. 10).", lang)))
    for a in acts:
        if not a.data_categories:
            out.append(Line(_("{activity}: the record states no categories of personal data", lang,
                              activity=activity_label(a, lang)), kind="gap"))
        out.extend(recorded_notes(view, a, ("data_categories",), label=activity_label(a, lang)))
    return out


def _countries(view: art30.View, report: Report, acts: list[Activity], recipients: list[str] | None) -> list[Line]:
    """Where the data is: the recipients' establishment and storage, and the recorded transfers
    with their basis as ``ropa validate`` assesses it."""
    lang = view.lang
    registry = view.registry
    out: list[Line] = []
    seen: set[tuple[str, str]] = set()
    wanted = recipients if recipients is not None else list(dict.fromkeys(
        [u.recipient for a in acts for u in a.recipients or ()] + [t.recipient for a in acts for t in a.transfers or ()]))
    for ident in wanted:
        rec = registry.recipients.get(ident)
        if rec is None:
            continue
        if rec.country and ("seat", ident) not in seen:
            seen.add(("seat", ident))
            out.append(Line(_("{recipient}: established in {country}", lang, recipient=rec.name,
                              country=_country(rec.country, lang)), refs(view, rec.sources)))
        if rec.storage:
            out.append(Line(_("{recipient}: stores the data in {countries}", lang, recipient=rec.name,
                              countries=", ".join(_country(c, lang) for c in rec.storage)), refs(view, rec.sources)))
        elif rec.country is None:
            out.append(Line(_("{recipient}: the record states no country", lang, recipient=rec.name), kind="gap"))
    for a in acts:
        for t in a.transfers or ():
            if recipients is not None and t.recipient not in recipients:
                continue
            found = transfer.assess_in(a, t, registry, report.today)
            if found.kind == "not-needed":
                continue
            mech = art30.mechanism(t.mechanism, lang)
            out.append(Line(_("{activity}: transfer to {country}, basis: {mechanism}", lang,
                              activity=activity_label(a, lang), country=_country(t.country, lang), mechanism=mech),
                            refs(view, t.sources)))
            if found.problems:
                out.append(Line(_("{activity}: open point of the transfer basis: {problems}", lang,
                                  activity=activity_label(a, lang), problems=found.summary(lang)), kind="open"))
    return out


def _country(code: str, lang: str) -> str:
    return f"{vocab.country_name(code, lang)} ({code})"


def _dpo(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    out = []
    for org_id in dict.fromkeys(a.organisation for a in acts):
        org = view.registry.organisations.get(org_id)
        if org is None:
            continue
        dpo = art30.contact(org.dpo, lang)
        if dpo:
            out.append(Line(f"{org.name}: {dpo}", refs(view, org.dpo.sources if org.dpo is not None else ())))
        else:
            out.append(Line(_("{organisation}: the record names no data protection officer; name another contact "
                              "point", lang, organisation=org.name), kind="gap"))
    return out


def _consequences(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    out = [Line(_("The record does not describe consequences of a breach: assess them for this incident.", lang),
                kind="gap")]
    for a in acts:
        if a.dpia is not None and (a.dpia.reference or a.dpia.status in ("done", "in-progress", "required")):
            what = labels.label(art30.DPIA_STATUS, a.dpia.status, lang)
            extra = f", {a.dpia.reference}" if a.dpia.reference else ""
            out.append(Line(_("{activity}: data protection impact assessment on record ({status}{reference}): its "
                              "risk analysis is material for this assessment", lang,
                              activity=activity_label(a, lang), status=what, reference=extra),
                            fact_refs(view, a, "dpia")))
    return out


def _measures(view: art30.View, acts: list[Activity]) -> list[Line]:
    lang = view.lang
    out = [Line(_("The record does not hold the measures taken in response to this incident: state them.", lang),
                kind="gap")]
    users: dict[str, list[Activity]] = {}
    for a in acts:
        for m in a.measures:
            users.setdefault(m, []).append(a)
    for ident, used in users.items():
        node = view.registry.measures.get(ident)
        name = labels.text(node.name, lang) if node is not None else ident
        out.append(Line(_("on record before the incident: {measure} – {activities}", lang, measure=name,
                          activities=concerns(lang, used)),
                        refs(view, node.sources) if node is not None else ()))
    return out
