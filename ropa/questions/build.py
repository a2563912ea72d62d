"""Building the questionnaire: the open points and findings of one record grouped into
questions by their key, and the questions ordered (the package's docstring says how).

API::

    q = questionnaire(snap, "de")     # snap: a ropa.export Snapshot (one organisation's record)
"""

from __future__ import annotations

import re
from typing import Any
from collections.abc import Iterable

from ropa import answers, art30, labels, model
from ropa.questions.words import BLOCKS, block_of, field_question, word

_set = object.__setattr__

RECORDED = ("RP607", "RP608", "RP609")  # the validator's own listing of what is asked here anyway

# The field of the activity (or recipient, organisation) each rule judges: a finding is asked
# under that field's Art. 30 column and block, and not asked again where a recorded point on
# the same target and entry asks it already. A rule not listed is asked under its reference.
RULE_FIELDS: dict[str, str] = {
    "RP101": "purposes", "RP102": "data_subjects", "RP103": "data_categories", "RP104": "recipients",
    "RP105": "address", "RP106": "dpo", "RP107": "controllers", "RP108": "transfers",
    "RP201": "legal_bases", "RP202": "interest", "RP203": "legal_bases", "RP204": "legal_bases",
    "RP205": "legal_bases", "RP206": "legal_bases", "RP207": "cookies", "RP208": "legal_bases",
    "RP209": "legal_bases",
    "RP301": "transfers", "RP302": "transfers", "RP303": "transfers", "RP304": "transfers",
    "RP305": "transfers", "RP306": "transfers", "RP307": "transfers", "RP308": "transfers",
    "RP401": "contract", "RP402": "joint_controllers", "RP403": "processor_of", "RP404": "recipients",
    "RP405": "country",
    "RP501": "retention", "RP502": "measures", "RP503": "dpia", "RP504": "automated_decision", "RP505": "dpia",
    "RP601": "reviewed", "RP602": "created", "RP603": "recipients", "RP605": "purposes", "RP606": "retention",
    "RP120": "activities",
}

# Rules whose message varies only with the activity's own wording (a vague period, a generic
# purpose): all their findings are one question, naming every activity, however the wording differs.
RULES_ASKED_ONCE: frozenset[str] = frozenset({"RP108", "RP202", "RP605", "RP606"})
# Rules whose message is itself the question to the controller (typical processing not recorded).
QUESTION_RULES: frozenset[str] = frozenset({"RP120"})

# Rules whose findings belong to another block than the field they judge.
RULE_BLOCKS: dict[str, str] = {"RP603": "content", "RP120": "scope"}


class Question(model.Value):
    __slots__ = ("number", "key", "block", "kind", "field", "point", "concerns", "notes", "ask", "options",
                 "sources", "locations", "also", "weight", "findings")

    number: int
    key: str  # stable (``ropa.answers``): a decision id, or kind/code, field and a digest
    block: str  # one of BLOCKS
    kind: str  # the weightiest kind among its points: "conflict", "error", "gap", "interpretation", "warning"
    field: str  # the field asked about (for sorting and the key, never shown as a heading)
    point: str  # the Art. 30 column heading it blocks, e.g. "Fristen für die Löschung (Art. 30 Abs. 1 lit. f)"
    concerns: tuple[tuple[str, str, str], ...]  # (group, id, name) of every target it concerns
    notes: tuple[str, ...]  # why it is asked: "[Lücke] note" lines, distinct, in the reader's language
    ask: str  # the question
    options: tuple[str, ...]  # the lawful options (a decision's)
    sources: tuple[str, ...]  # "Document, section, line: „quote“"
    locations: tuple[str, ...]  # where the registry records it, "file:line" (relative to its root)
    also: tuple[str, ...]  # findings on the same targets and entry this question answers too
    weight: tuple  # the sort key within its block
    findings: tuple[str, ...]  # the validator's findings it asks about (``ropa.answers.finding_id``)

    def __init__(self, number: int, key: str, block: str, kind: str, field: str, point: str,
                 concerns: tuple[tuple[str, str, str], ...], notes: tuple[str, ...], ask: str,
                 options: tuple[str, ...], sources: tuple[str, ...], locations: tuple[str, ...],
                 also: tuple[str, ...] = (), weight: tuple = (), findings: tuple[str, ...] = ()) -> None:
        _set(self, "number", number)
        _set(self, "key", key)
        _set(self, "block", block)
        _set(self, "kind", kind)
        _set(self, "field", field)
        _set(self, "point", point)
        _set(self, "concerns", concerns)
        _set(self, "notes", notes)
        _set(self, "ask", ask)
        _set(self, "options", options)
        _set(self, "sources", sources)
        _set(self, "locations", locations)
        _set(self, "also", also)
        _set(self, "weight", weight)
        _set(self, "findings", findings)


