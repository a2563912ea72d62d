"""`ropa questions`: what the record cannot answer from its sources, as questions to the controller.

Every gap, conflict and interpretation recorded for an organisation, its activities and the
recipients they use, and every open error finding of the validator on them, becomes one
numbered question, grouped by organisation, activity and recipient, with the source passage
(section, line, quote) and the Art. 30 point it blocks (the column heading of ``ropa.art30``).
The question frame is written here in German and English; registry text keeps its
language and is tagged (``[en]``) where it is shown in the other one.

The questionnaire is one organisation's (``ropa.records.view``): a third party's activities
are never asked about in another organisation's questionnaire. An answered questionnaire is
the input for the next version of the registry.

API::

    q = questionnaire(snap, "de")     # snap: a ropa.export Snapshot (one organisation's record)
    text_lines(q, width=80)           # the terminal rendering
    document(q)                       # an export Document: md, html and xlsx renderers take it
"""

from __future__ import annotations

import re
import textwrap
from typing import Any
from collections.abc import Iterable, Sequence

from ropa import art30, labels, model
from ropa.art30 import Column
from ropa.i18n import N_

_set = object.__setattr__

RECORDED = ("RP607", "RP608", "RP609")  # the validator's own listing of what is asked here anyway

# The field of the activity (or recipient, organisation) each rule judges: an error finding is
# asked under that field's Art. 30 column, and not asked again where a recorded gap or conflict
# on the same target and field asks it already. A rule not listed is asked under its reference.
RULE_FIELDS: dict[str, str] = {
    "RP101": "purposes", "RP102": "data_subjects", "RP103": "data_categories", "RP104": "recipients",
    "RP105": "address", "RP106": "dpo", "RP107": "controllers", "RP108": "transfers",
    "RP201": "legal_bases", "RP202": "legal_bases", "RP203": "legal_bases", "RP204": "legal_bases",
    "RP205": "legal_bases", "RP206": "legal_bases", "RP207": "legal_bases", "RP208": "legal_bases",
    "RP301": "transfers", "RP302": "transfers", "RP303": "transfers", "RP304": "transfers",
    "RP305": "transfers", "RP306": "transfers", "RP307": "transfers",
    "RP401": "contract", "RP402": "joint_controllers", "RP403": "processor_of", "RP405": "country",
    "RP501": "retention", "RP502": "measures", "RP503": "dpia", "RP504": "legal_bases", "RP505": "dpia",
    "RP603": "recipients", "RP606": "retention",
}

WORDS: dict[str, str] = {
    "title": N_("Questions for the controller"),
    "about": N_("About this questionnaire"),
    "intro": N_('This record of processing activities was transcribed from the documents named. What they '
                'do not say (gaps), where they contradict each other (conflicts), what the record reads '
                'into them (interpretations) and what the validator reports as an error only the '
                'controller can answer. Please answer each question in the column "Answer", with evidence '
                'where there is any. The answered questionnaire is the input for the next version of the '
                'record; until then the points stay open.'),
    "organisation": N_("Organisation"),
    "activity": N_("Processing activity"),
    "recipient": N_("Recipient"),
    "registry": N_("Registry"),
    "count": N_("Questions"),
    "none": N_("No open questions."),
    "no": N_("No."),
    "concerns": N_("Concerns"),
    "kind": N_("Kind"),
    "point": N_("Entry (Art. 30)"),
    "question": N_("Question"),
    "finding": N_("Finding"),
    "source": N_("Source"),
    "location": N_("In the registry"),
    "also": N_("Validator reports"),
    "answer": N_("Answer"),
    "gap": N_("Gap"),
    "conflict": N_("Conflict"),
    "interpretation": N_("Interpretation"),
    "error": N_("Validator error"),
    "blocks": N_("blocks"),
    "field": N_("field"),
    "ask-gap": N_("The documents do not say. Please supply the entry, or confirm that there is none."),
    "ask-conflict": N_("The documents contradict each other. Which is right, and which document must be corrected?"),
    "ask-interpretation": N_("The record reads this into the documents; they do not state it. Please confirm or correct "
                             "it."),
    "ask-error": N_("The validator reports an error. Please supply what is missing, or decide (as the "
                    "controller) on the risk."),
}


def word(key: str, lang: str) -> str:
    return labels.label(WORDS, key, lang)


