"""The questions' stable keys, and the controller's answers read back from a returned questionnaire.

A question of ``ropa questions`` has a key that stays the same from one run to the next as
long as what it asks does not change (``key_of_point``, ``key_of_finding``):

* a gap, conflict or interpretation that names a ``decision`` of its organisation: the
  decision's id (``social-plugins``);
* any other recorded point: ``<kind>:<field>:<digest of its note>``, so the same note recorded
  on several activities is one question (``gap:retention:3f2a9c1d``);
* a finding of the validator: ``<code>:<field>:<digest of its cause>``, the cause being the
  English message with the concerned target's id taken out, so the same finding on several
  activities is one question (``RP202:legal_bases:9b1e07aa``).

The returned questionnaire (the xlsx ``ropa questions -f xlsx`` writes) is read by
``read_answers``: every row with an answer becomes a ``model.Statement`` (the answer, who
answered and when, and the sheet, row and column it came from) of one ``documents:`` entry
for the questionnaire file. ``answered(registry)`` is the set of keys the registry's
statements answer; a question whose key is in it is no longer asked, and its recorded points
no longer reported as open (RP607-RP609). Nothing is read into an answer: the statement is
the controller's word, with its source, for the DPO to carry into the record's fields.

    statements, problems = read_answers(Path("questions-facts42-de.xlsx"))
    text = statements_yaml(document_id, title, path, statements)   # the file ``--answers`` writes
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ropa.i18n import N_
from ropa.model import Value

if TYPE_CHECKING:
    from ropa import model
    from ropa.findings import Finding
    from ropa.load import Registry

# messages ``ropa.check`` wraps around a rule's own message (``own_message`` unwraps them)
MERGED = N_("{finding}; {recorded}")  # a rule's finding with the gap or conflict recorded about its field
NOT_SETTLED = N_("{finding}; the controller's answer ({source}) does not settle it: {why}")
WRAPPERS = (MERGED, NOT_SETTLED)

# The headings of the questionnaire's columns the reader looks for, in every language it is
# written in (the msgids are the English headings; ``_headings`` adds the catalogue's).
KEY = N_("Key")
ANSWER = N_("Answer")
ANSWERED_BY = N_("Answered by")
ANSWER_DATE = N_("Date of the answer")
CONCERNS_IDS = N_("Concerns (ids)")

_QUOTED = re.compile(r"'[^']*'")


def digest(text: str) -> str:
    import hashlib  # here: importing hashlib loads OpenSSL (~3 ms), which `validate` does not need

    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def key_of_point(kind: str, field: str, entry: Any) -> str:
    """The key of the question a recorded gap, conflict or interpretation is asked under."""
    if getattr(entry, "decision", None):
        return str(entry.decision)
    note = entry.note
    first = note.values[0][1] if note is not None and note.values else ""
    return f"{kind}:{field}:{digest(first)}"


def cause(finding: Finding) -> str:
    """The finding's English message (the rule's own: ``own_message``) with the concerned
    target's own id taken out."""
    message = str(own_message(finding))
    if finding.target:
        message = message.replace(f"'{finding.target}'", "'…'")
    return message


def key_of_finding(finding: Finding, field: str) -> str:
    return f"{finding.code}:{field}:{digest(cause(finding))}"


def own_message(finding: Finding) -> Any:
    """The rule's own message of a finding, without what ``ropa.check`` added to it (the recorded
    gap merged into it, the note that an answer does not settle it)."""
    message = finding.message
    while getattr(message, "msgid", None) in WRAPPERS:
        message = message.values["finding"]  # type: ignore[attr-defined]
    return message


def finding_id(finding: Finding) -> str:
    """A finding's identity for the answers: ``<code>:<target>:<digest of the rule's own message>``.

    Stable while the rule says the same thing about the same entry; a question records the
    identities of the findings it asks about, and the answer settles exactly those."""
    return f"{finding.code}:{finding.target or ''}:{digest(str(own_message(finding)))}"


