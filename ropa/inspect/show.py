"""`ropa show ID`: one activity laid out as its Art. 30 record, or one recipient.

The layout is ``ropa.art30``'s columns (the one definition of the record's labels); beside
each fact stand the sources (document and section) that support it.
"""

from __future__ import annotations

from typing import Any

from ropa import art30, labels
from ropa.art30.sources import sources_for
from ropa.check import Report
from ropa.findings import Finding
from ropa.i18n import N_, _, field_name, gettext
from ropa.model import Activity, Recipient, Source, Value

_set = object.__setattr__

# Column key -> the fields whose sources support it (a `sources` entry whose `fact` names one of
# these fields, and the `sources` of the nested nodes of these fields).
# columns that restate the `sources` (shown once, at the end) or are shown in the header
SKIP = {"sources", "id"}
# Art. 30 facts an activity must state: shown as "not stated" when empty, never hidden
REQUIRED = {"purposes", "processing", "legal_bases", "data_subjects", "data_categories", "recipients",
            "transfers", "retention", "measures"}


class NotFound(LookupError):
    """No activity or recipient has this id."""


class Fact(Value):
    __slots__ = ("key", "label", "value", "sources")

    key: str
    label: str
    value: str
    sources: tuple[str, ...]

    def __init__(self, key: str, label: str, value: str, sources: tuple[str, ...] = ()) -> None:
        _set(self, "key", key)
        _set(self, "label", label)
        _set(self, "value", value)
        _set(self, "sources", sources)


class Shown(Value):
    __slots__ = ("kind", "id", "title", "facts", "open", "waived", "sources")

    kind: str  # "activity" or "recipient"
    id: str
    title: str
    facts: list[Fact]
    open: list[Finding]
    waived: list[Finding]
    sources: tuple[str, ...]  # every source of the entry, as "document, section, line"

    def __init__(self, kind: str, id: str, title: str, facts: list[Fact], open: list[Finding] | None = None,
            waived: list[Finding] | None = None, sources: tuple[str, ...] = ()) -> None:
        _set(self, "kind", kind)
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "facts", facts)
        _set(self, "open", [] if open is None else open)
        _set(self, "waived", [] if waived is None else waived)
        _set(self, "sources", sources)

    def as_dict(self) -> dict[str, Any]:
        def finding(f: Finding) -> dict[str, Any]:
            data = {"code": f.code, "severity": f.severity.value, "message": f.message,
                    "location": str(f.span)}
            if f.waiver is not None:
                data.update(expires=f.waiver.expires.isoformat(), accepted_by=f.waiver.accepted_by,
                            justification=str(f.waiver.justification))
            return data

        return {"kind": self.kind, "id": self.id, "title": self.title,
                "facts": [{"key": x.key, "label": x.label, "value": x.value, "sources": list(x.sources)}
                          for x in self.facts],
                "open_findings": [finding(f) for f in self.open],
                "waived_findings": [finding(f) for f in self.waived],
                "sources": list(self.sources)}


def _refs(sources: list[Source], view: art30.View) -> tuple[str, ...]:
    return tuple(dict.fromkeys(art30.source_ref(view, s) for s in sources))