class Question(model.Value):
    __slots__ = ("number", "group", "target", "target_name", "kind", "field", "point", "note", "ask", "sources",
                 "location", "also")

    number: int
    group: str  # "organisation", "activity" or "recipient"
    target: str  # its id
    target_name: str
    kind: str  # "gap", "conflict", "interpretation" or "error"
    field: str  # the field asked about, or the rule code for an error finding
    point: str  # the Art. 30 column heading it blocks, e.g. "Fristen für die Löschung (Art. 30 Abs. 1 lit. f)"
    note: str  # what the registry (or the validator) says, tagged with its language where needed
    ask: str  # the question frame
    sources: tuple[str, ...]  # "Document, section, line: „quote“"
    location: str  # where the registry records it, "file:line" (relative to its root)
    also: tuple[str, ...]  # open errors on the same target and entry this question answers too

    def __init__(self, number: int, group: str, target: str, target_name: str, kind: str, field: str, point: str,
            note: str, ask: str, sources: tuple[str, ...], location: str = "", also: tuple[str, ...] = ()) -> None:
        _set(self, "number", number)
        _set(self, "group", group)
        _set(self, "target", target)
        _set(self, "target_name", target_name)
        _set(self, "kind", kind)
        _set(self, "field", field)
        _set(self, "point", point)
        _set(self, "note", note)
        _set(self, "ask", ask)
        _set(self, "sources", sources)
        _set(self, "location", location)
        _set(self, "also", also)


class Questionnaire(model.Value):
    __slots__ = ("lang", "organisation", "registry_name", "date", "questions", "snapshot")

    lang: str
    organisation: model.Organisation | None
    registry_name: str
    date: str
    questions: list[Question]
    snapshot: Any

    def __init__(self, lang: str, organisation: model.Organisation | None, registry_name: str, date: str,
            questions: list[Question], snapshot: Any) -> None:
        _set(self, "lang", lang)
        _set(self, "organisation", organisation)
        _set(self, "registry_name", registry_name)
        _set(self, "date", date)
        _set(self, "questions", questions)
        _set(self, "snapshot", snapshot)

    def groups(self) -> list[tuple[tuple[str, str, str], list[Question]]]:
        """Questions by (group, target id, target name), in questionnaire order."""
        out: dict[tuple[str, str, str], list[Question]] = {}
        for q in self.questions:
            out.setdefault((q.group, q.target, q.target_name), []).append(q)
        return list(out.items())


# --- building --------------------------------------------------------------------------------

_ORG_COLUMNS = {"dpo": "dpo", "eu_representative": "representative"}  # other fields: "controller"
_PARAGRAPH = re.compile(r"Art\. (30\(\d\)(?:\([a-z]\))?)")


def _point(node: Any, path: str, lang: str) -> str:
    """The heading of the Art. 30 column that shows the field ``path`` of ``node``."""
    from ropa.load import resolve_field

    top = resolve_field(type(node), path) or path.split(".")[0]
    if isinstance(node, model.Activity):
        columns = art30.columns(node.record)
        reverse = {v: k for k, v in art30.COLUMN_FIELDS.items()
                   if any(c.key == k for c in columns)}
        key = reverse.get(top, top)
    elif isinstance(node, model.Recipient):
        columns, key = art30.RECIPIENT_COLUMNS, top
    else:  # an organisation or one of its contacts: Art. 30(1)(a)
        columns, key = art30.CONTROLLER_COLUMNS, _ORG_COLUMNS.get(path.split(".")[0], "controller")
    for column in columns:
        if column.key == key:
            return column.heading(lang)
    return top


def _resolve(cls: type, path: str) -> str | None:
    from ropa.load import resolve_field

    return resolve_field(cls, path)


def _quote(text: str, lang: str) -> str:
    return f"„{text}“" if lang == "de" else f"\"{text}\""


def _sources(sources: Iterable[model.Source], view: art30.View) -> tuple[str, ...]:
    lang = view.lang
    out = []
    for s in sources:
        ref = art30.source_ref(view, s)
        if s.quote:
            doc = view.registry.documents.get(s.document)
            tag = f"[{doc.language}] " if doc is not None and doc.language and doc.language != lang else ""
            ref = f"{ref}: {tag}{_quote(' '.join(s.quote.split()), lang)}"
        out.append(ref)
    return tuple(out)


def _nodes(snap: Any, lang: str) -> Iterable[tuple[str, str, str, Any, str]]:
    """(group, target id, target name, node, field prefix) of every node that records open points."""
    registry = snap.registry
    for org in snap.organisations:
        yield "organisation", org.id, org.name, org, ""
        for name in ("dpo", "eu_representative", "supervisory_authority"):
            contact = getattr(org, name)
            if contact is not None:
                yield "organisation", org.id, org.name, contact, name
    for activity in snap.activities():
        if activity.status != "retired":
            yield "activity", activity.id, labels.text(activity.name, lang), activity, ""
    for recipient in registry.recipients.values():
        yield "recipient", recipient.id, recipient.name, recipient, ""