def statements(registry: Registry) -> list[tuple[model.Document, model.Statement]]:
    return [(doc, s) for doc in registry.documents.values() for s in getattr(doc, "statements", ())]


def answered(registry: Registry) -> dict[str, tuple[model.Document, model.Statement]]:
    """Question key -> (questionnaire document, statement) of every answered question.

    Not an answer: one that says the fact is not known ("weiß nicht", "unknown"), and one that
    accepts a risk without a person of the organisation concerned answering it (its management,
    data protection officer or a named officer: who may accept a waiver, ``ropa.rules.context``);
    their questions stay open."""
    return {s.question: (doc, s) for doc, s in statements(registry) if counts(s, registry)}


def answered_keys(registry: Registry) -> frozenset[str]:
    """The keys of the questions the registry's statements answer (RP607-RP609 skip their points)."""
    return frozenset(answered(registry))


def counts(statement: model.Statement, registry: Registry) -> bool:
    """Whether a statement answers its question (``answered``)."""
    text = " ".join(_value(statement.answer).casefold().split())
    if any(w in text for w in _UNKNOWN):
        return False
    if accepts_risk(statement):
        from ropa.rules.context import organisations_of, person, persons

        who = person(statement.answered_by or "")
        targets = statement.concerns or (None,)
        return bool(who) and any(who in persons(org) for t in targets for org in organisations_of(registry, t))
    return True


def accepts_risk(statement: model.Statement) -> bool:
    text = " ".join(_value(statement.answer).casefold().split())
    return any(w in text for w in _RISK)


# --- reading a returned questionnaire ---------------------------------------------------------

class AnswerError(Exception):
    """The file cannot be read as a returned questionnaire: one line per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _headings(msgid: str) -> set[str]:
    from ropa.i18n import gettext

    return {msgid.casefold(), gettext(msgid, "de").casefold()}


def _date(value: Any) -> _dt.date | None | str:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            return _dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return text  # not a date: reported by the caller


def read_answers(path: Path) -> list[dict[str, Any]]:
    """The answered rows of a returned questionnaire: key, answer, answered_by, date, concerns,
    sheet, row, column. Raises ``AnswerError`` (file and cell per problem) when the file is not
    a questionnaire or a date cannot be read; an empty answer is no answer (the question stays open)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    shown = str(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is no workbook
        raise AnswerError([f"{shown}: {type(exc).__name__}: {exc}"]) from None
    try:
        wanted = {"key": _headings(KEY), "answer": _headings(ANSWER), "by": _headings(ANSWERED_BY),
                  "date": _headings(ANSWER_DATE), "concerns": _headings(CONCERNS_IDS)}
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if not header:
                continue
            names = [str(c).strip().casefold() if c is not None else "" for c in header]
            cols = {k: next((i for i, n in enumerate(names) if n in v), None) for k, v in wanted.items()}
            if cols["key"] is None or cols["answer"] is None:
                continue
            out: list[dict[str, Any]] = []
            problems: list[str] = []
            for number, row in enumerate(rows, 2):
                def cell(name: str, row: tuple = row, cols: dict[str, int | None] = cols) -> Any:
                    i = cols[name]
                    return row[i] if i is not None and i < len(row) else None
                key, answer = cell("key"), cell("answer")
                if key is None or answer is None or not str(answer).strip():
                    continue
                letter = get_column_letter((cols["answer"] or 0) + 1)
                date = _date(cell("date"))
                if isinstance(date, str):
                    problems.append(f"{shown}:{ws.title}!{get_column_letter((cols['date'] or 0) + 1)}{number}: "
                                    f"not a date: {date!r} (write 2024-01-31 or 31.01.2024)")
                    continue
                concerns = tuple(c for c in str(cell("concerns") or "").split() if c)
                out.append({"key": str(key).strip(), "answer": str(answer).strip(),
                            "answered_by": (str(cell("by")).strip() if cell("by") is not None else None) or None,
                            "date": date, "concerns": concerns, "sheet": ws.title, "row": number,
                            "column": letter})
            if problems:
                raise AnswerError(problems)
            return out
    finally:
        wb.close()
    raise AnswerError([f"{shown}: no sheet with the columns "
                       f"'{KEY}' and '{ANSWER}': not a questionnaire written by ropa questions"])


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def statements_yaml(ident: str, title: str, path: str, language: str, date: _dt.date | None,
                    publisher: str, rows: list[dict[str, Any]]) -> str:
    """The registry file holding one returned questionnaire as a document with its statements."""
    out = ["# The controller's answers to the questionnaire (ropa questions --answers): each statement",
           "# is the controller's word, with the cell it was read from; not yet carried into the record's",
           "# fields. Written by ropa; re-reading the same questionnaire rewrites this file.",
           "documents:",
           f"  - id: {ident}",
           f"    title: {_q(title)}",
           f"    path: {_q(path)}"]
    if date is not None:
        out.append(f"    date: {date.isoformat()}")
    out += [f"    language: {language}", f"    publisher: {_q(publisher)}", "    statements:"]
    if not rows:
        out[-1] = "    statements: []"
    for row in rows:
        out.append(f"      - question: {_q(row['key'])}")
        if row.get("asked"):
            out.append(f"        asked: {{{language}: {_q(row['asked'])}}}")
        out.append(f"        answer: {{{language}: {_q(row['answer'])}}}")
        if row["answered_by"]:
            out.append(f"        answered_by: {_q(row['answered_by'])}")
        if row["date"] is not None:
            out.append(f"        date: {row['date'].isoformat()}")
        if row["concerns"]:
            out.append(f"        concerns: [{', '.join(row['concerns'])}]")
        if row.get("findings"):
            out.append("        findings:")
            out += [f"          - {_q(ident)}" for ident in row["findings"]]
        out.append(f"        sheet: {_q(row['sheet'])}")
        out.append(f"        row: {row['row']}")
        out.append(f"        column: {row['column']}")
    return "\n".join(out) + "\n"


# --- where a returned questionnaire is kept (``ropa.export.returned.take`` writes it) --------------

ANSWERS_DIR = "answers"


def slug(text: str) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:60] or "questionnaire"