def show(report: Report, ident: str, lang: str = "en", *, empty: bool = False) -> Shown:
    """The activity (or recipient) ``ident`` as labelled facts; ``empty`` keeps empty columns."""
    registry = report.registry
    view = art30.View(registry, lang)
    activity = registry.activities.get(ident)
    findings = report.for_target(ident)
    if activity is not None:
        facts = []
        marks = art30.interpretation_marks(activity, lang)
        for column in art30.columns(activity.record):
            if column.key in SKIP:
                continue
            value = art30.cell(column, view, activity, marks)
            if column.key == "transfers":  # what the record leaves out, as validate reports it (RP301)
                value = "\n".join(x for x in (value, *_unrecorded(activity, registry, lang)) if x)
            refs = _refs(sources_for(activity, column.key), view)
            if not value and column.key in REQUIRED:
                value = labels.word("not-stated", lang)
            if not value and not refs and not empty:
                continue
            facts.append(Fact(column.key, column.heading(lang), value, refs))
        return Shown("activity", ident, labels.text(activity.name, lang), facts,
                     [f for f in findings if not f.waived], [f for f in findings if f.waived],
                     _refs(list(activity.sources), view))
    recipient: Recipient | None = registry.recipients.get(ident)
    if recipient is not None:
        facts = []
        marks = art30.interpretation_marks(recipient, lang)
        for column in art30.RECIPIENT_COLUMNS:
            if column.key in SKIP:
                continue
            value = art30.cell(column, view, recipient, marks)
            if not value and not empty:
                continue
            srcs: list[Source] = [s for s in recipient.sources if s.fact == column.key]
            if column.key == "contract" and recipient.contract is not None:
                srcs.extend(recipient.contract.sources)
            facts.append(Fact(column.key, column.heading(lang), value, _refs(srcs, view)))
        for kind, entries in (("gap", recipient.gaps), ("conflict", recipient.conflicts),
                              ("interpretation", recipient.interpretations)):
            for entry in entries:
                facts.append(Fact(kind, f"{labels.word(kind, lang)} ({field_name(entry.field, lang)})", labels.text(entry.note, lang),
                                  _refs(list(entry.sources), view)))
        return Shown("recipient", ident, recipient.name, facts,
                     [f for f in findings if not f.waived], [f for f in findings if f.waived],
                     _refs(list(recipient.sources), view))
    organisation = registry.organisations.get(ident)
    if organisation is not None:
        return _organisation(report, view, organisation, empty=empty)
    raise NotFound(ident)


def _unrecorded(activity: Activity, registry: Any, lang: str) -> list[str]:
    """A line for each recipient the activity discloses data to outside the EEA without a recorded
    transfer (``ropa.transfer.exposures``, what RP301 reports): the record's "no transfer" is
    not the whole answer."""
    from ropa.transfer import exposures

    return [_("not recorded: '{recipient}', sub-processor of '{processor}', receives the data and is established or "
              "stores data in {countries}, outside the EEA (RP309)", lang, recipient=e.recipient,
              processor=e.via[-1], countries=", ".join(e.countries)) if e.via else
            _("not recorded: '{recipient}' receives the data and is established or stores data in {countries}, "
              "outside the EEA (RP301)", lang, recipient=e.recipient, countries=", ".join(e.countries))
            for e in exposures(activity, registry) if e.unrecorded]


ORGANISATION_FACTS = (
    # key, label (a catalogue message), value
    ("controller", N_("Name and contact details"),
     lambda o, lang: art30.organisation(o, lang)),
    ("dpo", N_("Data protection officer"), lambda o, lang: art30.contact(o.dpo, lang)),
    ("representative", N_("Representative in the Union"),
     lambda o, lang: art30.contact(o.eu_representative, lang)),
    ("authority", N_("Supervisory authority"),
     lambda o, lang: art30.contact(o.supervisory_authority, lang)),
    ("description", N_("Description"), lambda o, lang: labels.text(o.description, lang)),
)


def _organisation(report: Report, view: art30.View, org: Any, *, empty: bool) -> Shown:
    registry = report.registry
    lang = view.lang
    facts = []
    for key, label, value_of in ORGANISATION_FACTS:
        value = value_of(org, lang)
        if key == "dpo" and not value:
            value = labels.word("not-stated", lang)
        srcs = [s for s in org.sources if s.fact == key]
        if value or empty:
            facts.append(Fact(key, gettext(label, lang), value, _refs(srcs, view)))
    names = [f"{a.id}: {labels.text(a.name, lang)}" for a in registry.activities_of(org.id)]
    facts.append(Fact("activities", _("Activities", lang),
                      "\n".join(names) or labels.word("none", lang)))
    for gap in org.gaps:
        facts.append(Fact("gap", f"{labels.word('gap', lang)} ({field_name(gap.field, lang)})", labels.text(gap.note, lang),
                          _refs(list(gap.sources), view)))
    findings = report.for_target(org.id)
    return Shown("organisation", org.id, org.name, facts, [f for f in findings if not f.waived],
                 [f for f in findings if f.waived], _refs(list(org.sources), view))