def questionnaire(snap: Any, lang: str, *, findings: bool = True) -> Questionnaire:
    """The questions for the record of ``snap`` in ``lang``; ``findings``: also open error findings."""
    registry = snap.registry
    view = art30.View(registry, lang)
    questions: list[Question] = []
    asked_targets: dict[str, tuple[str, str, str]] = {}
    for group, ident, name, node, prefix in _nodes(snap, lang):
        owner = registry.organisations[ident] if prefix else node
        asked_targets.setdefault(ident, (group, ident, name))
        for kind, entries in (("gap", getattr(node, "gaps", ())), ("conflict", getattr(node, "conflicts", ())),
                              ("interpretation", getattr(node, "interpretations", ()))):
            for entry in entries:
                path = f"{prefix}.{entry.field}" if prefix else entry.field
                questions.append(Question(
                    number=0, group=group, target=ident, target_name=name, kind=kind, field=path,
                    point=_point(owner, path, lang), note=labels.text(entry.note, lang),
                    ask=word(f"ask-{kind}", lang), sources=_sources(entry.sources, view),
                    location=art30.location(view, entry.span)))
    if findings:
        recorded = [q for q in questions if q.kind in ("gap", "conflict")]
        home = next(iter(asked_targets.values()), ("organisation", "", ""))
        for f in snap.findings:
            if f.waived or f.severity.value != "error" or f.code in RECORDED or f.fatal:
                continue
            # a registry-wide finding, or one about an id the registry does not know: the organisation's
            group, ident, name = asked_targets.get(f.target or "", home)
            node = registry.target(ident) if ident else None
            judged = RULE_FIELDS.get(f.code)
            if node is not None and judged is not None and _resolve(type(node), judged):
                point = _point(node, judged, lang)
                same = [i for i, q in enumerate(questions) if q in recorded and q.target == ident and q.point == point]
                if same:  # a recorded gap or conflict on the same target and entry asks it already
                    first = questions[same[0]]
                    questions[same[0]] = first._replace(also=(*first.also, f"{f.code} {f.text(lang)}"))
                    recorded = [q for q in questions if q.kind in ("gap", "conflict")]
                    continue
            else:
                match = _PARAGRAPH.search(f.reference or "")
                point = labels.article(match.group(1), lang) if match else (f.reference or "")
            questions.append(Question(
                number=0, group=group, target=ident, target_name=name, kind="error", field=f.code,
                point=point, note=f.text(lang), ask=word("ask-error", lang),
                sources=(), location=art30.location(view, f.span)))
    order = {key: i for i, key in enumerate(dict.fromkeys((q.group, q.target) for q in questions))}
    kinds = {"conflict": 0, "gap": 1, "interpretation": 2, "error": 3}
    questions.sort(key=lambda q: (("organisation", "activity", "recipient").index(q.group),
                                  order[(q.group, q.target)], kinds[q.kind]))
    numbered = [q._replace(number=n) for n, q in enumerate(questions, 1)]
    org = snap.organisations[0] if snap.organisation else None
    meta = registry.meta
    return Questionnaire(lang=lang, organisation=org, registry_name=meta.name if meta else "",
                         date=labels.fmt_date(snap.date, lang), questions=numbered, snapshot=snap)


# --- terminal -----------------------------------------------------------------------------------

def heading(q: Questionnaire) -> str:
    who = q.organisation.name if q.organisation is not None else q.registry_name
    return f"{word('title', q.lang)}: {who} ({q.date})"