# --- the answers settle findings ---------------------------------------------------------------
#
# ``ropa.check`` calls ``settle`` last. A finding the controller's answer concerns (the question
# listed it: ``Statement.findings``; or its key is the finding's own: ``key_of_finding``) is
# judged by what the answer says:
#
# * an answer to a question about the erasure period or the legal basis states a fact the rules
#   judge: it is put into the activities the question concerns (a retention entry with the period,
#   statute or criterion it names; the legal bases it cites) and the catalogue runs again: the
#   finding is settled only if it is gone then, and what the rules find in the stated fact (a
#   voucher kept 10 years, consent without a way to withdraw it, legitimate interest for a cookie)
#   is reported at the answer's place in the answers file;
# * "we accept the risk" accepts it (``ACCEPTED``) only when a person of the organisation (its
#   management, DPO or a named officer, as for a waiver) answered; otherwise, as "we do not
#   know", it is no answer at all (``counts``) and the question stays open;
# * a "no" to a question of lawfulness confirms the finding: it stays open;
# * any other answer settles the finding: the controller's statement, with its source (the
#   questionnaire file and cell), shown as such; the DPO carries it into the record's fields.
#
# Settled findings leave ``Report.findings`` for ``Report.answered``: every view, count and exit
# code then sees exactly the questions still open.

STATEMENT = "statement"  # settled by the controller's statement
ACCEPTED = "accepted"  # a risk accepted by a person of the organisation

FROM_ANSWER = N_("{finding} (as the controller's answer {source} states it)")
WHY_DENIED = N_("it confirms what the finding says")
WHY_JUDGED = N_("the fact it states is judged the same way")