class Questionnaire(model.Value):
    __slots__ = ("lang", "organisation", "registry_name", "date", "questions", "answered", "intro", "snapshot")

    lang: str
    organisation: model.Organisation | None
    registry_name: str
    date: str
    questions: list[Question]  # the open questions, numbered
    answered: list[tuple[str, str]]  # (key, "answer (by, date)") of the questions answered by statements
    intro: str
    snapshot: Any

    def __init__(self, lang: str, organisation: model.Organisation | None, registry_name: str, date: str,
            questions: list[Question], answered: list[tuple[str, str]], intro: str, snapshot: Any) -> None:
        _set(self, "lang", lang)
        _set(self, "organisation", organisation)
        _set(self, "registry_name", registry_name)
        _set(self, "date", date)
        _set(self, "questions", questions)
        _set(self, "answered", answered)
        _set(self, "intro", intro)
        _set(self, "snapshot", snapshot)

    def blocks(self) -> list[tuple[str, list[Question]]]:
        """Questions by block, in questionnaire order."""
        out: dict[str, list[Question]] = {}
        for q in self.questions:
            out.setdefault(q.block, []).append(q)
        return list(out.items())


# --- building --------------------------------------------------------------------------------

_ORG_COLUMNS = {"dpo": "dpo", "eu_representative": "representative"}  # other fields: "controller"
_PARAGRAPH = re.compile(r"Art\. (30\(\d\)(?:\([a-z]\))?)")
_KIND_RANK = {"conflict": 0, "error": 0, "gap": 1, "interpretation": 2, "warning": 3}


class _Points:
    """The Art. 30 column heading of a field of a node, computed once per (class, record, path)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.cache: dict[tuple, str] = {}

    def __call__(self, node: Any, path: str) -> str:
        key = (type(node), getattr(node, "record", None), path)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = _point(node, path, self.lang)
        return found


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
    return ""


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


def _cited(f: Any, lang: str) -> str:
    """The Art. 30 point a finding's reference names, else the reference itself."""
    match = _PARAGRAPH.search(f.reference or "")
    return labels.article(match.group(1), lang) if match else f.cited(lang)


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


class _Group:
    """The points and findings collected under one question key."""

    __slots__ = ("key", "order", "block", "kinds", "field", "points", "concerns", "notes", "sources",
                 "locations", "also", "decision", "question", "findings")

    def __init__(self, key: str, order: int, block: str, field: str, decision: Any) -> None:
        self.key, self.order, self.block, self.field, self.decision = key, order, block, field, decision
        self.kinds: list[str] = []
        self.points: list[str] = []
        self.concerns: dict[tuple[str, str, str], None] = {}
        self.notes: dict[str, None] = {}
        self.sources: dict[str, None] = {}
        self.locations: dict[str, None] = {}
        self.also: dict[str, None] = {}
        self.question = ""  # a question rule's own message
        self.findings: dict[str, None] = {}  # ``answers.finding_id`` of the findings asked here