def text_lines(q: Questionnaire, width: int = 80) -> list[str]:
    """The questionnaire as plain text lines of at most ``width`` characters (long words aside)."""
    lang = q.lang
    width = max(width, 40)
    top = textwrap.wrap(heading(q), width, subsequent_indent="  ")
    out = [*top, "=" * max(len(line) for line in top), ""]
    out += textwrap.wrap(word("intro", lang), width)
    out += ["", f"{word('count', lang)}: {len(q.questions)}"]
    if not q.questions:
        out += ["", word("none", lang)]
    for (group, ident, name), questions in q.groups():
        title = f"{word(group, lang)} {ident}" + (f": {name}" if name and name != ident else "")
        wrapped = textwrap.wrap(title, width, subsequent_indent="  ")
        out += ["", *wrapped, "-" * max(len(line) for line in wrapped)]
        for item in questions:
            head = f"{item.number}. [{word(item.kind, lang)}] {item.field} ({word('blocks', lang)}: {item.point})"
            out += textwrap.wrap(head, width, subsequent_indent="   ")
            out += textwrap.wrap(item.note, width, initial_indent="   ", subsequent_indent="   ")
            for source in item.sources:
                out += textwrap.wrap(f"{word('source', lang)}: {source}", width, initial_indent="   ",
                                     subsequent_indent="     ")
            if item.location:
                out += textwrap.wrap(f"{word('location', lang)}: {item.location}", width, initial_indent="   ",
                                     subsequent_indent="     ")
            for also in item.also:
                tag = "[en] " if lang != "en" else ""
                out += textwrap.wrap(f"{word('also', lang)}: {tag}{also}", width, initial_indent="   ",
                                     subsequent_indent="     ")
            out += textwrap.wrap(f"{word('question', lang)}: {item.ask}", width, initial_indent="   ",
                                 subsequent_indent="   ")
            out.append(f"   {word('answer', lang)}: ")
    return out


# --- the export document (md, html, xlsx renderers) ---------------------------------------------

def _number(view: art30.View, q: Question) -> str:
    return str(q.number)


def _concerns(view: art30.View, q: Question) -> str:
    name = f": {q.target_name}" if q.target_name != q.target else ""
    return f"{word(q.group, view.lang)} {q.target}{name}"


def _kind(view: art30.View, q: Question) -> str:
    return word(q.kind, view.lang)


def _point_cell(view: art30.View, q: Question) -> str:
    return f"{q.field}\n{q.point}"


def _finding(view: art30.View, q: Question) -> str:
    return art30.lines([q.note, *(f"{word('also', view.lang)}: {also}" for also in q.also)])


def _source(view: art30.View, q: Question) -> str:
    return art30.lines(q.sources)


def _location(view: art30.View, q: Question) -> str:
    return q.location


def _ask(view: art30.View, q: Question) -> str:
    return q.ask


def _answer(view: art30.View, q: Question) -> str:
    return ""  # for the controller to fill in


COLUMNS: tuple[Column, ...] = (
    Column("number", None, WORDS["no"], _number, 6),
    Column("concerns", None, WORDS["concerns"], _concerns, 28),
    Column("kind", None, WORDS["kind"], _kind, 14),
    Column("point", None, WORDS["point"], _point_cell, 30),
    Column("finding", None, WORDS["finding"], _finding, 50),
    Column("source", None, WORDS["source"], _source, 40),
    Column("location", None, WORDS["location"], _location, 24),
    Column("question", None, WORDS["question"], _ask, 40),
    Column("answer", None, WORDS["answer"], _answer, 50),
)


def document(q: Questionnaire) -> Any:
    """The questionnaire as an export ``Document`` (cover and one table with an empty answer
    column), rendered by ``ropa.export``'s md, html and xlsx renderers: cells neutralised,
    output deterministic (dated with the registry's date)."""
    from ropa.export.document import CoverSection, Document, Table
    from ropa.export.document import title as export_title

    lang = q.lang
    snap = q.snapshot
    cover = [CoverSection(word("about", lang), [(word("title", lang), word("intro", lang))])]
    if q.organisation is not None:
        org = q.organisation
        cover.append(CoverSection(word("organisation", lang), [
            (export_title("name", lang), org.name),
            (export_title("address", lang), art30.address(org.address, lang)),
            (export_title("dpo", lang), art30.contact(org.dpo, lang)),
        ]))
    cover.append(CoverSection(word("registry", lang), [
        (word("registry", lang), q.registry_name),
        (export_title("date", lang), q.date),
        (export_title("hash", lang), snap.content_hash),
        (word("count", lang), str(len(q.questions))),
    ]))
    columns = COLUMNS
    view = art30.View(snap.registry, lang)
    rows = [[c.get(view, item) for c in columns] for item in q.questions]
    table = Table(key="questions", title=word("title", lang), columns=columns,
                  headings=tuple(c.label(lang) for c in columns), rows=rows, items=q.questions)
    stem = f"questions-{snap.slug}-{lang}"
    return Document(lang=lang, title=heading(q), stem=stem, date=q.date, cover=cover, tables=[table],
                    snapshot=snap)


def render(q: Questionnaire, formats: Sequence[str]) -> list[Any]:
    """The questionnaire's files (``ropa.export.Output``) in the given formats."""
    import importlib

    from ropa.export.core import FORMATS

    doc = document(q)
    outputs = []
    for fmt in formats:
        outputs.extend(importlib.import_module(FORMATS[fmt][0]).render(doc))
    return outputs