_RETENTION_FIELDS = frozenset({"retention"})
_BASIS_FIELDS = frozenset({"legal_bases", "interest", "consent", "cookies"})
_RETENTION_RULES = frozenset({"RP501", "RP506", "RP606"})
_BASIS_RULES = frozenset({"RP704"})
_UNITS = {"jahr": "Y", "jahre": "Y", "jahren": "Y", "year": "Y", "years": "Y", "monat": "M", "monate": "M",
          "monaten": "M", "month": "M", "months": "M", "woche": "W", "wochen": "W", "week": "W", "weeks": "W",
          "tag": "D", "tage": "D", "tagen": "D", "day": "D", "days": "D"}
_PERIOD = re.compile(r"\b(\d{1,3})\s*(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_ISO_PERIOD = re.compile(r"\bP(?:\d{1,4}[YMWD]){1,4}\b")
_WITHDRAWAL = re.compile(r"widerruf|widerrufen|abmeld|withdraw|unsubscrib|opt-out", re.IGNORECASE)
_STATUTE = re.compile(r"§§?\s*\d+[a-z]?(?:\s*(?:Abs\.|Absatz)\s*\d+)?(?:\s*(?:S\.|Satz|Nr\.)\s*\d+)*\s+"
                      r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,12}(?:\s+[IVX]+)?")


class Answer(Value):
    """The controller's answer that settles a finding: where it was read from and how it settles it."""

    __slots__ = ("kind", "document", "path", "sheet", "row", "column", "answered_by", "date", "text")

    kind: str  # STATEMENT or ACCEPTED
    document: str  # the questionnaire's document id
    path: str  # the questionnaire file, relative to the registry
    sheet: str
    row: int | None
    column: str
    answered_by: str
    date: _dt.date | None
    text: str  # the answer as written (its first language version)

    def __init__(self, kind: str, document: str, path: str, sheet: str, row: int | None, column: str,
                 answered_by: str, date: _dt.date | None, text: str) -> None:
        for name, value in zip(self.__slots__, (kind, document, path, sheet, row, column, answered_by, date, text)):
            object.__setattr__(self, name, value)

    @classmethod
    def of(cls, kind: str, doc: model.Document, statement: model.Statement) -> Answer:
        return cls(kind, doc.id, doc.path or doc.id, statement.sheet or "", statement.row, statement.column or "",
                   statement.answered_by or "", statement.date, str(statement.answer))

    @property
    def source(self) -> str:
        """``answers/fragebogen.xlsx, Fragen!F12``: the file and the cell."""
        cell = f"{self.sheet}!{self.column}{self.row}" if self.row is not None else ""
        return ", ".join(x for x in (self.path, cell) if x)


def _value(answer: Any) -> str:
    return " ".join(v for _, v in getattr(answer, "values", ())) or str(answer)


def period_of(text: str) -> str | None:
    """The erasure period an answer names (``10 Jahre`` -> ``P10Y``, ``P6M``), if it names one."""
    iso = _ISO_PERIOD.search(text)
    if iso:
        return iso.group(0)
    found = _PERIOD.search(text)
    return f"P{int(found.group(1))}{_UNITS[found.group(2).casefold()]}" if found else None


def bases_of(text: str) -> list[str]:
    """The legal bases an answer cites, by the vocabulary's own labels: the citation
    (``Art. 6 Abs. 1 lit. f DSGVO``, ``Art. 6(1)(f) GDPR``), its code, or the name in the label's
    parentheses (``berechtigte Interessen``, ``consent``)."""
    from ropa import vocab
    from ropa.vocab.wording import Phrases, fold

    folded = " ".join(re.sub(r"[^\w§]+", " ", fold(text)).split())
    out: list[str] = []
    for code, term in vocab.legal_bases().items():
        cited = False
        for label in (term.de, term.en):
            citation, _, named = str(label).partition(" (")
            plain = " ".join(re.sub(r"[^\w§]+", " ", fold(citation)).split())
            if plain and re.search(rf"(?<!\w){re.escape(plain)}(?!\w)", folded):
                cited = True
            named = named.rstrip(")")
            if named and term.kind == "art6" and Phrases([named]).find(text):
                cited = True
        if cited or re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text):
            out.append(code)
    # "Art. 6 Abs. 1 lit. f DSGVO" also reads as "... DSGVO" of a shorter citation: keep the longest
    return [c for c in out if not any(o != c and o.startswith(c + "-") for o in out)]