class _Collector:
    """Mutable state while one questionnaire is built: the groups by key, and what the recorded
    points ask already (so a finding on the same target and entry is listed, not asked again)."""

    __slots__ = ("lang", "registry", "view", "points", "groups", "asked", "decided", "targets")

    def __init__(self, snap: Any, lang: str) -> None:
        self.lang = lang
        self.registry = snap.registry
        self.view = art30.View(self.registry, lang)
        self.points = _Points(lang)
        self.groups: dict[str, _Group] = {}
        # (target id, Art. 30 entry) -> key of a recorded point's question
        self.asked: dict[tuple[str, str], str] = {}
        self.decided: dict[tuple[str, str], str] = {}  # (target id, block) -> the decision a point of it names
        self.targets: dict[str, tuple[str, str, str]] = {}

    def group_for(self, key: str, block: str, field: str, decision: Any = None, question: str = "") -> _Group:
        found = self.groups.get(key)
        if found is None:
            found = self.groups[key] = _Group(key, len(self.groups), block, field, decision)
            found.question = question
        return found

    def recorded(self, snap: Any) -> None:
        """The gaps, conflicts and interpretations recorded on the record's nodes."""
        decisions = {d.id: d for org in snap.organisations for d in getattr(org, "decisions", ())}
        for group, ident, name, node, prefix in _nodes(snap, self.lang):
            owner = self.registry.organisations[ident] if prefix else node
            target = (group, ident, name)
            self.targets.setdefault(ident, target)
            for kind, entries in (("gap", getattr(node, "gaps", ())),
                                  ("conflict", getattr(node, "conflicts", ())),
                                  ("interpretation", getattr(node, "interpretations", ()))):
                for entry in entries:
                    decision = decisions.get(entry.decision) if entry.decision else None
                    self.point(kind, entry, target, owner, f"{prefix}.{entry.field}" if prefix else entry.field,
                               decision)

    def point(self, kind: str, entry: Any, target: tuple[str, str, str], owner: Any, path: str,
              decision: Any) -> None:
        group, ident, _ = target
        key = answers.key_of_point(kind, entry.field, entry)
        block = decision.block if decision is not None and decision.block else block_of(group, path)
        g = self.group_for(key, block, path, decision)
        point = self.points(owner, path)
        g.kinds.append(kind)
        if point:
            g.points.append(point)
        g.concerns[target] = None
        g.notes[f"[{word(kind, self.lang)}] {labels.text(entry.note, self.lang)}"] = None
        for s in _sources(entry.sources, self.view):
            g.sources[s] = None
        where = art30.location(self.view, entry.span)
        if where:
            g.locations[where] = None
        if kind != "interpretation":
            self.asked.setdefault((ident, point), key)
        if decision is not None:
            self.decided.setdefault((ident, block_of(group, path)), key)

    def findings(self, found: Iterable[Any]) -> None:
        """The validator's open errors and warnings, but those a recorded point asks already."""
        home = next(iter(self.targets.values()), ("organisation", "", ""))
        for f in found:
            if f.waived or f.fatal or f.code in RECORDED or f.severity.value not in ("error", "warning"):
                continue
            # a registry-wide finding, or one about an id the registry does not know: the organisation's
            self.finding(f, self.targets.get(f.target or "", home))

    def asked_already(self, ident: str, block: str, node: Any, judged: str | None) -> tuple[str | None, str]:
        """The key of the question that asks a finding already (a decision on the same target and
        block, or a recorded point on the same target and Art. 30 entry), and the entry it judges."""
        if judged is None or node is None or not _resolve(type(node), judged):
            return self.decided.get((ident, block)), ""
        point = self.points(node, judged)
        return self.decided.get((ident, block)) or self.asked.get((ident, point)), point

    def finding(self, f: Any, target: tuple[str, str, str]) -> None:
        lang = self.lang
        node = self.registry.target(target[1]) if target[1] else None
        judged = RULE_FIELDS.get(f.code)
        block = RULE_BLOCKS.get(f.code) or block_of(target[0], judged or "")
        answered_by, point = self.asked_already(target[1], block, node, judged)
        if answered_by is not None:
            self.groups[answered_by].also[f"{f.code} {f.text(lang)}"] = None
            self.groups[answered_by].findings[answers.finding_id(f)] = None
            return
        point = point or _cited(f, lang)
        field = judged or f.code
        key = f"{f.code}:{field}" if f.code in RULES_ASKED_ONCE else answers.key_of_finding(f, field)
        g = self.group_for(key, block, field, question=f.text(lang) if f.code in QUESTION_RULES else "")
        g.findings[answers.finding_id(f)] = None
        g.kinds.append(f.severity.value)
        g.points.append(point)
        g.concerns[target] = None
        if f.code not in QUESTION_RULES:  # its message is the question itself
            g.notes[f"[{word(f.severity.value, lang)}] {f.code} {f.text(lang)}"] = None
        where = art30.location(self.view, f.span)
        if where:
            g.locations[where] = None

    def answered(self, registry: Any) -> tuple[list[tuple[str, str]], list[_Group]]:
        """The questions the registry's statements answer ((key, "answer (by, date)")), and the open groups."""
        done = answers.answered(registry)
        answered: list[tuple[str, str]] = []
        open_: list[_Group] = []
        for g in self.groups.values():
            if g.key not in done or g.findings:  # asked again while findings its answer leaves open remain
                open_.append(g)
                continue
            statement = done[g.key][1]
            by = ", ".join(x for x in (statement.answered_by or "", labels.fmt_date(statement.date, self.lang)) if x)
            answered.append((g.key, f"{labels.text(statement.answer, self.lang)}" + (f" ({by})" if by else "")))
        for key, (_doc, statement) in done.items():  # answered questions whose findings validate settled
            if key not in self.groups and (not statement.concerns
                                           or any(c in self.targets for c in statement.concerns)):
                by = ", ".join(x for x in (statement.answered_by or "", labels.fmt_date(statement.date, self.lang))
                               if x)
                answered.append((key, f"{labels.text(statement.answer, self.lang)}" + (f" ({by})" if by else "")))
        return answered, open_

    def question(self, g: _Group) -> Question:
        """The question of one group (not yet numbered)."""
        lang = self.lang
        kind = min(g.kinds, key=_KIND_RANK.__getitem__)
        if g.decision is not None:
            ask = labels.text(g.decision.question, lang)
            options = tuple(labels.text(o, lang) for o in g.decision.options)
            for s in _sources(g.decision.sources, self.view):
                g.sources[s] = None
        elif g.question:  # a message as a sentence of its own
            ask, options = g.question[:1].upper() + g.question[1:], ()
            ask = ask if ask.endswith((".", "?", "!")) else f"{ask}."
        else:
            ask, options = field_question(g.field, kind, lang), ()
        activities = sum(1 for c in g.concerns if c[0] == "activity")
        return Question(
            number=0, key=g.key, block=g.block, kind=kind, field=g.field,
            point="; ".join(dict.fromkeys(g.points)), concerns=tuple(g.concerns), notes=tuple(g.notes),
            ask=ask, options=options, sources=tuple(g.sources), locations=tuple(g.locations),
            also=tuple(g.also), weight=(BLOCKS.index(g.block), _KIND_RANK[kind], -activities, g.order),
            findings=tuple(g.findings))


def questionnaire(snap: Any, lang: str, *, findings: bool = True) -> Questionnaire:
    """The questions for the record of ``snap`` in ``lang``; ``findings``: also open findings
    (errors and warnings) of the validator."""
    registry = snap.registry
    collector = _Collector(snap, lang)
    collector.recorded(snap)
    if findings:
        collector.findings(snap.findings)
    answered, open_ = collector.answered(registry)
    questions = sorted((collector.question(g) for g in open_), key=lambda q: q.weight)
    numbered = [q._replace(number=n) for n, q in enumerate(questions, 1)]
    org = snap.organisations[0] if snap.organisation else None
    meta = registry.meta
    own_documents = [d for d in registry.documents.values() if not getattr(d, "statements", ())]
    intro = word("intro-documents" if own_documents else "intro-interview", lang)
    return Questionnaire(lang=lang, organisation=org, registry_name=meta.name if meta else "",
                         date=labels.fmt_date(snap.date, lang), questions=numbered, answered=answered,
                         intro=intro, snapshot=snap)
