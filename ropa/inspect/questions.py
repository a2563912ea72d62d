"""`ropa questions`: what the record cannot answer from its sources, as questions to the controller.

One question per decision the controller must take. The recorded gaps, conflicts and
interpretations of one organisation's record (the organisation, its DPO, representative and
authority contacts, its activities and the recipients they use) and the validator's open
findings (errors and warnings) on them are collected into questions by their key
(``ropa.answers``):

* points that name the same ``decision`` of the organisation are one question, asked in the
  decision's own words with its lawful options;
* the same note recorded on several activities (same kind, field and wording) is one question;
* the same finding (rule code, the field it judges, its message with the target's id taken out)
  on several activities is one question;
* a finding on a target and Art. 30 entry that a recorded point asks already is listed under
  that point's question ("Validator reports") instead of being asked again.

Every question names the activities, recipients or organisation it concerns, asks in the
controller's terms (``FIELD_QUESTIONS``: what to supply, the lawful options where the law
gives a choice; never "confirm that there is none" for something the law requires), shows
why it is asked (the notes, with their kind, and the findings), the source passages and where
the registry records it. Questions fall into eight blocks (``BLOCKS``: controller, scope,
lawfulness, recipients, transfers, retention, security, content), in that order; within a
block, conflicts and errors come before gaps, gaps before interpretations and warnings, and
a question concerning more activities before one concerning fewer.

Questions the controller has answered (a ``Statement`` of a returned questionnaire,
``ropa questions --answers``) are not asked again: ``Questionnaire.answered`` lists them.

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

from ropa import answers, art30, labels, model
from ropa.art30 import Column
from ropa.i18n import N_, gettext

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

# The eight blocks of the questionnaire, in the order they are asked.
BLOCKS: tuple[str, ...] = ("controller", "scope", "lawfulness", "recipients", "transfers", "retention",
                           "security", "content")
BLOCK_TITLES: dict[str, str] = {
    "controller": N_("Controller, contact details and supervisory authority"),
    "scope": N_("Scope of the record: processing not yet recorded"),
    "lawfulness": N_("Legal bases, consent and access to users' devices"),
    "recipients": N_("Recipients, their roles and contracts"),
    "transfers": N_("Transfers to third countries"),
    "retention": N_("Erasure time limits"),
    "security": N_("Security measures and data protection impact assessment"),
    "content": N_("Purposes, data, data subjects and the state of the documents"),
}
FIELD_BLOCKS: dict[str, str] = {
    "legal_bases": "lawfulness", "consent": "lawfulness", "mechanism": "lawfulness", "withdrawal": "lawfulness",
    "interest": "lawfulness", "statute": "lawfulness", "cookies": "lawfulness", "profiling": "lawfulness",
    "cross_device_tracking": "lawfulness", "automated_decision": "lawfulness",
    "recipients": "recipients", "contract": "recipients", "role": "recipients", "joint_controllers": "recipients",
    "processor_of": "recipients", "controllers": "recipients", "sub_processors": "recipients",
    "services": "recipients", "record": "recipients",
    "transfers": "transfers", "country": "transfers", "storage": "transfers", "certifications": "transfers",
    "retention": "retention",
    "measures": "security", "dpia": "security",
    "activities": "scope",
}

# What each field asks of the controller, in the controller's terms: the decision or fact, and
# the lawful options where the law gives a choice. Never "confirm there is none" for what the
# law requires (a legal basis, a contract, a transfer instrument).
FIELD_QUESTIONS: dict[str, str] = {
    "legal_bases": N_(
        "On which legal basis do you carry out this processing? The law gives these options: consent "
        "(Art. 6(1)(a) GDPR); performance of a contract with the data subject or steps at their request "
        "before one (Art. 6(1)(b)); a legal obligation, naming the statute (Art. 6(1)(c)); legitimate "
        "interests after a documented balancing of interests (Art. 6(1)(f)). If none of them carries the "
        "processing, it must stop."),
    "consent": N_(
        "How is consent obtained (form, consent banner, wording) before the processing starts, where is "
        "it documented, and how can it be withdrawn as easily as it was given?"),
    "interest": N_(
        "Which legitimate interest do you pursue, and where is the balancing of interests documented? If "
        "the data subjects' interests prevail, the options are consent or not processing."),
    "statute": N_(
        "Which statute obliges you to this processing (act and section, e.g. § 257 HGB, § 147 AO)?"),
    "cookies": N_(
        "Does this service store or read information on the visitor's device (cookies, pixels, local "
        "storage, device data)? If so, the law leaves two options (§ 25 TDDDG): the access is strictly "
        "necessary for the service the visitor asked for, or you obtain consent before it happens. "
        "Otherwise the service must be removed. Which applies?"),
    "cross_device_tracking": N_(
        "Does the provider link visits to a profile across websites or devices? Please answer from the "
        "provider's documentation or your configuration."),
    "profiling": N_("Are the data used to evaluate or predict personal aspects (profiling, Art. 4(4) GDPR)?"),
    "automated_decision": N_(
        "Is a decision with legal or similarly significant effect taken solely by automated means "
        "(Art. 22 GDPR)? If so, on which exception of Art. 22(2) does it rest?"),
    "recipients": N_(
        "To whom are these data disclosed (service providers, other companies, authorities)? Categories of "
        "recipients suffice. Authorities that receive data in a single inquiry are not recipients "
        "(Art. 4(9) sentence 2 GDPR). If nobody receives the data, please say so."),
    "contract": N_(
        "Which contract governs this recipient's work: a processing agreement (Art. 28(3) GDPR), an "
        "arrangement between joint controllers (Art. 26), or none because the recipient decides itself "
        "as a controller? Please give its date and where it is filed. A processor must not work without "
        "a processing agreement."),
    "role": N_(
        "In which role does this recipient act: as your processor on your instructions (Art. 28 GDPR), "
        "as joint controller with you (Art. 26), or as a controller of its own? Please answer from the "
        "contract."),
    "processor_of": N_("For whom does this sub-processor work, according to your processor's contract?"),
    "joint_controllers": N_(
        "Do you decide jointly with this provider on purposes and means (Art. 26 GDPR)? If so, the "
        "arrangement between you must be in writing and its essence available to data subjects; "
        "otherwise the service can be run only as your processor's or be removed. Which applies?"),
    "controllers": N_("On whose behalf (which controllers) do you carry out this processing as a processor?"),
    "name": N_("Which legal entity is meant (name and seat as in the contract or register)?"),
    "country": N_("In which country is this recipient established, and in which countries are the data stored?"),
    "storage": N_("In which countries are the data stored or accessed?"),
    "transfers": N_(
        "Are these data transferred to a country outside the EU/EEA (including access from there)? If so: "
        "to whom, to which country, and on which transfer instrument (an adequacy decision, e.g. the EU-US "
        "Data Privacy Framework for a certified US company; standard contractual clauses)? Without one, "
        "the transfer must stop."),
    "certifications": N_("Is the US recipient listed under the EU-US Data Privacy Framework, and on which "
                         "date was the listing checked?"),
    "retention": N_(
        "When are these data erased? Please give for each kind of data a period or the event that ends "
        "storage (e.g. \"6 years from the end of the calendar year, § 257 HGB\"), or where your erasure "
        "concept states it."),
    "measures": N_(
        "Which technical and organisational measures protect these data (Art. 32 GDPR)? A reference to "
        "your security concept (TOM document) suffices."),
    "dpia": N_(
        "Have you carried out a data protection impact assessment for this processing (Art. 35 GDPR), or "
        "assessed that none is required? Please give the result and its date."),
    "purposes": N_("For which purposes exactly are these data processed?"),
    "data_categories": N_("Which data are processed here (categories of personal data)?"),
    "data_subjects": N_("Whose data are these (categories of data subjects)?"),
    "data_source": N_("Where do these data come from?"),
    "email": N_("Please give the e-mail address to be recorded."),
    "website": N_("Please give the web address to be recorded."),
    "phone": N_("Please give the telephone number to be recorded."),
    "address": N_("Please give the current postal address to be recorded."),
    "employees": N_("How many people does the organisation employ (Art. 30(5) GDPR)?"),
    "dpo_required": N_(
        "Is the designation of a data protection officer mandatory for you (Art. 37 GDPR; § 38 BDSG: as a "
        "rule at least 20 persons constantly processing personal data), or voluntary?"),
    "supervisory_authority": N_("Which supervisory authority is competent for you?"),
    "status": N_("Is this processing still carried out?"),
    "ceased": N_("Is this service still used? The provider has shut it down: if it is no longer on your "
                 "website, the notice must say so."),
    "reviewed": N_("When was this record last reviewed, and by whom?"),
}
KIND_QUESTIONS: dict[str, str] = {
    "gap": N_("The documents do not say. Please supply it, with its source (contract, decision, internal "
              "document)."),
    "conflict": N_("The documents say different things. Which applies? The document that says otherwise must "
                   "be corrected."),
    "interpretation": N_("The record reads this into the documents; they do not state it. Does this reading "
                         "apply? If not, what applies?"),
    "error": N_("Please supply what the finding says is missing, with its source."),
    "warning": N_("Please supply what the finding says is missing, with its source."),
}
LEADS: dict[str, str] = {  # before a field's question, for the kinds that need saying why
    "conflict": N_("The documents say different things on this."),
    "interpretation": N_("The record reads this into the documents; please confirm or correct it."),
}

WORDS: dict[str, str] = {
    "title": N_("Questions for the controller"),
    "about": N_("About this questionnaire"),
    "intro-documents": N_(
        "This record of processing activities rests on the documents named in it. What they do not say "
        "(gaps), where they contradict each other (conflicts), what the record reads into them "
        "(interpretations) and what the validator reports only the controller can answer. Each question "
        "asks for one decision or fact and names the activities it concerns. Please answer in the column "
        "\"Answer\", with your name and the date, and with evidence where there is any. Your answers "
        "become part of the record as your statements, with this questionnaire as their source; "
        "unanswered questions stay open."),
    "intro-interview": N_(
        "This record of processing activities was built from your organisation's answers. What it does "
        "not yet say and what the validator reports only the controller can answer. Each question asks "
        "for one decision or fact and names the activities it concerns. Please answer in the column "
        "\"Answer\", with your name and the date, and with evidence where there is any. Your answers "
        "become part of the record as your statements, with this questionnaire as their source; "
        "unanswered questions stay open."),
    "organisation": N_("Organisation"),
    "activity": N_("Processing activity"),
    "recipient": N_("Recipient"),
    "registry": N_("Registry"),
    "count": N_("Questions"),
    "answered": N_("Answered"),
    "none": N_("No open questions."),
    "no": N_("No."),
    "block": N_("Block"),
    "concerns": N_("Concerns"),
    "kind": N_("Kind"),
    "point": N_("Entry (Art. 30)"),
    "question": N_("Question"),
    "finding": N_("Why it is asked"),
    "options": N_("Options"),
    "source": N_("Source"),
    "location": N_("In the registry"),
    "also": N_("Validator reports"),
    "answer": answers.ANSWER,
    "answered-by": answers.ANSWERED_BY,
    "answer-date": answers.ANSWER_DATE,
    "key": answers.KEY,
    "concerns-ids": answers.CONCERNS_IDS,
    "gap": N_("Gap"),
    "conflict": N_("Conflict"),
    "interpretation": N_("Interpretation"),
    "error": N_("Validator error"),
    "warning": N_("Validator warning"),
    "statement": N_("Statement of the controller"),
}


def word(key: str, lang: str) -> str:
    return labels.label(WORDS, key, lang)


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


def field_question(field: str, kind: str, lang: str) -> str:
    """The question for ``field`` (its last dotted part, then its first), in ``lang``."""
    parts = field.split(".")
    for name in (parts[-1], parts[0]):
        if name in FIELD_QUESTIONS:
            lead = LEADS.get(kind)
            text = gettext(FIELD_QUESTIONS[name], lang)
            return f"{gettext(lead, lang)} {text}" if lead else text
    return gettext(KIND_QUESTIONS[kind], lang)


def block_of(group: str, field: str) -> str:
    if group == "organisation":
        return "controller"
    parts = field.split(".")
    for name in (parts[-1], parts[0]):
        if name in FIELD_BLOCKS:
            return FIELD_BLOCKS[name]
    return "recipients" if group == "recipient" else "content"


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


def questionnaire(snap: Any, lang: str, *, findings: bool = True) -> Questionnaire:
    """The questions for the record of ``snap`` in ``lang``; ``findings``: also open findings
    (errors and warnings) of the validator."""
    registry = snap.registry
    view = art30.View(registry, lang)
    points = _Points(lang)
    decisions = {d.id: d for org in snap.organisations for d in getattr(org, "decisions", ())}
    groups: dict[str, _Group] = {}
    asked: dict[tuple[str, str], str] = {}  # (target id, Art. 30 entry) -> key of a recorded point's question
    decided: dict[tuple[str, str], str] = {}  # (target id, block) -> the decision a point of it names
    targets: dict[str, tuple[str, str, str]] = {}

    def group_for(key: str, block: str, field: str, decision: Any = None, question: str = "") -> _Group:
        found = groups.get(key)
        if found is None:
            found = groups[key] = _Group(key, len(groups), block, field, decision)
            found.question = question
        return found

    for group, ident, name, node, prefix in _nodes(snap, lang):
        owner = registry.organisations[ident] if prefix else node
        target = (group, ident, name)
        targets.setdefault(ident, target)
        for kind, entries in (("gap", getattr(node, "gaps", ())), ("conflict", getattr(node, "conflicts", ())),
                              ("interpretation", getattr(node, "interpretations", ()))):
            for entry in entries:
                path = f"{prefix}.{entry.field}" if prefix else entry.field
                key = answers.key_of_point(kind, entry.field, entry)
                decision = decisions.get(entry.decision) if entry.decision else None
                block = (decision.block if decision is not None and decision.block
                         else block_of(group, path))
                g = group_for(key, block, path, decision)
                point = points(owner, path)
                g.kinds.append(kind)
                if point:
                    g.points.append(point)
                g.concerns[target] = None
                g.notes[f"[{word(kind, lang)}] {labels.text(entry.note, lang)}"] = None
                for s in _sources(entry.sources, view):
                    g.sources[s] = None
                where = art30.location(view, entry.span)
                if where:
                    g.locations[where] = None
                if kind != "interpretation":
                    asked.setdefault((ident, point), key)
                if decision is not None:
                    decided.setdefault((ident, block_of(group, path)), key)
    if findings:
        home = next(iter(targets.values()), ("organisation", "", ""))
        for f in snap.findings:
            if f.waived or f.fatal or f.code in RECORDED or f.severity.value not in ("error", "warning"):
                continue
            # a registry-wide finding, or one about an id the registry does not know: the organisation's
            target = targets.get(f.target or "", home)
            node = registry.target(target[1]) if target[1] else None
            judged = RULE_FIELDS.get(f.code)
            block = RULE_BLOCKS.get(f.code) or block_of(target[0], judged or "")
            decision_key = decided.get((target[1], block))
            if decision_key is not None:  # a decision on the same target and block answers it
                groups[decision_key].also[f"{f.code} {f.text(lang)}"] = None
                groups[decision_key].findings[answers.finding_id(f)] = None
                continue
            point = ""
            if node is not None and judged is not None and _resolve(type(node), judged):
                point = points(node, judged)
                asked_key = asked.get((target[1], point))
                if asked_key is not None:  # a recorded point on the same target and entry asks it already
                    groups[asked_key].also[f"{f.code} {f.text(lang)}"] = None
                    groups[asked_key].findings[answers.finding_id(f)] = None
                    continue
            if not point:
                match = _PARAGRAPH.search(f.reference or "")
                point = labels.article(match.group(1), lang) if match else f.cited(lang)
            field = judged or f.code
            key = f"{f.code}:{field}" if f.code in RULES_ASKED_ONCE else answers.key_of_finding(f, field)
            g = group_for(key, block, field, question=f.text(lang) if f.code in QUESTION_RULES else "")
            g.findings[answers.finding_id(f)] = None
            g.kinds.append(f.severity.value)
            g.points.append(point)
            g.concerns[target] = None
            if f.code not in QUESTION_RULES:  # its message is the question itself
                g.notes[f"[{word(f.severity.value, lang)}] {f.code} {f.text(lang)}"] = None
            where = art30.location(view, f.span)
            if where:
                g.locations[where] = None
    done = answers.answered(registry)
    answered: list[tuple[str, str]] = []
    questions: list[Question] = []
    for g in groups.values():
        if g.key in done and not g.findings:  # answered, and no finding the answer leaves open
            doc, statement = done[g.key]
            by = ", ".join(x for x in (statement.answered_by or "", labels.fmt_date(statement.date, lang)) if x)
            answered.append((g.key, f"{labels.text(statement.answer, lang)}" + (f" ({by})" if by else "")))
            continue
        kind = min(g.kinds, key=_KIND_RANK.__getitem__)
        if g.decision is not None:
            ask = labels.text(g.decision.question, lang)
            options = tuple(labels.text(o, lang) for o in g.decision.options)
            for s in _sources(g.decision.sources, view):
                g.sources[s] = None
        elif g.question:  # a message as a sentence of its own
            ask, options = g.question[:1].upper() + g.question[1:], ()
            ask = ask if ask.endswith((".", "?", "!")) else f"{ask}."
        else:
            ask, options = field_question(g.field, kind, lang), ()
        activities = sum(1 for c in g.concerns if c[0] == "activity")
        questions.append(Question(
            number=0, key=g.key, block=g.block, kind=kind, field=g.field,
            point="; ".join(dict.fromkeys(g.points)), concerns=tuple(g.concerns), notes=tuple(g.notes),
            ask=ask, options=options, sources=tuple(g.sources), locations=tuple(g.locations),
            also=tuple(g.also), weight=(BLOCKS.index(g.block), _KIND_RANK[kind], -activities, g.order),
            findings=tuple(g.findings)))
    for key, (_doc, statement) in done.items():  # answered questions whose findings validate settled
        if key not in groups and _concerns_snapshot(statement, targets):
            by = ", ".join(x for x in (statement.answered_by or "", labels.fmt_date(statement.date, lang)) if x)
            answered.append((key, f"{labels.text(statement.answer, lang)}" + (f" ({by})" if by else "")))
    questions.sort(key=lambda q: q.weight)
    numbered = [q._replace(number=n) for n, q in enumerate(questions, 1)]
    org = snap.organisations[0] if snap.organisation else None
    meta = registry.meta
    own_documents = [d for d in registry.documents.values() if not getattr(d, "statements", ())]
    intro = word("intro-documents" if own_documents else "intro-interview", lang)
    return Questionnaire(lang=lang, organisation=org, registry_name=meta.name if meta else "",
                         date=labels.fmt_date(snap.date, lang), questions=numbered, answered=answered,
                         intro=intro, snapshot=snap)


def _concerns_snapshot(statement: model.Statement, targets: dict[str, tuple[str, str, str]]) -> bool:
    """Whether a statement answers a question about this record (its targets), or names none."""
    return not statement.concerns or any(c in targets for c in statement.concerns)


# --- terminal -----------------------------------------------------------------------------------

def heading(q: Questionnaire) -> str:
    who = q.organisation.name if q.organisation is not None else q.registry_name
    return f"{word('title', q.lang)}: {who} ({q.date})"


def concerns_text(q: Question, lang: str) -> str:
    return "; ".join(f"{word(group, lang)} {ident}" + (f" ({name})" if name and name != ident else "")
                     for group, ident, name in q.concerns)


def block_title(block: str, lang: str) -> str:
    return labels.label(BLOCK_TITLES, block, lang)


def text_lines(q: Questionnaire, width: int = 80) -> list[str]:
    """The questionnaire as plain text lines of at most ``width`` characters (long words aside)."""
    lang = q.lang
    width = max(width, 40)
    top = textwrap.wrap(heading(q), width, subsequent_indent="  ")
    out = [*top, "=" * max(len(line) for line in top), ""]
    out += textwrap.wrap(q.intro, width)
    count = f"{word('count', lang)}: {len(q.questions)}"
    if q.answered:
        count += f" ({word('answered', lang)}: {len(q.answered)})"
    out += ["", count]
    if not q.questions:
        out += ["", word("none", lang)]
    letters = "ABCDEFGH"
    for block, questions in q.blocks():
        title = f"{letters[BLOCKS.index(block)]}. {block_title(block, lang)}"
        wrapped = textwrap.wrap(title, width, subsequent_indent="   ")
        out += ["", *wrapped, "-" * max(len(line) for line in wrapped)]
        for item in questions:
            def para(label: str, text: str, out: list[str] = out) -> None:
                out.extend(textwrap.wrap(f"{label}: {text}" if label else text, width, initial_indent="   ",
                                         subsequent_indent="     "))
            out.append("")
            out += textwrap.wrap(f"{item.number}. {item.ask}", width, subsequent_indent="   ")
            for option in item.options:
                para("", f"- {option}")
            para(word("concerns", lang), concerns_text(item, lang))
            if item.point:
                para(word("point", lang), item.point)
            for note in item.notes:
                para("", note)
            for also in item.also:
                para(word("also", lang), also)
            for source in item.sources:
                para(word("source", lang), source)
            if item.locations:
                para(word("location", lang), ", ".join(item.locations))
            out.append(f"   {word('answer', lang)}: ")
    return out


# --- the export document (md, html, xlsx renderers) ---------------------------------------------

def _number(view: art30.View, q: Question) -> str:
    return str(q.number)


def _key(view: art30.View, q: Question) -> str:
    return q.key


def _block(view: art30.View, q: Question) -> str:
    return block_title(q.block, view.lang)


def _concerns(view: art30.View, q: Question) -> str:
    return art30.lines(f"{word(group, view.lang)} {ident}" + (f": {name}" if name and name != ident else "")
                       for group, ident, name in q.concerns)


def _concern_ids(view: art30.View, q: Question) -> str:
    return " ".join(ident for _, ident, _ in q.concerns)


def _point_cell(view: art30.View, q: Question) -> str:
    return q.point


def _finding(view: art30.View, q: Question) -> str:
    return art30.lines([*q.notes, *(f"{word('also', view.lang)}: {also}" for also in q.also)])


def _source(view: art30.View, q: Question) -> str:
    return art30.lines(q.sources)


def _location(view: art30.View, q: Question) -> str:
    return art30.lines(q.locations)


def _ask(view: art30.View, q: Question) -> str:
    return art30.lines([q.ask, *(f"– {o}" for o in q.options)])


def _empty(view: art30.View, q: Question) -> str:
    return ""  # for the controller to fill in


COLUMNS: tuple[Column, ...] = (
    Column("number", None, WORDS["no"], _number, 6),
    Column("block", None, WORDS["block"], _block, 20),
    Column("question", None, WORDS["question"], _ask, 50),
    Column("concerns", None, WORDS["concerns"], _concerns, 28),
    Column("point", None, WORDS["point"], _point_cell, 26),
    Column("finding", None, WORDS["finding"], _finding, 50),
    Column("source", None, WORDS["source"], _source, 36),
    Column("location", None, WORDS["location"], _location, 22),
    Column("answer", None, WORDS["answer"], _empty, 50),
    Column("answered-by", None, WORDS["answered-by"], _empty, 20),
    Column("answer-date", None, WORDS["answer-date"], _empty, 14),
    Column("key", None, WORDS["key"], _key, 22),
    Column("concerns-ids", None, WORDS["concerns-ids"], _concern_ids, 22),
)


def document(q: Questionnaire) -> Any:
    """The questionnaire as an export ``Document`` (cover and one table with empty answer,
    answered-by and date columns, and the key the answers are read back by), rendered by
    ``ropa.export``'s md, html and xlsx renderers: cells neutralised, output deterministic
    (dated with the registry's date)."""
    from ropa.export.document import CoverSection, Document, Table
    from ropa.export.document import title as export_title

    lang = q.lang
    snap = q.snapshot
    cover = [CoverSection(word("about", lang), [(word("title", lang), q.intro)])]
    if q.organisation is not None:
        org = q.organisation
        cover.append(CoverSection(word("organisation", lang), [
            (export_title("name", lang), org.name),
            (export_title("address", lang), art30.address(org.address, lang)),
            (export_title("dpo", lang), art30.contact(org.dpo, lang)),
        ]))
    counts = [(word("count", lang), str(len(q.questions)))]
    if q.answered:
        counts.append((word("answered", lang), str(len(q.answered))))
    cover.append(CoverSection(word("registry", lang), [
        (word("registry", lang), q.registry_name),
        (export_title("date", lang), q.date),
        (export_title("hash", lang), snap.content_hash),
        *counts,
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