def _fact(field: str, code: str, statement: model.Statement) -> tuple[str, Any] | None:
    """The fact an answer states for the field its question concerns (or the rule family of the
    finding: RP2xx and RP704 judge legal bases, RP501/RP506/RP606 erasure periods), as the
    model's value."""
    from ropa import model as m

    text = _value(statement.answer)
    statute = _STATUTE.search(text)
    if field in _RETENTION_FIELDS or code in _RETENTION_RULES:
        period = period_of(text)
        return "retention", m.Retention(period=period, criterion=None if period else statement.answer,
                                        statute=statute.group(0) if statute else None, span=statement.span)
    if field in _BASIS_FIELDS or code.startswith("RP2") or code in _BASIS_RULES:
        from ropa import vocab

        terms = vocab.legal_bases()
        bases = []
        for code in bases_of(text):
            needs = terms[code].needs
            bases.append(m.LegalBasis(
                basis=code, span=statement.span,
                consent=m.Consent(mechanism=statement.answer, span=statement.span,
                                  withdrawal=statement.answer if _WITHDRAWAL.search(text) else None)
                if "consent" in needs else None,
                interest=statement.answer if "interest" in needs else None,
                statute=statute.group(0) if statute and "statute" in needs else None))
        return ("legal_bases", tuple(bases)) if bases else None
    return None


def _field_of(key: str, finding: Finding, fields: dict[str, tuple[str, ...]]) -> str:
    parts = key.split(":")
    if len(parts) >= 2:
        return parts[1].split(".")[0]
    own = fields.get(finding.code, ())
    return own[0] if own else ""


_UNKNOWN = ("unbekannt", "weiß nicht", "wissen wir nicht", "unklar", "keine ahnung", "noch offen", "noch zu klären",
            "wird geprüft", "don't know", "do not know", "unknown", "unclear", "to be clarified", "not known")
_RISK = ("risiko akzeptiert", "akzeptieren das risiko", "akzeptieren dieses risiko", "risiko in kauf",
         "nehmen das risiko", "risk accepted", "accept the risk", "accept this risk", "accepts the risk")
_DENIAL = ("nein", "no", "kein", "keine", "keinen", "none", "nicht")


def _verdict(finding: Finding, statement: model.Statement) -> tuple[str, str]:
    """``(STATEMENT | ACCEPTED, "")`` if the answer (one that ``counts``) settles the finding, else
    ``("", why)``."""
    from ropa.findings import Axis

    if accepts_risk(statement):
        return ACCEPTED, ""
    text = " ".join(_value(statement.answer).casefold().split())
    first = re.split(r"[^\wäöüß']+", text, maxsplit=1)[0] if text else ""
    if finding.axis is Axis.LAWFULNESS and first in _DENIAL:
        return "", WHY_DENIED
    return STATEMENT, ""


