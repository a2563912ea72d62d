"""`ropa show ID`: one activity laid out as its Art. 30 record, or one recipient.

The layout is ``ropa.art30``'s columns (the one definition of the record's labels); beside
each fact stand the sources (document and section) that support it.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    findings = report.for_target(ident)
    activity = registry.activities.get(ident)
    if activity is not None:
        return _shown("activity", ident, labels.text(activity.name, lang), _activity_facts(activity, view, empty),
                      findings, _refs(list(activity.sources), view))
    recipient: Recipient | None = registry.recipients.get(ident)
    if recipient is not None:
        return _shown("recipient", ident, recipient.name, _recipient_facts(recipient, view, empty), findings,
                      _refs(list(recipient.sources), view))
    organisation = registry.organisations.get(ident)
    if organisation is not None:
        return _organisation(report, view, organisation, empty=empty)
    raise NotFound(ident)


def _shown(kind: str, ident: str, name: str, facts: list[Fact], findings: Sequence[Finding],
           sources: tuple[str, ...]) -> Shown:
    """The answer, with the findings on the target open and waived apart."""
    return Shown(kind, ident, name, facts, [f for f in findings if not f.waived], [f for f in findings if f.waived],
                 sources)


def _recorded(node: Any, view: art30.View, kinds: tuple[str, ...] = ("gap", "conflict", "interpretation")
              ) -> list[Fact]:
    """The gaps (conflicts, interpretations) recorded on ``node`` as facts, each naming its field."""
    lang = view.lang
    plural = {"gap": "gaps", "conflict": "conflicts", "interpretation": "interpretations"}
    return [Fact(kind, f"{labels.word(kind, lang)} ({field_name(entry.field, lang)})", labels.text(entry.note, lang),
                 _refs(list(entry.sources), view))
            for kind in kinds for entry in getattr(node, plural[kind])]


def _activity_facts(activity: Activity, view: art30.View, empty: bool) -> list[Fact]:
    """The activity's Art. 30 columns as facts, with their sources."""
    lang = view.lang
    facts = []
    marks = art30.interpretation_marks(activity, lang)
    for column in art30.columns(activity.record):
        if column.key in SKIP:
            continue
        value = _activity_cell(column, view, activity, marks)
        refs = _refs(sources_for(activity, column.key), view)
        if not value and column.key in REQUIRED:
            value = labels.word("not-stated", lang)
        if value or refs or empty:
            facts.append(Fact(column.key, column.heading(lang), value, refs))
    return facts


def _activity_cell(column: Any, view: art30.View, activity: Activity, marks: Any) -> str:
    """The column's cell; the transfers column adds what the record leaves out, as validate
    reports it (RP301)."""
    value = art30.cell(column, view, activity, marks)
    if column.key != "transfers":
        return value
    return "\n".join(x for x in (value, *_unrecorded(activity, view.registry, view.lang)) if x)


def _recipient_facts(recipient: Recipient, view: art30.View, empty: bool) -> list[Fact]:
    """The recipient's columns as facts, then its recorded gaps, conflicts and interpretations."""
    lang = view.lang
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
    return facts + _recorded(recipient, view)


def _unrecorded(activity: Activity, registry: Any, lang: str) -> list[str]:
    """A line for each recipient the activity discloses data to outside the EEA without a recorded
    transfer (``ropa.exposure.exposures``, what RP301 reports): the record's "no transfer" is
    not the whole answer."""
    from ropa.exposure import exposures

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
        value = value_of(org, lang) or (labels.word("not-stated", lang) if key == "dpo" else "")
        if value or empty:
            facts.append(Fact(key, gettext(label, lang), value, _refs([s for s in org.sources if s.fact == key], view)))
    names = [f"{a.id}: {labels.text(a.name, lang)}" for a in registry.activities_of(org.id)]
    facts.append(Fact("activities", _("Activities", lang),
                      "\n".join(names) or labels.word("none", lang)))
    facts += _recorded(org, view, ("gap",))
    return _shown("organisation", org.id, org.name, facts, report.for_target(org.id), _refs(list(org.sources), view))