def settle(findings: list[Finding], registry: Registry, rerun: Any,
           fields: dict[str, tuple[str, ...]]) -> tuple[list[Finding], list[Finding]]:
    """The findings still open, and those the controller's answers settle (each with its ``Answer``).

    ``rerun(registry)`` returns the rules' findings on a changed registry (the stated facts put
    in); it is called once, and only when an answer states such a fact. ``fields``: the fields
    each rule judges (``Rule.fields``), for an answer whose question key names none."""
    from ropa.i18n import msg
    from ropa.model_base import replace

    done = answered(registry)
    if not done:
        return findings, []
    by_id: dict[str, tuple[model.Document, model.Statement, str]] = {}
    by_code_key: dict[str, list[tuple[str, model.Document, model.Statement]]] = {}
    for key, (doc, st) in done.items():
        for ident in st.findings:
            by_id.setdefault(ident, (doc, st, key))
        by_code_key.setdefault(key.split(":", 1)[0], []).append((key, doc, st))

    def hit(finding: Finding) -> tuple[model.Document, model.Statement, str] | None:
        found = by_id.get(finding_id(finding))
        if found is not None:
            return found
        for key, doc, st in by_code_key.get(finding.code, ()):
            if st.concerns and finding.target not in st.concerns:
                continue
            parts = key.split(":")
            if len(parts) == 2 or key_of_finding(finding, parts[1]) == key:
                return doc, st, key
        return None

    plans: dict[int, tuple[model.Document, model.Statement, str]] = {}
    facts: dict[str, dict[str, list[Any]]] = {}  # activity -> field -> stated values
    stated: dict[int, model.Statement] = {}
    for index, finding in enumerate(findings):
        if finding.waived or finding.fatal or finding.code.startswith(("RP0", "RP9")):
            continue
        found = hit(finding)
        if found is None:
            continue
        doc, st, key = found
        plans[index] = found
        fact = _fact(_field_of(key, finding, fields), finding.code, st)
        if fact is None:
            continue
        into = [t for t in (st.concerns or ((finding.target,) if finding.target else ())) if t in registry.activities]
        if finding.target not in into:  # the fact is judged only where it is put: on the finding's activity
            continue
        stated[index] = st
        for target in into:
            values = facts.setdefault(target, {}).setdefault(fact[0], [])
            if fact[1] not in values:
                values.append(fact[1])
    after_ids: set[str] = set()
    extra: list[Finding] = []
    if facts:
        changed = dict(registry.activities)
        for target, by_field in facts.items():
            activity = changed[target]
            updates: dict[str, Any] = {}
            if "retention" in by_field:
                updates["retention"] = tuple(by_field["retention"])
            if "legal_bases" in by_field:
                updates["legal_bases"] = (*activity.legal_bases, *(b for bases in by_field["legal_bases"]
                                                                     for b in bases))
            changed[target] = replace(activity, **updates)
        import types

        after = rerun(registry._replace(activities=types.MappingProxyType(changed)))
        before = {finding_id(f) for f in findings if f.target in facts}
        sources = {(st.question): Answer.of(STATEMENT, done[st.question][0], st) for st in stated.values()}
        for f in after:
            if f.target not in facts:
                continue
            ident = finding_id(f)
            after_ids.add(ident)
            if ident in before:
                continue
            source = next((s for s in stated.values() if not s.concerns or f.target in s.concerns), None)
            if source is None:
                continue
            extra.append(f._replace(span=source.span, related=(), message=msg(
                FROM_ANSWER, finding=f.message, source=sources[source.question].source)))
    still: list[Finding] = []
    settled: list[Finding] = []
    for index, finding in enumerate(findings):
        found = plans.get(index)
        if found is None and facts and finding.target in facts and not finding.waived \
                and not finding.code.startswith(("RP0", "RP9")) and finding_id(finding) not in after_ids:
            # another finding on an activity the stated facts change, gone with them: settled by them
            source = next((st for st in stated.values() if not st.concerns or finding.target in st.concerns), None)
            if source is not None:
                settled.append(finding._replace(answer=Answer.of(STATEMENT, done[source.question][0], source)))
                continue
        if found is None:
            still.append(finding)
            continue
        doc, st, _key = found
        if index in stated:
            kind, why = (STATEMENT, "") if finding_id(finding) not in after_ids else ("", WHY_JUDGED)
        else:
            kind, why = _verdict(finding, st)
        answer = Answer.of(kind or STATEMENT, doc, st)
        if kind:
            settled.append(finding._replace(answer=answer))
        else:
            still.append(finding._replace(message=msg(NOT_SETTLED, finding=finding.message, source=answer.source,
                                                      why=msg(why))))
    return still + extra, settled
